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

    /// The lock files this process holds: a probe (`isHeld(path:)`) of one of them must not
    /// touch it, and could not tell it from another process's anyway.
    private static let heldHere = Mutex<Set<String>>([])

    /// How often a refused lock is tried again, a millisecond apart, before it counts as held:
    /// `isHeld(path:)` holds a shared lock for the few microseconds of its probe, and a chat
    /// opening the conversation in that instant must not be told it is open elsewhere.
    private static let probeRetries = 20

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    /// Locks `path` (created 0600 if missing) without waiting; nil when it is held elsewhere.
    static func acquire(path: String) throws(StoreError) -> ConversationLock? {
        let fd = open(path, O_RDWR | O_CREAT | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .writeFailed(path: path, reason: SystemError.text(errno)) }
        var retries = probeRetries
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK && retries > 0 && !heldHere.withLock({ $0.contains(path) }) {
                retries -= 1
                usleep(1000)
                continue
            }
            close(fd)
            if code == EWOULDBLOCK { return nil }
            throw .writeFailed(path: path, reason: SystemError.text(code))
        }
        heldHere.withLock { _ = $0.insert(path) }
        return ConversationLock(path: path, descriptor: fd)
    }

    /// Whether some chatterm, this one included, holds the lock file at `path`: probed with a
    /// shared lock, which only an exclusive holder refuses, and let go of at once. A lock file
    /// that is missing has no holder; one that cannot be opened counts as held, since who
    /// holds it cannot be told.
    static func isHeld(path: String) -> Bool {
        if heldHere.withLock({ $0.contains(path) }) { return true }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return errno != ENOENT }
        defer { close(fd) }
        while flock(fd, LOCK_SH | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            return true
        }
        flock(fd, LOCK_UN)
        return false
    }

    /// Releases the lock; calling it again does nothing.
    public func release() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            // Closing the only descriptor of the open file description drops the flock.
            close(fd)
            fd = -1
            _ = Self.heldHere.withLock { $0.remove(path) }
        }
    }

    deinit {
        release()
    }
}
