/// The table as rows of (keys, what they do): what the help overlay and the README show.
extension KeyTable {
    /// One row of the help. `meaning` keeps the table's Markdown code spans.
    public struct Row: Sendable, Hashable {
        public let keys: String
        public let meaning: String
    }

    /// A section as the help overlay shows it: its keys, then its commands, each with the keys
    /// that are its shortcut before it ("Ctrl-O, /history").
    public static func overlayRows(in section: HelpSection) -> [Row] {
        let keyRows = entries.filter { $0.section == section && $0.command == nil }.map {
            Row(keys: $0.keysText, meaning: $0.meaning)
        }
        let commandRows = commands.filter { $0.section == section }.map { command in
            let shortcuts = entries.filter { $0.command == command.name }.map(\.keysText)
            let typed = [command.usage] + command.aliases
            return Row(keys: (shortcuts + typed).joined(separator: ", "), meaning: command.meaning)
        }
        return keyRows + commandRows
    }

    /// Every key entry of a section, shortcuts for commands included ("Ctrl-O": what `/history`
    /// does, naming it).
    public static func keyRows(in section: HelpSection) -> [Row] {
        entries.filter { $0.section == section }.map { Row(keys: $0.keysText, meaning: $0.meaning) }
    }

    /// Every command: how it is typed (aliases too), and what it does.
    public static func commandRows() -> [Row] {
        commands.map { command in
            Row(keys: ([command.usage] + command.aliases).joined(separator: ", "), meaning: command.meaning)
        }
    }
}

extension KeyTable.Entry {
    /// What the entry's keys do; for a command's shortcut, the command's meaning and its name.
    var meaning: String {
        if let ownMeaning { return ownMeaning }
        guard let command, let definition = KeyTable.command(named: command) else { return "" }
        return definition.meaning + " (`\(definition.name)`)"
    }

    /// The keys column: "Left / Right, Ctrl-B / Ctrl-F", "End, Ctrl-E (at the end of the prompt),
    /// Shift-End". Neighbouring items with the same condition share it.
    var keysText: String {
        var groups: [(names: [String], when: String?)] = []
        for item in items {
            let (names, when) = Self.text(of: item)
            if let last = groups.last, last.when == when, when != nil {
                groups[groups.count - 1].names.append(names)
            } else {
                groups.append(([names], when))
            }
        }
        return groups.map { group in
            group.names.joined(separator: ", ") + (group.when.map { " (\($0))" } ?? "")
        }.joined(separator: ", ")
    }

    private static func text(of item: KeyTable.Item) -> (String, String?) {
        switch item {
        case .binding(let binding):
            return (binding.chords.map(\.name).joined(separator: ", "), binding.when)
        case .pairing(let first, let second):
            let alternatives = (0..<max(first.chords.count, second.chords.count)).map { index in
                [first.chords, second.chords].compactMap { $0.indices.contains(index) ? $0[index].name : nil }
                    .joined(separator: " / ")
            }
            return (alternatives.joined(separator: ", "), first.when)
        case .mention(let action, let how):
            return (KeyTable.chords(for: action).map(\.name).joined(separator: ", ") + " " + how, nil)
        case .label(let label):
            return (label, nil)
        }
    }
}
