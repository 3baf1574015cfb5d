import Foundation

/// Finds a search text in titles and messages the way people expect: ignoring case, accents
/// ("creme" finds "Crème") and full-width forms ("ＡＢＣ" finds "ABC"); CJK text needs nothing
/// special, since matching is by substring and not by word.
struct TextMatcher: Sendable {
    let needle: String

    private static let options: String.CompareOptions = [.caseInsensitive, .diacriticInsensitive, .widthInsensitive]

    init(_ text: String) {
        needle = text
    }

    func matches(_ haystack: String) -> Bool {
        !needle.isEmpty && haystack.range(of: needle, options: Self.options) != nil
    }
}
