import ArgumentParser
import ChatCore
import ChatStore
import ChatTUI
import Foundation

/// `chatterm history`: the saved conversations, newest first, or those containing a text.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List saved conversations, newest first, or search them.",
        discussion: """
            Each line shows when the conversation was last updated (local time), its id, its \
            number of messages, the file's size, the model and the title, cut to fit 80 columns \
            (--json has them whole). `chatterm show ID` \
            prints one; an id prefix that only one conversation has will do, and so will `last`.

            --search finds a text in titles, messages and reasoning, ignoring case and accents \
            ("creme" finds "Crème"); it works for any script (e.g. --search 你好), and shows how \
            many messages of each conversation matched (HITS) instead of the size.

            A conversation you branched (/edit, /retry) counts the messages of every branch, and \
            search looks in every branch: "9+3" in MSGS means 9 messages in the branch in view and \
            3 in other branches, "1+2" in HITS that 2 of the 3 matches are in other branches \
            (`chatterm show ID --all-branches` prints them). --json has messageCount (every \
            branch), otherBranchMessages, matchingMessages and matchingInOtherBranches.

            A file that cannot be read (damaged, written by a newer chatterm, not a regular file \
            such as a FIFO or a device, or larger than \
            \(RegularFile.sizeText(Int64(ConversationStore.fileSizeLimit)))) is named on standard error with \
            the reason, one line each, after the list, and left as it is; the exit status stays 0, \
            since the others were listed.
            """
    )

    @Option(help: ArgumentHelp("Only conversations whose title or messages contain this text.", valueName: "text"))
    var search: String?

    @Flag(
        help:
            "Print a JSON array of summaries (id, title, dates, model, messageCount, otherBranchMessages, bytes, path)."
    )
    var json = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let search, search.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--search needs some text to look for.")
        }
    }

    func run() throws {
        TerminalLocale.adopt()
        let directory = store.directory
        let conversations = ConversationStore(directory: directory)
        let (summaries, problems) = search.map(conversations.search) ?? conversations.list()
        if json {
            StandardOutput.json(ConversationSummary.jsonArray(summaries))
        } else if summaries.isEmpty {
            StandardOutput.write(emptyLine(directory, unreadable: problems.count) + "\n")
        } else {
            let table = HistoryTable(summaries: summaries, showMatches: search != nil)
            StandardOutput.write(table.lines().joined(separator: "\n") + "\n")
        }
        for problem in problems { StandardOutput.problem(problem.description) }
    }

    private func emptyLine(_ directory: DataDirectory, unreadable: Int) -> String {
        let folder = Sanitizer.singleLineText(directory.conversationsPath)
        if let search {
            return "No saved conversation contains “\(Sanitizer.singleLineText(search))” (searched \(folder))."
        }
        if unreadable > 0 {
            return "No conversation in \(folder) could be read; each file skipped is named below."
        }
        return
            "No saved conversations yet. chatterm keeps them in \(folder) (change with --data-dir or CHATTERM_DATA_DIR)."
    }
}
