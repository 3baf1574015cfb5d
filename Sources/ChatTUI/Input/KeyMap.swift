/// One context's bindings from the `KeyTable`, for its key handler to look keys up in.
struct KeyMap<Action: Hashable & Sendable>: Sendable {
    private let actions: [KeyChord: Action]
    /// The keys that start a two-key binding (Ctrl-X in the prompt).
    let prefixes: Set<Key>

    /// The bindings whose action `extract` recognises; the first binding of a chord wins (a
    /// test checks that no chord is bound twice in one context).
    init(_ bindings: [KeyTable.Binding], _ extract: (KeyAction) -> Action?) {
        var actions: [KeyChord: Action] = [:]
        var prefixes = Set<Key>()
        for binding in bindings {
            guard let action = extract(binding.action) else { continue }
            for chord in binding.chords where actions[chord] == nil {
                actions[chord] = action
                if let prefix = chord.prefix { prefixes.insert(prefix) }
            }
        }
        self.actions = actions
        self.prefixes = prefixes
    }

    /// The action of a key pressed alone.
    subscript(_ key: Key) -> Action? { actions[KeyChord(key)] }

    /// The action of a key pressed after a prefix key.
    subscript(_ key: Key, after prefix: Key) -> Action? { actions[KeyChord(key, after: prefix)] }
}
