package dev.dac.cli;

import dev.dac.deploy.DeployException;
import dev.dac.deploy.DeploymentPlan;
import dev.dac.deploy.Deployer;
import dev.dac.deploy.ExceptionListDeployer;
import dev.dac.deploy.ExceptionListIds;
import dev.dac.deploy.ExceptionListPlan;
import dev.dac.deploy.ExceptionListPlanner;
import dev.dac.deploy.KibanaClient;
import dev.dac.deploy.Planner;
import dev.dac.validate.RuleSet;
import dev.dac.validate.RuleValidator;
import dev.dac.deploy.RuleConverter;
import dev.dac.deploy.VersionLock;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dac plan} and {@code dac deploy}: compare the repository with Kibana, and apply the difference. */
public final class PlanCommand {

    private PlanCommand() {}

    abstract static class Base implements Callable<Integer> {
        @Parameters(paramLabel = "PATH", arity = "0..*", defaultValue = "rules",
                description = "Rule files or folders (default: ${DEFAULT-VALUE}).")
        List<Path> paths;

        @Mixin
        KibanaOptions kibana;

        @Mixin
        BuildOptions build;

        /** Each local rule's built body, with where its version and enabled state come from, by rule_id. */
        Map<String, RuleConverter.Built> builds = Map.of();

        @Option(names = "--prune", description = "Delete rules that are in Kibana but not in the repository.")
        boolean prune;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String command = spec.name();
            if (!ValidatedRules.allExist(command, paths, err)) {
                return CommandLine.ExitCode.USAGE;
            }
            // all rules validate before Kibana is contacted: a half-deployed repository is worse than none
            RuleSet rules = new RuleValidator().validate(paths);
            if (!ValidatedRules.usable(command, rules, "nothing was sent", err)) {
                return 1;
            }
            RuleConverter converter;
            try {
                converter = build.converter();
            } catch (DeployException e) {
                err.println("dac " + command + ": " + e.getMessage());
                err.flush();
                return 1;
            }
            Map<String, RuleConverter.Built> built = new LinkedHashMap<>();
            rules.models().forEach(rule -> built.put(rule.rule().ruleId(), converter.build(rule)));
            builds = built;
            try (KibanaClient client = kibana.client(err)) {
                err.println("reading the rules in " + client.connection() + "...");
                err.flush();
                // exception lists first: the rules name them by the ids Kibana holds for them
                ExceptionListPlan lists = new ExceptionListPlanner().plan(rules.exceptionLists(), client, prune);
                DeploymentPlan plan = new Planner(converter).plan(rules.models(), Planner.remoteRules(client), prune,
                        lists.kibanaIds());
                return act(lists, plan, client, out);
            } catch (DeployException e) {
                err.println("dac: " + e.getMessage());
                err.flush();
                return 1;
            }
        }

        abstract int act(ExceptionListPlan lists, DeploymentPlan plan, KibanaClient client, PrintWriter out)
                throws DeployException;
    }

    /** The exception lists' part of a plan, before the rules (which reference them). */
    static void print(ExceptionListPlan lists, PrintWriter out) {
        if (lists.lists().isEmpty()) {
            return;
        }
        for (ExceptionListPlan.ListEntry list : lists.lists()) {
            String action = switch (list.action()) {
                case CREATE -> "create ";
                case UPDATE -> "update ";
                default -> "same   ";
            };
            out.println(action + " list " + list.key() + "  " + list.name());
            if (!list.changedFields().isEmpty()) {
                out.println("          ~ " + String.join(", ", list.changedFields()));
            }
            for (ExceptionListPlan.ItemEntry item : list.items()) {
                String itemAction = switch (item.action()) {
                    case CREATE -> "+ create item ";
                    case UPDATE -> "~ update item ";
                    case DELETE -> "- delete item ";
                    case KEEP_REMOTE -> "  keep item   ";
                    default -> null;
                };
                if (itemAction != null) {
                    out.println("          " + itemAction + item.itemId() + "  " + item.name()
                            + (item.changedFields().isEmpty() ? "" : "  (" + String.join(", ", item.changedFields())
                                    + ")")
                            + (item.action() == ExceptionListPlan.Action.KEEP_REMOTE
                                    ? "  (only in Kibana: Kibana applies it, dac test does not; --prune deletes it)"
                                    : ""));
                }
            }
        }
        out.printf("exception lists: %d to create, %d to update, %d unchanged%n",
                lists.lists().stream().filter(l -> l.action() == ExceptionListPlan.Action.CREATE).count(),
                lists.lists().stream().filter(l -> l.action() != ExceptionListPlan.Action.CREATE
                        && l.changesSomething()).count(),
                lists.lists().stream().filter(l -> !l.changesSomething()).count());
    }

    static void print(DeploymentPlan plan, Map<String, RuleConverter.Built> builds, PrintWriter out) {
        for (DeploymentPlan.Entry entry : plan.entries()) {
            String action = switch (entry.action()) {
                case CREATE -> "create ";
                case UPDATE -> "update ";
                case UNCHANGED -> "same   ";
                case DELETE -> "delete ";
                case KEEP_REMOTE -> "keep   ";
            };
            out.println(action + " " + entry.ruleId() + "  " + entry.name()
                    + (entry.action() == DeploymentPlan.Action.KEEP_REMOTE ? "  (only in Kibana; --prune deletes it)"
                            : ""));
            RuleConverter.Built built = builds.get(entry.ruleId());
            if (built != null && (entry.action() == DeploymentPlan.Action.CREATE
                    || entry.action() == DeploymentPlan.Action.UPDATE)) {
                out.println("          " + enabled(built) + "; " + version(built));
            }
            for (DeploymentPlan.FieldChange change : entry.changes()) {
                out.println("          ~ " + change.field() + ": " + shorten(change.kibana()) + " -> "
                        + shorten(change.repository()));
            }
        }
        List<RuleConverter.Built> sent = plan.entries().stream()
                .filter(e -> e.action() == DeploymentPlan.Action.CREATE || e.action() == DeploymentPlan.Action.UPDATE)
                .map(e -> builds.get(e.ruleId())).filter(java.util.Objects::nonNull).toList();
        long on = sent.stream().filter(b -> b.body().path("enabled").asBoolean(true)).count();
        long byDefault = sent.stream().filter(b -> b.enabledSource() == RuleConverter.EnabledSource.KIBANA_DEFAULT)
                .count();
        if (!sent.isEmpty()) {
            out.printf("enabled: %d of %d rules to create or update will run%s%n", on, sent.size(), byDefault == 0 ? ""
                    : " (" + byDefault + " enabled by Kibana's default: give --enabled false, or enabled = false in"
                            + " the rule, to deploy them switched off)");
        }
        out.printf("plan: %d to create, %d to update, %d unchanged, %d to delete, %d only in Kibana%n",
                plan.of(DeploymentPlan.Action.CREATE).size(), plan.of(DeploymentPlan.Action.UPDATE).size(),
                plan.of(DeploymentPlan.Action.UNCHANGED).size(), plan.of(DeploymentPlan.Action.DELETE).size(),
                plan.of(DeploymentPlan.Action.KEEP_REMOTE).size());
        out.flush();
    }

    private static String enabled(RuleConverter.Built built) {
        boolean on = built.body().path("enabled").asBoolean(true);
        return (on ? "enabled" : "disabled") + switch (built.enabledSource()) {
            case OPTION -> " (--enabled)";
            case RULE_FILE -> " (the rule's enabled)";
            case KIBANA_DEFAULT -> " (Kibana's default)";
        };
    }

    private static String version(RuleConverter.Built built) {
        VersionLock.Resolved version = built.version();
        return "version " + version.version() + switch (version.source()) {
            case UNLOCKED -> " (not in the version lock)";
            case LOCKED -> " (locked)";
            case BUMPED -> " (content changed since the lock's version " + version.lockedVersion()
                    + "; dac lock records it)";
        };
    }

    private static String shorten(tools.jackson.databind.JsonNode value) {
        if (value == null) {
            return "(absent)";
        }
        String text = value.toString();
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Show what deploy would change in Kibana: rules to create, update (with a field diff),"
                    + " leave alone, or delete with --prune.",
            footer = {"", "Examples:", "  KIBANA_URL=https://kibana:5601 KIBANA_API_KEY=... dac plan rules/",
                "  dac plan --space security-team --prune", "",
                "Rules are validated first (findings on stderr); warnings are printed, an error stops the plan before"
                        + " Kibana is contacted.", "",
                "Exit codes: 0 plan shown, 1 a rule has errors, no rule file was found, or Kibana failed,"
                        + " 2 usage error.", "", HelpText.KIBANA_ENVIRONMENT})
    public static final class Plan extends Base {
        @Override
        int act(ExceptionListPlan lists, DeploymentPlan plan, KibanaClient client, PrintWriter out) {
            print(lists, out);
            print(plan, builds, out);
            return 0;
        }
    }

    @Command(name = "deploy", mixinStandardHelpOptions = true,
            description = "Apply the plan: create and update rules (through _import, or create/update calls with"
                    + " --mode upsert), delete with --prune, and report every rule.",
            footer = {"", "Examples:", "  dac deploy --dry-run          the plan, nothing sent",
                "  dac deploy rules/ --space prod --prune", "",
                "Rules are validated first (findings on stderr); warnings are printed, and if any rule has an error"
                        + " nothing at all is sent.", "",
                "Exit codes: 0 every rule applied, 1 a rule has errors (nothing sent), no rule file was found,"
                        + " a rule failed in Kibana or Kibana failed, 2 usage error.", "",
                HelpText.KIBANA_ENVIRONMENT})
    public static final class Deploy extends Base {
        @Option(names = "--dry-run", description = "Show the plan and send nothing.")
        boolean dryRun;

        @Option(names = "--mode", paramLabel = "MODE", defaultValue = "import",
                description = "import (batches through _import) or upsert (create/update calls). Default: import.")
        Deployer.Mode mode;

        @Override
        int act(ExceptionListPlan lists, DeploymentPlan plan, KibanaClient client, PrintWriter out)
                throws DeployException {
            if (dryRun) {
                print(lists, out);
                print(plan, builds, out);
                out.println("dry run: nothing was sent");
                out.flush();
                return 0;
            }
            PrintWriter err = spec.commandLine().getErr();
            // lists before the rules that reference them; a rule whose list was not written is not sent
            ExceptionListDeployer.Outcome written = new ExceptionListDeployer(client).apply(lists);
            java.util.Set<dev.dac.rule.ExceptionList.Key> failedLists = new java.util.HashSet<>();
            java.util.Map<dev.dac.rule.ExceptionList.Key, String> ids = new java.util.HashMap<>(lists.kibanaIds());
            long listsFailed = 0;
            for (ExceptionListDeployer.ListResult result : written.results()) {
                out.println((result.failed() ? "FAILED  " : "ok      ") + "list " + result.key() + "  " + result.name()
                        + "  " + result.outcome() + (result.message() == null ? "" : ": " + result.message()));
                if (result.failed()) {
                    failedLists.add(result.key());
                    listsFailed++;
                } else if (result.kibanaId() != null) {
                    ids.put(result.key(), result.kibanaId());
                }
            }
            List<Deployer.RuleResult> results = new java.util.ArrayList<>();
            List<DeploymentPlan.Entry> sendable = new java.util.ArrayList<>();
            for (DeploymentPlan.Entry entry : plan.entries()) {
                List<dev.dac.rule.ExceptionList.Key> missing = entry.body() == null ? List.of()
                        : ExceptionListIds.referenced(entry.body(), failedLists);
                boolean writes = entry.action() == DeploymentPlan.Action.CREATE
                        || entry.action() == DeploymentPlan.Action.UPDATE;
                if (written.stopped() != null && (writes || entry.action() == DeploymentPlan.Action.DELETE)) {
                    results.add(new Deployer.RuleResult(entry.ruleId(), entry.name(), "not sent", true,
                            "dac stopped sending: " + written.stopped()));
                } else if (writes && !missing.isEmpty()) {
                    results.add(new Deployer.RuleResult(entry.ruleId(), entry.name(), "not sent", true,
                            "its exception list " + missing.get(0) + " was not written"));
                } else {
                    if (entry.body() != null) {
                        ExceptionListIds.rewrite(entry.body(), ids);
                    }
                    sendable.add(entry);
                }
            }
            results.addAll(new Deployer(client, message -> {
                err.println("dac deploy: " + message);
                err.flush();
            }).apply(new DeploymentPlan(sendable, plan.prune()), mode));
            long failed = 0;
            for (Deployer.RuleResult result : results) {
                out.println((result.failed() ? "FAILED  " : "ok      ") + result.ruleId() + "  " + result.name() + "  "
                        + result.outcome() + (result.message() == null ? "" : ": " + result.message()));
                failed += result.failed() ? 1 : 0;
            }
            if (!written.results().isEmpty()) {
                out.printf("deploy: %d exception lists, %d failed%n", written.results().size(), listsFailed);
            }
            out.printf("deploy: %d rules, %d failed%n", results.size(), failed);
            out.flush();
            return failed == 0 && listsFailed == 0 ? 0 : 1;
        }
    }
}
