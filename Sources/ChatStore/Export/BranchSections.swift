import ChatCore

/// A conversation cut into the runs of messages an export prints: the branch in view, and with
/// `--all-branches` after it every other branch once, each headed by where it leaves the branch
/// it grows from.
///
/// An other branch is a run that starts at a message of `otherBranches` whose sibling is on a
/// branch already printed, and goes on, at each point, to the newest message that follows (as
/// the chat shows a branch switched to); the messages it passes by start runs of their own. Runs
/// are printed in the order they are found: the branch in view's alternatives from its first
/// message to its last, then those of the second run, and so on, siblings oldest first. Every
/// message is printed exactly once.
struct BranchSections {
    /// One message as an export prints it.
    struct Entry {
        var message: Message
        /// Its place in the conversation, counting from 1 at the first message of every branch.
        var number: Int
        /// Where it stands among the messages that could follow the same one: `‹ 2/3 ›`.
        var alternatives: Conversation.Alternatives?
    }

    /// One run of messages and what leads to it.
    struct Section {
        /// 1 for the branch in view, then 2, 3… in the order printed.
        var branch: Int
        /// Where it leaves an earlier branch; nil for the branch in view.
        var heading: String?
        var entries: [Entry]
    }

    let sections: [Section]

    /// The sections of `conversation`: the branch in view only, or with `allBranches` every one.
    init(_ conversation: Conversation, allBranches: Bool) {
        guard conversation.isBranched else {
            sections = [
                Section(
                    branch: 1, heading: nil,
                    entries: conversation.messages.enumerated().map {
                        Entry(message: $0.element, number: $0.offset + 1, alternatives: nil)
                    })
            ]
            return
        }
        let tree = conversation.numbered()
        // The messages that follow each message (nil: those that start the conversation), oldest first.
        var children: [Int?: [Message]] = [:]
        for (index, message) in tree.messages.enumerated() {
            children[index > 0 ? tree.messages[index - 1].id : nil, default: []].append(message)
        }
        for message in tree.otherBranches { children[message.parent, default: []].append(message) }
        for key in children.keys { children[key]?.sort { ($0.id ?? 0) < ($1.id ?? 0) } }

        func alternatives(of message: Message, after parent: Int?) -> Conversation.Alternatives? {
            let siblings = children[parent] ?? []
            guard siblings.count > 1, let position = siblings.firstIndex(where: { $0.id == message.id }) else {
                return nil
            }
            return Conversation.Alternatives(position: position + 1, count: siblings.count)
        }

        var viewEntries: [Entry] = []
        for (index, message) in tree.messages.enumerated() {
            let parent = index > 0 ? tree.messages[index - 1].id : nil
            viewEntries.append(
                Entry(message: message, number: index + 1, alternatives: alternatives(of: message, after: parent)))
        }
        var found = [Section(branch: 1, heading: nil, entries: viewEntries)]
        guard allBranches else {
            sections = found
            return
        }
        var printed = Set(tree.messages.compactMap(\.id))
        var next = 0
        while next < found.count {
            let section = found[next]
            next += 1
            // The alternatives of each message of this run, in order, and then those of what
            // would follow its last message (a run may stop where another goes on).
            var points: [(parent: Int?, number: Int)] = []
            for (index, entry) in section.entries.enumerated() {
                let parent =
                    index > 0
                    ? section.entries[index - 1].message.id : section.branch == 1 ? nil : entry.message.parent
                points.append((parent, entry.number))
            }
            if let last = section.entries.last { points.append((last.message.id, last.number + 1)) }
            for point in points {
                for start in children[point.parent] ?? [] where !printed.contains(start.id ?? -1) {
                    var entries: [Entry] = []
                    var current: Message? = start
                    var parent = point.parent
                    var number = point.number
                    while let message = current {
                        printed.insert(message.id ?? -1)
                        entries.append(
                            Entry(
                                message: message, number: number, alternatives: alternatives(of: message, after: parent)
                            ))
                        parent = message.id
                        number += 1
                        current = children[message.id]?.last { !printed.contains($0.id ?? -1) }
                    }
                    let branch = found.count + 1
                    let place =
                        entries[0].alternatives.map {
                            "alternative \($0.position)/\($0.count) to message \(point.number)"
                        }
                        ?? "continuation after message \(point.number - 1)"
                    let source = section.branch == 1 ? "" : " of branch \(section.branch)"
                    found.append(
                        Section(branch: branch, heading: "branch \(branch): \(place)\(source)", entries: entries))
                }
            }
        }
        sections = found
    }

}
