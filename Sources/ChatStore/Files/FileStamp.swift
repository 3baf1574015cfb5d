#if canImport(Glibc)
    import Glibc
#endif

/// Which version of a file is on disk: device, inode, size and modification time. The store
/// remembers the stamp of each file it read or wrote, so `save` knows whether the file it is
/// about to replace is still the one it knows, or one it must check first.
struct FileStamp: Sendable, Hashable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int64
    var modifiedNanoseconds: Int64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedSeconds = Int64(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int64(info.st_mtim.tv_nsec)
    }

    /// The stamp of the file at `path`, or the `errno` of `stat`.
    static func of(path: String) -> Result<FileStamp, SystemError> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(SystemError(errno)) }
        return .success(FileStamp(info))
    }
}
