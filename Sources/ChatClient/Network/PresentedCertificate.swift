import Foundation
import NIOSSL

#if canImport(Glibc)
    import Glibc
#endif

/// The facts of a server's certificate that explain why it was refused: who it is for, who
/// signed it, when it is valid, what names it covers.
struct PresentedCertificate: Sendable, Hashable {
    /// The subject's common name (or the whole subject when it has none).
    var subject: String
    var issuer: String
    var notBefore: Date
    var notAfter: Date
    /// DNS names and IP addresses of its subject alternative names.
    var names: [String]
    /// Whether it signed itself, as a test box's certificate often is.
    var isSelfSigned: Bool

    init(subject: String, issuer: String, notBefore: Date, notAfter: Date, names: [String], isSelfSigned: Bool) {
        self.subject = subject
        self.issuer = issuer
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.names = names
        self.isSelfSigned = isSelfSigned
    }

    /// The first certificate of the chain a server presented.
    init(_ certificate: NIOSSLCertificate) {
        subject = Self.label(certificate.subjectName)
        issuer = Self.label(certificate.issuerName)
        notBefore = Date(timeIntervalSince1970: TimeInterval(certificate.notValidBefore))
        notAfter = Date(timeIntervalSince1970: TimeInterval(certificate.notValidAfter))
        isSelfSigned = certificate.subjectName == certificate.issuerName
        var names: [String] = []
        for name in certificate._subjectAlternativeNames() {
            let bytes = name.contents.withUnsafeBufferPointer { Array($0) }
            if name.nameType == .dnsName {
                names.append(String(decoding: bytes, as: UTF8.self))
            } else if name.nameType == .ipAddress, let address = Self.address(bytes) {
                names.append(address)
            }
        }
        self.names = names
    }

    /// `CN=…`'s value, else every part of the name.
    private static func label(_ name: [SSLCertificateName]) -> String {
        let common = name.first { $0.type == .commonName }?.value
        return "\"" + (common ?? name.map(\.value).joined(separator: ", ")) + "\""
    }

    private static func address(_ bytes: [UInt8]) -> String? {
        let family = bytes.count == 4 ? AF_INET : bytes.count == 16 ? AF_INET6 : nil
        guard let family else { return nil }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let written = bytes.withUnsafeBytes { raw in inet_ntop(family, raw.baseAddress, &text, socklen_t(text.count)) }
        guard written != nil else { return nil }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
