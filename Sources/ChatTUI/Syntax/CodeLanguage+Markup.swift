/// Markup and line-based formats: HTML, XML, diff, Dockerfile.
extension CodeLanguage {
    static let html = CodeLanguage(
        name: "html", aliases: ["htm", "xhtml", "vue", "svelte"], callsAreFunctions: false,
        blockComments: [BlockComment("<!--", "-->")], strings: markupStrings, numbers: false, markup: true)

    static let xml = CodeLanguage(
        name: "xml", aliases: ["svg", "xsd", "xsl", "xslt", "plist", "rss", "atom", "csproj", "pom"],
        callsAreFunctions: false,
        blockComments: [BlockComment("<!--", "-->"), BlockComment("<![CDATA[", "]]>")], strings: markupStrings,
        numbers: false, markup: true)

    static let diff = CodeLanguage(
        name: "diff", aliases: ["patch", "udiff"], callsAreFunctions: false, numbers: false, lineRule: .diff)

    static let dockerfile = CodeLanguage(
        name: "dockerfile", aliases: ["docker", "containerfile"],
        keywords: [
            "from", "run", "cmd", "label", "maintainer", "expose", "env", "add", "copy", "entrypoint", "volume",
            "user", "workdir", "arg", "onbuild", "stopsignal", "healthcheck", "shell",
        ],
        caseInsensitive: true, callsAreFunctions: false, lineComments: ["#"], commentNeedsSpace: true,
        strings: [StringForm("\"", spansLines: true), StringForm("'", escapes: false, spansLines: true)],
        variables: true, lineRule: .instruction)

    /// Attribute values, in a tag only.
    private static let markupStrings = [
        StringForm("\"", escapes: false, spansLines: true), StringForm("'", escapes: false, spansLines: true),
    ]
}
