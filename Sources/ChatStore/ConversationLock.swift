import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A held advisory lock on one conversation (`flock(LOCK_EX)` on its `.lock` file), which tells
/// a second chatterm that the conversation is open elsewhere. Released by `release()`, on deinit,
/// or by the kernel when the process ends, however it ends. The lock file itself stays: removing
/// it would let two processes lock two different files of the same name.
public final class ConversationLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Mutex<Int32>

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    /// Locks `path` (created 0600 if missing) without waiting; nil when it is held elsewhere.
    static func acquire(path: String) throws(StoreError) -> ConversationLock? {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .writeFailed(path: path, reason: SystemError.text(errno)) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            close(fd)
            if code == EWOULDBLOCK { return nil }
            throw .writeFailed(path: path, reason: SystemError.text(code))
        }
        return ConversationLock(path: path, descriptor: fd)
    }

    /// Releases the lock; calling it again does nothing.
    public func release() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            // Closing the only descriptor of the open file description drops the flock.
            close(fd)
            fd = -1
        }
    }

    deinit {
        release()
    }
}
