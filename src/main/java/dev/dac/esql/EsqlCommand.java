package dev.dac.esql;

/**
 * One processing command of an ES|QL query: its name in lower case ({@code from}, {@code stats}, ...), the text
 * after the name with comments blanked out, and the 1-based line of the query it starts on.
 */
public record EsqlCommand(String name, String body, int line) {}
