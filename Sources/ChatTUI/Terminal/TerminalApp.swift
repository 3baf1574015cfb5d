import CNcursesw
import ChatCore
import Dispatch
import Foundation

/// The full-screen program: owns the terminal from `start` to `stop`, turns key presses into
/// edits and session commands, and redraws at most once per frame when something changed.
///
/// Everything here runs on the main actor, which is the main dispatch queue: curses is not
/// thread-safe, so input, signals and timers are all dispatch sources on that queue.
@MainActor
public final class TerminalApp {
    /// What the app needs to know besides the session.
    public struct Options: Sendable {
        public var useColor: Bool
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
        /// Draw only ASCII: the user's locale is not UTF-8, so the terminal may not be either.
        public var asciiOnly: Bool
        /// The colours to start with.
        public var theme: Theme
        /// Where `/theme NAME` looks for themes; nil offers only the built-in default.
        public var themes: ThemeCatalog?
        /// `COLORTERM`: when it promises 24-bit colour and the terminal's terminfo entry cannot
        /// send it, the entry's `-direct` sibling is used if installed.
        public var colorTerm: String?

        public init(
            useColor: Bool, endpointLabel: String, profile: String? = nil, startupNotice: String? = nil,
            promptHistoryPath: String? = nil,
            theme: Theme = .default, themes: ThemeCatalog? = nil, colorTerm: String? = nil,
            asciiOnly: Bool = false, clipboard: ClipboardSequence.Route? = .direct
        ) {
            self.useColor = useColor
            self.endpointLabel = endpointLabel
            self.profile = profile
            self.startupNotice = startupNotice
            self.promptHistoryPath = promptHistoryPath
            self.asciiOnly = asciiOnly
            self.theme = theme
            self.themes = themes
            self.colorTerm = colorTerm
            self.clipboard = clipboard
        }
    }

    /// The shortest time between two frames (60 per second).
    static let frameInterval: DispatchTimeInterval = .milliseconds(16)
    /// How often the live figures in the status bar change while waiting for the server: the
    /// elapsed time is all the user sees move.
    static let waitingStatusInterval: DispatchTimeInterval = .milliseconds(250)
    /// How often they change while tokens stream: the text itself shows progress, and each
    /// refresh costs about 40 bytes on the wire, as much as ten tokens of text.
    static let streamingStatusInterval: DispatchTimeInterval = .seconds(1)
    /// How long a first Ctrl-C waits for the second.
    static let quitConfirmSeconds: Double = 2

    let session: ChatSession
    let options: Options
    let screen = ChatScreen()
    var surface: CursesSurface?
    private var terminal: OpaquePointer?
    private var sources: [any DispatchSourceProtocol] = []
    private var statusTimer: (any DispatchSourceTimer)?
    private var framePending = false
    /// The first message the session changed since the conversation was last drawn, nil when
    /// none did: the layout's promise (`unchangedBefore`) that spares it the earlier messages.
    private var messagesChangedFrom: Int?
    private var lastFrame = DispatchTime(uptimeNanoseconds: 0)
    var notice: String?
    var quitArmedAt: Date?
    var exitContinuation: CheckedContinuation<Void, Never>?
    private var exitStatus: Int32 = 0
    var pendingPrompt: String?
    /// Stops of chatterm's own (Ctrl-Z) whose SIGCONT has not reached the dispatch source yet.
    var ownStopsAwaitingContinue = 0
    /// The status bar's live figures, refreshed by the status timer (and on every phase
    /// change) rather than on every token, so a streaming reply does not rewrite the status bar
    /// with each token.
    private var liveFigures = LiveFigures()

    private struct LiveFigures {
        var tokensPerSecond: Double?
        var tokens = 0
        var elapsedSeconds: Double?
    }
    /// Set while the model name is still being asked of the server; a prompt sent meanwhile waits.
    public var modelPending = false
    /// The saved conversations (`/history`, `/open`, `/export`); nil when nothing is saved.
    public var library: (any ConversationLibrary)?
    /// What has the screen: the chat, or an overlay over it.
    var overlay = Overlay.none
    /// Run-time key codes (Alt-arrows), known once the terminal is set up.
    var extendedKeys = ExtendedKeys()
    /// The paste markers' key codes.
    var bracketedPaste = BracketedPaste()
    /// What the terminal sent, becoming keys: a held ESC or Enter, a paste being collected.
    var terminalInput = TerminalInput()
    /// Bytes to write after the next frame's `doupdate` (an OSC 52 copy).
    var afterFrameOutput: [UInt8] = []
    /// Earlier prompts, for Up/Down in the input editor.
    var promptHistory = PromptHistory()

    /// A full-screen view over the chat; keys go to it until it closes.
    enum Overlay {
        case none
        case history(HistoryBrowser)
        /// A saved conversation, read-only; `browser` is where Esc goes back to.
        case viewer(ConversationViewer, reference: String, browser: HistoryBrowser?)
        case help(HelpOverlay)
    }
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
    /// Counts endpoint switches, so that a model found for an earlier endpoint is not applied.
    var endpointGeneration = 0
    /// The search under way in the conversation (`/find`), highlighted on screen.
    var search: ConversationSearch?
    /// Whether replies are shown as they came rather than rendered (`/raw`).
    var rawText = false
    /// The colours in use (`--theme`, `/theme`).
    var theme: Theme
    /// What the terminal can show, known once it is set up.
    var colorDepth = ColorDepth.monochrome
    /// Whether the conversation is saved, for the title line; the app's owner keeps it current.
    public var saveState = TitleLine.SaveState.off {
        didSet { if saveState != oldValue { requestFrame() } }
    }

    public init(session: ChatSession, options: Options) {
        self.session = session
        self.options = options
        self.notice = options.startupNotice
        self.theme = options.theme
        self.endpointLabel = options.endpointLabel
        self.profile = options.profile
        if let path = options.promptHistoryPath {
            let (history, problem) = PromptHistory.read(from: path)
            promptHistory = history
            if let problem { notice = [notice, problem].compactMap { $0 }.joined(separator: " · ") }
        }
    }

    /// Takes over the terminal and runs until the user quits or a terminating signal arrives.
    /// The terminal is restored before this returns. Returns the exit status: 0 when the user
    /// quit, 128 + the signal's number after SIGTERM, SIGHUP or SIGINT (the shell convention).
    public func run() async throws -> Int32 {
        try start()
        await withCheckedContinuation { continuation in
            exitContinuation = continuation
        }
        stop()
        return exitStatus
    }

    /// Called when the model name is known (or, empty, could not be found): updates the status
    /// bar and sends a prompt that was waiting for it; without a model the prompt goes back to
    /// an empty editor instead.
    public func modelResolved(_ model: String, notice: String?) {
        session.model = model
        modelPending = false
        if let notice { self.notice = notice }
        if let prompt = pendingPrompt {
            pendingPrompt = nil
            if !model.isEmpty {
                send(prompt)
            } else if screen.input.text.isEmpty {
                screen.input.setText(prompt)
            }
        }
        requestFrame()
    }

    private func start() throws {
        ShellModes.save()
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        let entry =
            options.useColor
            ? ColorDepth.terminfoEntry(term: term, colorTerm: options.colorTerm, describe: Terminfo.describe) : term
        // newterm, unlike initscr, returns nil instead of exiting when the terminal is unusable.
        guard
            let terminal = (entry == term ? nil : newterm(entry, chatterm_stdout(), chatterm_stdin()))
                ?? newterm(nil, chatterm_stdout(), chatterm_stdin())
        else {
            throw TerminalError.cannotInitialise(term)
        }
        self.terminal = terminal
        raw()
        noecho()
        nonl()
        let window = chatterm_stdscr()
        keypad(window, true)
        nodelay(window, true)
        idlok(window, true)
        set_escdelay(25)
        extendedKeys = ExtendedKeys.load()
        CrashGuard.arm()
        colorDepth = Terminfo.startColors(useColor: options.useColor)
        surface = CursesSurface(palette: Palette(theme: theme, depth: colorDepth))
        surface?.asciiOnly = options.asciiOnly
        bracketedPaste = BracketedPaste.load()
        bracketedPaste.switchOn()

        session.onChange = { [weak self] change in self?.sessionChanged(change) }

        let input = DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .main)
        input.setEventHandler { [weak self, input] in
            let available = input.data
            MainActor.assumeIsolated {
                guard let self else { return }
                // Readable with nothing to read may be a hung-up terminal that sent no SIGHUP
                // (it was not our controlling terminal): quit as if hung up rather than linger.
                if self.readKeys() == 0 && available == 0 && Self.inputHungUp() {
                    self.quit(status: 128 + SIGHUP)
                }
            }
        }
        input.resume()
        sources.append(input)

        let resize = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .main)
        resize.setEventHandler { [weak self] in MainActor.assumeIsolated { self?.terminalResized() } }
        resize.resume()
        sources.append(resize)

        let resume = DispatchSource.makeSignalSource(signal: SIGCONT, queue: .main)
        resume.setEventHandler { [weak self, resume] in
            let count = Int(resume.data)
            MainActor.assumeIsolated { self?.continued(times: count) }
        }
        resume.resume()
        sources.append(resume)
        SuspendSignal.install(pasteOn: bracketedPaste.isAvailable)

        for signal in [SIGTERM, SIGHUP, SIGINT] {
            Foundation.signal(signal, SIG_IGN)
            let source = TerminationWatchdog.signalSource(for: signal) { [weak self] status in
                self?.quit(status: status)
            }
            source.resume()
            sources.append(source)
        }
        render()
    }

    /// Whether standard input has hung up (the terminal is gone).
    static func inputHungUp() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) > 0 else { return false }
        return descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    private func stop() {
        for source in sources { source.cancel() }
        sources.removeAll()
        for signal in [SIGTERM, SIGHUP, SIGINT] { Foundation.signal(signal, SIG_DFL) }
        SuspendSignal.uninstall()
        statusTimer?.cancel()
        statusTimer = nil
        session.onChange = nil
        if session.isBusy {
            // Quitting on purpose cancels the reply; a signal (a hung-up SSH link, a kill) interrupts it.
            if exitStatus > 128 {
                session.interrupt(bySignal: exitStatus - 128)
            } else {
                session.cancel()
            }
        }
        endwin()
        CrashGuard.disarm()
        BracketedPaste.switchOff()
        if let terminal { delscreen(terminal) }
        terminal = nil
        // After the terminal is given back: a large conversation may take a moment to write.
        session.autosave?.flush()
    }

    /// Shows a message in the status bar until the next one (a failed save, a command's result).
    public func show(notice: String?) {
        self.notice = notice
        requestFrame()
    }

    func quit(status: Int32 = 0) {
        exitStatus = status
        exitContinuation?.resume()
        exitContinuation = nil
    }

    /// SIGCONT, `times` of them since the last call: after a stop from outside (SIGSTOP,
    /// SIGTSTP) the screen needs a repaint; `suspend()` has already taken the terminal back after
    /// its own stop.
    private func continued(times: Int) {
        let own = min(times, ownStopsAwaitingContinue)
        ownStopsAwaitingContinue -= own
        if times > own { resumed() }
    }

    /// After a stop (Ctrl-Z, or SIGSTOP from outside) the terminal shows something else: ncurses
    /// would only send what changed since its last frame, so force a full repaint.
    func resumed() {
        bracketedPaste.switchOn()
        clearok(chatterm_stdscr(), true)
        terminalResized()
    }

    /// Ctrl-L: paints the whole screen again on the next frame.
    func redraw() {
        surface?.invalidate()
        clearok(chatterm_stdscr(), true)
    }

    // MARK: Drawing

    private func sessionChanged(_ change: ChatSession.Change) {
        switch change {
        case .messageAdded(let index), .contentAppended(let index, _), .reasoningAppended(let index, _),
            .messageUpdated(let index), .messageRemoved(let index), .replyRestarted(let index):
            messagesChangedFrom = min(messagesChangedFrom ?? index, index)
        case .conversationReplaced:
            messagesChangedFrom = 0
        case .phase, .status:
            break
        }
        if change == .conversationReplaced {
            screen.layout.reset()
            screen.scrollToBottom()
        }
        if case .phase(let phase) = change {
            refreshLiveFigures()
            stopStatusTimer()
            if phase.isActive {
                startStatusTimer(every: phase == .streaming ? Self.streamingStatusInterval : Self.waitingStatusInterval)
            }
        }
        requestFrame()
    }

    private func refreshLiveFigures() {
        liveFigures = LiveFigures(
            tokensPerSecond: session.liveTokensPerSecond, tokens: session.liveTokenCount,
            elapsedSeconds: session.liveElapsedSeconds)
    }

    func terminalResized() {
        var rows: Int32 = 0
        var columns: Int32 = 0
        if chatterm_terminal_size(STDOUT_FILENO, &rows, &columns) == 0, rows > 0, columns > 0 {
            if rows != chatterm_lines() || columns != chatterm_cols() {
                resizeterm(rows, columns)
            }
        }
        surface?.invalidate()
        requestFrame(immediately: true)
    }

    /// Schedules one redraw: at once when the last frame is older than a frame interval, else at
    /// the next frame boundary, so a burst of tokens costs one redraw.
    func requestFrame(immediately: Bool = false) {
        guard !framePending else { return }
        framePending = true
        let earliest = lastFrame + Self.frameInterval
        let now = DispatchTime.now()
        if immediately || earliest <= now {
            DispatchQueue.main.async { [weak self] in MainActor.assumeIsolated { self?.render() } }
        } else {
            DispatchQueue.main.asyncAfter(deadline: earliest) { [weak self] in
                MainActor.assumeIsolated { self?.render() }
            }
        }
    }

    private func render() {
        framePending = false
        guard let surface, exitContinuation != nil || terminal != nil else { return }
        lastFrame = DispatchTime.now()
        switch overlay {
        case .none:
            let messages = session.conversation.messages
            screen.render(
                messages: messages, status: statusModel(), on: surface,
                unchangedBefore: messagesChangedFrom ?? messages.count,
                highlights: search.map { search in { search.highlights(inRow: $0) } },
                title: TitleLine.render(
                    title: session.conversation.title, model: modelPending ? "…" : session.model,
                    endpoint: endpointLabel, profile: profile ?? "", save: saveState, width: surface.size.columns))
            messagesChangedFrom = nil
        case .history(let browser): browser.render(on: surface)
        case .viewer(let viewer, _, _): viewer.render(on: surface)
        case .help(let help): help.render(on: surface)
        }
        wnoutrefresh(chatterm_stdscr())
        doupdate()
        if !afterFrameOutput.isEmpty {
            TerminalOutput.write(afterFrameOutput)
            afterFrameOutput = []
        }
    }

    private func statusModel() -> StatusModel {
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
            notice: notice,
            warmUp: session.warmUpReport,
            serverAlive: session.serverAlive(), streamingOff: session.streamingOffNotice)
    }

    private func startStatusTimer(every interval: DispatchTimeInterval) {
        guard statusTimer == nil else { return }
        let timer = DispatchSource.makeTimerSource(queue: .main)
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [weak self] in
            MainActor.assumeIsolated {
                self?.refreshLiveFigures()
                self?.requestFrame()
            }
        }
        timer.resume()
        statusTimer = timer
    }

    private func stopStatusTimer() {
        statusTimer?.cancel()
        statusTimer = nil
    }
}

/// Why the terminal could not be taken over.
public enum TerminalError: Error, CustomStringConvertible {
    case cannotInitialise(String)

    public var description: String {
        switch self {
        case .cannotInitialise(let term):
            return "cannot use this terminal (TERM=\(term.isEmpty ? "unset" : term)); try `chatterm ask` instead"
        }
    }
}
