/// How far apart two words are, for "did you mean …?" suggestions: mistyped commands, theme
/// names and keys in theme and configuration files.
public enum EditDistance {
    /// The candidate nearest to `typed` (ignoring case), if one is close enough to be what was
    /// meant: at most two edits, or a third of the word's length for long words.
    public static func nearest(to typed: String, among candidates: [String]) -> String? {
        let word = Array(typed.lowercased())
        let scored = candidates.map { ($0, distance(word, Array($0.lowercased()))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    /// Levenshtein distance, with a swap of neighbours counting as one edit.
    public static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousRow: [Int] = []
        var row = Array(0...b.count)
        for i in 1...a.count {
            let beforePrevious = previousRow
            previousRow = row
            row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previousRow[j] + 1, row[j - 1] + 1, previousRow[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], beforePrevious[j - 2] + 1)
                }
            }
        }
        return row[b.count]
    }
}
