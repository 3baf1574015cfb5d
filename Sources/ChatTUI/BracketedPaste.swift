import CNcursesw

#if canImport(Glibc)
    import Glibc
#endif

/// Bracketed paste (xterm's mode 2004): while it is on, the terminal sends a paste between
/// `ESC [200~` and `ESC [201~`, so a pasted Enter is text and never sends the prompt.
///
/// How the app uses it: `load()` once after `newterm` and `keypad(…, true)` binds the two
/// markers to key codes of ours; `switchOn()` at start and after every return to the terminal,
/// `switchOff()` at every departure (quit, signals, Ctrl-Z, `$EDITOR`), so a shell never
/// receives markers it did not ask for.
///
/// After the start marker the app reads standard input itself, 64 KB at a time, and hands the
/// bytes to `collect(_:)`, which gives the whole paste at the end marker, however many reads it
/// took to arrive. Going through `wget_wch` would cost a `read(2)` per byte (ncurses reads one
/// byte at a time): seconds for a 1 MB paste. This is safe because ncurses reads no further
/// than the end of the marker it returns, so the paste's bytes are all still in the terminal.
public struct BracketedPaste: Sendable {
    /// Turns the mode on. A `StaticString`, so that a signal handler can write it without
    /// allocating (`utf8Start`, `utf8CodeUnitCount`).
    public static let enable: StaticString = "\u{1B}[?2004h"
    /// Turns the mode off; a crash handler restoring the terminal writes it too.
    public static let disable: StaticString = "\u{1B}[?2004l"
    static let startMarker = "\u{1B}[200~"
    static let endMarker = "\u{1B}[201~"

    /// The key codes `wget_wch` returns for the markers; nil before `load()`, or when ncurses
    /// would not bind them.
    let startCode: Int32?
    let endCode: Int32?
    /// The paste's bytes so far, while between the markers.
    private var collected: [UInt8]?
    /// A paste that came behind keys in the same read, from its start marker on.
    private(set) var deferred: [UInt8] = []

    init(startCode: Int32? = nil, endCode: Int32? = nil) {
        self.startCode = startCode
        self.endCode = endCode
    }

    /// Binds the markers to key codes for the current terminal: terminfo's own code when it has
    /// one, else a private code above ExtendedKeys' (`KEY_MAX + 0x400 …`). Must run on the main
    /// actor after curses is initialised.
    @MainActor
    static func load() -> BracketedPaste {
        func code(for sequence: String, privateCode: Int32) -> Int32? {
            let defined = key_defined(sequence)
            if defined > 0 { return defined }
            return define_key(sequence, privateCode) == OK ? privateCode : nil
        }
        return BracketedPaste(
            startCode: code(for: startMarker, privateCode: KEY_MAX + 0x480),
            endCode: code(for: endMarker, privateCode: KEY_MAX + 0x481))
    }

    /// Whether both markers have key codes: otherwise the mode stays off, as a marker ncurses
    /// cannot name would reach the draft as Alt-[ and "200~".
    var isAvailable: Bool { startCode != nil && endCode != nil }

    /// Turns the mode on in the terminal, when the markers can be read.
    func switchOn() {
        if isAvailable { TerminalOutput.write(Self.enable) }
    }

    /// Turns the mode off in the terminal.
    static func switchOff() {
        TerminalOutput.write(disable)
    }

    /// Whether a paste has started and its end marker has not come yet.
    var isCollecting: Bool { collected != nil }

    /// Whether a `wget_wch` result is the start marker.
    func isStart(_ value: UInt32, isKeyCode: Bool) -> Bool {
        isKeyCode && isAvailable && Int32(bitPattern: value) == startCode
    }

    /// Starts collecting a paste.
    mutating func begin() {
        collected = []
    }

    /// Takes bytes read from the terminal while collecting, and returns what they complete, in
    /// order: pastes, then the keys typed behind the last one (bytes for ncurses to decode;
    /// `ungetch` them). Bytes from a start marker behind those keys on wait in `deferred` until
    /// ncurses has handed the keys over (`resumeDeferred()`).
    ///
    /// A paste is UTF-8 decoded once whole (an invalid byte becomes U+FFFD), so a character
    /// split between two reads arrives whole; so does a marker split between two reads.
    mutating func collect(_ bytes: ArraySlice<UInt8>) -> [Piece] {
        guard var buffer = collected else { return [] }
        collected = nil
        let searchFrom = max(0, buffer.count - (Self.endBytes.count - 1))
        buffer += bytes
        guard let end = Self.find(Self.endBytes, in: buffer[...], from: searchFrom) else {
            collected = buffer
            return []
        }
        let paste = Piece.paste(String(decoding: buffer[..<end], as: UTF8.self))
        let behind = buffer[(end + Self.endBytes.count)...]
        guard !behind.isEmpty else { return [paste] }
        guard let next = Self.find(Self.startBytes, in: behind, from: behind.startIndex) else {
            return [paste, .keys(Array(behind))]
        }
        if next == behind.startIndex {
            begin()
            return [paste] + collect(behind.dropFirst(Self.startBytes.count))
        }
        deferred = Array(behind[next...])
        return [paste, .keys(Array(behind[..<next]))]
    }

    /// Starts the paste that `collect` deferred behind keys, once ncurses has handed those
    /// over; returns what its bytes complete, as `collect` does.
    mutating func resumeDeferred() -> [Piece] {
        guard !deferred.isEmpty else { return [] }
        let bytes = deferred.dropFirst(Self.startBytes.count)
        deferred = []
        begin()
        return collect(bytes)
    }

    /// What collected bytes come to.
    enum Piece: Sendable, Hashable {
        case paste(String)
        /// Bytes typed behind a paste: keys for ncurses to decode.
        case keys([UInt8])
    }

    private static let startBytes = Array(startMarker.utf8)
    private static let endBytes = Array(endMarker.utf8)

    /// Where `needle` starts in `haystack` at or after `start`: memchr for its first byte, as a
    /// byte-by-byte loop over a megabyte is slow in a debug build.
    private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>, from start: Int) -> Int? {
        haystack.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            var offset = start - haystack.startIndex
            while offset + needle.count <= buffer.count {
                guard let hit = memchr(base + offset, Int32(needle[0]), buffer.count - offset) else { return nil }
                let position = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
                if position + needle.count <= buffer.count && memcmp(base + position, needle, needle.count) == 0 {
                    return haystack.startIndex + position
                }
                offset = position + 1
            }
            return nil
        }
    }
}
