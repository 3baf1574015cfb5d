#if canImport(Glibc)
    import Glibc
#endif

/// Writes reply text to stdout as it arrives, unbuffered, replacing control characters when
/// stdout is a terminal so model output can never drive it. In a pipe the text goes out as the
/// model wrote it.
///
/// The first write that fails (the reader closed the pipe, a full disk) ends the printing: the
/// error is kept in `failure` and every later write is skipped, so `ask` can stop the reply.
///
/// Printed text cannot be taken back. When a broken stream's partial reply is replaced by the
/// whole one (`replaceNext()`), only what the whole reply adds is printed, so stdout holds the
/// reply once; a whole reply that does not start with what was printed goes out in full on a
/// new line, and `onRestart` says so.
final class ReplyPrinter {
    private let sanitize: Bool
    private let descriptor: Int32
    private let onRestart: () -> Void
    /// The `errno` of the write that failed, EPIPE when the reader went away.
    private(set) var failure: Int32?
    /// What was printed, to tell what a replacement adds to it.
    private var printed = ""
    /// The replacement so far, while it is still within what was printed.
    private var replacement: String?

    init(sanitize: Bool, descriptor: Int32 = STDOUT_FILENO, onRestart: @escaping () -> Void = {}) {
        self.sanitize = sanitize
        self.descriptor = descriptor
        self.onRestart = onRestart
    }

    /// Writes `text`; false when this write or an earlier one failed.
    @discardableResult
    func write(_ text: String) -> Bool {
        guard var pending = replacement else {
            printed += text
            return emit(text)
        }
        pending += text
        if printed.unicodeScalars.starts(with: pending.unicodeScalars) {
            replacement = pending
            return failure == nil
        }
        replacement = nil
        let shown = printed
        printed = pending
        if pending.unicodeScalars.starts(with: shown.unicodeScalars) {
            return emit(String(pending.unicodeScalars.dropFirst(shown.unicodeScalars.count)))
        }
        onRestart()
        return emit("\n" + pending)
    }

    /// The text written from now on replaces what was printed (see the type's comment).
    func replaceNext() {
        replacement = ""
    }

    private func emit(_ text: String) -> Bool {
        guard failure == nil else { return false }
        failure = StandardOutput.writeContent(text, sanitized: sanitize, to: descriptor)
        return failure == nil
    }

    /// Ends the reply with a newline.
    func finish() {
        replacement = nil
        _ = emit("\n")
    }

    /// Whether the reader went away, which is the reader's choice and no error worth a message.
    var readerWentAway: Bool { failure == EPIPE }
}
