import ChatTUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a command's output to stdout and its messages to stderr with `write(2)`, so that a
/// reader who stops early (`chatterm show last | head`) ends the command quietly instead of
/// killing it with SIGPIPE or crashing FileHandle on EPIPE.
enum StandardOutput {
    /// Writes all of `text`; false when the reader went away (EPIPE) or stdout failed otherwise.
    @discardableResult
    static func write(_ text: String) -> Bool {
        writeAll(text, to: STDOUT_FILENO) == nil
    }

    /// Writes all of `text` to `descriptor` with SIGPIPE ignored; nil when it all went out, else
    /// the `errno` of the write that failed (EPIPE: the reader went away).
    static func writeAll(_ text: String, to descriptor: Int32) -> Int32? {
        ignoreBrokenPipes()
        var text = text
        return text.withUTF8 { buffer in
            guard var next = buffer.baseAddress else { return nil }
            var left = buffer.count
            while left > 0 {
                let count = Glibc.write(descriptor, next, left)
                if count > 0 {
                    next += count
                    left -= count
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    return count < 0 ? errno : EIO
                }
            }
            return nil
        }
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
        _ = writeAll("chatterm: " + Sanitizer.singleLineText(line) + "\n", to: STDERR_FILENO)
    }
}
