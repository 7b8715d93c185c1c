package dev.dac.deploy;

/** Deploying could not go on: Kibana unreachable, credentials refused, a bad setting. The message says what to do. */
public final class DeployException extends Exception {
    public DeployException(String message) {
        super(message);
    }

    public DeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
