import NIOCore

extension TimeAmount {
    /// `seconds` as a time amount, rounded up to whole nanoseconds and capped at about 30 years, so that absurd
    /// paces cannot overflow.
    static func seconds(exactly seconds: Double) -> TimeAmount {
        .nanoseconds(Int64(min(seconds * 1e9, 1e18).rounded(.up)))
    }
}
