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
            description = "The repository's version lock (default: ${DEFAULT-VALUE}; a missing file means no lock;"
                    + " dac lock writes it).")
    Path versionLock;

    RuleConverter.Settings settings() throws DeployException {
        return new RuleConverter.Settings(enabled, VersionLock.read(versionLock));
    }

    RuleConverter converter() throws DeployException {
        return new RuleConverter(settings());
    }
}
