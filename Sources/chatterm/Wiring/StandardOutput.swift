import ChatCore
import ChatTUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Everything chatterm prints goes through here, with `write(2)`, so that a reader who stops
/// early (`chatterm show last | head`) ends the command quietly instead of killing it with
/// SIGPIPE or crashing FileHandle on EPIPE.
///
/// It is also where every string meets the one sanitiser before it reaches a terminal, whatever
/// it came from (settings, the environment, arguments, file names, servers): what chatterm
/// says itself (`write`, `problem`, `failure`) is sanitised and passes the generic `Redactor`
/// (`Bearer` tokens, a URL's user and password); JSON (`json`) has every control, bidi and
/// invisible character escaped; a conversation's own text (`content`) is sanitised on a
/// terminal and left as saved in a pipe or a file.
enum StandardOutput {
    /// A piece of output for `write(_:)`.
    enum Piece {
        /// Text from anywhere: sanitised.
        case text(String)
        /// Escape sequences chatterm made itself, around text of its own (a theme's preview).
        case ownEscapes(String)
    }

    /// Writes `text` (a report, a table, a message) sanitised, line breaks kept; false when the
    /// reader went away (EPIPE) or stdout failed otherwise.
    @discardableResult
    static func write(_ text: String) -> Bool {
        write([.text(text)])
    }

    /// Writes the pieces in order, each text sanitised.
    @discardableResult
    static func write(_ pieces: [Piece]) -> Bool {
        var output = ""
        for piece in pieces {
            switch piece {
            case .text(let text): output += said(text)
            case .ownEscapes(let escapes): output += escapes
            }
        }
        return writeAll(output, to: STDOUT_FILENO) == nil
    }

    /// Writes JSON text with every C0, C1, bidi and invisible character written as a `\u`
    /// escape (`Sanitizer.jsonText`): the same JSON, safe on a terminal.
    @discardableResult
    static func json(_ text: String) -> Bool {
        writeJSON(text) == nil
    }

    /// `json`, returning the `errno` of a write that failed (see `writeAll`).
    static func writeJSON(_ text: String) -> Int32? {
        writeAll(Sanitizer.jsonText(text), to: STDOUT_FILENO)
    }

    /// Writes a conversation's own text: sanitised on a terminal, exactly as saved into a pipe
    /// or a file.
    @discardableResult
    static func content(_ text: String) -> Bool {
        writeContent(text, sanitized: isTerminal, to: STDOUT_FILENO) == nil
    }

    /// Writes model text to `descriptor`, with control characters shown as symbols when
    /// `sanitized`; the `errno` of a write that failed, as `writeAll` says.
    static func writeContent(_ text: String, sanitized: Bool, to descriptor: Int32) -> Int32? {
        writeAll(sanitized ? Sanitizer.displayText(text) : text, to: descriptor)
    }

    /// Writes all of `text` to `descriptor` with SIGPIPE ignored; nil when it all went out, else
    /// the `errno` of the write that failed (EPIPE: the reader went away). The caller has made
    /// `text` safe.
    static func writeAll(_ text: String, to descriptor: Int32) -> Int32? {
        ignoreBrokenPipes()
        var text = text
        return text.withUTF8 { Descriptor.writeAll(UnsafeRawBufferPointer($0), to: descriptor) }
    }

    /// Makes a write to a closed pipe fail with EPIPE, which the writer handles, instead of
    /// raising SIGPIPE, which would kill the process before it could save or say anything.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Whether stdout is a terminal, where untrusted text must be sanitized before it is shown.
    static var isTerminal: Bool { isatty(STDOUT_FILENO) != 0 }

    /// One line on stderr, prefixed with the program's name and made safe for a terminal. A
    /// closed stderr is ignored: there is nowhere left to say anything.
    static func problem(_ line: String) {
        _ = writeAll("chatterm: " + Sanitizer.singleLineText(redact(line)) + "\n", to: STDERR_FILENO)
    }

    /// A command's failure on stderr, as ArgumentParser words it (`Error: …`, a usage), made
    /// safe for a terminal.
    static func failure(_ text: String) {
        _ = writeAll(said(text) + "\n", to: STDERR_FILENO)
    }

    /// Text chatterm says itself, made safe: no secret of a form anyone would recognise, no
    /// control or invisible character.
    private static func said(_ text: String) -> String {
        Sanitizer.displayText(redact(text))
    }

    private static let redact = Redactor()
}
