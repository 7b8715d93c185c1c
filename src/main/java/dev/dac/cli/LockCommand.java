package dev.dac.cli;

import dev.dac.deploy.DeployException;
import dev.dac.deploy.RuleConverter;
import dev.dac.deploy.VersionLock;
import dev.dac.rule.RuleFile;
import dev.dac.validate.RuleSet;
import dev.dac.validate.RuleValidator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dac lock}: records each rule's content hash and version in the repository's version lock, as detection-rules'
 * {@code build-release --update-version-lock} does: a rule whose content changed since it was locked gets one more
 * than its locked version, a new rule its file's version or 1, an unchanged rule keeps its entry.
 */
@Command(
        name = "lock",
        mixinStandardHelpOptions = true,
        description = "Update the version lock (version.lock.json): every rule's content hash and version; a rule"
                + " whose content changed since it was locked gets its version raised by one.",
        footer = {
            "",
            "Examples:",
            "  dac lock                          lock the rules under rules/",
            "  dac lock --check                  for CI: exit 1 when the lock is out of date",
            "",
            "Exit codes: 0 lock up to date or written, 1 rules unreadable, lock unwritable or (--check) out of date,"
                    + " 2 usage error."
        })
public final class LockCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "0..*", defaultValue = "rules",
            description = "Rule files or folders (default: ${DEFAULT-VALUE}).")
    List<Path> paths;

    @Option(names = "--version-lock", paramLabel = "FILE", defaultValue = VersionLock.FILE_NAME,
            description = "The lock file (default: ${DEFAULT-VALUE}).")
    Path lockFile;

    @Option(names = "--check", description = "Only check: exit 1 and list the rules whose lock entry is out of date.")
    boolean check;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!ValidatedRules.allExist("lock", paths, err)) {
            return CommandLine.ExitCode.USAGE;
        }
        RuleSet rules = new RuleValidator().validate(paths);
        if (!ValidatedRules.usable("lock", rules, "the lock was not changed", err)) {
            return 1;
        }
        try {
            VersionLock lock = VersionLock.read(lockFile);
            RuleConverter converter = new RuleConverter(new RuleConverter.Settings(null, lock));
            VersionLock next = lock;
            int changed = 0;
            for (RuleFile file : rules.models()) {
                RuleConverter.Built built = converter.build(file);
                VersionLock.Entry entry = new VersionLock.Entry(file.rule().name(), built.sha256(),
                        built.body().path("type").asString(), built.version().version(),
                        file.metadata() == null ? null : file.metadata().minStackVersion());
                if (entry.equals(lock.entries().get(file.rule().ruleId()))) {
                    continue;
                }
                changed++;
                next = next.with(file.rule().ruleId(), entry);
                out.println(switch (built.version().source()) {
                    case UNLOCKED -> "new      " + file.rule().ruleId() + "  " + file.rule().name() + "  version "
                            + entry.version();
                    case BUMPED -> "bumped   " + file.rule().ruleId() + "  " + file.rule().name() + "  version "
                            + built.version().lockedVersion() + " -> " + entry.version();
                    case LOCKED -> "renamed  " + file.rule().ruleId() + "  " + file.rule().name() + "  version "
                            + entry.version() + " (name, type or min_stack_version changed)";
                });
            }
            if (check) {
                out.printf("lock: %d of %d rules out of date in %s%s%n", changed, rules.models().size(), lockFile,
                        changed == 0 ? "" : "; run dac lock and commit it");
                out.flush();
                return changed == 0 ? 0 : 1;
            }
            if (changed > 0) {
                next.write(lockFile);
            }
            out.printf("lock: %d of %d rules updated in %s%n", changed, rules.models().size(), lockFile);
            out.flush();
            return 0;
        } catch (DeployException e) {
            err.println("dac lock: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
