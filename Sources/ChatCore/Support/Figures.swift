/// How figures read on screen ("1.2 s", "120 ms", "45.6 tok/s"), shared by the status bar, the
/// message labels and `chatterm ask`. Formatting by hand keeps it cheap and the same in every locale.
public enum Figures {
    /// "0.4 s" under a minute, "2m 05s" above.
    public static func seconds(_ value: Double) -> String {
        let value = clean(value)
        if value < 59.95 { return "\(oneDecimal(value)) s" }
        let whole = Int(value.rounded())
        let rest = whole % 60
        return "\(whole / 60)m \(rest < 10 ? "0" : "")\(rest)s"
    }

    /// "120 ms" under a second, then as `seconds`.
    public static func milliseconds(_ value: Int) -> String {
        value < 1000 ? "\(max(0, value)) ms" : seconds(Double(value) / 1000)
    }

    public static func tokens(_ count: Int) -> String { "\(count) tok" }

    public static func rate(_ tokensPerSecond: Double) -> String { "\(oneDecimal(clean(tokensPerSecond))) tok/s" }

    /// The figures of a finished reply, in the order the status bar shows them; `why` adds why
    /// it came without streaming, when it did.
    public static func summary(_ stats: TurnStats, firstToken: Bool, why: Bool = false) -> [String] {
        var parts: [String] = []
        if firstToken, let ttft = stats.ttftMs { parts.append("first token \(milliseconds(ttft))") }
        if let count = stats.completionTokens { parts.append(tokens(count)) }
        if let rate = stats.tokensPerSecond { parts.append(Self.rate(rate)) }
        if let duration = stats.durationMs { parts.append(seconds(Double(duration) / 1000)) }
        if stats.attempts > 1 { parts.append("\(stats.attempts) attempts") }
        if stats.fallback {
            let reason = why ? stats.fallbackReason.map { " (\($0))" } ?? "" : ""
            parts.append("completed without streaming" + reason)
        }
        return parts
    }

    /// A size as `ls -h` would say it, in binary units: "512 B", "12 KB", "3.4 MB", "48 MB".
    public static func bytes(_ count: Int) -> String {
        let count = max(0, count)
        if count < 1024 { return "\(count) B" }
        var value = Double(count) / 1024
        var units = ["MB", "GB", "TB"][...]
        var unit = "KB"
        while value >= 1023.5, let bigger = units.popFirst() {
            value /= 1024
            unit = bigger
        }
        // One decimal below 10 MB, where it says something; whole numbers otherwise.
        if unit != "KB" && value < 9.95 { return "\(oneDecimal(value)) \(unit)" }
        return "\(Int(value.rounded())) \(unit)"
    }

    /// A count with thousands separators: 1234567 → "1,234,567".
    public static func count(_ value: Int) -> String {
        var digits = String(abs(value))
        var groups: [Substring] = []
        while digits.count > 3 {
            groups.insert(digits.suffix(3), at: 0)
            digits.removeLast(3)
        }
        groups.insert(digits[...], at: 0)
        return (value < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    /// `value` with one decimal, rounded: 45.64 → "45.6".
    public static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((clean(value) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// Negative, NaN and absurd figures shown as 0 or capped, never a crash.
    private static func clean(_ value: Double) -> Double {
        guard value.isFinite, value > 0 else { return 0 }
        return min(value, 1e12)
    }
}
