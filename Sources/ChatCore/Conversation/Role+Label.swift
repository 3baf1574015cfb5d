extension Role {
    /// How the chat screen and the exports introduce a message of this role.
    public var label: String {
        switch self {
        case .user: "You"
        case .assistant: "Assistant"
        case .system: "System"
        }
    }
}
