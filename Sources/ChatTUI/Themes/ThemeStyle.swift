/// How one `StyleRole` looks in a theme: colours and attributes for terminals with colours, and
/// the attributes that stand in for the colours on terminals without them.
public struct ThemeStyle: Sendable, Hashable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var attributes: Set<ThemeAttribute>
    /// The attributes without colour as the theme wrote them; nil to derive them.
    public var explicitMono: Set<ThemeAttribute>?

    public init(
        foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
        attributes: Set<ThemeAttribute> = [], mono: Set<ThemeAttribute>? = nil
    ) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
        self.explicitMono = mono
    }

    /// The attributes used when there is no colour: the theme's `mono`, or else the attributes
    /// plus `reverse` for a style with a background of its own (one other than `body`, the
    /// theme's `plain` background), so that a coloured band (the status bar, a title) still
    /// shows as a band while text on the theme's own background stays plain.
    public func monoAttributes(body: ThemeColor = .terminalDefault) -> Set<ThemeAttribute> {
        if let explicitMono { return explicitMono }
        let band = background != .terminalDefault && background != body
        return band ? attributes.union([.reverse]) : attributes
    }

    /// Whether the style sets a colour, so needs a colour pair.
    public var hasColor: Bool {
        foreground != .terminalDefault || background != .terminalDefault
    }
}
