import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a file only when it is a regular file, and only up to a size: a FIFO, a folder or a
/// device (`/dev/zero` through a symlink) is refused without blocking and without reading it,
/// and a file larger than the limit is refused after reading at most one byte past it.
///
/// The file is opened with `O_NONBLOCK`, so that opening a FIFO does not wait for a writer, and
/// checked with `fstat` on the open descriptor, so that what is read is what was checked.
enum RegularFileReader {
    /// Why the file was not read.
    enum Refusal: Error, Equatable {
        /// Nothing at that path (or a symlink to nothing).
        case missing
        /// Something other than a regular file: "a folder", "a FIFO (named pipe)", ….
        case notRegular(kind: String)
        /// Larger than the limit: its size if `fstat` knew it, else nil (it grew while read).
        case tooLarge(bytes: Int?)
        /// Any other failure, with its `errno`.
        case system(Int32)

        /// What a file of type `mode & S_IFMT` is, in words.
        static func kind(of mode: mode_t) -> String {
            switch mode & S_IFMT {
            case S_IFDIR: return "a folder"
            case S_IFIFO: return "a FIFO (named pipe)"
            case S_IFCHR: return "a character device"
            case S_IFBLK: return "a block device"
            case S_IFSOCK: return "a socket"
            default: return "not a regular file"
            }
        }
    }

    /// The bytes of the regular file at `path`, at most `limit` of them.
    static func read(path: String, limit: Int) -> Result<Data, Refusal> {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else {
            let failure = errno
            if failure == ENOENT || failure == ENOTDIR { return .failure(.missing) }
            // A socket cannot be opened at all; say what it is rather than "no such device".
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
                return .failure(.notRegular(kind: Refusal.kind(of: info.st_mode)))
            }
            return .failure(.system(failure))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(.system(errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            return .failure(.notRegular(kind: Refusal.kind(of: info.st_mode)))
        }
        guard info.st_size <= limit else { return .failure(.tooLarge(bytes: Int(info.st_size))) }
        // Sized from fstat, but read to the end (or one byte past the limit): it may have grown.
        var data = Data(count: min(Int(info.st_size), limit) + 1)
        var filled = 0
        while true {
            if filled == data.count {
                guard data.count <= limit else { break }
                data.count = min(data.count * 2, limit + 1)
            }
            let count = data.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count > 0 {
                filled += count
            } else if count == 0 {
                break
            } else if errno != EINTR {
                return .failure(.system(errno))
            }
        }
        guard filled <= limit else { return .failure(.tooLarge(bytes: nil)) }
        data.count = filled
        return .success(data)
    }
}
