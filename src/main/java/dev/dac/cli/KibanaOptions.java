package dev.dac.cli;

import dev.dac.deploy.DeployException;
import dev.dac.deploy.KibanaClient;
import dev.dac.deploy.KibanaConnection;
import dev.dac.secret.Redactor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
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

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Deadline for the whole command: every request, retry and wait (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Deadline for one request's complete answer (default: ${DEFAULT-VALUE}).")
    long requestTimeoutSeconds;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec command;

    /**
     * A client for the configured Kibana that tells {@code err} about each retry, after checking the options
     * together (a usage error, exit 2) and warning when certificate checks are off.
     */
    KibanaClient client(PrintWriter err) throws DeployException {
        if (insecure && caCertificate != null) {
            throw new CommandLine.ParameterException(command.commandLine(), "--insecure turns certificate checks off"
                    + " and --ca-cert trusts a private CA: give one of them, not both");
        }
        if (timeoutSeconds <= 0 || requestTimeoutSeconds <= 0) {
            throw new CommandLine.ParameterException(command.commandLine(), "--timeout and --request-timeout take a"
                    + " number of seconds above 0");
        }
        KibanaConnection connection = KibanaConnection.from(url, space, DacCommand.environment(command), caCertificate, insecure,
                KibanaConnection.Limits.defaults().withDeadlines(Duration.ofSeconds(requestTimeoutSeconds),
                        Duration.ofSeconds(timeoutSeconds)));
        if (insecure) {
            err.println("warning: TLS certificate verification is off (--insecure): anyone between dac and Kibana"
                    + " can read the credentials and change the rules");
            err.flush();
        }
        String name = command.name();
        return new KibanaClient(connection, message -> {
            err.println("dac " + name + ": " + message);
            err.flush();
        });
    }

    /** The redactor for what this command writes to files: the secrets of the environment and of --kibana-url. */
    Redactor redactor() {
        return Redactor.forEnvironment(DacCommand.environment(command), url);
    }
}
