import NIOSSL

/// TLS for a ``DemoServer``: its certificate chain and private key (PEM files) and, when
/// `clientCA` is set, the CA whose client certificate every connection must present, as a
/// gateway that asks for client certificates does.
public struct DemoServerTLS: Sendable, Hashable {
    /// The server's certificate, then any intermediates, in PEM.
    public var certificateChain: String
    /// The server certificate's private key, in PEM.
    public var privateKey: String
    /// A PEM file of the CA certificates a client certificate must be signed by; `nil` asks for none.
    public var clientCA: String?

    /// TLS with the certificate chain and key in the PEM files at `certificateChain` and `privateKey`, requiring a
    /// client certificate signed by `clientCA` when given.
    public init(certificateChain: String, privateKey: String, clientCA: String? = nil) {
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.clientCA = clientCA
    }

    /// The server side of a TLS connection with these files.
    func makeContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificateChain).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: privateKey, format: .pem)))
        if let clientCA {
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(clientCA))
        }
        return try NIOSSLContext(configuration: configuration)
    }
}
