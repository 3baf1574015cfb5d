import Foundation

/// The demo server's reply: a deterministic, pure function of the prompt.
///
/// The reply echoes the prompt (`You said: “…”.`) and continues with a fixed passage: by default ``passage``,
/// which mixes plain English, CJK, emoji and a paragraph break, so clients see every kind of text a real model
/// streams; or ``cjkPassage``, Chinese and Japanese that is almost all double-width characters
/// (``DemoPassage``).
///
/// A prompt that asks for `one word` (anywhere in the last user message, in any letter case) gets the reply
/// ``shortReply``, `OK.`, whatever the fault and the configured length: short enough to trigger the
/// `chatglm-short` fault, as a real model's one-word answer triggers ChatGLM3's empty stream.
enum DemoReply {
    /// The whole reply to a prompt that asks for `one word`.
    static let shortReply = "OK."

    /// The passage of the `split-utf8` fault: every kind of multi-byte UTF-8 (two-byte accents, Greek and
    /// Cyrillic, three-byte CJK, kana and hangul, four-byte emoji and an emoji ZWJ sequence).
    static let multilingualPassage = """
        Voilà, déjà vu: naïve café crème, smørrebrød, Zürich and São Paulo. \
        你好，世界！这是一个多字节的流式回复。こんにちは、ストリーミング。안녕하세요, 세계! \
        Ελληνικά και русский текст. Emoji: 🚀✨🎉 👩‍💻 ½ € ™ — “quoted” ñandú.
        """

    /// How many characters of the trimmed prompt the echo quotes.
    static let echoedPromptLength = 200

    /// The fixed passage that follows the echo.
    static let passage = """
        This is the chatterm demo server, streaming its reply one token at a time like a real model. \
        Each word arrives as its own server-sent event, so you can watch the text appear, time the first \
        token, and see how the client copes with a slow or broken stream. 你好，世界！这是一个流式回复。 \
        Emoji too: 🚀✨

        No language model was involved: this fixed passage follows an echo of your prompt, so every run is \
        identical. Use --base-url to chat with a real server.
        """

    /// The passage of ``DemoPassage/cjk``: Chinese with some Japanese kana, CJK punctuation and a paragraph
    /// break, without a single ASCII character.
    static let cjkPassage = """
        这是一个演示服务器，它像真正的语言模型一样，一个词一个词地流式发送回复。每个词都是一个单独的事件，\
        所以你可以看着文字一点一点地出现，测量第一个词到达的时间，并观察客户端如何应对缓慢或中断的数据流。\
        你准备好了吗？我们开始吧！

        这里没有使用任何语言模型：回复只是一段固定的文字，跟在你的提示之后，所以每次运行的结果都完全相同。\
        日本語も少し：こんにちは、ストリーミングのテストです。全角の文字は画面の二つの桁を使います。ありがとう！
        """

    /// The passage's tokens followed by a paragraph break: the unit repeated to pad a reply to a fixed length.
    static let passageCycle: [String] = DemoTokenizer.tokenize(passage) + ["\n\n"]

    /// ``passageCycle`` for ``cjkPassage``.
    static let cjkPassageCycle: [String] = DemoTokenizer.tokenize(cjkPassage) + ["\n\n"]

    /// The passage's tokens followed by a paragraph break, and what separates two words of it: a space in
    /// English, nothing in Chinese and Japanese.
    static func cycle(of passage: DemoPassage) -> (tokens: [String], wordSeparator: String) {
        switch passage {
        case .english: (passageCycle, " ")
        case .cjk, .code: (cjkPassageCycle, "")
        }
    }

    /// The sentence that opens every reply, quoting at most ``echoedPromptLength`` characters of the prompt.
    static func echo(of prompt: String) -> String {
        let trimmed = prompt.trimmingCharacters(in: .whitespacesAndNewlines)
        let quoted = trimmed.count > echoedPromptLength ? String(trimmed.prefix(echoedPromptLength)) + "…" : trimmed
        return "You said: \u{201C}\(quoted)\u{201D}."
    }

    /// The reply's tokens. Without `count` the reply is the echo, a space and the passage; with `count` it has
    /// exactly `max(count, 0)` tokens: the echo (cut short if need be), then the passage, then the passage
    /// again as often as needed, one paragraph per repetition, each repetition rotated to start at another
    /// word. The rotation keeps a long reply from repeating whole screen lines, which real model output never
    /// does and which would defeat a terminal's scroll optimisation in benchmarks. A prompt that asks for
    /// `one word` gets the tokens of ``shortReply`` instead, whatever `count` says. `passage` picks the
    /// passage: ``passage`` (the default) or ``cjkPassage``.
    static func tokens(forPrompt prompt: String, count: Int? = nil, passage: DemoPassage = .english) -> [String] {
        if asksForOneWord(prompt) {
            return DemoTokenizer.tokenize(shortReply)
        }
        let echoTokens = DemoTokenizer.tokenize(echo(of: prompt))
        if passage == .code { return DemoCodePassage.tokens(after: echoTokens, count: count) }
        let (passageCycle, wordSeparator) = cycle(of: passage)
        let total = count.map { max($0, 0) } ?? echoTokens.count + passageCycle.count - 1
        guard total > echoTokens.count else {
            return Array(echoTokens.prefix(total))
        }
        var tokens = echoTokens
        tokens.reserveCapacity(total)
        let words = passageCycle.count - 1
        for index in 0..<(total - echoTokens.count) {
            let repetition = index / passageCycle.count
            let position = index % passageCycle.count
            let token: String
            if position == words {
                token = "\n\n"
            } else {
                let rotated = (position + repetition * 37) % words
                let word = passageCycle[rotated]
                if position == 0 && repetition > 0 {
                    // A rotated paragraph starts with its first word's leading space trimmed…
                    token = String(word.drop { $0 == " " })
                } else if rotated == 0 && position > 0 {
                    // …and the passage's first word, which has none, gets one mid-paragraph (in English).
                    token = wordSeparator + word
                } else {
                    token = word
                }
            }
            tokens.append(index == 0 ? " " + token : token)
        }
        return tokens
    }

    /// The reply of the `split-utf8` fault: ``multilingualPassage``, or with `count` exactly `max(count, 0)`
    /// tokens of it, repeated paragraph after paragraph as needed. A prompt asking for `one word` still gets
    /// ``shortReply``.
    static func multilingualTokens(forPrompt prompt: String, count: Int? = nil) -> [String] {
        if asksForOneWord(prompt) {
            return DemoTokenizer.tokenize(shortReply)
        }
        let passage = DemoTokenizer.tokenize(multilingualPassage)
        guard let count else { return passage }
        let cycle = passage + ["\n\n"]
        return (0..<max(count, 0)).map { cycle[$0 % cycle.count] }
    }

    /// Whether `prompt` contains `one word`, in any letter case.
    static func asksForOneWord(_ prompt: String) -> Bool {
        prompt.range(of: "one word", options: .caseInsensitive) != nil
    }
}
