import Foundation

/// A failure the demo server injects into chat-completion responses, modelled on what real self-hosted
/// OpenAI-compatible servers and the proxies in front of them do.
///
/// A fault is a ``Kind`` (what goes wrong, with its argument) and an optional ``onlyFirst`` limit. Its text form,
/// accepted by ``init(parsing:)``, by `chatterm demo-server --fault` and by the `X-Demo-Fault` request header,
/// is `KIND[:ARG][@N]`: `drop-mid-stream:3`, `status:503@2`, `rate-limit`. ``catalogue`` lists every kind.
///
/// The configured fault (``DemoServerConfiguration/fault``) applies to every `POST /v1/chat/completions`
/// request; a header `X-Demo-Fault: <text>` overrides it for one request (a value that does not parse is
/// answered with HTTP 400). `GET /v1/models` is never affected. With `@N`, only the first N chat-completion
/// requests of the server get the fault, counted over all of them, faulty or not, header or not; later ones
/// are answered normally.
public struct DemoFault: Sendable, Equatable, CustomStringConvertible {
    /// What goes wrong.
    public var kind: Kind
    /// When set, only chat-completion requests number 1 through `onlyFirst` of the server get the fault (`0`
    /// or less: none of them); `nil` means every request.
    public var onlyFirst: Int?

    /// A fault of `kind` for every request, or only the first `onlyFirst` chat-completion requests.
    ///
    /// Arguments are meant to be in the ranges the text form accepts (token counts and delays at least 0,
    /// `status` between 400 and 599); values outside them are clamped when the fault is applied.
    public init(kind: Kind, onlyFirst: Int? = nil) {
        self.kind = kind
        self.onlyFirst = onlyFirst
    }

    /// Parses `KIND[:ARG][@N]`, such as `drop-mid-stream:3`, `status:503@2` or `http-error` (an alias of
    /// `status:500`). Kind names are case-insensitive; surrounding white space is ignored.
    ///
    /// - Throws: ``DemoFaultParseError`` naming the problem and listing the valid kinds.
    public init(parsing text: String) throws(DemoFaultParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        func fail(_ problem: String) -> DemoFaultParseError {
            DemoFaultParseError(text: text, problem: problem)
        }
        guard !trimmed.isEmpty else { throw fail("the text is empty") }
        let atParts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard atParts.count <= 2 else { throw fail("more than one '@'") }
        var onlyFirst: Int?
        if atParts.count == 2 {
            guard let count = Int(atParts[1]), count >= 1 else {
                throw fail("@N takes a whole number of requests of at least 1, got '@\(atParts[1])'")
            }
            onlyFirst = count
        }
        let colonParts = atParts[0].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(colonParts[0])
        guard let syntax = DemoFaultSyntax.named(name) else {
            throw fail(name.isEmpty ? "the kind is missing" : "unknown kind '\(name)'")
        }
        let argumentText = colonParts.count == 2 ? String(colonParts[1]) : nil
        let argument: Int
        switch syntax.argument {
        case .none:
            if let argumentText {
                throw fail("\(syntax.name) takes no argument, got ':\(argumentText)'")
            }
            argument = 0
        case .optional(let placeholder, let defaultValue, let range):
            guard let argumentText else {
                argument = defaultValue
                break
            }
            guard let value = Int(argumentText), range.contains(value) else {
                throw fail(Self.rangeProblem(syntax.name, placeholder, range, got: argumentText))
            }
            argument = value
        case .required(let placeholder, let range):
            guard let argumentText else {
                throw fail(
                    "\(syntax.name) needs :\(placeholder), a number from \(range.lowerBound) to \(range.upperBound)")
            }
            guard let value = Int(argumentText), range.contains(value) else {
                throw fail(Self.rangeProblem(syntax.name, placeholder, range, got: argumentText))
            }
            argument = value
        }
        self.init(kind: syntax.make(argument), onlyFirst: onlyFirst)
    }

    /// The canonical text, `KIND[:ARG][@N]`, with the argument always written out: `drop-mid-stream:5`,
    /// `status:500@2`. ``init(parsing:)`` reads it back to an equal fault.
    public var description: String {
        kind.text + (onlyFirst.map { "@\($0)" } ?? "")
    }

    /// Every kind's syntax (`drop-mid-stream[:K]`, `status:NNN`, …) with a one-line summary, in a stable order,
    /// for `--help` and documentation. The `@N` suffix applies to all of them.
    public static var catalogue: [(syntax: String, summary: String)] {
        DemoFaultSyntax.all.map { ($0.syntax, $0.summary) }
    }

    /// The kind that applies to chat-completion request `number` (counting from 1 per server): ``kind``, or
    /// ``Kind/none`` once the first ``onlyFirst`` requests are past.
    func kind(forRequestNumber number: Int) -> Kind {
        guard let onlyFirst else { return kind }
        return number <= onlyFirst ? kind : .none
    }

    /// The problem of an argument that is not a number in `range`.
    private static func rangeProblem(
        _ name: String, _ placeholder: String, _ range: ClosedRange<Int>, got text: String
    ) -> String {
        "\(name) takes \(placeholder) from \(range.lowerBound) to \(range.upperBound), got '\(text)'"
    }
}

extension DemoFault {
    /// The name of the request header that overrides the configured fault for one request.
    public static let headerName = "X-Demo-Fault"

    /// How many content tokens a stream delivers by default before `hang-mid-stream`, `drop-mid-stream` or
    /// `error-in-stream` strikes (fewer when the reply itself is shorter): the default `K`.
    public static let contentTokensBeforeFailure = DemoFaultSyntax.defaultTokens

    /// No fault: a well-formed reply.
    public static let none = DemoFault(kind: .none)
    /// `empty-body` for every request.
    public static let emptyBody = DemoFault(kind: .emptyBody)
    /// `chatglm-short` for every request.
    public static let chatglmShort = DemoFault(kind: .chatglmShort)
    /// `chatglm-newline` for every request.
    public static let chatglmNewline = DemoFault(kind: .chatglmNewline)
    /// `chatglm-function-call` for every request.
    public static let chatglmFunctionCall = DemoFault(kind: .chatglmFunctionCall)
    /// `chatglm3` for every request.
    public static let chatglm3 = DemoFault(kind: .chatglm3)
    /// `llama-overflow` with the default context of 16 tokens for every request.
    public static let llamaOverflow = DemoFault(
        kind: .llamaOverflow(contextTokens: DemoFaultSyntax.defaultContextTokens))
    /// `vllm-overflow` with the default `max_model_len` of 16 tokens for every request.
    public static let vllmOverflow = DemoFault(
        kind: .vllmOverflow(contextTokens: DemoFaultSyntax.defaultContextTokens))
    /// `hang-before-headers` for every request.
    public static let hangBeforeHeaders = DemoFault(kind: .hangBeforeHeaders)
    /// `hang-after-headers` for every request.
    public static let hangAfterHeaders = DemoFault(kind: .hangAfterHeaders)
    /// `hang-after-headers-pings` for every request.
    public static let hangAfterHeadersPings = DemoFault(kind: .hangAfterHeadersPings)
    /// `hang-mid-stream` with the default `K` for every request.
    public static let hangMidStream = DemoFault(kind: .hangMidStream(tokens: contentTokensBeforeFailure))
    /// `drop-mid-stream` with the default `K` for every request.
    public static let dropMidStream = DemoFault(kind: .dropMidStream(tokens: contentTokensBeforeFailure))
    /// `http-error`, that is `status:500`, for every request.
    public static let httpError = DemoFault(kind: .status(code: 500))
    /// `html-502` for every request.
    public static let html502 = DemoFault(kind: .html502)
    /// `rate-limit` with `Retry-After: 1` for every request.
    public static let rateLimit = DemoFault(kind: .rateLimit(retryAfter: DemoFaultSyntax.defaultRetryAfter))
    /// `error-in-stream` with the default `K` for every request.
    public static let errorInStream = DemoFault(kind: .errorInStream(tokens: contentTokensBeforeFailure))
    /// `bad-json` with the default `K` of 0 for every request.
    public static let badJSON = DemoFault(kind: .badJSON(tokens: DemoFaultSyntax.defaultBadJSONTokens))
    /// `no-done` for every request.
    public static let noDone = DemoFault(kind: .noDone)
    /// `trickle` with the default 20 ms for every request.
    public static let trickle = DemoFault(kind: .trickle(milliseconds: DemoFaultSyntax.defaultTrickleMilliseconds))
    /// `split-utf8` for every request.
    public static let splitUTF8 = DemoFault(kind: .splitUTF8)
    /// `echo-headers-401` for every request.
    public static let echoHeaders401 = DemoFault(kind: .echoHeaders401)
    /// `endless-paragraph` with the default `N` of 100,000 for every request.
    public static let endlessParagraph = DemoFault(
        kind: .endlessParagraph(tokens: DemoFaultSyntax.defaultParagraphTokens))
}
