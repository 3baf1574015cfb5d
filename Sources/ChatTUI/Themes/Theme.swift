/// How every `StyleRole` looks: a theme file's contents (see `ThemeFile`), or the built-in
/// `Theme.default`. Pure data: `Palette` turns it into curses colour pairs for the terminal at
/// hand, `ThemePreview` into escape sequences.
public struct Theme: Sendable, Hashable {
    /// What `--theme` and `/theme` take: the theme file's name without `.json`.
    public var name: String
    /// One line for `chatterm themes`.
    public var description: String
    /// One style per role, in `StyleRole` order.
    private var styles: [ThemeStyle]

    /// A theme with the given styles; a role missing from `styles` looks as it does in `base`.
    public init(
        name: String, description: String, styles: [StyleRole: ThemeStyle], missingFrom base: Theme = .default
    ) {
        self.name = name
        self.description = description
        self.styles = StyleRole.allCases.map { styles[$0] ?? base[$0] }
    }

    /// A theme whose table names every role (the built-in one).
    private init(name: String, description: String, complete table: [StyleRole: ThemeStyle]) {
        self.name = name
        self.description = description
        self.styles = StyleRole.allCases.map { table[$0] ?? ThemeStyle() }
    }

    public subscript(role: StyleRole) -> ThemeStyle {
        get { styles[role.rawValue] }
        set { styles[role.rawValue] = newValue }
    }

    /// The attributes `role` has without colour (see `ThemeStyle.monoAttributes`).
    public func monoAttributes(of role: StyleRole) -> Set<ThemeAttribute> {
        self[role].monoAttributes(body: self[.plain].background)
    }

    /// The built-in look, used when no theme is asked for or the one asked for cannot be
    /// loaded. Only the eight ANSI colours, so it suits any palette the user has set up; the
    /// shipped `themes/default.json` is this theme written out.
    public static let `default` = Theme(
        name: "default", description: "the built-in look: the terminal's own eight colours",
        complete: [
            .plain: ThemeStyle(),
            .userLabel: ThemeStyle(foreground: .cyan, attributes: [.bold]),
            .userText: ThemeStyle(),
            .assistantLabel: ThemeStyle(foreground: .green, attributes: [.bold]),
            .assistantText: ThemeStyle(),
            .systemLabel: ThemeStyle(foreground: .magenta, attributes: [.bold]),
            .systemText: ThemeStyle(attributes: [.dim]),
            .reasoning: ThemeStyle(attributes: [.dim]),
            .error: ThemeStyle(foreground: .red, attributes: [.bold]),
            .dim: ThemeStyle(attributes: [.dim]),
            .border: ThemeStyle(attributes: [.dim]),
            .marker: ThemeStyle(foreground: .yellow, mono: [.reverse]),
            .inputPrompt: ThemeStyle(foreground: .cyan, attributes: [.bold]),
            .inputText: ThemeStyle(),
            .statusReady: ThemeStyle(foreground: .white, background: .blue),
            .statusBusy: ThemeStyle(foreground: .black, background: .yellow),
            .statusWarning: ThemeStyle(foreground: .black, background: .magenta, attributes: [.bold]),
            .statusDone: ThemeStyle(foreground: .black, background: .green),
            .statusError: ThemeStyle(foreground: .white, background: .red, attributes: [.bold]),
            .statusInfo: ThemeStyle(foreground: .white, background: .blue),
            .overlayTitle: ThemeStyle(foreground: .white, background: .blue, attributes: [.bold]),
            .titleBar: ThemeStyle(foreground: .white, background: .blue, attributes: [.bold]),
            // Reverse in the terminal's own colours reads as a selection on any background.
            .selection: ThemeStyle(attributes: [.reverse]),
            .searchMatch: ThemeStyle(
                foreground: .black, background: .yellow, attributes: [.bold, .underline], mono: [.bold, .underline]),
            .selectionMatch: ThemeStyle(attributes: [.reverse, .bold, .underline]),
            .heading: ThemeStyle(foreground: .yellow, attributes: [.bold, .underline]),
            .strong: ThemeStyle(attributes: [.bold]),
            .emphasis: ThemeStyle(attributes: [.italic]),
            .inlineCode: ThemeStyle(foreground: .cyan, mono: [.reverse]),
            // A background of its own; without colours code stays plain, set apart by its
            // header row and continuation marks, as a reversed block would be hard to read.
            .codeBlock: ThemeStyle(foreground: .white, background: .black, mono: []),
            .codeHeader: ThemeStyle(foreground: .cyan, background: .black, attributes: [.dim], mono: [.dim]),
            // Highlighted code keeps the block's background, so the block stays one area; without
            // colours, keywords are bold, strings underlined and comments dim.
            .codeKeyword: ThemeStyle(foreground: .magenta, background: .black, mono: [.bold]),
            .codeString: ThemeStyle(foreground: .green, background: .black, mono: [.underline]),
            .codeComment: ThemeStyle(foreground: .white, background: .black, attributes: [.dim], mono: [.dim]),
            .codeNumber: ThemeStyle(foreground: .red, background: .black, mono: []),
            .codeType: ThemeStyle(foreground: .yellow, background: .black, mono: []),
            .codeFunction: ThemeStyle(foreground: .cyan, background: .black, mono: []),
            .codePunctuation: ThemeStyle(foreground: .white, background: .black, mono: []),
            .diffAdded: ThemeStyle(foreground: .green, background: .black, mono: [.bold]),
            .diffRemoved: ThemeStyle(foreground: .red, background: .black, mono: [.dim]),
            .link: ThemeStyle(foreground: .blue, attributes: [.underline]),
            .quote: ThemeStyle(foreground: .green, attributes: [.dim]),
        ])
}
