/// A fenced code block of a Markdown text, as `/copy N` copies it: its code only, without the
/// fence lines or the fence's own indentation.
///
/// The blocks are found by `MarkdownBlockParser` on the lines as the screen shows them, so the
/// blocks counted here are the blocks the user sees; a fence left open runs to the end of the
/// text, as on screen.
public struct FencedCodeBlock: Sendable, Hashable {
    /// The info string's first word ("swift"), empty when the fence has none.
    public var language: String
    /// The code lines joined with "\n", tabs kept.
    public var code: String
    public var lineCount: Int

    public init(language: String, code: String, lineCount: Int) {
        self.language = language
        self.code = code
        self.lineCount = lineCount
    }

    /// The fenced code blocks of `markdown`, in order.
    public static func blocks(in markdown: String) -> [FencedCodeBlock] {
        // Split at every LF byte, as `MarkdownText` does ("\r\n" is one Character).
        let rawLines = markdown.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(Substring($0))
        }
        // The structure from the lines as drawn; the code from the lines with their tabs.
        let shown = rawLines.map { Sanitizer.displayText($0) }
        let kept = rawLines.map { ClipboardSequence.safeText($0) }
        var blocks: [FencedCodeBlock] = []
        var open: (language: String, lines: [Substring])?
        for unit in MarkdownBlockParser.units(shown.map { $0[...] }, state: .normal) {
            switch unit.kind {
            case .fenceOpen(let language):
                open = (language, [])
            case .code(let indent, _):
                open?.lines.append(MarkdownBlockParser.code(of: kept[unit.lines.lowerBound][...], indent: indent))
            case .fenceClose:
                if let block = open { blocks.append(Self(block)) }
                open = nil
            case .line, .pipeLines:
                break
            }
        }
        if let block = open { blocks.append(Self(block)) }
        return blocks
    }

    private init(_ block: (language: String, lines: [Substring])) {
        self.init(language: block.language, code: block.lines.joined(separator: "\n"), lineCount: block.lines.count)
    }
}
