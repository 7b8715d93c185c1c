package dev.dac.cli;

import dev.dac.deploy.DeployException;
import dev.dac.deploy.KibanaConnection;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Connection options shared by plan, deploy and export. Secrets come only from the environment. */
public final class KibanaOptions {

    @Option(names = "--kibana-url", paramLabel = "URL", description = "Kibana's URL (default: KIBANA_URL).")
    String url;

    @Option(names = "--space", paramLabel = "SPACE", description = "Kibana space id (default: default).")
    String space;

    @Option(names = "--ca-cert", paramLabel = "FILE", description = "PEM certificate of a private CA to trust.")
    Path caCertificate;

    @Option(names = "--insecure", description = "Do not verify Kibana's TLS certificate (never in production).")
    boolean insecure;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec command;

    KibanaConnection connection() throws DeployException {
        return KibanaConnection.from(url, space, DacCommand.environment(command), caCertificate, insecure);
    }
}
