extension KeyTable {
    /// One row of the help: keys, what they do, and the section it belongs in. The bindings in
    /// its items are what the key handlers look keys up in.
    public struct Entry: Sendable {
        public let section: HelpSection
        let items: [Item]
        /// What the keys do; nil when they do what `command` does, whose meaning is shown.
        let ownMeaning: String?
        /// The slash command these keys are a shortcut for, e.g. "/history" for Ctrl-O.
        let command: String?

        /// Keys and what they do.
        init(_ section: HelpSection, _ meaning: String, _ items: Item...) {
            self.section = section
            self.items = items
            self.ownMeaning = meaning
            self.command = nil
        }

        /// Keys that do what a slash command does.
        init(_ section: HelpSection, command: String, _ items: Item...) {
            self.section = section
            self.items = items
            self.ownMeaning = nil
            self.command = command
        }

        var bindings: [Binding] {
            items.flatMap { item -> [Binding] in
                switch item {
                case .binding(let binding): return [binding]
                case .pairing(let first, let second): return [first, second]
                case .mention, .label: return []
                }
            }
        }
    }

    /// Some keys bound to one action; `when` is the condition the help states with them ("on an
    /// empty prompt"), which the action's handler checks.
    struct Binding: Sendable {
        let action: KeyAction
        let chords: [KeyChord]
        let when: String?
    }

    /// What an entry's keys column is made of.
    enum Item: Sendable {
        /// Keys bound to an action: "Alt-Enter, Ctrl-J".
        case binding(Binding)
        /// Two actions shown side by side, each alternative paired: "Left / Right, Ctrl-B / Ctrl-F".
        case pairing(Binding, Binding)
        /// The keys bound to an action elsewhere in the table, with how they do this entry's
        /// thing: "Ctrl-C twice (when idle)". Binds nothing.
        case mention(KeyAction, String)
        /// Not a key: "(paste)". Binds nothing.
        case label(String)

        static func bind(_ action: KeyAction, _ keys: Key..., after prefix: Key? = nil, when: String? = nil) -> Item {
            .binding(Binding(action: action, chords: keys.map { KeyChord($0, after: prefix) }, when: when))
        }

        static func pair(
            _ first: KeyAction, _ firstKeys: [Key], _ second: KeyAction, _ secondKeys: [Key], when: String? = nil
        ) -> Item {
            .pairing(
                Binding(action: first, chords: firstKeys.map { KeyChord($0) }, when: when),
                Binding(action: second, chords: secondKeys.map { KeyChord($0) }, when: when))
        }
    }
}
