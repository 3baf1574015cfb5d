/// Whether a reply whose stream comes back empty or breaks is asked for again without streaming
/// (`--fallback`, the `fallback` setting).
public enum FallbackMode: String, Sendable, Hashable, CaseIterable {
    /// Send the same request with `"stream": false` at once: the server answered, only its
    /// streaming path failed.
    case auto
    /// Never: an empty or broken stream is the reply's end (for diagnosing a server).
    case never
}
