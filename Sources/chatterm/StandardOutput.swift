import ChatTUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a command's output to stdout with `write(2)`, so that a reader who stops early
/// (`chatterm show last | head`) ends the command quietly instead of killing it with SIGPIPE or
/// crashing FileHandle on EPIPE.
enum StandardOutput {
    /// Writes all of `text`; false when the reader went away (EPIPE) or stdout failed otherwise.
    @discardableResult
    static func write(_ text: String) -> Bool {
        signal(SIGPIPE, SIG_IGN)
        var text = text
        return text.withUTF8 { buffer in
            guard var next = buffer.baseAddress else { return true }
            var left = buffer.count
            while left > 0 {
                let count = Glibc.write(STDOUT_FILENO, next, left)
                if count > 0 {
                    next += count
                    left -= count
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    return false
                }
            }
            return true
        }
    }

    /// Whether stdout is a terminal, where untrusted text must be sanitized before it is shown.
    static var isTerminal: Bool { isatty(STDOUT_FILENO) != 0 }

    /// One line on stderr, prefixed with the program's name and made safe for a terminal.
    static func problem(_ line: String) {
        FileHandle.standardError.write(Data(("chatterm: " + Sanitizer.singleLineText(line) + "\n").utf8))
    }
}
