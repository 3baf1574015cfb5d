/// One server-sent event, as dispatched by `SSEParser`.
public struct SSEEvent: Sendable, Hashable {
    /// The `event:` field, or "message" when none was given.
    public var type: String
    /// The `data:` lines joined with "\n".
    public var data: String
    /// The last event id seen on the stream, if any.
    public var id: String?
    /// A `retry:` reconnection time in milliseconds sent with this event, if any.
    public var retry: Int?

    public init(type: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
        self.type = type
        self.data = data
        self.id = id
        self.retry = retry
    }
}
