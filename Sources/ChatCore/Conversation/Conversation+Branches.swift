import Foundation

/// A conversation as a tree: `/edit` starts a new branch from an earlier prompt and `/retry` from
/// the last reply, and the branch they leave stays, in `otherBranches`. `messages` is always the
/// branch in view, so everything that reads a conversation as a list (the screen, requests,
/// `show`) reads the branch in view.
///
/// Messages get ids (`Message.id`) when the conversation first branches, in the order written, so
/// alternatives are numbered in the order they were made: `‹ 2/3 ›` is the second of three.
/// A message in view follows the one before it; one in `otherBranches` names its `parent`.
extension Conversation {
    /// Where a message of the branch in view stands among its alternatives: `‹ 2/3 ›`.
    public struct Alternatives: Sendable, Hashable {
        /// 1-based: the first made is 1.
        public var position: Int
        public var count: Int

        public init(position: Int, count: Int) {
            self.position = position
            self.count = count
        }

        /// How a message's label shows it: `‹ 2/3 ›`.
        public var label: String { "‹ \(position)/\(count) ›" }
    }

    /// Whether any message is out of view: then the file needs format version 2.
    public var isBranched: Bool { !otherBranches.isEmpty }

    /// The alternatives of the message at `index` of the branch in view, or nil when it has none.
    public func alternatives(at index: Int) -> Alternatives? {
        guard !otherBranches.isEmpty, messages.indices.contains(index), let id = messages[index].id else {
            return nil
        }
        let parent = index > 0 ? messages[index - 1].id : nil
        var count = 1
        var position = 1
        for other in otherBranches where other.parent == parent {
            count += 1
            if let otherID = other.id, otherID < id { position += 1 }
        }
        return count > 1 ? Alternatives(position: position, count: count) : nil
    }

    /// The alternatives of every message of the branch in view that has some, by index: what the
    /// screen's labels show. One pass over the conversation, where asking `alternatives(at:)` of
    /// each message would pass over `otherBranches` once per message.
    public func alternativesInView() -> [Int: Alternatives] {
        guard !otherBranches.isEmpty else { return [:] }
        var hidden: [Int?: [Int]] = [:]
        for other in otherBranches {
            if let id = other.id { hidden[other.parent, default: []].append(id) }
        }
        var found: [Int: Alternatives] = [:]
        for index in messages.indices {
            guard let id = messages[index].id else { continue }
            let parent = index > 0 ? messages[index - 1].id : nil
            guard index == 0 || parent != nil, let others = hidden[parent] else { continue }
            found[index] = Alternatives(position: 1 + others.filter { $0 < id }.count, count: 1 + others.count)
        }
        return found
    }

    /// The id the next message gets: one more than any so far.
    public var nextMessageID: Int {
        let highest = max(messages.lazy.compactMap(\.id).max() ?? 0, otherBranches.lazy.compactMap(\.id).max() ?? 0)
        return highest + 1
    }

    /// Gives every message of the branch in view that has no id the next one, in order: what a
    /// conversation needs before it branches, and what a save in version 2 writes for messages
    /// added since. The same conversation is always numbered the same way.
    public mutating func numberMessages() {
        guard messages.contains(where: { $0.id == nil }) else { return }
        var next = nextMessageID
        for index in messages.indices where messages[index].id == nil {
            messages[index].id = next
            next += 1
        }
    }

    /// A copy with every message of the branch in view numbered (`numberMessages`).
    public func numbered() -> Conversation {
        var copy = self
        copy.numberMessages()
        return copy
    }

    /// Starts a new branch at `index` with `message` in place of the one there: that message and
    /// everything after it move to `otherBranches`, kept, and `message` ends the branch in view.
    public mutating func branch(at index: Int, with message: Message) {
        precondition(
            messages.indices.contains(index) || index == messages.count, "a branch starts inside the branch in view")
        numberMessages()
        hideMessages(from: index)
        var message = message
        message.id = nextMessageID
        message.parent = nil
        messages.append(message)
    }

    /// Shows the alternative `step` places after (or, negative, before) the message at `index`,
    /// and below it the newest message at each point; false when there is none that far (the
    /// first or the last is shown already).
    @discardableResult
    public mutating func showAlternative(at index: Int, step: Int) -> Bool {
        guard let current = alternatives(at: index) else { return false }
        return showAlternative(at: index, number: current.position + step)
    }

    /// Shows the `number`th (1-based) alternative of the message at `index`, and below it the
    /// newest message at each point; false when it has no such alternative or shows it already.
    @discardableResult
    public mutating func showAlternative(at index: Int, number: Int) -> Bool {
        guard let current = alternatives(at: index), number != current.position, (1...current.count).contains(number)
        else { return false }
        let parent = index > 0 ? messages[index - 1].id : nil
        let siblings = ([messages[index]] + otherBranches.filter { $0.parent == parent })
            .sorted { ($0.id ?? 0) < ($1.id ?? 0) }
        guard let chosen = siblings[number - 1].id else { return false }
        numberMessages()
        hideMessages(from: index)
        var next: Int? = chosen
        while let id = next, let found = otherBranches.firstIndex(where: { $0.id == id }) {
            var message = otherBranches.remove(at: found)
            message.parent = nil
            messages.append(message)
            next = otherBranches.lazy.filter { $0.parent == id }.compactMap(\.id).max()
        }
        return true
    }

    /// Moves the branch in view from `index` on into `otherBranches`, each message naming its
    /// parent. The messages must be numbered.
    private mutating func hideMessages(from index: Int) {
        guard index < messages.count else { return }
        var parent = index > 0 ? messages[index - 1].id : nil
        for var message in messages[index...] {
            message.parent = parent
            parent = message.id
            otherBranches.append(message)
        }
        messages.removeSubrange(index...)
    }
}
