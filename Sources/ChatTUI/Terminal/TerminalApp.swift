import CNcursesw
import ChatCore
import Dispatch
import Foundation

/// The thin curses host of the chat: owns the terminal from `start` to `stop`, turns what it
/// sends into keys for the `ChatController`, and draws the controller's rows at most once per
/// frame. Input, signals and timers are its business; what a key does is the controller's.
///
/// Everything here runs on the main actor, which is the main dispatch queue: curses is not
/// thread-safe, so input, signals and timers are all dispatch sources on that queue.
@MainActor
public final class TerminalApp {
    /// How to use the terminal.
    public struct Options: Sendable {
        public var useColor: Bool
        /// Draw only ASCII: the user's locale is not UTF-8, so the terminal may not be either.
        public var asciiOnly: Bool
        /// `COLORTERM`: when it promises 24-bit colour and the terminal's terminfo entry cannot
        /// send it, the entry's `-direct` sibling is used if installed.
        public var colorTerm: String?

        /// Scroll with the mouse wheel (`mouse = true`): mouse reporting on (see `MouseWheel`).
        public var mouse: Bool

        public init(useColor: Bool, asciiOnly: Bool = false, colorTerm: String? = nil, mouse: Bool = false) {
            self.useColor = useColor
            self.asciiOnly = asciiOnly
            self.colorTerm = colorTerm
            self.mouse = mouse
        }
    }

    /// The shortest time between two frames (60 per second).
    static let frameInterval: DispatchTimeInterval = .milliseconds(16)

    let controller: ChatController
    let options: Options
    var surface: CursesSurface?
    private var terminal: OpaquePointer?
    private var sources: [any DispatchSourceProtocol] = []
    private var statusTimer: (any DispatchSourceTimer)?
    private var framePending = false
    private var lastFrame = DispatchTime(uptimeNanoseconds: 0)
    var exitContinuation: CheckedContinuation<Void, Never>?
    private var exitStatus: Int32 = 0
    /// Stops of chatterm's own (Ctrl-Z) whose SIGCONT has not reached the dispatch source yet.
    var ownStopsAwaitingContinue = 0
    /// Run-time key codes (Alt-arrows), known once the terminal is set up.
    var extendedKeys = ExtendedKeys()
    /// The paste markers' key codes.
    var bracketedPaste = BracketedPaste()
    /// What the terminal sent, becoming keys: a held ESC or Enter, a paste being collected.
    var terminalInput = TerminalInput()
    /// Bytes to write after the next frame's `doupdate` (an OSC 52 copy).
    var afterFrameOutput: [UInt8] = []

    public init(controller: ChatController, options: Options) {
        self.controller = controller
        self.options = options
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

    private func start() throws {
        try takeTerminal()
        controller.host = self
        listen()
        controller.opened()
        render()
    }

    /// Puts the terminal into the modes the chat needs: raw keys, no echo, keypad codes, the
    /// theme's colours as far as the terminal shows them, bracketed paste.
    private func takeTerminal() throws {
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
        CrashGuard.arm(mouse: options.mouse)
        let colorDepth = Terminfo.startColors(useColor: options.useColor)
        controller.colorDepth = colorDepth
        surface = CursesSurface(palette: Palette(theme: controller.theme, depth: colorDepth))
        surface?.asciiOnly = options.asciiOnly
        bracketedPaste = BracketedPaste.load()
        bracketedPaste.switchOn()
        if options.mouse { MouseWheel.switchOn() }
    }

    /// Listens on the main queue for what the terminal and the system send: input, resizes,
    /// continues after a stop, and the signals that end the run.
    private func listen() {
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
        controller.finish(exitStatus: exitStatus)
        statusTimer?.cancel()
        statusTimer = nil
        endwin()
        CrashGuard.disarm()
        BracketedPaste.switchOff()
        if let terminal { delscreen(terminal) }
        terminal = nil
        // After the terminal is given back: a large conversation may take a moment to write.
        controller.session.autosave?.flush()
    }

    public func quit(status: Int32) {
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

    // MARK: Drawing

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
    public func requestFrame() {
        requestFrame(immediately: false)
    }

    func requestFrame(immediately: Bool) {
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
        controller.render(on: surface)
        wnoutrefresh(chatterm_stdscr())
        doupdate()
        if !afterFrameOutput.isEmpty {
            TerminalOutput.write(afterFrameOutput)
            afterFrameOutput = []
        }
    }

    /// Refreshes the status bar's live figures every `interval`; nil stops.
    public func refreshStatus(every interval: Duration?) {
        statusTimer?.cancel()
        statusTimer = nil
        guard let interval else { return }
        let milliseconds = Int(interval / .milliseconds(1))
        let timer = DispatchSource.makeTimerSource(queue: .main)
        timer.schedule(deadline: .now() + .milliseconds(milliseconds), repeating: .milliseconds(milliseconds))
        timer.setEventHandler { [weak self] in
            MainActor.assumeIsolated {
                self?.controller.refreshLiveFigures()
                self?.requestFrame()
            }
        }
        timer.resume()
        statusTimer = timer
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
