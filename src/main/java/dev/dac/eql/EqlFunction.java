package dev.dac.eql;

import dev.dac.fields.FieldNames;
import java.util.Arrays;
import java.util.Optional;

/**
 * The functions of Elasticsearch's EQL (its function reference; EqlFunctionRegistry): the name as documented (a call
 * may write it in any case: Elasticsearch resolves names case-insensitively, and public rules write cidrmatch), how many arguments it takes, and whether it has a case-insensitive {@code name~} form.
 */
public enum EqlFunction {
    ADD("add", 2, 2, false),
    BETWEEN("between", 3, 4, true),
    CIDR_MATCH("cidrMatch", 2, Integer.MAX_VALUE, false),
    CONCAT("concat", 1, Integer.MAX_VALUE, false),
    DIVIDE("divide", 2, 2, false),
    ENDS_WITH("endsWith", 2, 2, true),
    INDEX_OF("indexOf", 2, 3, true),
    LENGTH("length", 1, 1, false),
    MODULO("modulo", 2, 2, false),
    MULTIPLY("multiply", 2, 2, false),
    NUMBER("number", 1, 2, false),
    STARTS_WITH("startsWith", 2, 2, true),
    STRING("string", 1, 1, false),
    STRING_CONTAINS("stringContains", 2, 2, true),
    SUBSTRING("substring", 2, 3, false),
    SUBTRACT("subtract", 2, 2, false),
    WILDCARD("wildcard", 2, Integer.MAX_VALUE, true);

    private final String eqlName;
    private final int minArguments;
    private final int maxArguments;
    private final boolean caseInsensitiveForm;

    EqlFunction(String eqlName, int minArguments, int maxArguments, boolean caseInsensitiveForm) {
        this.eqlName = eqlName;
        this.minArguments = minArguments;
        this.maxArguments = maxArguments;
        this.caseInsensitiveForm = caseInsensitiveForm;
    }

    public String eqlName() {
        return eqlName;
    }

    public int minArguments() {
        return minArguments;
    }

    public int maxArguments() {
        return maxArguments;
    }

    /** Whether {@code name~(...)} exists: the string functions that compare text. */
    public boolean hasCaseInsensitiveForm() {
        return caseInsensitiveForm;
    }

    public static Optional<EqlFunction> named(String name) {
        return Arrays.stream(values()).filter(f -> f.eqlName.equalsIgnoreCase(name)).findFirst();
    }

    /** The function whose name is closest in spelling to {@code name}, if one is close. */
    static Optional<EqlFunction> closest(String name) {
        return FieldNames.closest(name.toLowerCase(java.util.Locale.ROOT),
                Arrays.stream(values()).map(f -> f.eqlName.toLowerCase(java.util.Locale.ROOT)).toList())
                .flatMap(EqlFunction::named);
    }
}
