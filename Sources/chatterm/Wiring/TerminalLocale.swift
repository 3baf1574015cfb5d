import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The user's locale, adopted for measuring text. Widths are only right in a UTF-8 locale
/// (glibc's `wcwidth` measures every non-ASCII character as unprintable otherwise), so when the
/// user's is not UTF-8, character classification switches to C.UTF-8 and the chat draws ASCII
/// only, since the terminal cannot be assumed to show UTF-8 either.
enum TerminalLocale {
    /// Calls `setlocale` and returns whether the user's locale was UTF-8; if it was not,
    /// `LC_CTYPE` is C.UTF-8 afterwards.
    @discardableResult
    static func adopt() -> Bool {
        setlocale(LC_ALL, "")
        if isUTF8 { return true }
        setlocale(LC_CTYPE, "C.UTF-8")
        return false
    }

    private static var isUTF8: Bool {
        let codeset = String(cString: nl_langinfo(nl_item(CODESET))).uppercased()
        return codeset == "UTF-8" || codeset == "UTF8"
    }

    /// The status bar's one-time notice for a locale that is not UTF-8, naming the setting.
    static func asciiNotice(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let setting = ["LC_ALL", "LC_CTYPE", "LANG"].first { !(environment[$0] ?? "").isEmpty }
        let described = setting.map { "\($0)=\(environment[$0]!)" } ?? "the locale"
        return "\(ASCIIOnlyText.sanitize(described)) is not UTF-8: non-ASCII text shows as ?; set LANG=C.UTF-8"
    }
}

/// Keeps a value from the environment printable in an ASCII-only status bar.
private enum ASCIIOnlyText {
    static func sanitize(_ s: String) -> String {
        String(s.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F ? Character($0) : "?" })
    }
}
