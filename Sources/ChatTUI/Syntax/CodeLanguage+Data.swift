/// Data and query languages: JSON, YAML, TOML, SQL.
extension CodeLanguage {
    static let json = CodeLanguage(
        name: "json", aliases: ["jsonc", "json5", "jsonl", "ndjson", "geojson"],
        constants: ["true", "false", "null"], callsAreFunctions: false,
        lineComments: ["//"], blockComments: [BlockComment("/*", "*/")], strings: [StringForm("\"")])

    static let yaml = CodeLanguage(
        name: "yaml", aliases: ["yml"],
        constants: ["true", "false", "null", "yes", "no", "on", "off", "True", "False", "Null", "~"],
        callsAreFunctions: false, lineComments: ["#"], commentNeedsSpace: true,
        strings: [StringForm("\""), StringForm("'", escapes: false)], lineRule: .colonKey)

    static let toml = CodeLanguage(
        name: "toml", constants: ["true", "false", "inf", "nan"], callsAreFunctions: false,
        lineComments: ["#"],
        strings: [
            StringForm("\"\"\"", spansLines: true), StringForm("'''", escapes: false, spansLines: true),
            StringForm("\""), StringForm("'", escapes: false),
        ],
        lineRule: .equalsKey)

    static let sql = CodeLanguage(
        name: "sql", aliases: ["mysql", "postgresql", "postgres", "psql", "plpgsql", "sqlite", "tsql", "plsql"],
        keywords: [
            "select", "from", "where", "and", "or", "not", "in", "is", "like", "between", "join", "inner", "left",
            "right", "outer", "full", "cross", "on", "as", "group", "by", "order", "having", "limit", "offset",
            "insert", "into", "values", "update", "set", "delete", "create", "table", "index", "view", "drop",
            "alter", "add", "column", "primary", "key", "foreign", "references", "unique", "default", "constraint",
            "distinct", "union", "all", "case", "when", "then", "else", "end", "with", "returning", "exists", "if",
            "begin", "commit", "rollback", "transaction", "asc", "desc", "cascade", "check", "trigger", "function",
            "procedure", "declare", "grant", "revoke", "database", "schema", "replace", "conflict", "do", "nothing",
        ],
        types: [
            "int", "integer", "bigint", "smallint", "serial", "bigserial", "text", "varchar", "char", "boolean",
            "bool", "date", "time", "timestamp", "timestamptz", "interval", "numeric", "decimal", "real", "float",
            "double", "precision", "json", "jsonb", "uuid", "blob", "bytea", "count", "sum", "avg", "min", "max",
            "coalesce", "now",
        ],
        constants: ["null", "true", "false"], caseInsensitive: true, callsAreFunctions: true,
        lineComments: ["--"], blockComments: [BlockComment("/*", "*/")],
        strings: [StringForm("'", escapes: false, spansLines: true), StringForm("\"", escapes: false)])
}
