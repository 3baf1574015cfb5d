import DemoServer

extension DemoServerConfiguration {
    /// A well-behaved server that streams as fast as it can: the setting for a test that is not
    /// about pacing.
    public static let fast = DemoServerConfiguration(tokensPerSecond: 0)

    /// A server streaming as fast as possible with `fault`, and `cannedReply` instead of the demo
    /// reply when given.
    public static func fast(_ fault: DemoFault = .none, cannedReply: String? = nil) -> DemoServerConfiguration {
        DemoServerConfiguration(tokensPerSecond: 0, cannedReply: cannedReply, fault: fault)
    }
}
