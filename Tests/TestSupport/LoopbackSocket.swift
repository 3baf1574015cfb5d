import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP socket bound to a port of 127.0.0.1 that the kernel picked: closed at once, a port that
/// refuses connections (or that a server started next can take); listening, a server that
/// accepts connections (the kernel completes the handshake) but never reads or answers.
public struct LoopbackSocket: Sendable {
    public let descriptor: Int32
    public let port: Int

    /// Binds a new socket to a free loopback port.
    public init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Self.lastError() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else {
            let error = Self.lastError()
            Glibc.close(descriptor)
            throw error
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// A loopback port that nothing listens on.
    public static func freePort() throws -> Int {
        let socket = try LoopbackSocket()
        socket.close()
        return socket.port
    }

    /// Accepts connections from now on, without ever reading them.
    public func listen() throws {
        guard Glibc.listen(descriptor, 16) == 0 else { throw Self.lastError() }
    }

    public func close() {
        Glibc.close(descriptor)
    }

    private static func lastError() -> POSIXError {
        POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
}
