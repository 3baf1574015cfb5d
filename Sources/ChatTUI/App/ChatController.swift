import ChatCore
import Foundation

/// The chat without the terminal: its state, what each key and command does to it, and the rows
/// it shows. It knows no curses, no file descriptor and no timer: what only the terminal can do
/// (a frame, a repaint, Ctrl-Z, the external editor, the palette, bytes after a frame) it asks of
/// its `ChatHost`. So every key flow runs headless in the tests, drawn on a `GridSurface`.
@MainActor
public final class ChatController {
    /// What the chat starts with, besides the session.
    public struct Options: Sendable {
        /// "demo" or the endpoint's host:port, for the status bar.
        public var endpointLabel: String
        /// The configuration profile in use, for the status bar; nil when none is.
        public var profile: String?
        /// A notice shown in the status bar at start, e.g. that demo mode is on.
        public var startupNotice: String?
        /// The prompt history's file (`<data-dir>/prompt-history.json`), read at start and
        /// written after each prompt; nil keeps the history for this run only.
        public var promptHistoryPath: String?
        /// How `/copy` reaches the terminal's clipboard (OSC 52, wrapped for tmux or screen); nil
        /// when copying is turned off.
        public var clipboard: ClipboardSequence.Route?
        /// The colours to start with.
        public var theme: Theme
        /// Where `/theme NAME` looks for themes; nil offers only the built-in default.
        public var themes: ThemeCatalog?
        /// Whether the model sees images (`vision`): `/attach` refuses images otherwise.
        public var vision = false

        public init(
            endpointLabel: String, profile: String? = nil, startupNotice: String? = nil,
            promptHistoryPath: String? = nil, theme: Theme = .default, themes: ThemeCatalog? = nil,
            clipboard: ClipboardSequence.Route? = .direct
        ) {
            self.endpointLabel = endpointLabel
            self.profile = profile
            self.startupNotice = startupNotice
            self.promptHistoryPath = promptHistoryPath
            self.theme = theme
            self.themes = themes
            self.clipboard = clipboard
        }
    }

    /// A full-screen view over the chat; keys go to it until it closes.
    enum Overlay {
        case none
        case history(HistoryBrowser)
        /// A saved conversation, read-only; `browser` is where Esc goes back to.
        case viewer(ConversationViewer, reference: String, browser: HistoryBrowser?)
        case help(HelpOverlay)
    }

    /// How often the live figures in the status bar change while waiting for the server: the
    /// elapsed time is all the user sees move.
    static let waitingStatusInterval = Duration.milliseconds(250)
    /// How often they change while tokens stream: the text itself shows progress, and each
    /// refresh costs about 40 bytes on the wire, as much as ten tokens of text.
    static let streamingStatusInterval = Duration.seconds(1)
    /// How long a first Ctrl-C waits for the second.
    static let quitConfirmSeconds: Double = 2

    public let session: ChatSession
    /// The terminal, or the tests' stand-in for it; set before the first key.
    public weak var host: (any ChatHost)?
    let screen = ChatScreen()
    /// What has the screen: the chat, or an overlay over it.
    var overlay = Overlay.none
    /// The status bar's message until the next one (a failed save, a command's result).
    var notice: String?
    /// When the first Ctrl-C of a pair was pressed, for quitting on the second.
    var quitArmedAt: Date?
    /// Whether the model is still being asked of the server, and the prompt waiting for it.
    var modelSearch = ModelSearch.idle
    /// The saved conversations (`/history`, `/open`, `/export`); nil when nothing is saved.
    public var library: (any ConversationLibrary)?
    /// Asks the server for its models (`/model` alone); nil when there is no server to ask.
    public var modelLister: (@Sendable () async throws -> [String])?
    /// The server's models once `/model` has listed them, for completing `/model NAME`.
    var knownModels: [String]?
    /// The configuration's profiles (`/profile`); nil when the owner offers none.
    public var profiles: ProfileSwitcher?
    /// "demo" or the endpoint's host:port; `/profile` changes it.
    var endpointLabel: String
    /// The profile in use, or nil.
    var profile: String?
    /// The session's last failover notice once shown, so it is shown once.
    var shownFailoverNotice: String?
    /// The search under way in the conversation (`/find`), highlighted on screen.
    var search: ConversationSearch?
    /// The colours in use (`--theme`, `/theme`).
    var theme: Theme
    /// Where `/theme NAME` looks.
    let themes: ThemeCatalog
    /// What the terminal can show; the host says once it has set the terminal up.
    public var colorDepth = ColorDepth.monochrome
    /// How `/copy` reaches the clipboard; nil when copying is off.
    let clipboard: ClipboardSequence.Route?
    /// Earlier prompts, for Up/Down in the input editor, and their file.
    var promptHistory = PromptHistory()
    let promptHistoryPath: String?
    /// Whether the conversation is saved, for the title line; the app's owner keeps it current.
    public var saveState = TitleLine.SaveState.off {
        didSet { if saveState != oldValue { host?.requestFrame() } }
    }
    /// The first message the session changed since the conversation was last drawn, nil when
    /// none did: the layout's promise (`unchangedBefore`) that spares it the earlier messages.
    private var messagesChangedFrom: Int?
    /// The status bar's live figures, refreshed at the host's status pace (and on every phase
    /// change) rather than on every token, so a streaming reply does not rewrite the status bar
    /// with each token.
    private var liveFigures = LiveFigures()
    /// Selection mode over the conversation (`/select`), off when not selecting.
    var selection = SelectionMode.off
    /// The conversation's lines as the selection moves over them.
    lazy var selectionLines = ConversationLines(session: session, layout: screen.layout)
    /// The time now; the tests set it to press Ctrl-C twice far apart.
    var now: () -> Date = Date.init
    /// Whether the model sees images (`vision`), for `/attach`; `/profile` changes it.
    public var vision: Bool
    /// Files attached (`/attach`, a confirmed drop) that go with the next prompt.
    var waitingAttachments: [Attachment] = [] {
        didSet { screen.waitingAttachments = waitingAttachments.map { $0.summary() } }
    }
    /// A paste of paths of existing files, waiting for Enter (attach them) or any other key (paste it).
    var droppedFiles: DroppedFiles?
    /// The offer to leave the oldest messages out of a request, while it waits for an answer.
    var contextOffer: ContextOffer?
    /// A prompt of the branch in view being edited, to send as a new branch (`/edit`).
    var promptEdit = PromptEdit.off
    /// Whether the branch in view may have changed since its alternatives were last worked out:
    /// they are worked out again on the next frame (or the next key that needs them), never on
    /// every token.
    var alternativesStale = true

    private struct LiveFigures {
        var tokensPerSecond: Double?
        var tokens = 0
        var elapsedSeconds: Double?
    }

    public init(session: ChatSession, options: Options) {
        self.session = session
        self.notice = options.startupNotice
        self.theme = options.theme
        self.themes = options.themes ?? ThemeCatalog(folders: [])
        self.endpointLabel = options.endpointLabel
        self.profile = options.profile
        self.clipboard = options.clipboard
        self.promptHistoryPath = options.promptHistoryPath
        self.vision = options.vision
        if let path = options.promptHistoryPath {
            let (history, problem) = PromptHistory.read(from: path)
            promptHistory = history
            if let problem { notice = [notice, problem].compactMap { $0 }.joined(separator: " · ") }
        }
        session.onChange = { [weak self] change in self?.sessionChanged(change) }
    }

    /// The chat is on screen: warms the endpoint up while the user types the first prompt (once
    /// the model is known, if it is still being found).
    public func opened() {
        if !modelPending {
            session.warmUpAhead()
            session.learnContextWindow()
        }
    }

    /// Shows a message in the status bar until the next one (a failed save, a command's result).
    public func show(notice: String?) {
        self.notice = notice
        host?.requestFrame()
    }

    /// The run is over: stops listening to the session, and cancels a reply under way — or, when
    /// a signal (`exitStatus` 128 + its number: a hung-up SSH link, a kill) ended the run,
    /// interrupts it, so the file says why it stopped.
    public func finish(exitStatus: Int32) {
        session.onChange = nil
        host?.refreshStatus(every: nil)
        guard session.isBusy else { return }
        if exitStatus > 128 {
            session.interrupt(bySignal: exitStatus - 128)
        } else {
            session.cancel()
        }
    }

    func quit() {
        host?.quit(status: 0)
    }

    // MARK: Drawing

    /// Draws the chat, or the overlay over it, on `surface`.
    public func render(on surface: any Surface) {
        switch overlay {
        case .none:
            if alternativesStale { _ = alternatives }
            let messages = session.conversation.messages
            screen.render(
                messages: messages, status: statusModel(), on: surface,
                unchangedBefore: messagesChangedFrom ?? messages.count,
                highlights: search.map { search in { search.highlights(inRow: $0) } },
                title: TitleLine.render(
                    title: session.conversation.title, model: modelPending ? "…" : session.model,
                    endpoint: endpointLabel, profile: profile ?? "", save: saveState, width: surface.size.columns),
                marks: selectionMarks(), inputLine: selectionInputLine(width: surface.size.columns))
            messagesChangedFrom = nil
        case .history(let browser): browser.render(on: surface)
        case .viewer(let viewer, _, _): viewer.render(on: surface)
        case .help(let help): help.render(on: surface)
        }
    }

    /// Reads the session's live figures for the status bar: at the host's status pace.
    public func refreshLiveFigures() {
        liveFigures = LiveFigures(
            tokensPerSecond: session.liveTokensPerSecond, tokens: session.liveTokenCount,
            elapsedSeconds: session.liveElapsedSeconds)
    }

    private func sessionChanged(_ change: ChatSession.Change) {
        switch change {
        case .contentAppended(let index, _), .reasoningAppended(let index, _), .messageUpdated(let index),
            .replyRestarted(let index):
            messagesChangedFrom = min(messagesChangedFrom ?? index, index)
        case .messageAdded(let index), .messageRemoved(let index):
            messagesChangedFrom = min(messagesChangedFrom ?? index, index)
            // A retry's reply may take the place of an alternative.
            alternativesStale = alternativesStale || session.conversation.isBranched
        case .branchShown(let index):
            messagesChangedFrom = min(messagesChangedFrom ?? index, index)
            alternativesStale = true
            takeEdit(.branchShown(index))
        case .conversationReplaced:
            messagesChangedFrom = 0
            alternativesStale = true
            screen.layout.reset()
            screen.scrollToBottom()
            takeEdit(.conversationReplaced)
        case .phase(.finished(.failed)):
            offerAfterOverflow()
            followFailover()
            refreshLiveFigures()
            host?.refreshStatus(every: statusRefreshInterval)
        case .phase, .status:
            followFailover()
            refreshLiveFigures()
            host?.refreshStatus(every: statusRefreshInterval)
        }
        host?.requestFrame()
    }

    /// How often the status bar's figures change by themselves: while a reply is under way, or a
    /// warm-up runs ahead of one (its elapsed time is all that moves); never while idle.
    private var statusRefreshInterval: Duration? {
        if session.phase == .streaming { return Self.streamingStatusInterval }
        if session.phase.isActive || session.warmingUpAheadSince != nil { return Self.waitingStatusInterval }
        return nil
    }

    func statusModel() -> StatusModel {
        let lastStats = session.conversation.messages.last(where: { $0.role == .assistant })?.stats
        return StatusModel(
            phase: session.phase,
            liveTokensPerSecond: liveFigures.tokensPerSecond,
            liveTokens: liveFigures.tokens,
            elapsedSeconds: liveFigures.elapsedSeconds,
            lastStats: lastStats,
            model: modelPending ? "…" : session.model,
            endpointLabel: endpointLabel,
            profile: profile ?? "",
            notice: editHint.map { hint in notice.map { $0 + " · " + hint } ?? hint } ?? notice,
            warmUp: session.warmUpReport,
            serverAlive: session.serverAlive(), streamingOff: session.streamingOffNotice,
            warmingUpAheadSeconds: session.isBusy ? nil : session.warmingUpAheadSeconds,
            context: session.contextUse)
    }
}
