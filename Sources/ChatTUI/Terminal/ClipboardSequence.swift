import Foundation

/// The bytes that put text on the clipboard of the terminal the user looks at: OSC 52
/// (`ESC ] 52 ; c ; BASE64 BEL`). The terminal itself does the copying, so it works over SSH;
/// a multiplexer in between (tmux, GNU screen) needs the sequence wrapped to pass it on.
///
/// Pure: the app decides the route once from the environment and writes the bytes itself.
public enum ClipboardSequence {
    /// How the sequence reaches the terminal.
    public enum Route: Sendable, Hashable, CustomStringConvertible {
        /// Straight to the terminal.
        case direct
        /// Through tmux's passthrough: `ESC P tmux;` + the sequence with every ESC doubled +
        /// `ESC \`. tmux 3.3 and later forward it only with `set -g allow-passthrough on`.
        case tmux
        /// Through GNU screen, which passes a DCS string's contents to the terminal but keeps
        /// only so much of one: the sequence is cut into pieces, each in a DCS of its own.
        case screen

        /// tmux when `$TMUX` is set; screen when `$STY` is, or when `$TERM` says screen and
        /// tmux is not involved (tmux, too, may set TERM=screen); otherwise direct.
        public static func detect(environment: [String: String]) -> Route {
            if environment["TMUX"].map({ !$0.isEmpty }) == true { return .tmux }
            if environment["STY"].map({ !$0.isEmpty }) == true { return .screen }
            if environment["TERM"]?.hasPrefix("screen") == true { return .screen }
            return .direct
        }

        public var description: String {
            switch self {
            case .direct: return "OSC 52"
            case .tmux: return "OSC 52 via tmux"
            case .screen: return "OSC 52 via screen"
            }
        }
    }

    /// The longest base64 payload sent. Terminals drop longer OSC 52 sequences silently rather
    /// than fail; this is the figure hterm's own `osc52.sh` (Chromium libapps,
    /// hterm/etc/osc52.sh, `OSC_52_MAX_SEQUENCE="100000"`) refuses above, about 75,000 bytes
    /// of text.
    public static let maximumEncodedLength = 100_000

    /// The longest DCS string screen keeps (768 bytes since screen 4.2.1, per the same
    /// osc52.sh), less the `ESC P` and `ESC \` around each piece.
    static let screenPieceLength = 768 - 4

    /// The base64 length of `text` once made safe (see `safeText`).
    public static func encodedLength(of text: String) -> Int {
        (safeText(text).utf8.count + 2) / 3 * 4
    }

    /// The bytes that copy `text` (made safe first) along `route`, or nil when its base64 form
    /// is longer than `maximumEncodedLength`.
    public static func bytes(for text: String, route: Route) -> [UInt8]? {
        let encoded = Data(safeText(text).utf8).base64EncodedString()
        guard encoded.utf8.count <= maximumEncodedLength else { return nil }
        let sequence = Array("\u{1B}]52;c;\(encoded)\u{07}".utf8)
        switch route {
        case .direct:
            return sequence
        case .tmux:
            var wrapped = Array("\u{1B}Ptmux;".utf8)
            for byte in sequence {
                if byte == 0x1B { wrapped.append(0x1B) }
                wrapped.append(byte)
            }
            return wrapped + Array("\u{1B}\\".utf8)
        case .screen:
            var wrapped: [UInt8] = []
            var start = 0
            while start < sequence.count {
                let end = min(sequence.count, start + screenPieceLength)
                wrapped += Array("\u{1B}P".utf8) + sequence[start..<end] + Array("\u{1B}\\".utf8)
                start = end
            }
            return wrapped
        }
    }

    /// `text` as it goes on the clipboard: line breaks ("\r\n" as "\n") and tabs kept, every
    /// other control character shown as it is on screen (see `Sanitizer`). A reply cannot put
    /// escape sequences on the clipboard: pasted into a shell, an `ESC [201~` in it would end
    /// the shell's bracketed paste early and run the rest as typed.
    public static func safeText(_ text: String) -> String {
        guard Sanitizer.needsReplacement(text) else { return text }
        return text.split(separator: "\t", omittingEmptySubsequences: false)
            .map { Sanitizer.displayText(String($0)) }
            .joined(separator: "\t")
    }
}
