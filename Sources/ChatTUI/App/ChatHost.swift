/// What only the terminal can do, asked for by the `ChatController`: the curses host
/// (`TerminalApp`) in the program, a recording host in the headless tests. Every call comes on the
/// main actor, from a key, a command or a change of the session.
@MainActor
public protocol ChatHost: AnyObject {
    /// Schedules a redraw: a burst of requests before it comes costs one frame.
    func requestFrame()
    /// Draws every row again on the next frame (an overlay opened or closed); with
    /// `clearingTheTerminal` the terminal is cleared first (Ctrl-L, a screen gone wrong).
    func repaint(clearingTheTerminal: Bool)
    /// Ends the run with `status`: 0 when the user quits, 128 + a signal's number after one.
    func quit(status: Int32)
    /// Ctrl-Z: stops chatterm like any job and takes the terminal back when continued. Returns
    /// why it cannot, where no shell could continue it; nil once it has been continued.
    func suspend() -> String?
    /// Lends the terminal to the user's editor with `draft` and returns the edited text (Ctrl-X
    /// Ctrl-E); throws with words for the status bar when the editor could not be used.
    func editExternally(_ draft: String) throws -> String
    /// Draws with `theme`'s colours from the next frame on.
    func apply(_ theme: Theme)
    /// Bytes that curses knows nothing about (an OSC 52 copy), written after the next frame.
    func writeAfterFrame(_ bytes: [UInt8])
    /// Refreshes the status bar's live figures every `interval` while a reply is under way; nil
    /// stops refreshing.
    func refreshStatus(every interval: Duration?)
}
