package dev.dac.cli;

import dev.dac.fields.FieldMap;
import dev.dac.fields.IndexFieldMaps;
import dev.dac.kql.KqlFieldCheck;
import dev.dac.kql.KqlNode;
import dev.dac.kql.KqlParser;
import dev.dac.kql.KqlSyntaxException;
import dev.dac.kql.KqlTranslator;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code dac kql}: translate a KQL query to the Query DSL Kibana's detection engine would run. */
@Command(
        name = "kql",
        mixinStandardHelpOptions = true,
        description = "Print the Elasticsearch Query DSL for a KQL query, as Kibana's detection engine translates it,"
                + " or the syntax or field error with its position.",
        footer = {
            "",
            "Examples:",
            "  dac kql 'event.outcome: success and source.ip: *'",
            "  dac kql --index 'logs-aws.cloudtrail-*' 'aws.cloudtrail.user_identity.access_key_id: AKIA*'",
            "",
            "With --index, field types come from dac's index templates (schemas/index-templates/) and unknown fields"
                    + " or values of the wrong type are errors. Exit codes: 0 translated, 1 syntax or field error,"
                    + " 2 usage error."
        })
public final class KqlCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "QUERY", description = "The KQL query (quote it for the shell).")
    String query;

    @Option(names = "--index", paramLabel = "PATTERN", split = ",",
            description = "Index pattern(s) the query runs on, for field types and checks.")
    List<String> index;

    @Option(names = "--compact", description = "One line of JSON instead of indented JSON.")
    boolean compact;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KqlNode node;
        try {
            node = KqlParser.parse(query);
        } catch (KqlSyntaxException e) {
            err.println(e.getMessage());
            err.println("  " + query.lines().skip(e.line() - 1L).findFirst().orElse(""));
            err.println("  " + " ".repeat(Math.max(0, e.column() - 1)) + "^");
            err.flush();
            return 1;
        }
        FieldMap fields = FieldMap.EMPTY;
        boolean fieldErrors = false;
        if (index != null && !index.isEmpty()) {
            IndexFieldMaps.Resolved resolved = IndexFieldMaps.load().forPatterns(index);
            if (!resolved.complete()) {
                err.println("warning: dac has no field map for " + String.join(", ", resolved.unknownPatterns())
                        + "; those fields are translated without type information");
            }
            fields = resolved.fields();
            for (KqlFieldCheck.Problem problem : new KqlFieldCheck(fields).check(node)) {
                if (problem.kind() == KqlFieldCheck.Kind.UNKNOWN_FIELD && !resolved.complete()) {
                    continue;
                }
                err.println("error at line " + problem.span().start().line() + ", column "
                        + problem.span().start().column() + ": " + problem.message());
                fieldErrors = true;
            }
        }
        JsonMapper json = compact ? JsonMapper.builder().build()
                : JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        out.println(json.writeValueAsString(new KqlTranslator(fields).translate(node)));
        out.flush();
        err.flush();
        return fieldErrors ? 1 : 0;
    }
}
