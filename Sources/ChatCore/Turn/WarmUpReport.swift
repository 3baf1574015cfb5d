/// How a warm-up went. A failed warm-up is only reported: the reply goes ahead regardless.
public enum WarmUpReport: Sendable, Hashable {
    /// The one-token completion answered after `latency` (the model list included).
    case ready(latency: Duration)
    case failed(ChatError)
}
