import CNcursesw

/// `/theme`: switching the colours while the chat runs.
extension TerminalApp {
    /// Draws with `theme` from the next frame on, every cell repainted.
    func applyTheme(_ theme: Theme) {
        self.theme = theme
        guard let surface else { return }
        surface.replace(palette: Palette(theme: theme, depth: colorDepth))
        clearok(chatterm_stdscr(), true)
        requestFrame()
    }

    /// `/theme NAME` switches to a theme (a name or a file's path); `/theme` alone lists them.
    func switchTheme(_ reference: String?) {
        let catalog = options.themes ?? ThemeCatalog(folders: [])
        guard let reference else {
            notice = "themes: " + catalog.names().joined(separator: ", ") + " · now: \(theme.name)"
            return
        }
        do {
            applyTheme(try catalog.load(reference))
            notice =
                "theme: \(theme.name)" + (colorDepth == .monochrome ? " (no colour here: attributes only)" : "")
        } catch {
            notice = error.description
        }
    }

    /// The theme names `/theme` completes with Tab.
    func themeNames() -> [String] {
        (options.themes ?? ThemeCatalog(folders: [])).names()
    }
}
