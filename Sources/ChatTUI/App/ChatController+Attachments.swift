import ChatCore

/// Attachments in the chat: `/attach` and `/detach`, Tab on a path, and files dropped on the
/// prompt. What is attached waits above the prompt, one folded line a file, and goes with the
/// next prompt (Enter on an empty prompt sends it alone).
extension ChatController {
    /// `/attach PATH…` reads the files now, so a problem shows at once; alone, lists what waits.
    func attach(_ argument: String?) {
        guard let argument else {
            notice =
                waitingAttachments.isEmpty
                ? "nothing attached: /attach PATH… attaches files to the next prompt"
                : "attached: "
                    + waitingAttachments.enumerated().map { "\($0.offset + 1). \($0.element.summary())" }
                    .joined(separator: "  ")
            return
        }
        guard let names = PathWords.split(argument) else {
            notice = "a quote is left open in “\(argument)”"
            return
        }
        switch AttachmentReader.read(names, vision: vision) {
        case .success(let attachments):
            add(attachments)
        case .failure(let failure):
            notice = failure.description
        }
    }

    /// `/detach` removes the last waiting attachment, `/detach N` the Nth, `/detach all` every one.
    func detach(_ which: String?) {
        guard !waitingAttachments.isEmpty else {
            notice = "nothing attached"
            return
        }
        switch which {
        case nil:
            notice = "detached \(waitingAttachments.removeLast().name)"
        case "all":
            notice = "detached \(waitingAttachments.count) file\(waitingAttachments.count == 1 ? "" : "s")"
            waitingAttachments = []
        case let text?:
            guard let number = Int(text), waitingAttachments.indices.contains(number - 1) else {
                notice = "/detach takes a number from 1 to \(waitingAttachments.count), or all"
                return
            }
            notice = "detached \(waitingAttachments.remove(at: number - 1).name)"
        }
    }

    private func add(_ attachments: [Attachment]) {
        guard waitingAttachments.count + attachments.count <= AttachmentReader.mostFiles else {
            notice = "more than \(AttachmentReader.mostFiles) files: send these first, or /detach some"
            return
        }
        waitingAttachments += attachments
        let names = attachments.map(\.name).joined(separator: ", ")
        notice = "attached \(names): they go with the next prompt (/detach removes)"
    }

    /// Tab after `/attach`: completes the last path of the argument.
    func completePath(after command: String, in argument: String) {
        let start = argument.lastIndex(where: \.isWhitespace).map { argument.index(after: $0) } ?? argument.startIndex
        let typed = String(argument[start...])
        let candidates = PathCompletion.candidates(for: typed)
        if candidates.isEmpty {
            notice = "no file starts with “\(typed)”"
            return
        }
        complete(typed, with: candidates, keepingPrefix: command + argument[..<start])
    }

    /// A bracketed paste: paths of existing files ask whether to attach them; anything else is
    /// pasted into the prompt. True when the paste was taken here.
    func dropped(_ pasted: String) -> Bool {
        guard let files = DroppedFiles(pasted: pasted, vision: vision) else { return false }
        droppedFiles = files
        notice = files.question
        return true
    }

    /// The key after a drop's question: Enter attaches the files, any other key pastes the
    /// text instead (Esc only that; another key then does what it does).
    func answerDrop(_ files: DroppedFiles, with key: Key) -> Bool {
        droppedFiles = nil
        if key == .enter {
            add(files.attachments)
            return true
        }
        notice = nil
        editorOutcome(screen.input.handle(.paste(files.pasted)))
        return key == .escape
    }
}
