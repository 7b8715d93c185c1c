package dev.dac.cluster;

/**
 * Elasticsearch could not be provided or stopped working. The message says what happened and what to do about it,
 * in words for the person running dac; it is shown as it is, without a stack trace.
 */
public final class ClusterException extends Exception {

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
