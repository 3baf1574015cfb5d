import ArgumentParser
import ChatConfig
import ChatTUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `chatterm themes`: every theme found, where it comes from, and, on a terminal with colours,
/// a preview line of each drawn with plain escape sequences (no curses, so the list scrolls by
/// like any output). Piped, or with NO_COLOR set, the list has no escape sequences at all.
struct ThemesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List the colour themes, where they come from, and a preview of each.",
        discussion: """
            Use one with `chatterm --theme NAME` (or a file: --theme ./mine.json), or switch \
            while chatting with /theme NAME (Tab completes the name; /theme alone lists them).

            A theme is a file NAME.json, looked for in this order (the first of a name wins):
              1. $XDG_CONFIG_HOME/chatterm/themes, or ~/.config/chatterm/themes: yours
              2. PREFIX/share/chatterm/themes, PREFIX being the folder above bin/chatterm
              3. themes/ in a chatterm checkout, above the executable or the current folder
            `default` needs no file: it is built in. A theme that cannot be loaded is never \
            fatal: the chat says why in its status bar and uses the default.

            The format (`chatterm themes --check FILE` says what is wrong with one, naming \
            the field; a role a file leaves out looks as in the default):
              { "format": "chatterm.theme", "version": 1,
                "description": "warm retro dark",
                "styles": {
                  "userLabel":   { "fg": "#83a598", "attrs": ["bold"] },
                  "statusReady": { "fg": "#ebdbb2", "bg": "#504945",
                                   "mono": ["reverse"] } } }
            Roles: \(StyleRole.allCases.map(\.name).joined(separator: ", ")).
            Colours: default (the terminal's own), black red green yellow blue magenta cyan \
            white, bright-black … bright-white, an index 0-255, or "#rrggbb". Attributes: bold \
            dim italic underline reverse standout. mono: the attributes to use when there is no \
            colour (default: attrs, plus reverse when bg is set and differs from plain's).

            Colours are brought to what the terminal shows: 24-bit where terminfo (or, for this \
            preview, COLORTERM=truecolor) allows, else the nearest of 256, 16 or 8; named colours \
            keep the terminal's own palette. With COLORTERM=truecolor the chat uses the \
            terminal's -direct terminfo entry (xterm-direct, tmux-direct) when it is installed.
            """
    )

    @Option(
        help: ArgumentHelp(
            "Check one theme (a file's path or a name) and say what is wrong with it, if anything.",
            valueName: "path|name"))
    var check: String?

    func run() async throws {
        try await list()
    }

    @MainActor
    private func list() throws {
        setlocale(LC_ALL, "")
        let catalog = ThemeCatalog.forThisProcess()
        if let check {
            let theme: Theme
            do {
                theme = try catalog.load(check)
            } catch {
                throw CommandFailure(error.description)
            }
            StandardOutput.write(
                "\(Sanitizer.singleLineText(check)): a valid theme '\(Sanitizer.singleLineText(theme.name))'\n")
            return
        }
        let depth = previewDepth()
        let entries = catalog.entries()
        let nameWidth = max(16, (entries.map { TextWidth.of(Sanitizer.singleLineText($0.name)) }.max() ?? 0) + 2)
        let indent = String(repeating: " ", count: nameWidth)
        var lines: [String] = []
        var pieces: [StandardOutput.Piece] = []
        for entry in entries {
            let name = Sanitizer.singleLineText(entry.name)
            let about: String
            switch entry.theme {
            case .success(let theme): about = theme.description.isEmpty ? "(no description)" : theme.description
            case .failure(let error): about = "cannot be used: \(error.description)"
            }
            lines.append(
                name + String(repeating: " ", count: max(1, nameWidth - TextWidth.of(name)))
                    + Sanitizer.singleLineText(about))
            lines.append(indent + (entry.path.map { Sanitizer.singleLineText(abbreviated($0)) } ?? "built-in"))
            if let depth, case .success(let theme) = entry.theme {
                pieces.append(.text(lines.joined(separator: "\n") + "\n" + indent))
                pieces.append(.ownEscapes(ThemePreview.line(theme, depth: depth)))
                lines = [""]
            }
        }
        lines.append("")
        lines.append("Looked for in this order (the first file of a name wins):")
        let kindWidth = (catalog.folders.map(\.kind.count).max() ?? 0) + 2
        for folder in catalog.folders {
            var isFolder: ObjCBool = false
            let exists =
                FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) && isFolder.boolValue
            lines.append(
                "  " + folder.kind.padding(toLength: kindWidth, withPad: " ", startingAt: 0)
                    + Sanitizer.singleLineText(abbreviated(folder.path)) + (exists ? "" : "  (none there)"))
        }
        lines.append("Use one with `chatterm --theme NAME`, or `/theme NAME` in the chat.")
        pieces.append(.text(lines.joined(separator: "\n") + "\n"))
        StandardOutput.write(pieces)
    }

    /// The depth of the preview: nil without a terminal on stdout or with NO_COLOR, so piped
    /// output has no escape sequences; else what TERM's terminfo entry and COLORTERM allow.
    @MainActor
    private func previewDepth() -> ColorDepth? {
        let environment = ProcessInfo.processInfo.environment
        guard StandardOutput.isTerminal, Settings.color(environment: environment).value else { return nil }
        let terminal = Terminfo.describe(environment["TERM"] ?? "")
        let depth = ColorDepth.decide(
            colors: terminal?.colors ?? -1, directColor: terminal?.directColor ?? false,
            colorTerm: environment["COLORTERM"], colorAllowed: true, output: .escapeSequences)
        return depth == .monochrome ? nil : depth
    }

    /// `path` with the home folder shown as `~`.
    private func abbreviated(_ path: String) -> String {
        let home = NSHomeDirectory()
        guard !home.isEmpty, home != "/", path.hasPrefix(home + "/") else { return path }
        return "~" + path.dropFirst(home.count)
    }
}
