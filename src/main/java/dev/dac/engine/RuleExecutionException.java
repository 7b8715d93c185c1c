package dev.dac.engine;

/** A rule could not be executed: a query Elasticsearch refused, a type dac cannot run, an unreadable query. */
public final class RuleExecutionException extends Exception {
    public RuleExecutionException(String message) {
        super(message);
    }

    public RuleExecutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
