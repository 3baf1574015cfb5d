import ChatCore
import NIOCore
import NIOPosix
import NIOSSL

/// Looks at the certificate a server presents, on a connection of its own that ends as soon as
/// the certificate has arrived (nothing is sent but the TLS hello), to explain a refusal that
/// NIOSSL only calls "CERTIFICATE_VERIFY_FAILED". Bounded in time; through a proxy it does not
/// look (it would need a tunnel of its own), and the explanation stays general.
enum CertificateInspection {
    /// The longest the look may take before the failure is reported without it.
    static let timeout = TimeAmount.seconds(5)

    /// The server's certificate at `host`:`port`, or nil when it could not be had in time.
    static func look(host: String, port: Int, on eventLoop: any EventLoop) -> EventLoopFuture<PresentedCertificate?> {
        let found = eventLoop.makePromise(of: PresentedCertificate?.self)
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: .makeClientConfiguration())
        } catch {
            found.succeed(nil)
            return found.futureResult
        }
        let isAddress = host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
        let serverName = isAddress ? nil : host
        ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = try NIOSSLClientHandler(
                        context: context, serverHostname: serverName,
                        customVerificationCallback: { (chain, verdict: EventLoopPromise<NIOSSLVerificationResult>) in
                            found.succeed(chain.first.map(PresentedCertificate.init))
                            verdict.succeed(.failed)
                        })
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .connect(host: host, port: port)
            .whenComplete { result in
                guard case .success(let channel) = result else { return found.succeed(nil) }
                let deadline = channel.eventLoop.scheduleTask(in: timeout) { found.succeed(nil) }
                found.futureResult.whenComplete { _ in
                    deadline.cancel()
                    channel.close(promise: nil)
                }
                channel.closeFuture.whenComplete { _ in found.succeed(nil) }
            }
        return found.futureResult
    }
}
