import ChatCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Replaces a file so that a reader, a crash or a full disk only ever sees the old file or the
/// new one: the bytes go to a temporary file in the same folder (mode 0600), which is flushed to
/// disk, renamed over the target, and then the folder is flushed so the rename itself survives a
/// power cut. On any failure the temporary file is removed and the old file is untouched.
enum AtomicFile {
    /// Writes `data` to `path` through the temporary file `temporaryPath` (same folder) and
    /// returns the new file's stamp.
    static func write(_ data: Data, to path: String, through temporaryPath: String) throws(StoreError) -> FileStamp {
        let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .writeFailed(path: path, reason: SystemError.text(errno)) }
        var descriptor: Int32? = fd
        defer {
            if let descriptor { close(descriptor) }
        }
        func fail(_ code: Int32) -> StoreError {
            if let open = descriptor { close(open) }
            descriptor = nil
            unlink(temporaryPath)
            return .writeFailed(path: path, reason: SystemError.text(code))
        }
        // The umask may have taken bits from the mode open was given; the file must be 0600.
        if fchmod(fd, 0o600) != 0 { throw fail(errno) }
        if let code = writeAll(data, to: fd) { throw fail(code) }
        if fsync(fd) != 0 { throw fail(errno) }
        var info = stat()
        if fstat(fd, &info) != 0 { throw fail(errno) }
        descriptor = nil
        if close(fd) != 0 { throw fail(errno) }
        if rename(temporaryPath, path) != 0 { throw fail(errno) }
        try syncFolder(of: path)
        return FileStamp(info)
    }

    /// Writes every byte; returns the `errno` that stopped it (`EFBIG` past RLIMIT_FSIZE with
    /// SIGXFSZ ignored, `ENOSPC`, …).
    private static func writeAll(_ data: Data, to fd: Int32) -> Int32? {
        data.withUnsafeBytes { Descriptor.writeAll($0, to: fd) }
    }

    /// Flushes the folder holding `path`, which makes the rename durable. A file system that
    /// cannot sync folders says EINVAL; that is no reason to call the save failed.
    private static func syncFolder(of path: String) throws(StoreError) {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .writeFailed(path: folder, reason: SystemError.text(errno)) }
        defer { close(fd) }
        if fsync(fd) != 0 && errno != EINVAL {
            throw .writeFailed(path: folder, reason: SystemError.text(errno))
        }
    }
}
