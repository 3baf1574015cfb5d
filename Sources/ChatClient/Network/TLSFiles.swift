import ChatCore
import Foundation
import NIOSSL

/// The TLS settings of an endpoint, as files: the certificates to trust instead of the
/// system's (`ca_file`, as curl's `--cacert`), whether to check the server's certificate at all
/// (`insecure`), and the client certificate and key a gateway may ask for (`client_cert`,
/// `client_key`), each PEM. `load()` reads them (bounded, `RegularFile`) into NIOSSL's
/// configuration, or says which file is wrong and why.
public struct TLSFiles: Sendable, Hashable {
    public var caFile: String?
    public var insecure: Bool
    public var clientCert: String?
    /// Nil: the key is in `clientCert`'s file.
    public var clientKey: String?

    public init(caFile: String? = nil, insecure: Bool = false, clientCert: String? = nil, clientKey: String? = nil) {
        self.caFile = caFile
        self.insecure = insecure
        self.clientCert = clientCert
        self.clientKey = clientKey
    }

    /// The system's certificates, checked; no client certificate.
    public static let system = TLSFiles()

    /// The most a PEM file is read: a bundle of every public CA is about 200 KiB.
    public static let longestFile = 4 << 20

    /// Why a file could not be used: the setting, the file, the reason.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// `ca_file`, `client_cert` or `client_key`.
        public var setting: String
        public var path: String
        public var reason: String

        public var description: String { "\(setting) \(path): \(reason)" }
    }

    /// NIOSSL's configuration for these files; nil for `system`, AsyncHTTPClient's default.
    func load() throws(Failure) -> TLSConfiguration? {
        guard self != .system else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile {
            configuration.trustRoots = .certificates(try Self.certificates(in: caFile, setting: "ca_file"))
        }
        if insecure { configuration.certificateVerification = .none }
        if let clientCert {
            let chain = try Self.certificates(in: clientCert, setting: "client_cert")
            configuration.certificateChain = chain.map { .certificate($0) }
            configuration.privateKey = .privateKey(
                try Self.privateKey(
                    in: clientKey ?? clientCert, setting: clientKey == nil ? "client_cert" : "client_key"))
        } else if let clientKey {
            throw Failure(
                setting: "client_key", path: clientKey, reason: "set client_cert too, the certificate it is the key of")
        }
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw Failure(
                setting: "client_key", path: clientKey ?? clientCert ?? "",
                reason: "it is not the key of client_cert's certificate (\(error))")
        }
        return configuration
    }

    private static func text(of path: String, setting: String) throws(Failure) -> [UInt8] {
        switch RegularFile.read(path: path, limit: longestFile) {
        case .success(let contents): return Array(contents.data)
        case .failure(let failure): throw Failure(setting: setting, path: path, reason: failure.description)
        }
    }

    private static func certificates(in path: String, setting: String) throws(Failure) -> [NIOSSLCertificate] {
        let bytes = try text(of: path, setting: setting)
        let certificates = try? NIOSSLCertificate.fromPEMBytes(bytes)
        guard let certificates, !certificates.isEmpty else {
            throw Failure(
                setting: setting, path: path,
                reason:
                    "no certificate in it: expected PEM, -----BEGIN CERTIFICATE----- (openssl x509 -in FILE -out FILE.pem converts DER)"
            )
        }
        return certificates
    }

    private static func privateKey(in path: String, setting: String) throws(Failure) -> NIOSSLPrivateKey {
        let bytes = try text(of: path, setting: setting)
        let text = String(decoding: bytes, as: UTF8.self)
        if text.contains("ENCRYPTED") {
            throw Failure(
                setting: setting, path: path,
                reason:
                    "the key is encrypted and chatterm cannot ask for its passphrase: decrypt it with openssl pkey -in FILE -out FILE.plain"
            )
        }
        guard text.contains("PRIVATE KEY-----"), let key = try? NIOSSLPrivateKey(bytes: bytes, format: .pem) else {
            throw Failure(
                setting: setting, path: path, reason: "no private key in it: expected PEM, -----BEGIN PRIVATE KEY-----")
        }
        return key
    }
}
