import Foundation

/// A value guarded by a lock, shareable across threads.
///
/// `Synchronization.Mutex` would do, but needs macOS 15 while the package supports macOS 14, and
/// `NIOLockedValueBox` lives in a module this target does not depend on.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// A box holding `value`.
    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
