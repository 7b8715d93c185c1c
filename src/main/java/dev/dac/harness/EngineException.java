package dev.dac.harness;

/**
 * Elasticsearch could not be provided or stopped working. The message says what happened and what to do about it,
 * in words for the person running dac; it is shown as it is, without a stack trace.
 */
public final class EngineException extends Exception {

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
