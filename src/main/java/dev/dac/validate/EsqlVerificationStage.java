package dev.dac.validate;

import dev.dac.cluster.ClusterException;
import dev.dac.cluster.RunningElasticsearch;
import dev.dac.esql.EsqlPipeline;
import dev.dac.esql.EsqlProblem;
import dev.dac.esql.EsqlQueryAnalysis;
import dev.dac.esql.EsqlRewrite;
import dev.dac.esql.EsqlVerdict;
import dev.dac.esql.EsqlVerifier;
import dev.dac.esql.NewerEsqlFunctions;
import dev.dac.esql.PartialVerification;
import dev.dac.esql.StandInColumns;
import dev.dac.fields.FieldCatalog;
import dev.dac.fields.FieldNames;
import dev.dac.fields.IntegrationFields;
import dev.dac.rule.RuleFile;
import dev.dac.rule.TypeFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stage of validation that runs once per rule set, after the per-file checks: every ES|QL query goes to a real
 * Elasticsearch with {@code | LIMIT 0} (see {@link EsqlVerifier}), and what Elasticsearch refuses becomes findings at
 * the line and column of the rule file. How sure dac is decides the level: a syntax error or an unknown function is
 * the query's fault on any indices; an unknown column or a type problem is an error only where dac knows the fields
 * of every index the query reads, else a warning (DAC145). A rule that needs a newer stack than the engine has its
 * version-bound refusals as warnings (DAC146), and the part of its query the engine can run is verified as any
 * rule's ({@link PartialVerification}); an inference endpoint the engine lacks is its setup, a warning (DAC180). A
 * query that passed gives the lints its real output columns.
 */
final class EsqlVerificationStage {
    // one stage per validation run: RuleValidator makes a new one for each call of validate()

    /** ES|QL's commands in any version dac knows of (8.x and 9.x, tech previews included): not a typo there. */
    private static final Set<String> ANY_VERSION_COMMANDS = Set.of("from", "row", "show", "ts", "metrics", "explain",
            "where", "eval", "stats", "inline", "inlinestats", "keep", "drop", "rename", "sort", "limit", "dissect",
            "grok", "enrich", "mv_expand", "lookup", "join", "completion", "sample", "change_point", "fork", "rrf",
            "fuse", "rerank", "insist", "set", "uri_parts", "registered_domain", "mmr");
    private static final Pattern MISMATCHED_INPUT = Pattern.compile("^mismatched input '([^']*)' expecting \\{(.*)\\}");
    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]+)\\]");

    private final EsqlVerification settings;

    EsqlVerificationStage(EsqlVerification settings) {
        this.settings = settings;
    }

    /** An ES|QL rule to verify: its file as checked and its query. */
    private record Target(int index, CheckedRule rule, RuleFile model, String query, EsqlQueryAnalysis analysis) {}

    /** The ES|QL query of {@code rule} when it is one to verify: a typed ES|QL rule with a query. */
    private static Optional<String> query(CheckedRule rule) {
        if (rule.model().isPresent() && rule.parsed().isPresent() && rule.queries().esql().isPresent()
                && rule.model().get().rule().typeFields() instanceof TypeFields.EsqlFields esql
                && esql.query() != null && !esql.query().isBlank()) {
            return Optional.of(esql.query());
        }
        return Optional.empty();
    }

    /**
     * Called as each file has been checked: the first ES|QL rule starts the engine in the background, so a node
     * starts while the other files are checked.
     */
    void ruleChecked(CheckedRule rule) {
        if (starting == null && settings.engine().isPresent() && query(rule).isPresent()) {
            starting = new FutureTask<>(() -> settings.engine().get().start());
            // the thread that starts a local node must outlive it: the node is started with a parent-death signal,
            // which Linux sends when the forking thread ends (prctl PR_SET_PDEATHSIG)
            Thread starter = new Thread(() -> {
                starting.run();
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "dac-esql-engine-start");
            starter.setDaemon(true);
            starter.start();
        }
    }

    private FutureTask<RunningElasticsearch> starting;
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

    private RunningElasticsearch start() throws ClusterException {
        if (starting == null) {
            return settings.engine().get().start();
        }
        try {
            return starting.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ClusterException cluster) {
                throw cluster;
            }
            throw new ClusterException(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while Elasticsearch started", e);
        }
    }

    List<CheckedRule> apply(List<CheckedRule> rules) {
        try {
            return verify(rules);
        } finally {
            released.countDown();
        }
    }

    private List<CheckedRule> verify(List<CheckedRule> rules) {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            CheckedRule rule = rules.get(i);
            int index = i;
            query(rule).ifPresent(q -> targets.add(new Target(index, rule, rule.model().get(), q,
                    rule.queries().esql().get())));
        }
        if (targets.isEmpty()) {
            return rules;
        }
        List<CheckedRule> result = new ArrayList<>(rules);
        if (settings.engine().isEmpty()) {
            notVerified(result, targets, settings.description());
            return result;
        }
        settings.notices().accept("verifying " + targets.size() + " ES|QL quer" + (targets.size() == 1 ? "y" : "ies")
                + " on " + settings.description() + (settings.ownsEngine() ? "" : " (read only: dac creates no"
                + " index there; queries meet the indices that cluster has)") + "...");
        RunningElasticsearch es;
        long started = System.nanoTime();
        try {
            es = start();
        } catch (ClusterException | RuntimeException e) {
            notVerified(result, targets, "no Elasticsearch could be started or reached: " + e.getMessage());
            return result;
        }
        try (es; EsqlVerifier verifier = new EsqlVerifier(es.client(), settings.mappings(), settings.ownsEngine(),
                String.format("%08x", java.util.concurrent.ThreadLocalRandom.current().nextInt()))) {
            Set<String> patterns = new LinkedHashSet<>();
            targets.forEach(t -> patterns.addAll(t.analysis().indexPatterns()));
            long ready = System.nanoTime();
            try {
                verifier.prepare(patterns);
            } catch (IOException | RuntimeException e) {
                notVerified(result, targets, e.getMessage());
                return result;
            }
            if (!verifier.lackingTypes().isEmpty()) {
                settings.notices().accept("this Elasticsearch lacks the field types " + String.join(", ",
                        new java.util.TreeSet<>(verifier.lackingTypes())) + "; fields of those types are mapped as"
                        + " their stand-ins (README, 'ES|QL verified on Elasticsearch')");
            }
            long prepared = System.nanoTime();
            List<EsqlVerdict> verdicts = verifyAll(verifier, targets);
            settings.notices().accept(String.format(java.util.Locale.ROOT, "Elasticsearch %s: ready after %.1f s,"
                    + " stand-in indices %.1f s, %d quer%s %.1f s", es.version(), (ready - started) / 1e9,
                    (prepared - ready) / 1e9, targets.size(), targets.size() == 1 ? "y" : "ies",
                    (System.nanoTime() - prepared) / 1e9));
            for (int i = 0; i < targets.size(); i++) {
                Target target = targets.get(i);
                EsqlVerdict verdict = withHiddenTypos(verifier, target, target.query(), verdicts.get(i),
                        es.version());
                result.set(target.index(), judged(target, verdict, partly(verifier, target, verdict, es.version()),
                        es.version()));
            }
            olderEngineNotice(result, targets, es.version());
        }
        return result;
    }

    private List<EsqlVerdict> verifyAll(EsqlVerifier verifier, List<Target> targets) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(settings.parallelism(),
                targets.size())));
        try {
            // a query several rules share (copies across folders, versions of one rule) is sent once
            java.util.Map<String, Future<EsqlVerdict>> byQuery = new java.util.HashMap<>();
            List<Future<EsqlVerdict>> futures = new ArrayList<>();
            targets.forEach(t -> futures.add(byQuery.computeIfAbsent(t.query(),
                    q -> pool.submit(() -> verifier.verify(q)))));
            List<EsqlVerdict> verdicts = new ArrayList<>();
            for (Future<EsqlVerdict> future : futures) {
                try {
                    verdicts.add(future.get());
                } catch (ExecutionException e) {
                    verdicts.add(new EsqlVerdict.Failed(String.valueOf(e.getCause())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    verdicts.add(new EsqlVerdict.Failed("interrupted"));
                }
            }
            return verdicts;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Unknown columns the follow-up asks showed the query itself drops: errors whatever the indices hold. */
    private final Set<EsqlProblem> droppedByQuery = new java.util.HashSet<>();

    /** How many times at most a query is asked again with the columns dac could not judge stood in for. */
    private static final int FOLLOW_UPS = 10;

    /**
     * Elasticsearch stops resolving a query at the commands that read a column it lacks, so a column dac cannot judge
     * (an integration field its tables lack) hides a typo further on. Asks again with each such column stood in for
     * right before the first pipe ({@code | EVAL `c` = ""}, on the same line, so the lines of the problems stay the
     * query's), a column a command compares or passes as another type taking a literal of that type
     * ({@link StandInColumns}), and keeps the typos that appear, until nothing new is learnt. A stood-in column that
     * is still unknown further on was dropped by the query itself (a STATS that does not keep it): a mistake whatever
     * the indices hold, and so is a misspelt function. Other refusals of those asks are not reported, since the
     * stand-ins' types are guesses.
     */
    private EsqlVerdict withHiddenTypos(EsqlVerifier verifier, Target target, String query, EsqlVerdict verdict,
            String engineVersion) {
        if (!(verdict instanceof EsqlVerdict.Refused refused)
                || !refused.problems().stream().allMatch(p -> p.kind() == EsqlProblem.Kind.UNKNOWN_COLUMN)) {
            return verdict;
        }
        List<EsqlProblem> problems = new ArrayList<>(refused.problems());
        StandInColumns stoodIn = new StandInColumns();
        List<EsqlProblem> answered = refused.problems();
        // a pipe in a comment or a string before it would put the stand-ins where they do nothing, and every
        // stood-in column would then read as dropped by the query
        int firstPipe = EsqlPipeline.firstPipe(query);
        for (int ask = 0; ask < FOLLOW_UPS && firstPipe > 0; ask++) {
            boolean learnt = false;
            for (EsqlProblem problem : answered) {
                Matcher column = BRACKETED.matcher(problem.message());
                if (problem.kind() == EsqlProblem.Kind.UNKNOWN_COLUMN) {
                    learnt |= column.find() && !columnCertainlyAbsent(problem.message(), target)
                            && stoodIn.add(column.group(1));
                } else {
                    learnt |= stoodIn.learn(problem, query);
                }
            }
            if (!learnt) {
                break;
            }
            EsqlVerdict again = verifier.verify(query.substring(0, firstPipe) + stoodIn.eval()
                    + query.substring(firstPipe));
            if (!(again instanceof EsqlVerdict.Refused next)) {
                break;
            }
            answered = next.problems();
            for (EsqlProblem problem : answered) {
                if (problem.kind() == EsqlProblem.Kind.UNKNOWN_FUNCTION) {
                    // whether a function exists does not hang on the stand-ins: a misspelt one is the query's
                    // mistake, and an older stack's refusal is said (DAC146) for a rule that needs a newer one.
                    // Another function an 8.19 lacks stays unsaid here, as the rule is then left with DAC145
                    // warnings: a rule without min_stack_version may target the newest stack (CONTAINS, 9.x)
                    if ((misspeltFunction(problem.message()) || newerStack(target.model(), engineVersion) != null)
                            && problems.stream().noneMatch(p -> p.message().equals(problem.message()))) {
                        problems.add(problem);
                    }
                    continue;
                }
                Matcher column = BRACKETED.matcher(problem.message());
                if (problem.kind() != EsqlProblem.Kind.UNKNOWN_COLUMN || !column.find()
                        || problems.stream().anyMatch(p -> p.message().equals(problem.message()))) {
                    continue;
                }
                if (stoodIn.contains(column.group(1))) {
                    droppedByQuery.add(problem);
                    problems.add(problem);
                } else if (columnCertainlyAbsent(problem.message(), target)) {
                    problems.add(problem);
                }
            }
        }
        return problems.size() == refused.problems().size() ? verdict : new EsqlVerdict.Refused(problems);
    }

    /** The part of a newer-stack rule's query the engine verified, and the rule's own problems it found there. */
    private record Partial(EsqlRewrite rewrite, List<EsqlProblem> problems) {}

    /**
     * For a rule needing a newer stack that the engine refused for its version: the part it can verify
     * ({@link PartialVerification}), with the problems found there that are no version's (an unknown column, a
     * misspelt function), at the query's own places; null when no part could be verified. Type problems, syntax and
     * inference endpoints in the part stay version-bound: a newer stack may accept more types of a function.
     */
    private Partial partly(EsqlVerifier verifier, Target target, EsqlVerdict verdict, String engineVersion) {
        if (needs(target, verdict, engineVersion) == null || !(verdict instanceof EsqlVerdict.Refused refused)) {
            return null;
        }
        Predicate<EsqlProblem> versionBound = p -> p.kind() != EsqlProblem.Kind.UNKNOWN_COLUMN
                && p.kind() != EsqlProblem.Kind.UNKNOWN_INDEX && check(p, target, true) != Check.ESQL_UNKNOWN_FUNCTION;
        if (refused.problems().stream().noneMatch(p -> check(p, target, true) == Check.ESQL_NEWER_STACK)) {
            return null;
        }
        Optional<PartialVerification.Result> part;
        try {
            part = PartialVerification.run(target.query(), refused, versionBound, verifier::verify);
        } catch (RuntimeException e) {
            // a query dac's rewriting cannot follow: the rule keeps its DAC146 warnings, saying nothing was verified
            part = Optional.empty();
        }
        if (part.isEmpty()) {
            return null;
        }
        EsqlRewrite rewrite = part.get().rewrite();
        List<EsqlProblem> problems = new ArrayList<>();
        if (withHiddenTypos(verifier, target, rewrite.text(), part.get().verdict(), engineVersion)
                instanceof EsqlVerdict.Refused found) {
            for (EsqlProblem problem : found.problems()) {
                EsqlProblem original = rewrite.original(problem);
                if (droppedByQuery.contains(problem)) {
                    droppedByQuery.add(original);
                }
                if (!versionBound.test(original)) {
                    problems.add(original);
                }
            }
        }
        return new Partial(rewrite, problems.stream().distinct().toList());
    }

    /** What a DAC146 warning adds on how far the query was verified on this engine. */
    private static String partNote(Target target, Partial partial, String needs) {
        if (partial == null) {
            return "; dac could verify no part of the query without it on this engine";
        }
        EsqlRewrite rewrite = partial.rewrite();
        Map<String, Set<String>> lines = new LinkedHashMap<>();
        rewrite.stoodIn().forEach(s -> lines.computeIfAbsent(s.what(), w -> new LinkedHashSet<>())
                .add(fileLine(target, EsqlRewrite.offsetLine(target.query(), s.start()))));
        List<String> stoodIn = lines.entrySet().stream().map(e -> e.getKey() + " at line"
                + (e.getValue().size() == 1 ? " " : "s ") + String.join(", ", e.getValue())).toList();
        String with = stoodIn.isEmpty() ? "" : " (" + String.join(", ", stoodIn) + " stood in for by values of the"
                + " same types)";
        return rewrite.isCut()
                ? "; dac verified the query up to line " + fileLine(target, rewrite.lastLine()) + with
                        + ", the rest needs stack " + needs
                : "; dac verified the rest of the query" + with;
    }

    /** The line of the rule file holding line {@code queryLine} of the query, as "N" (or "N of the query"). */
    private static String fileLine(Target target, int queryLine) {
        return target.rule().parsed().flatMap(p -> p.lines().lineInString("/rule/query", queryLine))
                .map(String::valueOf).orElse(queryLine + " of the query");
    }

    /**
     * Says once, when rules needing a newer stack got DAC146 warnings, why they were not verified on such a stack and
     * how to: dac's local node cannot be an Elasticsearch 9, since Maven Central carries x-pack-esql for 9.x but not
     * the compute engine it runs on (x-pack-esql-compute, published up to 8.19 only).
     */
    private void olderEngineNotice(List<CheckedRule> result, List<Target> targets, String engineVersion) {
        List<String> needed = targets.stream()
                .filter(t -> result.get(t.index()).findings().stream()
                        .anyMatch(f -> f.check() == Check.ESQL_NEWER_STACK))
                .map(t -> newerStack(t.model(), engineVersion)).filter(java.util.Objects::nonNull).toList();
        if (needed.isEmpty()) {
            return;
        }
        String newest = needed.stream().max(EsqlVerificationStage::compareVersions).orElseThrow();
        settings.notices().accept(needed.size() + " ES|QL rule" + (needed.size() == 1 ? " needs" : "s need")
                + " a stack newer than Elasticsearch " + engineVersion + " (min_stack_version up to " + newest
                + "); what this engine refuses for version reasons is a DAC146 warning, not a verified query (each"
                + " says how far dac verified the rest on this engine). Verify them on an engine of that version: a cluster at ES_URL (--engine url), or a Docker image of it"
                + " (DAC_DOCKER_IMAGE, --engine docker). dac's own local node stays at 8.19: Maven Central publishes"
                + " no ES|QL compute engine (x-pack-esql-compute) for Elasticsearch 9.");
    }

    /** One warning, on the first ES|QL rule, naming how many queries went unverified and why. */
    private static void notVerified(List<CheckedRule> result, List<Target> targets, String reason) {
        Target first = targets.get(0);
        RuleUnderCheck rule = first.rule().underCheck().orElseThrow();
        Finding warning = rule.findingAt(Check.ESQL_NOT_VERIFIED, "/rule/query", "the ES|QL quer"
                + (targets.size() == 1 ? "y of this rule was" : "ies of " + targets.size() + " rules were")
                + " not verified on Elasticsearch: " + reason);
        result.set(first.index(), withFindings(first.rule(), first.rule().queries(), List.of(warning), false));
    }

    private CheckedRule judged(Target target, EsqlVerdict verdict, Partial partial, String engineVersion) {
        RuleUnderCheck rule = target.rule().underCheck().orElseThrow();
        if (verdict instanceof EsqlVerdict.Verified verified) {
            List<String> columns = verified.columns().stream().map(EsqlVerdict.Column::name).toList();
            return withFindings(target.rule(), target.rule().queries().withEsqlEngineColumns(columns), List.of(),
                    true);
        }
        if (verdict instanceof EsqlVerdict.Failed failed) {
            return withFindings(target.rule(), target.rule().queries(), List.of(rule.findingAt(
                    Check.ESQL_NOT_VERIFIED, "/rule/query", "the ES|QL query was not verified: Elasticsearch "
                            + engineVersion + " failed to answer (" + failed.reason() + ")")), false);
        }
        List<Finding> findings = new ArrayList<>();
        String needs = needs(target, verdict, engineVersion);
        boolean declared = newerStack(target.model(), engineVersion) != null;
        List<EsqlProblem> problems = new ArrayList<>(((EsqlVerdict.Refused) verdict).problems());
        if (partial != null) {
            partial.problems().stream().filter(p -> problems.stream().noneMatch(q -> q.line() == p.line()
                    && q.message().equals(p.message()))).forEach(problems::add);
        }
        for (EsqlProblem problem : problems) {
            Check check = check(problem, target, needs != null);
            String where = problem.column() > 0 ? " (column " + problem.column() + ")" : "";
            String prefix = check == Check.ESQL_NEWER_STACK && declared ? "Elasticsearch " + engineVersion
                    + " is older than the rule's min_stack_version " + needs + ", so this may be valid there; it said: "
                    : check == Check.ESQL_NEWER_STACK ? "the rule sets no min_stack_version but calls a function"
                            + " Elasticsearch " + needs + " has and " + engineVersion + " lacks, so it needs a newer"
                            + " stack than this engine (set min_stack_version to the release it targets); it said: "
                    : check == Check.ESQL_NO_INFERENCE_ENDPOINT ? "Elasticsearch " + engineVersion + " has no"
                            + " usable inference endpoint for this query, so it was not verified past it; it said: "
                    : check == Check.ESQL_UNCERTAIN ? "dac does not know every field of "
                            + String.join(", ", target.analysis().indexPatterns()) + "; Elasticsearch said: "
                            : "";
            String message = "ES|QL: " + prefix + problem.message() + where
                    + (check == Check.ESQL_NEWER_STACK ? partNote(target, partial, needs) : "");
            findings.add(problem.line() > 0
                    ? rule.findingInString(check, "/rule/query", problem.line(), message)
                    : rule.findingAt(check, "/rule/query", message));
        }
        return withFindings(target.rule(), target.rule().queries(), findings, false);
    }

    private Check check(EsqlProblem problem, Target target, boolean newerStack) {
        return switch (problem.kind()) {
            case SYNTAX -> newerStack && !misspeltCommand(problem.message()) ? Check.ESQL_NEWER_STACK
                    : Check.ESQL_SYNTAX;
            case UNKNOWN_FUNCTION -> newerStack && !misspeltFunction(problem.message()) ? Check.ESQL_NEWER_STACK
                    : Check.ESQL_UNKNOWN_FUNCTION;
            case INVALID -> newerStack ? Check.ESQL_NEWER_STACK
                    : typesKnown(target) ? Check.ESQL_INVALID : Check.ESQL_UNCERTAIN;
            case UNKNOWN_COLUMN -> droppedByQuery.contains(problem) || columnCertainlyAbsent(problem.message(), target)
                    || droppedThoughMapped(problem.message(), target)
                    ? Check.ESQL_UNKNOWN_COLUMN
                    : Check.ESQL_UNCERTAIN;
            case INFERENCE_ENDPOINT -> Check.ESQL_NO_INFERENCE_ENDPOINT;
            case UNKNOWN_INDEX -> target.analysis().indexPatterns().stream().anyMatch(EsqlVerifier::namesNoIndex)
                    || settings.ownsEngine() && coverage(target).exact() ? Check.ESQL_UNKNOWN_INDEX
                    : Check.ESQL_UNCERTAIN;
        };
    }

    /**
     * An unknown function within a typo of one Elasticsearch has ({@code VALUEZ}, "did you mean [values]?"): a
     * misspelling whatever the stack, since a newer stack's new function is not one letter away from an old one.
     */
    static boolean misspeltFunction(String message) {
        Matcher unknown = UNKNOWN_FUNCTION_SUGGESTION.matcher(message);
        if (!unknown.find()) {
            return false;
        }
        String name = unknown.group(1).toLowerCase(Locale.ROOT);
        return java.util.Arrays.stream(unknown.group(2).split(",\\s*")).map(s -> s.toLowerCase(Locale.ROOT))
                .filter(suggested -> family(suggested).equals(family(name)))
                .anyMatch(suggested -> FieldNames.closest(name, List.of(suggested)).isPresent());
    }

    /**
     * The family of a function, the word before its first underscore ({@code mv}, {@code st}, {@code to}): a newer
     * stack's function may be a typo away from one of another family (9.3's MV_CONTAINS from ST_CONTAINS), which is
     * no misspelling.
     */
    private static String family(String function) {
        int underscore = function.indexOf('_');
        return underscore < 0 ? "" : function.substring(0, underscore);
    }

    private static final Pattern UNKNOWN_FUNCTION_SUGGESTION = Pattern.compile(
            "Unknown function \\[([^\\]]+)\\], did you mean (?:any of )?\\[([^\\]]+)\\]");

    /** A word at a command's place that is no command of any ES|QL version: a typo whatever the stack. */
    static boolean misspeltCommand(String message) {
        Matcher mismatched = MISMATCHED_INPUT.matcher(message);
        return mismatched.find() && mismatched.group(2).contains("'where'")
                && !ANY_VERSION_COMMANDS.contains(mismatched.group(1).toLowerCase(Locale.ROOT));
    }

    private FieldCatalog.Coverage coverage(Target target) {
        return settings.mappings().catalog().forPatterns(target.analysis().indexPatterns());
    }

    /** Types are fixed for every index read: templates, ECS or dac's integration tables name them. */
    private boolean typesKnown(Target target) {
        FieldCatalog.Coverage coverage = coverage(target);
        return !coverage.patterns().isEmpty() && coverage.unknownPatterns().isEmpty();
    }

    /**
     * A column the stand-in indices map (a leaf field of the catalog for the query's patterns, on an engine dac owns)
     * that Elasticsearch still calls unknown was dropped by the query itself, by a STATS, KEEP, DROP or RENAME before
     * the command that reads it ({@code | stats source.ipx = VALUES(source.ip) | keep source.ip}): a mistake whatever
     * the indices hold.
     */
    private boolean droppedThoughMapped(String message, Target target) {
        Matcher bracketed = BRACKETED.matcher(message);
        // a pattern without * may name an index that already existed on the node, which dac uses as it is: its
        // mapping is not the catalog's, so only indices dac created from the catalog tell
        if (!settings.ownsEngine() || !bracketed.find()
                || !target.analysis().indexPatterns().stream().allMatch(pattern -> pattern.contains("*"))) {
            return false;
        }
        return coverage(target).fields().field(bracketed.group(1))
                .filter(field -> !field.esType().equals("object") && !field.esType().equals("nested"))
                .isPresent();
    }

    /**
     * Whether a column Elasticsearch did not find is certainly a mistake: a known field of the indices is within a
     * typo of it (two edits, three for long names), and the indices' types are all known (templates, ECS or dac's
     * integration tables), and no integration table or dynamically mapped object of one may hold it. Without a close
     * known name it may be a field dac's tables lack (an integration extending an ECS field set, as aws_bedrock does
     * with gen_ai.*, or Kibana's alerts mapping, wider than dac's alerts template): a warning. Measured on the 206
     * production ES|QL rules of elastic/detection-rules, where requiring only an ECS field set gave 20 false errors.
     */
    private boolean columnCertainlyAbsent(String message, Target target) {
        Matcher bracketed = BRACKETED.matcher(message);
        if (!typesKnown(target) || !bracketed.find()) {
            return false;
        }
        String column = bracketed.group(1);
        FieldCatalog.Coverage coverage = coverage(target);
        // a known name that is the column's parent or child (gen_ai.request.model and gen_ai.request.model.id) is a
        // field an integration added under it, not a misspelling
        if (FieldNames.closest(column, coverage.fields().fields().keySet())
                .filter(known -> !column.startsWith(known + ".") && !known.startsWith(column + ".")).isEmpty()) {
            return false;
        }
        if (coverage.exact()) {
            return true;
        }
        IntegrationFields.Resolved integration = settings.mappings().integrations()
                .forPatterns(target.analysis().indexPatterns());
        return integration.fields().field(column).isEmpty() && !integration.isUnderOpenObject(column)
                && integration.packageOwning(column).isEmpty();
    }

    /**
     * The stack a rule needs beyond the engine: its min_stack_version where that is newer; else, for a rule that sets
     * none, the release of dac's newer ES|QL function table when the engine refused a function that release has
     * (URL_DECODE, CONTAINS on 8.19) and that is no misspelling: detection-rules leaves min_stack_version unset on
     * rules written for its current stack, so such a call is not the rule's mistake. Null when neither applies.
     */
    static String needs(Target target, EsqlVerdict verdict, String engineVersion) {
        String declared = target.model().metadata() == null ? null : target.model().metadata().minStackVersion();
        if (declared != null && !declared.isBlank()) {
            return newerStack(target.model(), engineVersion);
        }
        if (!(verdict instanceof EsqlVerdict.Refused refused)) {
            return null;
        }
        NewerEsqlFunctions newer = NewerEsqlFunctions.table();
        boolean callsNewer = refused.problems().stream()
                .filter(p -> p.kind() == EsqlProblem.Kind.UNKNOWN_FUNCTION && !misspeltFunction(p.message()))
                .map(p -> UNKNOWN_FUNCTION.matcher(p.message()))
                .anyMatch(m -> m.find() && newer.has(m.group(1)));
        return callsNewer && compareVersions(newer.version(), engineVersion) > 0 ? newer.version() : null;
    }

    private static final Pattern UNKNOWN_FUNCTION = Pattern.compile("Unknown function \\[([^\\]]+)\\]");

    /** The rule's min_stack_version when it is newer than {@code engineVersion}, else null. */
    static String newerStack(RuleFile model, String engineVersion) {
        String needed = model.metadata() == null ? null : model.metadata().minStackVersion();
        if (needed == null || needed.isBlank()) {
            return null;
        }
        return compareVersions(needed, engineVersion) > 0 ? needed : null;
    }

    static int compareVersions(String a, String b) {
        String[] left = a.strip().split("[.-]");
        String[] right = b.strip().split("[.-]");
        for (int i = 0; i < 3; i++) {
            int l = i < left.length ? number(left[i]) : 0;
            int r = i < right.length ? number(right[i]) : 0;
            if (l != r) {
                return Integer.compare(l, r);
            }
        }
        return 0;
    }

    private static int number(String part) {
        try {
            return Integer.parseInt(part);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * {@code rule} with {@code added} findings; when the engine gave output columns, the lints that compare names
     * with the query's output run again on them, their findings from the text analysis dropped.
     */
    private static CheckedRule withFindings(CheckedRule rule, QueryAnalyses queries, List<Finding> added,
            boolean recheckColumns) {
        List<Finding> findings = new ArrayList<>();
        for (Finding finding : rule.findings()) {
            if (!recheckColumns || finding.check() != Check.INVESTIGATION_FIELD_NOT_PRODUCED
                    && finding.check() != Check.NOTE_NAMES_MISSING_COLUMN) {
                findings.add(finding);
            }
        }
        if (recheckColumns) {
            RuleUnderCheck recheck = new RuleUnderCheck(rule.parsed().orElseThrow(), rule.model(), queries);
            RuleFile model = rule.model().orElseThrow();
            new InvestigationFieldsLint().check(recheck, model, findings);
            new NoteColumnsLint().check(recheck, model, findings);
        }
        findings.addAll(added);
        return new CheckedRule(rule.path(), rule.parsed(), rule.model(), queries, findings);
    }
}
