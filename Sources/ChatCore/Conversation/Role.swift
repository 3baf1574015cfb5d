/// Who wrote a message, as the OpenAI chat format names it.
public enum Role: String, Codable, Sendable, Hashable {
    case system
    case user
    case assistant
}
