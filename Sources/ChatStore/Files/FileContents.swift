import ChatCore
import Foundation

/// A conversation file's bytes and the stamp of the version they were read from.
struct FileContents {
    var data: Data
    var stamp: FileStamp

    /// Reads the conversation file at `path` if it is a regular file of at most `limit` bytes
    /// (see `RegularFile`): a FIFO, a device or an oversized file is refused, never waited on.
    static func read(path: String, limit: Int) -> Result<FileContents, RegularFile.Failure> {
        RegularFile.read(path: path, limit: limit).map { FileContents(data: $0.data, stamp: FileStamp($0.status)) }
    }
}
