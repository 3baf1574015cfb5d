import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writing a selection to the file the user names (`w` in selection mode): a leading `~` is the
/// home folder, a relative path is taken from the folder chatterm runs in, and an existing file
/// is replaced only when the user said so.
enum SelectionFile {
    /// Why the file was not written.
    enum Failure: Error, Hashable {
        /// The file exists (`path`, expanded) and overwriting was not allowed.
        case exists(String)
        /// Words for the status bar, naming the file and the reason.
        case failed(String)
    }

    /// `path` with a leading `~` or `~/` made `home`'s.
    static func expand(_ path: String, home: String?) -> String {
        let path = path.trimmingCharacters(in: .whitespaces)
        guard let home, !home.isEmpty else { return path }
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst() }
        return path
    }

    /// Writes `text` (and a final line break) to `path` as typed, expanded with `home`; returns
    /// the expanded path.
    @discardableResult
    static func write(
        _ text: String, to path: String, overwrite: Bool,
        home: String? = ProcessInfo.processInfo.environment["HOME"]
    ) throws(Failure) -> String {
        let file = expand(path, home: home)
        var status = stat()
        if stat(file, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR {
            throw .failed("cannot write \(Sanitizer.singleLineText(file)): it is a folder")
        }
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (overwrite ? O_TRUNC : O_EXCL)
        let descriptor = open(file, flags, 0o644)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw .exists(file) }
            throw .failed("cannot write \(Sanitizer.singleLineText(file)): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var bytes = Array(text.utf8)
        if bytes.last != 0x0A { bytes.append(0x0A) }
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                throw .failed("cannot write \(Sanitizer.singleLineText(file)): \(String(cString: strerror(errno)))")
            }
            written += result
        }
        return file
    }
}
