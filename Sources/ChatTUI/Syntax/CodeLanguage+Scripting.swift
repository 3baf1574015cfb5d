/// Python and the shell.
extension CodeLanguage {
    static let python = CodeLanguage(
        name: "python", aliases: ["py", "python3", "py3", "pyi", "gyp"],
        keywords: [
            "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
            "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not",
            "or", "pass", "raise", "return", "try", "while", "with", "yield", "match", "case",
        ],
        types: [
            "int", "float", "str", "bytes", "bool", "list", "dict", "set", "tuple", "object", "type", "print", "len",
            "range", "open", "enumerate", "zip", "map", "filter", "sorted", "isinstance", "super", "self", "cls",
            "Exception", "ValueError", "TypeError", "KeyError",
        ],
        constants: ["True", "False", "None"],
        lineComments: ["#"],
        strings: [
            StringForm("\"\"\"", spansLines: true), StringForm("'''", spansLines: true), StringForm("\""),
            StringForm("'"),
        ],
        stringPrefixes: ["r", "b", "f", "u", "rb", "br", "fr", "rf", "R", "B", "F", "U"], annotations: true)

    static let shell = CodeLanguage(
        name: "shell", aliases: ["sh", "bash", "zsh", "ksh", "fish", "shellscript", "shell-script"],
        keywords: shellKeywords, types: shellBuiltins, callsAreFunctions: false,
        lineComments: ["#"], commentNeedsSpace: true, strings: shellStrings, numbers: false, variables: true)

    /// A terminal session: `$ ` lines are commands, the others their output.
    static let console = CodeLanguage(
        name: "console", aliases: ["shell-session", "shellsession", "terminal"],
        keywords: shellKeywords, types: shellBuiltins, callsAreFunctions: false,
        lineComments: ["#"], commentNeedsSpace: true, strings: shellStrings, numbers: false, variables: true,
        lineRule: .prompt)

    private static let shellKeywords = [
        "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "in", "function",
        "select", "return", "break", "continue", "local", "export", "readonly", "declare", "time",
    ]

    private static let shellBuiltins = [
        "echo", "printf", "cd", "pwd", "exit", "set", "unset", "shift", "source", "eval", "exec", "read", "test",
        "trap", "alias", "sudo",
    ]

    private static let shellStrings = [
        StringForm("\"", spansLines: true), StringForm("'", escapes: false, spansLines: true),
        StringForm("`", spansLines: true),
    ]
}
