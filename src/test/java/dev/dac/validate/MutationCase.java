package dev.dac.validate;

/**
 * A valid rule ({@code base}: a seed rule or a type sample) with one text change, and the finding that change must
 * produce: its code, line (null where any line will do) and a part of its message.
 */
record MutationCase(String name, String base, String from, String to, String code, Integer line, String messagePart) {
    @Override
    public String toString() {
        return name;
    }
}
