/// A guess at how many tokens a text takes, for what the server has not counted yet: the
/// prompt being typed, and messages after the last reply whose `usage` the server sent.
///
/// The rule is one token per four bytes of ASCII and one per other character. English under
/// the common BPE vocabularies (Llama, Qwen, GPT) runs at about four characters a token; CJK
/// runs near one token a character (often more in older vocabularies, fewer in Qwen's), and
/// accented Latin or Cyrillic between the two, so counting each non-ASCII character as a
/// token leans high. High is the right way to be wrong here: the guess decides whether to
/// warn before sending, and a warning too early costs a keypress, one too late an overflow.
/// Each message adds `perMessage` for the chat template's role markers.
public enum TokenEstimate {
    /// Tokens a chat template spends around one message (`<|im_start|>user\n…<|im_end|>\n`).
    public static let perMessage = 4

    public static func tokens(in text: String) -> Int {
        var asciiBytes = 0
        var others = 0
        for scalar in text.unicodeScalars {
            if scalar.isASCII { asciiBytes += 1 } else { others += 1 }
        }
        return (asciiBytes + 3) / 4 + others
    }

    /// The messages' tokens, template markers included.
    public static func tokens(in messages: [ChatRequest.Message]) -> Int {
        messages.reduce(0) { $0 + tokens(in: $1.content) + perMessage }
    }
}
