/// Checks that the messages of a version-2 file make one tree: every message has an id no other
/// has, every `parent` names a message of the file, and following parents from any message ends
/// at the branch in view or at the start (no cycle). A file that fails is refused by name and
/// left as it is, as any damaged file is: guessing which message was meant could put a reply
/// under the wrong prompt.
enum TreeCheck {
    /// What is wrong with a file's tree, in words for the user.
    struct Problem: Error, Equatable {
        var reason: String
    }

    /// The branch in view (`inView`, in order) and the other messages (`others`), as the file
    /// gives their ids and parents; throws the first problem found.
    static func check(inView: [(id: Int?, parent: Int?)], others: [(id: Int?, parent: Int?)]) throws(Problem) {
        var known: [Int: String] = [:]
        known.reserveCapacity(inView.count + others.count)
        func register(_ id: Int?, _ place: String) throws(Problem) {
            guard let id else { throw Problem(reason: "\(place) has no id") }
            if let first = known.updateValue(place, forKey: id) {
                throw Problem(reason: "\(first) and \(place) have the same id \(id)")
            }
        }
        for (index, message) in inView.enumerated() {
            try register(message.id, "messages[\(index)]")
            let before = index > 0 ? inView[index - 1].id : nil
            if let parent = message.parent, parent != before {
                let expected = before.map { "the message before it, \($0)" } ?? "none, as it is the first"
                throw Problem(reason: "messages[\(index)] names parent \(parent), but its parent is \(expected)")
            }
        }
        for (index, message) in others.enumerated() {
            try register(message.id, "otherBranches[\(index)]")
        }
        var parents: [Int: Int] = [:]
        parents.reserveCapacity(others.count)
        for (index, message) in others.enumerated() {
            guard let parent = message.parent, let id = message.id else { continue }
            guard known[parent] != nil else {
                throw Problem(reason: "otherBranches[\(index)] names parent \(parent), which no message has")
            }
            parents[id] = parent
        }
        // Each message of another branch must lead back to the branch in view or to the start;
        // `reaches` remembers the ones that do, so every message is walked once.
        var reaches: Set<Int> = Set(inView.compactMap(\.id))
        for (index, message) in others.enumerated() {
            guard let id = message.id else { continue }
            var path: [Int] = []
            var onPath: Set<Int> = []
            var current: Int? = id
            while let step = current, !reaches.contains(step) {
                guard onPath.insert(step).inserted else {
                    throw Problem(
                        reason: "the parents of otherBranches[\(index)] go round in a cycle (through id \(step))")
                }
                path.append(step)
                current = parents[step]
            }
            reaches.formUnion(path)
        }
    }
}
