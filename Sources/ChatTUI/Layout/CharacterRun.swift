/// A line's characters from some index on, each addressed by its index in the whole line: what
/// `MarkdownInline` reads. A streaming line keeps only the characters it may still read.
struct CharacterRun: Sendable {
    /// The index of the first character held.
    private(set) var startIndex = 0
    private var storage: [Character] = []

    init() {}

    init(_ text: Substring) {
        storage = Array(text)
    }

    /// The index after the last character.
    var endIndex: Int { startIndex + storage.count }

    subscript(index: Int) -> Character { storage[index - startIndex] }

    /// The characters in `range` as a string.
    func string(_ range: Range<Int>) -> String {
        String(storage[(range.lowerBound - startIndex)..<(range.upperBound - startIndex)])
    }

    mutating func append(_ character: Character) { storage.append(character) }

    mutating func removeLast() { storage.removeLast() }

    /// Forgets the characters before `index` once they are most of what is held (so that the
    /// cost spreads over the characters forgotten).
    mutating func forget(before index: Int) {
        let count = index - startIndex
        guard count > 64 && count > storage.count / 2 else { return }
        storage.removeFirst(count)
        startIndex = index
    }
}
