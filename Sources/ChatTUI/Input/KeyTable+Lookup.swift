/// The table's bindings by context, as the key handlers look them up.
extension KeyTable {
    /// Every binding in the table, in its order.
    static let bindings: [Binding] = entries.flatMap(\.bindings)

    static let chat = KeyMap<KeyAction.Chat>(bindings) { if case .chat(let action) = $0 { action } else { nil } }
    static let prompt = KeyMap<KeyAction.Prompt>(bindings) { if case .prompt(let action) = $0 { action } else { nil } }
    static let history = KeyMap<KeyAction.History>(bindings) {
        if case .history(let action) = $0 { action } else { nil }
    }
    static let viewer = KeyMap<KeyAction.Viewer>(bindings) { if case .viewer(let action) = $0 { action } else { nil } }
    static let viewerSearch = KeyMap<KeyAction.ViewerSearch>(bindings) {
        if case .viewerSearch(let action) = $0 { action } else { nil }
    }
    static let searchLine = KeyMap<KeyAction.SearchLine>(bindings) {
        if case .searchLine(let action) = $0 { action } else { nil }
    }
    static let help = KeyMap<KeyAction.Help>(bindings) { if case .help(let action) = $0 { action } else { nil } }
    static let select = KeyMap<KeyAction.Select>(bindings) { if case .select(let action) = $0 { action } else { nil } }
    static let selectPath = KeyMap<KeyAction.SelectPath>(bindings) {
        if case .selectPath(let action) = $0 { action } else { nil }
    }
    static let selectOverwrite = KeyMap<KeyAction.SelectOverwrite>(bindings) {
        if case .selectOverwrite(let action) = $0 { action } else { nil }
    }

    /// The keys bound to `action`, in the table's order.
    public static func chords(for action: KeyAction) -> [KeyChord] {
        bindings.filter { $0.action == action }.flatMap(\.chords)
    }

    /// The slash command typed as `name` (or one of its aliases).
    public static func command(named name: String) -> SlashCommand.Definition? {
        commands.first { $0.name == name || $0.aliases.contains(name) }
    }
}
