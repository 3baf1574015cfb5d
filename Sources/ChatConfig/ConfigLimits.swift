/// How much of a configuration file chatterm reads, and how much of it an error repeats.
///
/// A configuration file is a few dozen settings written by hand. These bounds are far above any
/// such file and keep a hostile or broken one (a 100,000-part table header, inline tables nested
/// thousands deep, a megabyte-long value) to one located error, found in a single pass before
/// TOMLKit sees the text, and to a few lines on the screen.
public enum ConfigLimits {
    /// The largest file read, in bytes (1 MiB).
    public static let fileBytes = 1 << 20
    /// How deep tables, arrays and inline tables may nest: each part of a dotted key or table
    /// header is one level, each array one more.
    public static let depth = 32
    /// How many keys a file may write (each part of a dotted key or header counts).
    public static let keys = 10_000
    /// The longest key, string or other value, in bytes (64 KiB).
    public static let tokenBytes = 64 << 10
    /// How many characters of a value or key an error message repeats before "…".
    public static let quotedCharacters = 80
    /// How many problems an error lists before "… and N more problems".
    public static let listedProblems = 20
    /// How many profile names a message lists before "and N more".
    public static let listedProfiles = 10

    /// `text`, cut to `limit` characters with "…" when it is longer, for a message.
    public static func excerpt(_ text: String, limit: Int = quotedCharacters) -> String {
        var kept = 0
        var scalars = 0
        var end = text.startIndex
        for character in text {
            let size = character.unicodeScalars.count
            guard kept < limit, scalars + size <= limit * 4 else { break }
            kept += 1
            scalars += size
            end = text.index(after: end)
        }
        if end == text.endIndex { return text }
        if end == text.startIndex {
            // One enormous character (a letter with thousands of combining marks): its first
            // scalars stand for it.
            return String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit))) + "…"
        }
        return String(text[..<end]) + "…"
    }
}
