#if canImport(Glibc)
    import Glibc
#endif

/// Creates the data folders: each missing component with mode 0700, since conversations are
/// private (XDG asks the same of `$XDG_DATA_HOME`). Existing folders keep their mode.
enum Folders {
    static func make(_ path: String) throws(StoreError) {
        var info = stat()
        if stat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR { return }
            throw .writeFailed(path: path, reason: SystemError.text(ENOTDIR))
        }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try make(String(path[..<slash]))
        }
        if mkdir(path, 0o700) != 0 {
            let code = errno
            if code == EEXIST, stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return }
            throw .writeFailed(path: path, reason: SystemError.text(code))
        }
        // mkdir's mode passes through the umask, which may take more than 0700 asks for.
        chmod(path, 0o700)
    }
}
