import ArgumentParser

/// The forms `chatterm show` prints a conversation in.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case markdown
    case json
}
