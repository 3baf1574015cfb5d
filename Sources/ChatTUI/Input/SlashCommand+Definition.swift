extension SlashCommand {
    /// One slash command in the `KeyTable`: how it is typed, what it does, what Tab completes.
    public struct Definition: Sendable {
        /// "/open".
        public let name: String
        /// Other ways to type it ("/q").
        public let aliases: [String]
        /// The argument as the help shows it ("[NAME]"); nil when the command takes none.
        public let argument: String?
        public let section: HelpSection
        /// What it does, with Markdown code spans.
        public let meaning: String
        /// What Tab offers for the argument; nil when it offers nothing.
        public let completion: Completion?
        /// The command for the argument typed after the name (nil when none was).
        let make: @Sendable (String?) -> SlashCommand

        init(
            _ name: String, _ argument: String? = nil, aliases: [String] = [], in section: HelpSection,
            completes completion: Completion? = nil, _ meaning: String,
            make: @escaping @Sendable (String?) -> SlashCommand
        ) {
            self.name = name
            self.aliases = aliases
            self.argument = argument
            self.section = section
            self.meaning = meaning
            self.completion = completion
            self.make = make
        }

        /// "/model [NAME]".
        public var usage: String { argument.map { name + " " + $0 } ?? name }
    }

    /// What Tab offers for a command's argument.
    public enum Completion: Sendable, Hashable {
        /// "last" and the saved conversations' ids.
        case conversations
        /// The server's models (listed first when not yet known).
        case models
        /// The configuration's profiles.
        case profiles
        /// The themes found.
        case themes
        /// The numbers of the last reply's code blocks.
        case codeBlocks
        /// Files and folders, the last word of the argument completed (`~` is the home folder).
        case paths
    }
}
