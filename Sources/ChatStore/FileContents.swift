import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file's bytes and the stamp of the version they were read from.
struct FileContents {
    var data: Data
    var stamp: FileStamp

    /// Reads the whole file at `path`, or returns the `errno` that stopped it.
    static func read(path: String) -> Result<FileContents, SystemError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(SystemError(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(SystemError(errno)) }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .failure(SystemError(EISDIR)) }
        // Sized from fstat, but read to the end regardless: the file may have grown since.
        var data = Data(count: max(Int(info.st_size), 0) + 1)
        var filled = 0
        while true {
            if filled == data.count { data.count += max(data.count, 65536) }
            let count = data.withUnsafeMutableBytes { buffer in
                Glibc.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count > 0 {
                filled += count
            } else if count == 0 {
                break
            } else if errno != EINTR {
                return .failure(SystemError(errno))
            }
        }
        data.count = filled
        return .success(FileContents(data: data, stamp: FileStamp(info)))
    }
}
