/// A row of figures drawn one character each, for the daily trend of `chatterm stats`: the
/// blocks ▁▂▃▄▅▆▇█, or `.,:-=+*#` where the terminal's locale is not UTF-8.
public enum Sparkline {
    public static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    public static let asciiLevels: [Character] = [".", ",", ":", "-", "=", "+", "*", "#"]

    /// One character per value, scaled from zero to the largest value: the largest is the top
    /// level, any other the level its share of the largest reaches (so 0 is the lowest, and a
    /// value a little above an eighth of the largest the second). A missing value (a day without
    /// figures) is a space.
    public static func render(_ values: [Double?], ascii: Bool) -> String {
        let levels = ascii ? asciiLevels : blocks
        let largest = values.compactMap { $0 }.filter(\.isFinite).max() ?? 0
        return String(
            values.map { value -> Character in
                guard let value, value.isFinite else { return " " }
                guard largest > 0, value > 0 else { return levels[0] }
                let level = Int((value / largest * Double(levels.count)).rounded(.up)) - 1
                return levels[min(max(level, 0), levels.count - 1)]
            })
    }
}
