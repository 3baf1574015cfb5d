#if canImport(Glibc)
    import Glibc
#endif

/// What the terminal sends, turned into key presses: the terminal input's state machine. Pure:
/// the terminal layer does the reading and gives it events; this type decides what they mean.
///
/// The terminal layer hands over curses' keys one at a time (`.key`), says when curses has none
/// left (`.drained`: the burst the terminal sent is over, and ncurses' ESCDELAY has passed after
/// a lone ESC), and between bracketed-paste markers reads the terminal itself (`.pasteStarted`,
/// then `.bytes`). What comes back, in order, is keys to handle and bytes typed behind a paste,
/// to give back to curses to decode (`.unread`).
///
/// - Alt-x reaches curses as ESC, then x: an ESC with a key behind it in the same burst is that
///   key's Alt form (`Key.alt(after:)`); an ESC with nothing behind it is Esc.
/// - Characters typed in a row come out as one `.text`, so a burst of typing is one edit.
/// - Terminals without bracketed paste send a paste as one burst: an Enter with more behind it
///   in the same burst is a line break of pasted text (`.ctrl("j")`), not a send; the burst's
///   last Enter is Enter.
/// - A bracketed paste is collected from its start marker to its end marker over as many reads
///   as it takes and comes out as one `.paste`, UTF-8 decoded once whole (an invalid byte becomes
///   U+FFFD), so a character or a marker split between reads arrives whole. Reading it past
///   curses matters: ncurses reads one byte per `read(2)`, seconds for a 1 MB paste.
public struct TerminalInput: Sendable {
    /// What the terminal layer saw.
    public enum Event: Sendable, Hashable {
        /// One key decoded by curses.
        case key(Key)
        /// The paste start marker's key code: from now on the layer reads raw `.bytes`.
        case pasteStarted
        /// Bytes read from the terminal while a paste is collected.
        case bytes([UInt8])
        /// Curses has no key left.
        case drained
    }

    /// What the app gets, in order.
    public enum Output: Sendable, Hashable {
        case key(Key)
        /// Bytes typed behind a paste's end marker, for curses to decode (`ungetch`).
        case unread([UInt8])
    }

    enum State: Sendable, Hashable {
        /// Keys come through curses. `held` waits for the next key to say what it is;
        /// `queuedPaste` is a paste that came behind keys given back to curses (its bytes after
        /// the start marker), to collect once curses has handed those keys over.
        case keys(held: Held, queuedPaste: [UInt8]?)
        /// Between the paste markers: the paste's bytes so far.
        case pasting([UInt8])
    }

    /// A key held back until the next one (or the end of the burst) says what it is.
    enum Held: Sendable, Hashable {
        case nothing
        /// Characters typed in a row, to hand over as one `.text`.
        case text(String)
        /// ESC: Esc, or the start of an Alt key.
        case escape
        /// Enter: a send, or a pasted line break.
        case enter
    }

    static let pasteStartMarker = "\u{1B}[200~"
    static let pasteEndMarker = "\u{1B}[201~"
    private static let startBytes = Array(pasteStartMarker.utf8)
    private static let endBytes = Array(pasteEndMarker.utf8)

    private(set) var state: State

    public init() {
        state = .keys(held: .nothing, queuedPaste: nil)
    }

    init(state: State) {
        self.state = state
    }

    /// Whether a paste is being collected: the terminal layer reads raw bytes, not curses' keys.
    public var isPasting: Bool {
        if case .pasting = state { return true }
        return false
    }

    /// Whether a paste waits for curses to hand over the keys typed before it; `.drained` starts it.
    public var hasQueuedPaste: Bool {
        if case .keys(_, .some) = state { return true }
        return false
    }

    /// Every transition: the event's outputs, in order.
    public mutating func take(_ event: Event) -> [Output] {
        switch (state, event) {
        case (.keys(let held, let queued), .key(let key)):
            var outputs: [Output] = []
            state = .keys(held: Self.press(key, after: held, into: &outputs), queuedPaste: queued)
            return outputs
        case (.keys(let held, _), .pasteStarted):
            state = .pasting([])
            return Self.release(held, moreFollows: true)
        case (.keys(let held, nil), .drained):
            state = .keys(held: .nothing, queuedPaste: nil)
            return Self.release(held, moreFollows: false)
        case (.keys(let held, let queued?), .drained):
            state = .pasting([])
            return Self.release(held, moreFollows: true) + collect(queued)
        case (.pasting, .bytes(let bytes)):
            return collect(bytes)
        case (.keys, .bytes), (.pasting, .key), (.pasting, .pasteStarted), (.pasting, .drained):
            // The terminal layer reads raw bytes exactly while a paste is collected.
            return []
        }
    }

    /// What is held after `key` arrives behind `held`, and what that lets out.
    private static func press(_ key: Key, after held: Held, into outputs: inout [Output]) -> Held {
        switch held {
        case .nothing:
            break
        case .text(let typed):
            if case .text(let more) = key { return .text(typed + more) }
            outputs.append(.key(.text(typed)))
        case .escape:
            if let alt = Key.alt(after: key) {
                outputs.append(.key(alt))
                return .nothing
            }
            outputs.append(.key(.escape))
        case .enter:
            outputs.append(.key(.ctrl("j")))
        }
        switch key {
        case .text(let typed): return .text(typed)
        case .escape: return .escape
        case .enter: return .enter
        default:
            outputs.append(.key(key))
            return .nothing
        }
    }

    /// The held key let out: `moreFollows` when a paste comes behind it in the same burst.
    private static func release(_ held: Held, moreFollows: Bool) -> [Output] {
        switch held {
        case .nothing: return []
        case .text(let typed): return [.key(.text(typed))]
        case .escape: return [.key(.escape)]
        case .enter: return [.key(moreFollows ? .ctrl("j") : .enter)]
        }
    }

    /// Adds bytes to the paste being collected: each end marker lets out a paste; bytes behind
    /// the last one are keys for curses, and a start marker behind those keys queues its paste.
    private mutating func collect(_ bytes: [UInt8]) -> [Output] {
        guard case .pasting(var buffer) = state else { return [] }
        // Let go of the state's copy, so that appending does not copy a large paste.
        state = .keys(held: .nothing, queuedPaste: nil)
        var searchFrom = max(0, buffer.count - (Self.endBytes.count - 1))
        buffer += bytes
        var outputs: [Output] = []
        while let end = Self.find(Self.endBytes, in: buffer[...], from: searchFrom) {
            outputs.append(.key(.paste(String(decoding: buffer[..<end], as: UTF8.self))))
            let behind = buffer[(end + Self.endBytes.count)...]
            guard let next = Self.find(Self.startBytes, in: behind, from: behind.startIndex) else {
                if !behind.isEmpty { outputs.append(.unread(Array(behind))) }
                return outputs
            }
            let paste = Array(behind[(next + Self.startBytes.count)...])
            if next > behind.startIndex {
                outputs.append(.unread(Array(behind[..<next])))
                state = .keys(held: .nothing, queuedPaste: paste)
                return outputs
            }
            buffer = paste
            searchFrom = 0
        }
        state = .pasting(buffer)
        return outputs
    }

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
