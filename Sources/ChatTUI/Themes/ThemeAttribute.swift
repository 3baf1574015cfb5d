/// A text attribute a theme may ask for. There is no blink: chatterm never blinks.
public enum ThemeAttribute: String, Sendable, Hashable, CaseIterable, Comparable {
    case bold
    case dim
    case italic
    case underline
    case reverse
    /// The terminal's "best highlighting": reverse, bold or both, as its terminfo entry says.
    case standout

    public static func < (lhs: ThemeAttribute, rhs: ThemeAttribute) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
