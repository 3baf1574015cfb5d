/// `/theme`: switching the colours while the chat runs.
extension ChatController {
    /// Draws with `theme` from the next frame on, every cell repainted.
    func applyTheme(_ theme: Theme) {
        self.theme = theme
        host?.apply(theme)
    }

    /// `/theme NAME` switches to a theme (a name or a file's path); `/theme` alone lists them.
    func switchTheme(_ reference: String?) {
        guard let reference else {
            notice = "themes: " + themes.names().joined(separator: ", ") + " · now: \(theme.name)"
            return
        }
        do {
            applyTheme(try themes.load(reference))
            notice =
                "theme: \(theme.name)" + (colorDepth == .monochrome ? " (no colour here: attributes only)" : "")
        } catch {
            notice = error.description
        }
    }

    /// The theme names `/theme` completes with Tab.
    func themeNames() -> [String] {
        themes.names()
    }
}
