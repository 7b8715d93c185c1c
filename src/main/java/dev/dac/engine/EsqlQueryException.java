package dev.dac.engine;

/** Elasticsearch refused or failed an ES|QL query; the message is its reason (an unknown column, a parse error). */
public final class EsqlQueryException extends Exception {

    private final int status;

    public EsqlQueryException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status Elasticsearch answered with (400 for a bad query). */
    public int status() {
        return status;
    }
}
