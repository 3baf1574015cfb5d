import ChatCore
import Foundation
import NIOSSL

/// A failed TLS handshake in the user's terms: which check failed and what fixes it. NIOSSL
/// says little (BoringSSL's "CERTIFICATE_VERIFY_FAILED" does not say why), so an untrusted or
/// misnamed certificate is looked at on a connection of its own (`CertificateInspection`) to
/// tell expired from self-signed from signed by an unknown CA.
enum TLSFailure: Sendable, Hashable {
    /// The chain does not lead to a trusted certificate, or a certificate of it is out of date.
    case untrusted
    /// The certificate is not for the host in the base URL.
    case wrongName(host: String)
    /// What answered is not TLS: an `http://` server behind an `https://` URL.
    case notTLS
    /// The server wants a client certificate and none was sent.
    case clientCertificateRequired
    /// The server refused the client certificate sent.
    case clientCertificateRefused(reason: String)

    /// The failure `error` is, when it is one of TLS's.
    init?(_ error: any Error, host: String) {
        guard error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError else { return nil }
        let words = String(describing: error)
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            self = .wrongName(host: host)
        } else if words.contains("CERTIFICATE_VERIFY_FAILED") {
            self = .untrusted
        } else if words.contains("WRONG_VERSION_NUMBER") || words.contains("PACKET_LENGTH_TOO_LONG")
            || words.contains("HTTP_REQUEST") || words.contains("RECORD_TOO_LARGE")
        {
            self = .notTLS
        } else if words.contains("CERTIFICATE_REQUIRED") || words.contains("PEER_DID_NOT_RETURN_A_CERTIFICATE") {
            self = .clientCertificateRequired
        } else if let reason = [
            "UNKNOWN_CA", "BAD_CERTIFICATE", "CERTIFICATE_EXPIRED", "CERTIFICATE_REVOKED",
            "UNSUPPORTED_CERTIFICATE", "CERTIFICATE_UNKNOWN", "ACCESS_DENIED",
        ].first(where: { words.contains("ALERT_" + $0) }) {
            self = .clientCertificateRefused(reason: reason.lowercased().replacingOccurrences(of: "_", with: " "))
        } else {
            return nil
        }
    }

    /// Whether looking at the certificate the server presents tells more.
    var wantsInspection: Bool {
        switch self {
        case .untrusted, .wrongName: return true
        case .notTLS, .clientCertificateRequired, .clientCertificateRefused: return false
        }
    }

    /// What happened and how to fix it, with what `presented` (the server's certificate, when it
    /// could be looked at) tells, for an endpoint with `files`.
    func explanation(presented: PresentedCertificate?, files: TLSFiles) -> String {
        let testBox = "or, on a test box only, insecure = true in its profile"
        switch self {
        case .untrusted:
            guard let presented else {
                return "the server's certificate is not trusted (expired, self-signed or signed by an unknown CA): "
                    + "set ca_file (or --ca-file) to the CA's certificate in PEM, \(testBox)"
            }
            let now = Date()
            if presented.notAfter < now {
                return "the server's certificate (\(presented.subject)) expired on \(Self.day(presented.notAfter)): "
                    + "renew it on the server, \(testBox)"
            }
            if presented.notBefore > now {
                return "the server's certificate (\(presented.subject)) is not valid until "
                    + "\(Self.day(presented.notBefore)): check this machine's clock, \(testBox)"
            }
            let trusted = files.caFile.map { "ca_file \($0)" } ?? "the system's trusted certificates"
            if presented.isSelfSigned {
                return "the server's certificate (\(presented.subject)) is self-signed and not in \(trusted): "
                    + "trust it with ca_file (or --ca-file) set to that certificate in PEM, \(testBox)"
            }
            return "the server's certificate (\(presented.subject)) is signed by \(presented.issuer), which is not in "
                + "\(trusted): set ca_file (or --ca-file) to that CA's certificate in PEM, \(testBox)"
        case .wrongName(let host):
            let names =
                presented.map {
                    $0.names.isEmpty ? " (it names none)" : " (it is for \($0.names.joined(separator: ", ")))"
                } ?? ""
            return "the server's certificate is not for \(host)\(names): put a name it is for in base_url, \(testBox)"
        case .notTLS:
            return
                "the server does not speak TLS on that port: should base_url start with http:// rather than https://?"
        case .clientCertificateRequired:
            return "the server asks for a client certificate: set client_cert (and client_key) in its profile"
        case .clientCertificateRefused(let reason):
            let sent = files.clientCert.map { "client_cert \($0)" } ?? "the client certificate"
            return "the server refused \(sent) (\(reason)): it wants one signed by a CA it trusts"
        }
    }

    private static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }
}
