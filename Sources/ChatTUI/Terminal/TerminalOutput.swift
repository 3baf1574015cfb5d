import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Bytes for the terminal that curses knows nothing about (mode switches, OSC 52), written with
/// `write(2)` straight to standard output.
///
/// Only between frames: `doupdate` and `endwin` leave curses' own buffer empty, so these bytes
/// can never land inside one of its escape sequences.
enum TerminalOutput {
    /// Writes all of `bytes`; returns false when the terminal is gone or stays blocked.
    @discardableResult
    static func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        var stalls = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
                stalls = 0
            } else if written < 0 && errno == EINTR {
                continue
            } else if written < 0 && errno == EAGAIN && stalls < 50 {
                // A non-blocking terminal that is full: wait until it drains, for a second at most.
                stalls += 1
                var descriptor = pollfd(fd: STDOUT_FILENO, events: Int16(POLLOUT), revents: 0)
                _ = poll(&descriptor, 1, 20)
            } else {
                return false
            }
        }
        return true
    }

    /// Writes a constant sequence.
    @discardableResult
    static func write(_ text: StaticString) -> Bool {
        write(Array(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)))
    }
}
