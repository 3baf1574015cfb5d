import Foundation

/// Text prepared for searching the way a user expects in a terminal: case-insensitive,
/// diacritic-insensitive ("cafe" finds "Café"), width-insensitive for full-width Latin ("ＡＢＣ"
/// finds "abc"), and exact for everything else (CJK, emoji).
///
/// Each grapheme is folded on its own: canonical decomposition, nonspacing marks dropped
/// (accents, but also variation selectors and the kana voicing marks, so "か" finds "が"),
/// lowercase mapping. A match must start and end on grapheme boundaries of the original text,
/// so a query never matches half of an emoji sequence, and it is reported in graphemes of the
/// original text, ready to be turned into display columns.
struct FoldedText {
    /// Folded scalars, grapheme after grapheme.
    private(set) var units: [UInt32] = []
    /// For each index of `units` (and one past the end), the grapheme of the original text that
    /// starts there, or -1 inside a grapheme. A grapheme whose fold is empty (a lone combining
    /// mark) shares its start with the next one; the first of them is kept. Empty for printable
    /// ASCII text, where unit `i` is grapheme `i`.
    private var graphemeAt: [Int32] = []
    /// The original text, for measuring columns.
    private let text: String

    /// Remembers the fold of single-scalar graphemes across texts: folding goes through
    /// Foundation for non-ASCII text, and conversations repeat the same characters.
    struct Cache {
        fileprivate var folds: [UInt32: [UInt32]] = [:]
    }

    init(_ text: String) {
        var cache = Cache()
        self.init(text, cache: &cache)
    }

    init(_ text: String, cache: inout Cache) {
        self.text = text
        var text = text
        // Contiguous UTF-8 makes the byte loops below run at memory speed.
        text.makeContiguousUTF8()
        let ascii = text.utf8.withContiguousStorageIfAvailable { bytes -> [UInt32]? in
            guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
            return bytes.map { UInt32($0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0) }
        }
        if let ascii = ascii ?? nil {
            // One grapheme per byte: the fast path for most text.
            units = ascii
            return
        }
        graphemeAt.reserveCapacity(text.utf8.count + 1)
        if foldScalars(text, cache: &cache) { return }
        units.removeAll(keepingCapacity: true)
        graphemeAt.removeAll(keepingCapacity: true)
        var count: Int32 = 0
        for character in text {
            let start = units.count
            Self.fold(character, into: &units, cache: &cache)
            noteGrapheme(count, startingAt: start)
            count += 1
        }
        if graphemeAt.count <= units.count { graphemeAt.append(count) }
    }

    /// The fast path for text where every scalar is a grapheme of its own (Latin, CJK, kana,
    /// hangul syllables, full-width forms: see `standsAlone`), which spares the grapheme
    /// breaking. Returns false, leaving partial work behind, at the first scalar that could
    /// join its neighbour.
    private mutating func foldScalars(_ text: String, cache: inout Cache) -> Bool {
        var count: Int32 = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            guard Self.standsAlone(value) else { return false }
            let start = units.count
            if value < 0x80 {
                units.append(value >= 0x41 && value <= 0x5A ? value + 0x20 : value)
            } else if Self.foldsToItself(value) {
                units.append(value)
            } else if let cached = cache.folds[value] {
                units.append(contentsOf: cached)
            } else {
                var folded: [UInt32] = []
                Self.foldUncached(String(scalar), into: &folded)
                cache.folds[value] = folded
                units.append(contentsOf: folded)
            }
            noteGrapheme(count, startingAt: start)
            count += 1
        }
        if graphemeAt.count <= units.count { graphemeAt.append(count) }
        return true
    }

    /// Records that grapheme `index` starts at unit `start` (unless an earlier one whose fold was
    /// empty already starts there) and that the units it added start no grapheme.
    private mutating func noteGrapheme(_ index: Int32, startingAt start: Int) {
        if graphemeAt.count <= start {
            graphemeAt.append(index)
            while graphemeAt.count < units.count { graphemeAt.append(-1) }
        }
    }

    /// Scalars that never join a neighbour from this same list into one grapheme: printable
    /// ASCII, Latin-1 and Latin Extended-A, CJK symbols and punctuation (without the tone marks
    /// U+302A–U+302F), kana (without the combining voicing marks U+3099–U+309A), CJK ideographs,
    /// hangul syllables and full-width forms. Their grapheme-break property is Other, Control,
    /// or LV/LVT for a syllable (which never joins the next syllable), so text made only of them
    /// has one grapheme per scalar.
    private static func standsAlone(_ value: UInt32) -> Bool {
        switch value {
        case 0x20..<0x7F, 0xA0...0x17F, 0x3000...0x3029, 0x3030...0x3098, 0x309B...0x30FF, 0x3400...0x4DBF,
            0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xFF01...0xFF5E:
            return true
        default:
            return false
        }
    }

    /// Scalars with no case and no decomposition, folded without a look-up: CJK ideographs and
    /// the CJK punctuation most text uses.
    private static func foldsToItself(_ value: UInt32) -> Bool {
        (0x3000...0x303F).contains(value) || (0x3400...0x4DBF).contains(value) || (0x4E00...0x9FFF).contains(value)
    }

    var isEmpty: Bool { units.isEmpty }

    /// The grapheme ranges (of the original text) where `needle` occurs, left to right, not
    /// overlapping. An empty needle matches nothing.
    func occurrences(of needle: FoldedText) -> [Range<Int>] {
        let pattern = needle.units
        guard let first = pattern.first, pattern.count <= units.count else { return [] }
        var found: [Range<Int>] = []
        var start = 0
        let last = units.count - pattern.count
        while start <= last {
            if units[start] == first, let from = grapheme(at: start), let to = grapheme(at: start + pattern.count),
                matches(pattern, at: start)
            {
                found.append(from..<to)
                start += pattern.count
            } else {
                start += 1
            }
        }
        return found
    }

    /// The grapheme that starts at unit `index`, nil inside one.
    private func grapheme(at index: Int) -> Int? {
        if graphemeAt.isEmpty { return index }
        let grapheme = graphemeAt[index]
        return grapheme >= 0 ? Int(grapheme) : nil
    }

    /// Whether the text contains `needle` anywhere.
    func contains(_ needle: FoldedText) -> Bool {
        !needle.isEmpty && !occurrences(of: needle).isEmpty
    }

    /// The display columns of grapheme ranges, as `TextWidth` measures them.
    func columns(of ranges: [Range<Int>]) -> [Range<Int>] {
        guard let end = ranges.last?.upperBound else { return [] }
        var result: [Range<Int>] = []
        result.reserveCapacity(ranges.count)
        var column = 0
        var index = 0
        var next = ranges.makeIterator()
        var range = next.next()
        var startColumn = 0
        var characters = text.makeIterator()
        while index <= end, let current = range {
            if index == current.lowerBound { startColumn = column }
            if index == current.upperBound {
                result.append(startColumn..<column)
                range = next.next()
                continue
            }
            if let character = characters.next() { column += TextWidth.of(character) }
            index += 1
        }
        return result
    }

    private func matches(_ pattern: [UInt32], at start: Int) -> Bool {
        var offset = 1
        while offset < pattern.count {
            if units[start + offset] != pattern[offset] { return false }
            offset += 1
        }
        return true
    }

    private static func fold(_ character: Character, into units: inout [UInt32], cache: inout Cache) {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let scalar = scalars.first {
            if let cached = cache.folds[scalar.value] {
                units.append(contentsOf: cached)
                return
            }
            var folded: [UInt32] = []
            foldUncached(String(character), into: &folded)
            cache.folds[scalar.value] = folded
            units.append(contentsOf: folded)
            return
        }
        foldUncached(String(character), into: &units)
    }

    private static func foldUncached(_ text: String, into units: inout [UInt32]) {
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            let narrowed = narrow(scalar)
            if narrowed.properties.changesWhenLowercased {
                for lower in narrowed.properties.lowercaseMapping.unicodeScalars { units.append(lower.value) }
            } else {
                units.append(narrowed.value)
            }
        }
    }

    /// Full-width ASCII forms (U+FF01–U+FF5E) as their ASCII letters, digits and signs.
    private static func narrow(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        guard (0xFF01...0xFF5E).contains(scalar.value) else { return scalar }
        return Unicode.Scalar(scalar.value - 0xFF01 + 0x21) ?? scalar
    }
}
