/// The fixed passage a demo reply continues with after echoing the prompt (``DemoServerConfiguration/passage``).
public enum DemoPassage: String, Sendable, CaseIterable {
    /// Mostly English, with a little CJK and emoji and a paragraph break: the default.
    case english
    /// Chinese with some Japanese kana, CJK punctuation and a paragraph break: a long reply is almost all
    /// double-width characters, for measuring how a client draws wide text.
    case cjk
    /// Fenced code blocks in a dozen languages with a sentence of prose before each
    /// (``DemoCodePassage``): a code-heavy reply, for measuring syntax highlighting.
    case code
}
