import Glibc

/// Writing to a file descriptor, for the few places that write without Foundation's buffering: a
/// conversation's temporary file (`AtomicFile`) and standard output and error (`StandardOutput`).
public enum Descriptor {
    /// Writes every byte of `bytes` to `descriptor`, going on after short writes and
    /// interruptions. Returns nil when all went out, else the `errno` that stopped it (`EPIPE`: the
    /// reader went away; `EFBIG` past RLIMIT_FSIZE with SIGXFSZ ignored; `ENOSPC`; `EIO` for a write
    /// that wrote nothing).
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        guard var next = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            let count = write(descriptor, next, left)
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
