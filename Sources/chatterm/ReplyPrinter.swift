import ChatTUI

#if canImport(Glibc)
    import Glibc
#endif

/// Writes reply text to stdout as it arrives, unbuffered, replacing control characters when
/// stdout is a terminal so model output can never drive it. In a pipe the text goes out as the
/// model wrote it.
///
/// The first write that fails (the reader closed the pipe, a full disk) ends the printing: the
/// error is kept in `failure` and every later write is skipped, so `ask` can stop the reply.
final class ReplyPrinter {
    private let sanitize: Bool
    /// The `errno` of the write that failed, EPIPE when the reader went away.
    private(set) var failure: Int32?

    init(sanitize: Bool) {
        self.sanitize = sanitize
    }

    /// Writes `text`; false when this write or an earlier one failed.
    @discardableResult
    func write(_ text: String) -> Bool {
        guard failure == nil else { return false }
        failure = StandardOutput.writeAll(sanitize ? Sanitizer.displayText(text) : text, to: STDOUT_FILENO)
        return failure == nil
    }

    /// Ends the reply with a newline.
    func finish() {
        write("\n")
    }

    /// Whether the reader went away, which is the reader's choice and no error worth a message.
    var readerWentAway: Bool { failure == EPIPE }
}
