package dev.dac.kql;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A generated, CloudTrail-like document set and KQL queries over it, for differential tests: field values come from
 * small pools so that generated queries hit and miss, and every field is one the CloudTrail index template maps.
 */
final class CloudTrailCorpus {

    static final Instant BASE = Instant.parse("2026-03-01T00:00:00Z");
    static final List<String> ACTIONS = List.of("GetCallerIdentity", "ListBuckets", "GetObject", "PutObject",
            "CreateAccessKey", "ConsoleLogin", "AssumeRole", "DescribeInstances", "GetSecretValue", "DeleteTrail");
    static final List<String> IPS = List.of("203.0.113.7", "203.0.113.80", "198.51.100.9", "10.0.0.5", "10.20.30.40",
            "192.0.2.1", "2001:db8::1");
    static final List<String> KEYS = List.of("AKIAIOSFODNN7EXAMPLE", "AKIAZZZZ1111", "ASIAXYZ123456", "ASIATEMP0000",
            "AKIA0000DEAD");
    static final List<String> USERS = List.of("alice", "Bob", "ci-deployer", "root", "svc.backup");
    static final List<String> IDENTITY_TYPES = List.of("IAMUser", "AssumedRole", "Root", "AWSService");
    static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-south-1");
    static final List<String> AGENTS = List.of("aws-cli/2.15.0 Python/3.11", "Boto3/1.34 md/Botocore",
            "Mozilla/5.0 (Windows NT 10.0)", "terraform-provider-aws/5.0");
    static final List<String> WORDS = List.of("access", "denied", "bucket", "policy", "rotated", "key", "session",
            "token", "console", "login");

    private CloudTrailCorpus() {}

    static List<Map<String, Object>> documents(int count, long seed) {
        Random random = new Random(seed);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> doc = new LinkedHashMap<>();
            Instant at = BASE.plus(random.nextInt(14 * 24 * 60), ChronoUnit.MINUTES);
            doc.put("@timestamp", at.toString());
            doc.put("event.ingested", at.plusSeconds(random.nextInt(600)).toString());
            doc.put("event.dataset", random.nextInt(10) == 0 ? "aws.guardduty" : "aws.cloudtrail");
            if (random.nextInt(8) != 0) {
                doc.put("event.outcome", random.nextInt(4) == 0 ? "failure" : "success");
            }
            doc.put("event.action", pick(ACTIONS, random));
            doc.put("event.provider", random.nextBoolean() ? "iam.amazonaws.com" : "s3.amazonaws.com");
            if (random.nextInt(6) != 0) {
                doc.put("source.ip", pick(IPS, random));
            }
            doc.put("source.as.number", 64_500 + random.nextInt(40));
            if (random.nextInt(5) != 0) {
                doc.put("aws.cloudtrail.user_identity.access_key_id", pick(KEYS, random));
            }
            doc.put("aws.cloudtrail.user_identity.type", pick(IDENTITY_TYPES, random));
            doc.put("aws.cloudtrail.read_only", random.nextBoolean());
            doc.put("user.name", pick(USERS, random));
            doc.put("cloud.region", pick(REGIONS, random));
            doc.put("user_agent.original", pick(AGENTS, random));
            if (random.nextInt(3) == 0) {
                doc.put("related.ip", List.of(pick(IPS, random), pick(IPS, random)));
            }
            doc.put("message", pick(WORDS, random) + " " + pick(WORDS, random) + " " + pick(WORDS, random));
            docs.add(doc);
        }
        return docs;
    }

    /** Generated KQL over the corpus's fields, from simple terms to nested boolean combinations. */
    static List<String> queries(int count, long seed) {
        Random random = new Random(seed);
        List<String> queries = new ArrayList<>();
        while (queries.size() < count) {
            queries.add(query(random, 0));
        }
        return queries;
    }

    private static String query(Random random, int depth) {
        int shape = random.nextInt(depth > 1 ? 1 : 5);
        return switch (shape) {
            case 0 -> clause(random);
            case 1 -> query(random, depth + 1) + " and " + query(random, depth + 1);
            case 2 -> query(random, depth + 1) + " or " + query(random, depth + 1);
            case 3 -> "not " + clause(random);
            default -> "(" + query(random, depth + 1) + " or " + query(random, depth + 1) + ") and "
                    + clause(random);
        };
    }

    private static String clause(Random random) {
        return switch (random.nextInt(17)) {
            case 0 -> "event.action: " + pick(ACTIONS, random);
            case 1 -> "event.action: " + pick(ACTIONS, random).substring(0, 3) + "*";
            case 2 -> "event.action: *" + pick(ACTIONS, random).substring(4);
            case 3 -> "event.outcome: " + (random.nextBoolean() ? "success" : "\"failure\"");
            case 4 -> "event.outcome: *";
            case 5 -> "source.ip: " + quoteIfNeeded(pick(IPS, random));
            case 6 -> "source.ip: \"" + (random.nextBoolean() ? "203.0.113.0/24" : "10.0.0.0/8") + "\"";
            case 7 -> "source.ip: *";
            case 8 -> "aws.cloudtrail.user_identity.access_key_id: " + (random.nextBoolean() ? "AKIA*" : "ASIA*");
            case 9 -> "source.as.number " + pick(List.of(">", ">=", "<", "<="), random) + " " + (64_500
                    + random.nextInt(40));
            case 10 -> "@timestamp " + pick(List.of(">", "<"), random) + " \"2026-03-0" + (2 + random.nextInt(7))
                    + "T12:00:00Z\"";
            case 11 -> "aws.cloudtrail.read_only: " + random.nextBoolean();
            case 12 -> "user.name: (" + pick(USERS, random) + " or " + pick(USERS, random) + ")";
            case 13 -> "cloud.region: " + pick(REGIONS, random);
            case 14 -> "message: " + pick(WORDS, random);
            case 15 -> "message: \"" + pick(WORDS, random) + " " + pick(WORDS, random) + "\"";
            default -> "related.ip: " + quoteIfNeeded(pick(IPS, random));
        };
    }

    private static String quoteIfNeeded(String value) {
        return value.contains(":") ? "\"" + value + "\"" : value;
    }

    private static String pick(List<String> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }
}
