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

            A fault (--fault, or the request header `X-Demo-Fault: FAULT` for one request) is written \
            KIND[:ARG][@N]; with @N only the first N chat-completion requests get it. Kinds marked \
            "streams" leave non-streaming requests alone:
            \(faultCatalogue)

            A prompt containing "one word" gets the reply "OK.", short enough for chatglm-short. The reply \
            echoes the prompt, so one that mentions get_ ("How do I call get_weather in Python?") takes the \
            function-call path of chatglm-function-call and chatglm3.

            --context-window N (64 to 100000000) says the model's context window as llama.cpp does (GET /props: \
            `default_generation_settings.n_ctx`) or, with --context-source vllm, as vLLM does \
            (`max_model_len` on the model in GET /v1/models). It only says it: a longer request is \
            answered as usual, unless a fault such as llama-overflow:N or vllm-overflow:N refuses it. Try:
              chatterm demo-server --port 8000 --context-window 4096 &
              chatterm probe --base-url http://127.0.0.1:8000/v1
            which prints "context  4096 tokens, from GET /props (llama.cpp)"; or vLLM with 2k tokens:
              chatterm demo-server --context-window 2048 --context-source vllm

            The reply echoes the prompt, then continues with a fixed passage (--passage english, mixed \
            English, CJK and emoji; --passage cjk, Chinese and Japanese that is almost all double-width \
            characters; or --passage code, fenced code blocks in a dozen languages with prose between), \
            repeated and rotated up to --tokens.
            """
    )

    /// The fault catalogue as an indented two-column list, one kind per line.
    private static var faultCatalogue: String {
        let catalogue = DemoFault.catalogue
        let width = catalogue.map(\.syntax.count).max() ?? 0
        return catalogue.map { entry in
            "  " + entry.syntax.padding(toLength: width + 2, withPad: " ", startingAt: 0) + entry.summary
        }.joined(separator: "\n")
    }

    @Option(help: ArgumentHelp("Port to listen on; 0 picks a free one.", valueName: "port"))
    var port: Int = 0

    @Option(
        help: ArgumentHelp(
            "Fault to inject, KIND[:ARG][@N], such as drop-mid-stream:3 or status:503@2 (kinds listed below).",
            valueName: "kind"))
    var fault: String = DemoFault.none.description

    @Option(help: ArgumentHelp("Tokens per second (0 = as fast as possible).", valueName: "tps"))
    var speed: Double = 40

    @Option(help: ArgumentHelp("Event framing: lf or crlf (ChatGLM3 style).", valueName: "framing"))
    var framing: String = DemoServerConfiguration.Framing.lf.rawValue

    @Option(
        help: ArgumentHelp(
            "Seconds between `: ping` comments (0: none; hang-after-headers-pings then uses 1).", valueName: "s"))
    var ping: Double = 0

    @Option(help: ArgumentHelp("Reply length in tokens instead of the natural reply.", valueName: "n"))
    var tokens: Int?

    @Option(
        help: ArgumentHelp(
            "Passage after the prompt echo: english (mixed, the default), cjk (Chinese and Japanese, wide "
                + "characters) or code (fenced code blocks).",
            valueName: "passage"))
    var passage: String = DemoPassage.english.rawValue

    /// `--context-window N`: the root command parses it (it is the chat's option too) before this
    /// one sees it, and this group of the same type is handed what it parsed. The discussion above
    /// teaches it.
    @OptionGroup(visibility: .private) var endpoint: EndpointOptions

    @Option(
        help: ArgumentHelp(
            "How --context-window is said: llama.cpp (GET /props, the default) or vllm (max_model_len in "
                + "GET /v1/models).",
            valueName: "server"))
    var contextSource: ContextSource = .llamaCpp

    /// The servers whose way of saying the context window the demo server copies.
    enum ContextSource: String, ExpressibleByArgument, CaseIterable {
        case llamaCpp = "llama.cpp"
        case vllm

        func window(_ tokens: Int) -> DemoContextWindow {
            switch self {
            case .llamaCpp: return .llamaCppProps(tokens)
            case .vllm: return .vllmModelList(tokens)
            }
        }
    }

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        do {
            _ = try DemoFault(parsing: fault)
        } catch {
            throw ValidationError("--fault: \(error)")
        }
        guard DemoServerConfiguration.Framing(rawValue: framing) != nil else {
            throw ValidationError("--framing must be lf or crlf.")
        }
        guard DemoPassage(rawValue: passage) != nil else {
            throw ValidationError("--passage must be english, cjk or code.")
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
            passage: DemoPassage(rawValue: passage) ?? .english,
            fault: (try? DemoFault(parsing: fault)) ?? .none,
            contextWindow: endpoint.contextWindow.map(contextSource.window) ?? .unsaid)
        let server = DemoServer(configuration: configuration)
        do {
            try await server.start(port: port)
        } catch {
            throw CommandFailure("cannot listen on 127.0.0.1:\(port): \(error)")
        }
        // Written straight to the file descriptor so a script reading the pipe sees it at once.
        StandardOutput.write("chatterm demo server listening on \(server.baseURL)\n")
        while !Task.isCancelled {
            try await Task.sleep(for: .seconds(3600))
        }
    }
}
