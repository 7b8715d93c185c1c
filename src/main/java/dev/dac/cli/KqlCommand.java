package dev.dac.cli;

import dev.dac.fields.FieldMap;
import dev.dac.fields.FieldCatalog;
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
            "  dac kql --index 'logs-aws.cloudtrail-*' 'source.ip: 10.0.0.0/8'",
            "",
            "With --index, field types come from dac's field catalog (index templates in schemas/index-templates/,"
                    + " integration tables, ECS): a field that cannot be in the indices or a value of the wrong type"
                    + " is an error, a field dac's tables may merely lack a warning. Exit codes: 0 translated, 1"
                    + " syntax or field error, 2 usage error."
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
            FieldCatalog.Coverage coverage = FieldCatalog.builtIn().forPatterns(index);
            if (!coverage.unknownPatterns().isEmpty()) {
                err.println("warning: dac has no field map for " + String.join(", ", coverage.unknownPatterns())
                        + "; those fields are translated without type information");
            }
            fields = coverage.fields();
            for (KqlFieldCheck.Problem problem : new KqlFieldCheck(coverage).check(node)) {
                boolean warning = problem.kind() == KqlFieldCheck.Kind.UNCONFIRMED_FIELD;
                err.println((warning ? "warning" : "error") + " at line " + problem.span().start().line()
                        + ", column " + problem.span().start().column() + ": " + problem.message());
                fieldErrors |= !warning;
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
