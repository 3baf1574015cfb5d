import ChatCore
import Foundation

/// What the slash commands and the overlays do: the conversation library, the help, the model,
/// the system prompt, search in the conversation and raw text (themes: `ChatController+Themes`).
extension ChatController {
    func run(_ command: SlashCommand) {
        notice = nil
        do {
            switch command {
            case .retry:
                screen.scrollToBottom()
                try session.retry()
                if let last = session.conversation.messages.indices.last,
                    session.conversation.alternatives(at: last) != nil
                {
                    notice =
                        "the earlier reply is kept: \(KeyTable.keyNames(.chat(.previousAlternative))) shows it"
                }
            case .edit(let argument):
                editPrompt(argument)
            case .branch(let argument):
                branch(argument)
            case .continueReply:
                screen.scrollToBottom()
                try session.continueReply()
            case .quit:
                quit()
            case .title(nil):
                notice = "title: " + (session.conversation.title.isEmpty ? "(none yet)" : session.conversation.title)
            case .title(let title?):
                session.rename(title)
                notice = "renamed"
            case .history, .open, .export, .new:
                runLibraryCommand(command)
            case .model(nil):
                listModels()
            case .model(let name?):
                session.model = name
                session.learnContextWindow()
                notice = "model: \(name) from the next reply"
            case .profile(let name):
                switchProfile(name)
            case .system(nil):
                let system = session.conversation.messages.first { $0.role == .system }?.content
                notice = "system prompt: " + (system ?? "(none)")
            case .system(let text?):
                try session.setSystemPrompt(text)
                notice = "system prompt set"
            case .find(let text):
                find(text)
            case .raw:
                toggleRaw()
            case .theme(let name):
                switchTheme(name)
            case .copy(let argument):
                copy(argument)
            case .attach(let paths):
                attach(paths)
            case .detach(let which):
                detach(which)
            case .select:
                startSelection()
            case .help:
                overlay = .help(HelpOverlay())
                host?.repaint(clearingTheTerminal: false)
            case .unknown(let name):
                notice =
                    "unknown command \(name)"
                    + (SlashCommand.suggestion(for: name).map { "; did you mean \($0)?" } ?? "; /help lists them")
            }
        } catch {
            notice = error.description
        }
    }

    /// The commands that need the conversation library (`/history`, `/open`, `/export`).
    func runLibraryCommand(_ command: SlashCommand) {
        guard let library else {
            notice = "conversations are not saved in this run"
            return
        }
        do {
            switch command {
            case .history, .open(nil):
                openHistory(library)
            case .open(let reference?):
                try continueConversation(reference, in: library)
            case .export(let argument):
                guard argument == nil || argument?.lowercased() == "all" else {
                    notice = "/export takes `all` (every branch), or nothing (the branch in view)"
                    return
                }
                notice = "exported to " + (try library.export(session.conversation, allBranches: argument != nil))
            case .new:
                if session.isBusy {
                    notice = ChatSession.Refusal.busy.description
                } else {
                    try library.startNewConversation()
                    notice = "a new conversation"
                }
            default:
                break
            }
        } catch {
            notice = String(describing: error)
        }
    }

    /// Shows the list of saved conversations over the chat.
    func openHistory(_ library: any ConversationLibrary) {
        let listing = library.entries()
        let browser = HistoryBrowser(entries: listing.entries, unreadable: listing.unreadable) {
            [weak library] query in
            // Titles and models filter as you type; from three characters on, messages count too.
            query.count >= 3 ? library?.search(query) : nil
        }
        overlay = .history(browser)
        host?.repaint(clearingTheTerminal: false)
    }

    func handleBrowser(_ action: HistoryBrowser.Action?, from browser: HistoryBrowser) {
        switch action {
        case nil:
            break
        case .close:
            closeOverlay()
        case .open(let id):
            guard let library else { return closeOverlay() }
            do {
                overlay = .viewer(
                    ConversationViewer(conversation: try library.load(id)), reference: id, browser: browser)
                host?.repaint(clearingTheTerminal: false)
            } catch {
                closeOverlay()
                notice = String(describing: error)
            }
        }
    }

    func handleViewer(_ action: ConversationViewer.Action?, reference: String, browser: HistoryBrowser?) {
        switch action {
        case nil:
            break
        case .close:
            if let browser {
                overlay = .history(browser)
                host?.repaint(clearingTheTerminal: false)
            } else {
                closeOverlay()
            }
        case .continueConversation:
            closeOverlay()
            guard let library else { return }
            do {
                try continueConversation(reference, in: library)
            } catch {
                notice = String(describing: error)
            }
        }
    }

    private func continueConversation(_ reference: String, in library: any ConversationLibrary) throws {
        if session.isBusy {
            notice = ChatSession.Refusal.busy.description
            return
        }
        notice = try library.continueConversation(reference) ?? Self.continuingNotice(session.conversation)
        screen.scrollToBottom()
    }

    /// What the status bar says when a saved conversation goes on: at start (`--resume`), after
    /// `/open` and after the viewer's continue.
    public static func continuingNotice(_ conversation: Conversation) -> String {
        "continuing “\(conversation.title)”"
    }

    func closeOverlay() {
        overlay = .none
        host?.repaint(clearingTheTerminal: false)
    }

    /// Lists the server's models in the status bar (`/model` alone).
    func listModels() {
        guard let lister = modelLister else {
            notice = "model: \(session.model)"
            return
        }
        notice = "asking the server for its models…"
        Task { @MainActor [weak self] in
            let text: String
            do {
                let models = try await lister()
                self?.knownModels = models
                text = models.isEmpty ? "the server lists no models" : "models: " + models.joined(separator: ", ")
            } catch {
                text = "could not list models: \(error)"
            }
            guard let self else { return }
            self.show(notice: text + " · now: \(self.session.model)")
        }
    }

    /// Highlights `text` in the conversation and shows its newest match; nil clears the search.
    func find(_ text: String?) {
        guard let text else {
            search = nil
            notice = nil
            return
        }
        let search = ConversationSearch(query: text, layout: screen.layout)
        self.search = search
        if let row = search.selectLast(atOrBefore: screen.layout.totalRows) {
            screen.reveal(row: row)
            notice = search.foundNotice()
        } else {
            notice = "“\(text)” is not in this conversation"
        }
    }

    /// Moves to the previous (older) or next match of the search under way.
    func findAgain(older: Bool) {
        guard let search else { return }
        if let row = older ? search.previous() : search.next() {
            screen.reveal(row: row)
            notice = "“\(search.query)” \(search.positionText)"
        }
    }

    /// Shows replies with or without Markdown rendering.
    func toggleRaw() {
        screen.layout.rawText.toggle()
        notice = screen.layout.rawText ? "raw text: replies as they came" : "replies rendered"
    }

    /// Tab on a command: completes its name, or its argument with what the `KeyTable` says the
    /// command completes; with several candidates, completes what they share and lists them.
    func completeCommand() {
        let draft = screen.input.text
        guard let space = draft.firstIndex(of: " ") else {
            let names = SlashCommand.completions(of: draft)
            if names.isEmpty {
                notice = "no command starts with \(draft); /help lists them"
                return
            }
            complete(draft, with: names, keepingPrefix: "")
            return
        }
        let name = String(draft[..<space])
        let argument = String(draft[draft.index(after: space)...])
        guard let completion = KeyTable.command(named: name)?.completion else { return }
        if completion == .paths { return completePath(after: name + " ", in: argument) }
        guard let all = candidates(for: completion) else { return }
        let candidates = all.filter { $0.hasPrefix(argument) }
        if candidates.isEmpty {
            notice = "nothing to complete for “\(argument)”"
            return
        }
        complete(argument, with: candidates, keepingPrefix: name + " ")
    }

    /// What Tab offers for an argument; nil while the server's models are being asked for.
    private func candidates(for completion: SlashCommand.Completion) -> [String]? {
        switch completion {
        case .conversations: return ["last"] + (library?.entries().entries.map(\.id) ?? [])
        case .models:
            guard let models = knownModels else {
                listModels()
                return nil
            }
            return models
        case .profiles: return profileNames()
        case .themes: return themeNames()
        case .codeBlocks: return codeBlockNumbers()
        case .paths: return nil
        }
    }

    /// Replaces `typed` by the one candidate, or by what all the candidates share (listing them).
    func complete(_ typed: String, with candidates: [String], keepingPrefix prefix: String) {
        if candidates.count == 1 {
            screen.input.setText(prefix + candidates[0] + (prefix.isEmpty ? " " : ""))
            notice = nil
            return
        }
        let common = candidates.dropFirst().reduce(candidates[0]) { common, name in
            String(zip(common, name).prefix { $0 == $1 }.map(\.0))
        }
        if common.count > typed.count { screen.input.setText(prefix + common) }
        notice = candidates.prefix(12).joined(separator: "  ") + (candidates.count > 12 ? "  …" : "")
    }

    /// Jumps the view to the start of the previous or next message (Alt-Up / Alt-Down).
    func jumpToMessage(previous: Bool) {
        let top = screen.visibleRows.lowerBound
        let target =
            previous ? screen.layout.previousMessageStart(from: top) : screen.layout.nextMessageStart(from: top)
        if let target { screen.show(topRow: target) } else if !previous { screen.scrollToBottom() }
    }

    func handleHelp(_ action: HelpOverlay.Action?) {
        if action == .close { closeOverlay() }
    }
}
