/// What ChatGLM3's `predict_stream` (with `create_chat_completion` around it) sends for an output that grows
/// token by token, in terms of content rather than bytes.
///
/// ChatGLM3 looks at its output only once it is longer than ``silentLength`` characters (Unicode scalars, as
/// Python's `len` counts) and takes any output that contains ``functionCallMarker`` for a function call. The
/// handler does not answer at all (not even with a status line) until `predict_stream` first yields, so how
/// many tokens are generated before that is part of the result.
struct ChatGLM3Stream: Equatable {
    /// How the stream goes once ChatGLM3 answers.
    enum Outcome: Equatable {
        /// A zero-byte body: the output never grew past ``silentLength`` characters.
        case empty
        /// The whole output in one chunk, then a finish chunk and `[DONE]` (`parse_output_text`): the output
        /// contained `get_` as soon as it was long enough to be looked at.
        case wholeOutputAtOnce(String)
        /// Content chunks (the first carries the whole output up to then), then `end`.
        case chunks([String], end: End)
    }

    /// How a stream of chunks ends.
    enum End: Equatable {
        /// Normally: a finish chunk and `[DONE]`.
        case finish
        /// A token made the output contain `get_`: nothing more is sent while `silentTokens` more tokens are
        /// generated; then one event that is not JSON, carrying the whole `output`, and the end of the body.
        case functionCall(output: String, silentTokens: Int)
    }

    /// The longest output ChatGLM3 does not look at.
    static let silentLength = 7
    /// What makes ChatGLM3 take an output for a function call.
    static let functionCallMarker = "get_"

    /// Tokens generated before ChatGLM3 answers.
    var tokensBeforeAnswer: Int
    /// What it answers.
    var outcome: Outcome

    /// The stream for an output made of `tokens`, in order (the leading `"\n"` included).
    init(outputTokens tokens: [String]) {
        var output = ""
        var chunks: [String] = []
        var firstChunkToken: Int?
        for (index, token) in tokens.enumerated() {
            output += token
            guard let first = firstChunkToken else {
                guard output.unicodeScalars.count > Self.silentLength else { continue }
                if output.contains(Self.functionCallMarker) {
                    let whole = tokens.joined()
                    self.init(tokensBeforeAnswer: tokens.count, outcome: .wholeOutputAtOnce(whole))
                    return
                }
                firstChunkToken = index
                chunks.append(output)
                continue
            }
            if output.contains(Self.functionCallMarker) {
                let end = End.functionCall(output: tokens.joined(), silentTokens: tokens.count - index)
                self.init(tokensBeforeAnswer: first + 1, outcome: .chunks(chunks, end: end))
                return
            }
            chunks.append(token)
        }
        guard let first = firstChunkToken else {
            self.init(tokensBeforeAnswer: tokens.count, outcome: .empty)
            return
        }
        self.init(tokensBeforeAnswer: first + 1, outcome: .chunks(chunks, end: .finish))
    }

    /// A stream with the given parts.
    init(tokensBeforeAnswer: Int, outcome: Outcome) {
        self.tokensBeforeAnswer = tokensBeforeAnswer
        self.outcome = outcome
    }
}
