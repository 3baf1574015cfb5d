/// What a piece of text on screen is, so a theme can decide how it looks. Layout code speaks only
/// in roles; the curses surface turns them into colours and attributes.
public enum StyleRole: Int, Sendable, Hashable, CaseIterable {
    case plain
    case userLabel
    case userText
    case assistantLabel
    case assistantText
    case systemLabel
    case systemText
    case reasoning
    case error
    /// Secondary information: timestamps, figures, hints.
    case dim
    /// Lines that separate: Markdown rules and table separators.
    case border
    /// Markers such as "new output below" and placeholders for control characters.
    case marker
    case inputPrompt
    case inputText
    case statusReady
    case statusBusy
    /// Waiting to retry after a failure: not an error yet, but the user should see it.
    case statusWarning
    case statusDone
    case statusError
    /// The right-hand side of the status bar: model and endpoint.
    case statusInfo
    /// The title band of a full-screen overlay (the history browser).
    case overlayTitle
    /// The top line of the chat: the conversation's title.
    case titleBar
    /// The selected row of a list (the history browser).
    case selection
    /// Text that matches the current search, in a conversation or a list.
    case searchMatch
    /// A match inside the selected row: both marks at once, so neither hides the other.
    case selectionMatch
    /// Markdown in assistant replies: a heading's text.
    case heading
    /// `**strong**` text.
    case strong
    /// `*emphasis*` text.
    case emphasis
    /// `` `code` `` inside a line.
    case inlineCode
    /// The rows of a fenced code block, padded to the width so the block shows as one area.
    case codeBlock
    /// A code block's header row ("╭─ swift ───") and its continuation marks ("↪ ").
    case codeHeader
    /// A fenced block's code as the highlighter (`CodeLexer`) reads it, on the block's
    /// background: a language's keywords (in YAML, TOML and HTML the keys' and tags' kin go to
    /// `codeType` and `codeKeyword` as noted there).
    case codeKeyword
    /// String and character literals.
    case codeString
    case codeComment
    /// Numbers and literal words (`true`, `nil`, `None`), HTML entities.
    case codeNumber
    /// Types and built-in names; also annotations, shell variables, YAML and TOML keys, and
    /// markup attributes.
    case codeType
    /// A name that is called (`name(`, Rust's `name!`), and a diff's `@@` lines.
    case codeFunction
    /// Operators and brackets: the same as code text in the shipped themes, so that they cost
    /// no change of colour (and no bytes) on the terminal.
    case codePunctuation
    /// A diff's added and removed lines.
    case diffAdded
    case diffRemoved
    /// A link's text.
    case link
    /// A block quote, its "│ " bars included.
    case quote

    /// The role's name in theme files: the case's own name ("userLabel").
    public var name: String { String(describing: self) }

    /// The role a theme file names, or nil for a name that is no role.
    public init?(name: String) {
        guard let role = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = role
    }
}
