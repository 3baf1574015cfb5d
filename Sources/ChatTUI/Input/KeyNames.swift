/// How the hints name the keys bound to an action: "Ctrl-R", or "Esc or q" for the first two.
/// Every hint that names a key (the prompt's placeholder, the history browser's and the
/// viewer's hint lines, the `/find` notice, the folded reasoning, the help's title, `chatterm
/// --help`) is built with one: `KeyTable.keyNames` in the program, names of its own in a test
/// that checks each key a hint mentions comes from the table.
public struct KeyNames: Sendable {
    private let names: @Sendable (KeyAction) -> [String]

    /// Names from `names`: the names of the keys bound to an action, in the table's order.
    public init(_ names: @escaping @Sendable (KeyAction) -> [String]) {
        self.names = names
    }

    /// The first key bound to `action`, or its first `count` keys joined by `separator`.
    public func callAsFunction(_ action: KeyAction, first count: Int = 1, joinedBy separator: String = " or ")
        -> String
    {
        names(action).prefix(count).joined(separator: separator)
    }
}

extension KeyTable {
    /// The table's names for the keys bound to an action: `KeyTable.keyNames(.chat(.findOlder))`
    /// is "Ctrl-R".
    public static let keyNames = KeyNames { action in chords(for: action).map(\.name) }
}
