package dev.dac.validate;

/**
 * Every problem dac reports, with a stable code that CI configurations, SARIF consumers and suppressions can rely on.
 * Codes are never reused or renumbered.
 */
public enum Check {
    UNREADABLE_PATH("DAC001", Level.ERROR, "Path cannot be read",
            "Check the path exists and that the user running dac may read it."),
    NOT_TEXT("DAC002", Level.ERROR, "File is not a UTF-8 text file of a sensible size",
            "Save rule files as UTF-8 TOML text; keep binaries out of the rules folder."),
    MALFORMED_TOML("DAC003", Level.ERROR, "File is not valid TOML",
            "Fix the TOML syntax at the line given; strings need quotes, tables need closing brackets."),
    UNREADABLE_RULE("DAC004", Level.ERROR, "Document cannot be read as a rule",
            "Fix the field named so it has the type the rule format expects."),
    NO_RULE_FILES("DAC005", Level.ERROR, "A path named holds no rule file",
            "Name rule files (*.toml) or folders that hold them; a mistyped folder would otherwise pass unchecked."),

    MISSING_FIELD("DAC010", Level.ERROR, "Required field is missing",
            "Add the field named; see schemas/ for its type."),
    UNKNOWN_FIELD("DAC011", Level.ERROR, "Field is not part of the rule format or not allowed for this rule type",
            "Remove the field or correct its spelling; see schemas/ for the fields each rule type takes."),
    WRONG_TYPE("DAC012", Level.ERROR, "Field has the wrong type",
            "Write the value with the type named (string, integer, array, table...)."),
    INVALID_VALUE("DAC013", Level.ERROR, "Field value is not one the rule format allows",
            "Use one of the values or the form named in the message."),
    OUT_OF_RANGE("DAC014", Level.ERROR, "Field value is out of range, too long, too short or repeated",
            "Bring the value within the bounds named in the message."),
    SCHEMA_VIOLATION("DAC015", Level.ERROR, "Field breaks a rule of the schema",
            "Correct the field as the message says; see schemas/."),

    SEVERITY_RISK_SCORE_MISMATCH("DAC101", Level.ERROR, "Severity does not match the risk score band",
            "Pair severity with risk_score: low 0-21, medium 22-47, high 48-73, critical 74-100."),
    UPDATED_BEFORE_CREATED("DAC102", Level.ERROR, "updated_date is earlier than creation_date",
            "Set updated_date to the day of the latest change, on or after creation_date."),
    DUPLICATE_RULE_ID("DAC103", Level.ERROR, "Two files share one rule_id",
            "Give each rule its own UUID rule_id; Kibana keys rules by it, so one would overwrite the other."),
    DUPLICATE_RULE_NAME("DAC104", Level.ERROR, "Two files share one rule name",
            "Rename one of the rules; analysts tell alerts apart by rule name."),
    ATTACK_UNKNOWN_ID("DAC105", Level.WARNING, "ATT&CK id is not in dac's ATT&CK table",
            "Check the id on attack.mitre.org; if it is newer than dac's table, the warning can stay."),
    ATTACK_NAME_MISMATCH("DAC106", Level.ERROR, "ATT&CK name does not match its id",
            "Use the name ATT&CK gives the id, as stated in the message."),
    ATTACK_NAME_OUTDATED("DAC107", Level.WARNING, "ATT&CK name is a former name of the id",
            "Update the name to the current one ATT&CK gives the id."),
    ATTACK_REFERENCE_MISMATCH("DAC108", Level.ERROR, "ATT&CK reference URL does not point at the id",
            "Use the URL built from the id, as stated in the message."),
    ATTACK_WRONG_PARENT("DAC109", Level.ERROR, "ATT&CK sub-technique is listed under another technique",
            "Move the sub-technique under its parent technique (the part of its id before the dot)."),
    ATTACK_TACTIC_MISMATCH("DAC110", Level.WARNING, "ATT&CK technique is not listed under that tactic by ATT&CK",
            "Map the technique under one of the tactics ATT&CK lists for it."),
    ATTACK_RETIRED_ID("DAC111", Level.ERROR, "ATT&CK id has been revoked or deprecated",
            "Replace the id with the technique ATT&CK now uses for this behaviour."),
    ATTACK_RETIRED_SUBTECHNIQUE("DAC113", Level.WARNING, "ATT&CK sub-technique has been revoked or deprecated",
            "Replace the id with the technique ATT&CK now uses for this behaviour; detection-rules and Kibana still"
                    + " accept the old sub-technique."),
    ATTACK_ID_RETIRED_SINCE_PREVIOUS_RELEASE("DAC195", Level.WARNING,
            "ATT&CK id was current in the previous ATT&CK release and has been revoked or deprecated since",
            "Map the rule to the successor the message names; detection-rules keeps its rules on the previous"
                    + " release's ids and converts them when it builds for newer stacks, and Kibana accepts them."),
    ATTACK_TACTIC_MOVED_SINCE_PREVIOUS_RELEASE("DAC196", Level.WARNING,
            "ATT&CK technique was under that tactic in the previous ATT&CK release and has been moved since",
            "Map the technique under one of the tactics the message names; detection-rules keeps its rules on the"
                    + " previous release's mapping and converts them when it builds for newer stacks."),
    RULE_ID_NOT_UUID("DAC112", Level.WARNING, "rule_id is not a UUID",
            "Kibana accepts any rule_id, but detection-rules and dac init give every rule a UUID; keep a UUID unless"
                    + " another system names the rule."),

    HISTORY_WINDOW_NOT_BEFORE_FROM("DAC120", Level.ERROR, "new_terms history window does not start before the rule's from",
            "Set history_window_start further in the past than from (for example now-10d with from = now-6m)."),
    ESQL_MISSING_METADATA("DAC121", Level.WARNING, "Non-aggregating ES|QL query lacks METADATA _id, _version, _index",
            "Kibana runs the rule, but each row is then an alert of its own whose id depends on the execution, so"
                    + " overlapping executions alert twice on one event; add METADATA _id, _version, _index to the"
                    + " FROM command, or aggregate with STATS."),
    INVESTIGATION_FIELD_NOT_PRODUCED("DAC122", Level.WARNING, "Investigation field is not a column the ES|QL query produces",
            "Name only columns the query returns (see its KEEP/STATS), or change the query."),
    NOTE_NAMES_MISSING_COLUMN("DAC123", Level.WARNING, "Note names an Esql.* column the query never produces",
            "Rename the column in the note to one the query creates, or create it in the query."),

    FILTER_NOT_A_QUERY("DAC170", Level.ERROR, "A filter of the rule cannot become a query clause",
            "Give the filter a query table (query.match_phrase, query.bool, ...) or a clause such as exists or range,"
                    + " as Kibana's query bar writes them; Elasticsearch refuses an empty clause."),
    DATA_VIEW_UNKNOWN("DAC171", Level.WARNING, "data_view_id names a data view the repository does not define",
            "Add data_views/<id>.toml (title = \"<index patterns>\") beside rules/; without it dac test fails the rule"
                    + " as Kibana does when the data view is missing."),
    SETTING_NOT_EMULATED("DAC172", Level.WARNING, "dac test does not reproduce a setting of the rule exactly as Kibana",
            "Nothing to fix in the rule; the message says where dac test differs, so a passing case there is weaker."),

    KQL_SYNTAX("DAC130", Level.ERROR, "KQL query does not parse",
            "Fix the query at the line and column given; quote values with spaces or special characters."),
    KQL_UNKNOWN_FIELD("DAC131", Level.ERROR, "KQL query, new terms, threshold or timestamp_override field names a"
            + " field the indices do not have",
            "Correct the field name (the message suggests the closest known one), or add the field to the index"
                    + " template in schemas/index-templates/."),
    KQL_VALUE_TYPE_MISMATCH("DAC132", Level.ERROR, "KQL value does not fit the field's type",
            "Use a value of the field's type (a number, an IP or CIDR block, a date, true or false)."),
    KQL_UNKNOWN_INDEX("DAC133", Level.WARNING, "dac knows nothing of an index pattern of the rule (no template, no"
            + " integration table, not an ECS index); its fields are not checked",
            "Add an index template for the pattern in schemas/index-templates/ to have the fields checked."),
    KQL_UNCONFIRMED_FIELD("DAC134", Level.WARNING, "Field is not in dac's field tables for the rule's indices, which"
            + " may be incomplete",
            "Check the field's name against the integration's documentation; if it is right, the warning can stay"
                    + " (or add an index template for the indices to make the check exact)."),
    ESQL_SYNTAX("DAC140", Level.ERROR, "ES|QL query does not parse (Elasticsearch's parser)",
            "Fix the query at the line and column given; Elasticsearch lists what it expected there."),
    ESQL_UNKNOWN_COLUMN("DAC141", Level.ERROR, "ES|QL query names a column the indices do not map",
            "Correct the column name, or create it earlier in the query (EVAL, STATS, RENAME, GROK, DISSECT)."),
    ESQL_UNKNOWN_FUNCTION("DAC142", Level.ERROR, "ES|QL query calls a function Elasticsearch does not have",
            "Correct the function name; Elasticsearch suggests the nearest one in the message."),
    ESQL_UNKNOWN_INDEX("DAC143", Level.ERROR, "ES|QL FROM names no index",
            "Correct the index pattern of FROM."),
    ESQL_INVALID("DAC144", Level.ERROR, "ES|QL query is refused by Elasticsearch (types that do not fit, ...)",
            "Fix the query as Elasticsearch's message says; convert values with TO_STRING, TO_IP, TO_LONG, ..."),
    ESQL_UNCERTAIN("DAC145", Level.WARNING,
            "ES|QL query refused over indices whose fields dac does not fully know",
            "Check the name against the real index; add the index template to index-templates/ (dac fields pull)"
                    + " so dac knows every field and reports this as an error."),
    ESQL_NEWER_STACK("DAC146", Level.WARNING,
            "ES|QL query refused by an Elasticsearch older than the rule's min_stack_version",
            "Verify on a stack of that version (--engine url with ES_URL), or lower min_stack_version if the"
                    + " query must run on older stacks."),
    ESQL_NO_INFERENCE_ENDPOINT("DAC180", Level.WARNING,
            "ES|QL query needs an inference endpoint the engine lacks (COMPLETION, RERANK)",
            "Nothing to fix in the rule if the endpoint exists where it runs; to verify it, create the endpoint on"
                    + " the engine (ES_URL) or verify on a cluster that has it."),
    ESQL_NOT_VERIFIED("DAC147", Level.WARNING, "ES|QL queries were not verified on Elasticsearch",
            "Let dac start a local node (drop --no-engine), keep one running with 'dac es start', or set ES_URL."),

    EQL_SYNTAX("DAC150", Level.ERROR, "EQL query does not parse (or Elasticsearch's EQL refuses its form)",
            "Fix the query at the line and column given, as the message says."),
    EQL_UNKNOWN_FIELD("DAC151", Level.ERROR, "EQL query names a field the indices do not have",
            "Correct the field name (the message suggests the closest known one), write it ?field if it may be"
                    + " absent, or add the field to the index template in schemas/index-templates/."),
    EQL_TYPE_MISMATCH("DAC152", Level.ERROR, "EQL query uses a field against its type (a number compared with a"
            + " string, cidrMatch on a non-ip field, a malformed CIDR block)",
            "Compare a numeric field with a number, give cidrMatch an ip field and CIDR blocks such as \"10.0.0.0/8\"."),
    EQL_UNKNOWN_INDEX("DAC153", Level.WARNING, "dac knows nothing of an index pattern of the EQL rule; its fields are"
            + " not checked",
            "Add an index template for the pattern in schemas/index-templates/ to have the fields checked."),
    EQL_UNCONFIRMED_FIELD("DAC154", Level.WARNING, "EQL field is not in dac's field tables for the rule's indices,"
            + " which may be incomplete",
            "Check the field's name against the integration's documentation; if it is right, the warning can stay"
                    + " (or add an index template for the indices to make the check exact)."),
    EQL_FIELD_COMPARISON("DAC155", Level.ERROR, "EQL query compares a field with another field, which Elasticsearch's"
            + " EQL refuses",
            "Compare each field with a value, or use a function (stringContains, startsWith, ...) over the two."),
    EXCEPTION_FILE_INVALID("DAC160", Level.ERROR, "Exception list file does not fit the exception list format",
            "Correct the field named; see schemas/exception-file.schema.json (the layout of detection-rules'"
                    + " exceptions/ files, with the field names of Kibana's exception list API)."),
    EXCEPTION_UNKNOWN_ENTRY_TYPE("DAC161", Level.ERROR, "Exception entry has a type Kibana does not know",
            "Use match, match_any, exists, wildcard, nested or list as the entry's type."),
    EXCEPTION_LIST_NOT_IN_REPOSITORY("DAC162", Level.ERROR, "Rule references an exception list that is not in the"
            + " repository",
            "Add the list to exceptions/ (dac cannot apply or deploy a list it does not have, so a test would pass"
                    + " on events Kibana removes), or correct list_id and namespace_type, or remove the reference."),
    EXCEPTION_LIST_IN_KIBANA_ONLY("DAC163", Level.WARNING, "Rule references an endpoint exception list, which lives"
            + " in Kibana; dac test does not apply it",
            "Nothing to fix if the list is managed in Kibana (Elastic Defend's endpoint_list); keep in mind that dac"
                    + " test runs the rule without its items."),
    EXCEPTION_UNKNOWN_FIELD("DAC164", Level.ERROR, "Exception entry names a field the rule's indices do not have",
            "Correct the field name (the message suggests the closest known one); an entry on a missing field never"
                    + " matches, so the exception removes nothing."),
    EXCEPTION_UNCONFIRMED_FIELD("DAC165", Level.WARNING, "Exception entry field is not in dac's field tables for the"
            + " rule's indices, which may be incomplete",
            "Check the field's name against the integration's documentation; if it is right, the warning can stay."),
    EXCEPTION_VALUE_LIST_NOT_APPLIED("DAC166", Level.WARNING, "Exception item uses a value list, which dac does not"
            + " have: dac test does not apply the item",
            "Nothing to fix in the file; the item is deployed, but dac test runs the rule without it (value lists"
                    + " live in Kibana). Write the values as match_any to have them tested."),
    DUPLICATE_EXCEPTION_ID("DAC167", Level.ERROR, "Exception list or item defined twice, or an item filed under"
            + " another list",
            "Give each list its own list_id (per namespace_type) and each item its own item_id, and let each item's"
                    + " list_id and namespace_type be its container's."),
    EXCEPTION_REFERENCE_MISMATCH("DAC168", Level.WARNING, "Rule's exceptions_list reference does not match the"
            + " list's type",
            "Write the list's own type (from its [exceptions.container]) in the rule's exceptions_list."),
    EXCEPTION_ITEM_EXPIRED("DAC169", Level.WARNING, "Exception item has expired: Kibana no longer applies it",
            "Remove the item or move its expire_time forward.");

    /** How a finding affects the run: errors fail it, warnings are reported only. */
    public enum Level {
        ERROR,
        WARNING
    }

    private final String code;
    private final Level level;
    private final String title;
    private final String help;

    Check(String code, Level level, String title, String help) {
        this.code = code;
        this.level = level;
        this.title = title;
        this.help = help;
    }

    public String code() {
        return code;
    }

    public Level level() {
        return level;
    }

    public String title() {
        return title;
    }

    public String help() {
        return help;
    }

    /** A readable identifier such as {@code severity-risk-score-mismatch}. */
    public String slug() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
