package dev.dac.rule;

/** Text that is not a date or date math Elasticsearch reads; the message names the text and the fix. */
public final class DateMathException extends Exception {

    public DateMathException(String message) {
        super(message);
    }
}
