package dev.dac.cli;

import dev.dac.deploy.DeployException;
import dev.dac.deploy.RuleConverter;
import dev.dac.deploy.VersionLock;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How convert, plan and deploy build the API bodies: enabled state and the version lock. */
public final class BuildOptions {

    @Option(names = "--enabled", paramLabel = "true|false", arity = "1",
            description = "Deploy every rule enabled (true) or disabled (false). Default: each rule's own `enabled`,"
                    + " else Kibana's default, enabled.")
    Boolean enabled;

    @Option(names = "--version-lock", paramLabel = "FILE", defaultValue = VersionLock.FILE_NAME,
            description = "The version lock 'dac lock' writes (default: ${DEFAULT-VALUE}; a missing file means"
                    + " no lock).")
    Path versionLock;

    @Option(names = "--stack-version", paramLabel = "VERSION",
            description = "X.Y.Z: the Kibana version related_integrations are chosen for (default: 8.19.0; a rule's higher"
                    + " min_stack_version wins).")
    String stackVersion;

    RuleConverter.Settings settings() throws DeployException {
        try {
            return new RuleConverter.Settings(enabled, VersionLock.read(versionLock), stackVersion);
        } catch (IllegalArgumentException e) {
            throw new DeployException("--stack-version " + stackVersion + " is not a version; give one like 8.19.0");
        }
    }

    RuleConverter converter() throws DeployException {
        return new RuleConverter(settings());
    }
}
