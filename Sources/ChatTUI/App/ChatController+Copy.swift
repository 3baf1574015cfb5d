import ChatCore

/// `/copy [N]`: the last reply, or one of its code blocks, onto the terminal's clipboard with
/// OSC 52, written after the next frame.
extension ChatController {
    /// How to turn copying on, for when it is off.
    static let clipboardOffNotice =
        "copying to the clipboard is off (--no-clipboard or CHATTERM_CLIPBOARD=off); start chatterm without them to use /copy and y in /select"

    func copy(_ argument: String?) {
        guard clipboard != nil else {
            notice = Self.clipboardOffNotice
            return
        }
        guard let reply = session.conversation.messages.last(where: { $0.role == .assistant }) else {
            notice = "no reply to copy yet"
            return
        }
        let sofar = reply.status == .streaming ? " so far" : ""
        let text: String
        let what: String
        if let argument {
            guard let number = Int(argument), number > 0 else {
                notice = "/copy takes the number of a code block of the last reply, e.g. /copy 2"
                return
            }
            let blocks = FencedCodeBlock.blocks(in: reply.content)
            guard number <= blocks.count else {
                notice =
                    blocks.isEmpty
                    ? "the last reply has no code block; /copy alone copies all of it"
                    : "the last reply has \(Self.plural(blocks.count, "code block")); /copy 1 to /copy \(blocks.count)"
                return
            }
            let block = blocks[number - 1]
            text = block.code
            what =
                "code block \(number) (" + (block.language.isEmpty ? "" : block.language + ", ")
                + Self.plural(block.lineCount, "line") + ")"
        } else {
            guard !reply.content.isEmpty else {
                notice = "the last reply has no text to copy"
                return
            }
            text = reply.content
            what = "the last reply\(sofar) (\(Self.plural(text.count, "character")))"
        }
        writeToClipboard(text, what: what)
    }

    /// Copies `text` (described as `what` in the notice) with OSC 52 after the next frame; false,
    /// with a notice saying why, when copying is off or the text is too long.
    @discardableResult
    func writeToClipboard(_ text: String, what: String) -> Bool {
        guard let route = clipboard else {
            notice = Self.clipboardOffNotice
            return false
        }
        guard let bytes = ClipboardSequence.bytes(for: text, route: route) else {
            let size = Figures.bytes(ClipboardSequence.encodedLength(of: text) / 4 * 3)
            notice =
                "\(what) is too long to copy (\(size)): terminals drop OSC 52 copies above about 73 KB"
            return false
        }
        host?.writeAfterFrame(bytes)
        notice = "copied \(what) to the clipboard (\(route))"
        return true
    }

    /// The code block numbers of the last reply, for completing `/copy N`.
    func codeBlockNumbers() -> [String] {
        guard let reply = session.conversation.messages.last(where: { $0.role == .assistant }) else { return [] }
        return FencedCodeBlock.blocks(in: reply.content).indices.map { String($0 + 1) }
    }

    private static func plural(_ count: Int, _ noun: String) -> String {
        "\(Figures.count(count)) \(noun)\(count == 1 ? "" : "s")"
    }
}
