import ArgumentParser
import ChatStore
import ChatTUI

/// `chatterm show`: one saved conversation on stdout, as text, Markdown or its JSON file.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a saved conversation as text, Markdown or JSON.",
        discussion: """
            The conversation is named by its id (as `chatterm history` lists it), by a prefix of the \
            id that only it has, or by `last` for the most recently updated one.

            Examples:
              chatterm show last
              chatterm show 20261127-1405 --format markdown > chat.md
              chatterm show last --format json | jq '.messages | length'
              chatterm show last --all-branches

            A conversation you branched (/edit, /retry) prints the branch in view, as the chat \
            shows it; a message with alternatives is labelled "Assistant ‹ 2/3 ›". With \
            --all-branches, every other branch follows, once, each headed by where it leaves the \
            branch it grows from ("── branch 2: alternative 1/2 to message 4 ──"), and every \
            message is numbered by its place in the conversation. The JSON is the file, which \
            holds every branch (format version 2: `messages` is the branch in view, \
            `otherBranches` the rest).

            On a terminal, control characters in the conversation are shown as symbols; in a pipe \
            the text is written as saved. Exit status: 0 printed, 1 no such conversation, or it \
            cannot be read.
            """
    )

    @Argument(help: ArgumentHelp("A conversation id, a unique prefix of one, or last.", valueName: "id|last"))
    var reference: String

    @Option(help: ArgumentHelp("How to print it: readable text, Markdown, or the JSON file.", valueName: "format"))
    var format: ExportFormat = .text

    @Flag(help: "Print every branch, not only the one in view (text and Markdown; the JSON always has all).")
    var allBranches = false

    @OptionGroup var store: StoreOptions

    func run() throws {
        let conversations = ConversationStore(directory: store.directory)
        let stored: StoredConversation
        do throws(StoreError) {
            stored = try conversations.load(id: conversations.resolve(reference))
        } catch {
            throw CommandFailure(Sanitizer.singleLineText(error.description))
        }
        let text: String
        switch format {
        case .text:
            // An attachment's clip is drawn in ASCII when the locale is not UTF-8, as `stats` draws.
            text = ConversationExport.text(
                stored.conversation, ascii: !TerminalLocale.adopt(), allBranches: allBranches)
        case .markdown:
            text = ConversationExport.markdown(stored.conversation, allBranches: allBranches)
        case .json:
            text = ConversationExport.json(stored.conversation, preserving: stored.unknownFields)
        }
        // A closed pipe (`| head`) is the reader's choice, not a failure: stop quietly.
        if format == .json {
            StandardOutput.json(text)
        } else {
            StandardOutput.content(text)
        }
    }
}
