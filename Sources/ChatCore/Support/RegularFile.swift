import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a file chatterm was pointed at (a conversation, the prompt history, a theme) without
/// ever waiting on it: only a regular file is read (a symbolic link is followed, and its target
/// must be one), never more than a limit, and whatever else the name turns out to be (a FIFO,
/// a device such as /dev/zero, a folder, a socket) is refused with a reason to show.
///
/// The name is checked with `stat` before it is opened, since opening a device can do something
/// by itself (a terminal, a tape); it is opened with `O_NONBLOCK`, so a FIFO put there after the
/// check does not block the open either, and checked again with `fstat` on what was opened.
public enum RegularFile {
    /// A file's bytes and its `stat` as read.
    public struct Contents: @unchecked Sendable {
        public var data: Data
        /// The status of the file the bytes came from (device, inode, size, times).
        public var status: stat
    }

    /// Why a file was not read, in words that follow the file's name ("…: it is a FIFO, not a
    /// regular file").
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// Nothing has that name (or a symbolic link points nowhere).
        case missing
        /// The name is something else than a regular file; `kind` says what ("a FIFO").
        case notRegular(kind: String)
        /// The file has more than `limit` bytes; `size` is what it had when it was looked at.
        case tooLarge(size: Int64, limit: Int)
        /// The system refused: `code` is the `errno` (EACCES, ELOOP, EIO, …).
        case system(code: Int32)

        public var description: String {
            switch self {
            case .missing:
                return "no such file"
            case .notRegular(let kind):
                return "it is \(kind), not a regular file"
            case .tooLarge(let size, let limit):
                return "it is \(RegularFile.sizeText(size)), more than the \(RegularFile.sizeText(Int64(limit))) "
                    + "chatterm reads from such a file"
            case .system(let code):
                return String(cString: strerror(code))
            }
        }
    }

    /// The bytes of the regular file at `path`, at most `limit` of them: a file with more (or
    /// one that grows past the limit while it is read) is refused, not cut.
    public static func read(path: String, limit: Int) -> Result<Contents, Failure> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(failure(errno)) }
        if let problem = problem(with: info, limit: limit) { return .failure(problem) }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(failure(errno)) }
        defer { close(fd) }
        guard fstat(fd, &info) == 0 else { return .failure(.system(code: errno)) }
        if let problem = problem(with: info, limit: limit) { return .failure(problem) }
        // Sized from fstat, but read to the end regardless (a file under /proc says 0 bytes),
        // one byte past the limit at most, which tells a file that grew too large.
        var data = Data(count: min(max(Int(info.st_size), 0), limit) + 1)
        var filled = 0
        while true {
            if filled == data.count {
                if filled > limit { return .failure(.tooLarge(size: Int64(filled), limit: limit)) }
                data.count = min(data.count + max(data.count, 65536), limit + 1)
            }
            let count = data.withUnsafeMutableBytes { buffer in
                Glibc.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count > 0 {
                filled += count
            } else if count == 0 {
                break
            } else if errno != EINTR {
                return .failure(.system(code: errno))
            }
        }
        if filled > limit { return .failure(.tooLarge(size: Int64(filled), limit: limit)) }
        data.count = filled
        return .success(Contents(data: data, status: info))
    }

    /// What keeps a file of this status from being read, if anything.
    private static func problem(with info: stat, limit: Int) -> Failure? {
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            return Int64(info.st_size) > Int64(limit) ? .tooLarge(size: Int64(info.st_size), limit: limit) : nil
        case S_IFIFO: return .notRegular(kind: "a FIFO (named pipe)")
        case S_IFCHR: return .notRegular(kind: "a character device")
        case S_IFBLK: return .notRegular(kind: "a block device")
        case S_IFDIR: return .notRegular(kind: "a folder")
        case S_IFSOCK: return .notRegular(kind: "a socket")
        default: return .notRegular(kind: "an unknown kind of file")
        }
    }

    private static func failure(_ code: Int32) -> Failure {
        code == ENOENT ? .missing : .system(code: code)
    }

    /// A size as people read it: "812 bytes", "4.5 KiB", "256 MiB", "1 GiB", "1.5 GiB".
    public static func sizeText(_ bytes: Int64) -> String {
        if bytes < 1024 { return bytes == 1 ? "1 byte" : "\(bytes) bytes" }
        var value = Double(bytes)
        for unit in ["KiB", "MiB", "GiB", "TiB"] {
            value /= 1024
            if value < 1024 || unit == "TiB" {
                if value == value.rounded() { return "\(Int(value)) \(unit)" }
                return (value < 10 ? String(format: "%.1f", value) : "\(Int(value.rounded()))") + " " + unit
            }
        }
        return "\(bytes) bytes"
    }
}
