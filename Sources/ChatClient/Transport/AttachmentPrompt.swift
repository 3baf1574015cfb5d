import ChatCore
import Foundation

/// How a message's attachments reach the model: each text file as a fenced block headed by its
/// name, after the prompt; each image as an `image_url` part holding a `data:` URL, in the
/// OpenAI content-parts form that llama.cpp's server, vLLM and Ollama read too.
enum AttachmentPrompt {
    /// The message's text: the prompt, then a block per text attachment.
    static func text(_ prompt: String, attachments: [Attachment]) -> String {
        let blocks = attachments.compactMap { attachment -> String? in
            guard case .text(let text) = attachment.content else { return nil }
            return block(name: attachment.name, text: text)
        }
        guard !blocks.isEmpty else { return prompt }
        let head = prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? [] : [prompt]
        return (head + blocks).joined(separator: "\n\n")
    }

    /// `nginx.conf:`, then the text in a fence longer than any run of backticks inside it, so
    /// that a Markdown file's own fences cannot close it early.
    static func block(name: String, text: String) -> String {
        let fence = String(repeating: "`", count: max(3, longestBacktickRun(in: text) + 1))
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        return "\(name):\n\(fence)\(language(of: name))\n\(body)\n\(fence)"
    }

    /// The `data:` URL of an image: `data:image/png;base64,…`.
    static func dataURL(mediaType: String, data: Data) -> String {
        "data:\(mediaType);base64,\(data.base64EncodedString())"
    }

    /// The fence's language, from the file's extension (or its name, for a `Dockerfile`).
    static func language(of name: String) -> String {
        let lowered = name.lowercased()
        if ["dockerfile", "makefile"].contains(lowered) { return lowered }
        guard let dot = lowered.lastIndex(of: "."), dot != lowered.startIndex else { return "" }
        let suffix = String(lowered[lowered.index(after: dot)...])
        let names = [
            "py": "python", "js": "javascript", "mjs": "javascript", "ts": "typescript", "tsx": "tsx", "rs": "rust",
            "rb": "ruby", "sh": "sh", "bash": "bash", "zsh": "zsh", "yml": "yaml", "md": "markdown", "h": "c",
            "hpp": "cpp", "cc": "cpp", "cxx": "cpp", "kt": "kotlin", "cs": "csharp", "htm": "html",
        ]
        let language = names[suffix] ?? suffix
        return language.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" } ? language : ""
    }

    private static func longestBacktickRun(in text: String) -> Int {
        var longest = 0
        var run = 0
        for byte in text.utf8 {
            run = byte == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}
