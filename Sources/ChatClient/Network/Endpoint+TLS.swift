import ChatCore
import Foundation
import NIOCore

/// Explaining a failed TLS handshake with the endpoint's server.
extension Endpoint {
    /// The server's host (an IPv6 address without brackets) and port, from the base URL.
    var server: (host: String, port: Int) {
        let components = URLComponents(string: baseURL)
        let host = components?.host ?? ""
        let port = components?.port ?? (components?.scheme?.lowercased() == "https" ? 443 : 80)
        return (host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port)
    }

    /// `failure` as the `ChatError` to report, after looking at the server's certificate when
    /// that tells which check failed (not through a proxy: the look would need a tunnel).
    func explain(_ failure: TLSFailure, on eventLoop: any EventLoop) -> EventLoopFuture<ChatError> {
        let (files, redactor) = (network.tls, self.redactor)
        guard failure.wantsInspection, network.proxy == nil else {
            return eventLoop.makeSucceededFuture(.tls(redactor(failure.explanation(presented: nil, files: files))))
        }
        return CertificateInspection.look(host: server.host, port: server.port, on: eventLoop).map { presented in
            .tls(redactor(failure.explanation(presented: presented, files: files)))
        }
    }
}
