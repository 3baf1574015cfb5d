import ArgumentParser
import DemoServer
import Foundation

/// `chatterm demo-server`: the built-in OpenAI-compatible server, standalone, for trying
/// chatterm (or any other client) against well-behaved and deliberately broken streams.
struct DemoServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-server",
        abstract: "Run the built-in OpenAI-compatible demo server on 127.0.0.1.",
        discussion: """
            Prints its base URL, then serves until interrupted. Try it with:
              chatterm demo-server --port 8000 &
              chatterm --base-url http://127.0.0.1:8000/v1
            A request header `X-Demo-Fault: KIND` injects a fault into that request alone.
            """
    )

    @Option(help: ArgumentHelp("Port to listen on; 0 picks a free one.", valueName: "port"))
    var port: Int = 0

    @Option(
        help: ArgumentHelp(
            "Fault to inject into every request: \(DemoFault.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "kind"))
    var fault: String = DemoFault.none.rawValue

    @Option(help: ArgumentHelp("Tokens per second (0 = as fast as possible).", valueName: "tps"))
    var speed: Double = 40

    @Option(help: ArgumentHelp("Event framing: lf or crlf (ChatGLM3 style).", valueName: "framing"))
    var framing: String = DemoServerConfiguration.Framing.lf.rawValue

    @Option(help: ArgumentHelp("Seconds between `: ping` comments; 0 for none.", valueName: "s"))
    var ping: Double = 0

    @Option(help: ArgumentHelp("Reply length in tokens instead of the natural reply.", valueName: "n"))
    var tokens: Int?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard DemoFault(rawValue: fault) != nil else {
            throw ValidationError(
                "unknown fault '\(fault)'; choose one of: \(DemoFault.allCases.map(\.rawValue).joined(separator: ", "))."
            )
        }
        guard DemoServerConfiguration.Framing(rawValue: framing) != nil else {
            throw ValidationError("--framing must be lf or crlf.")
        }
        if speed < 0 { throw ValidationError("--speed cannot be negative.") }
        if let tokens, tokens < 1 { throw ValidationError("--tokens must be at least 1.") }
    }

    func run() async throws {
        let configuration = DemoServerConfiguration(
            tokensPerSecond: speed,
            framing: DemoServerConfiguration.Framing(rawValue: framing) ?? .lf,
            pingInterval: ping > 0 ? ping : nil,
            replyTokens: tokens,
            fault: DemoFault(rawValue: fault) ?? .none)
        let server = DemoServer(configuration: configuration)
        do {
            try await server.start(port: port)
        } catch {
            throw CommandFailure("cannot listen on 127.0.0.1:\(port): \(error)")
        }
        // Written straight to the file descriptor so a script reading the pipe sees it at once.
        FileHandle.standardOutput.write(Data("chatterm demo server listening on \(server.baseURL)\n".utf8))
        while !Task.isCancelled {
            try await Task.sleep(for: .seconds(3600))
        }
    }
}
