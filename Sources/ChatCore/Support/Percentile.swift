/// The one definition of a percentile in chatterm (`stats`, `probe --watch`): the nearest rank. The p-th
/// percentile of n values is the value at rank ⌈p·n/100⌉ (counting from 1) in ascending order,
/// so it is always one of the values measured: of 1…100 ms, p50 is 50 ms, p90 90 ms, p99 99 ms;
/// of the three values 10, 20, 30, p50 is 20 and p90 and p99 are 30.
public enum Percentile {
    /// The method's name, as `--json` and the help say it.
    public static let method = "nearest-rank"

    /// The `p`-th percentile (1…100) of `sorted`, which is in ascending order; nil when empty.
    public static func nearestRank<Value>(_ sorted: [Value], _ p: Int) -> Value? {
        guard !sorted.isEmpty else { return nil }
        let rank = (p * sorted.count + 99) / 100
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
