import ArgumentParser
import ChatTUI
import Foundation

/// `chatterm help-tables` (hidden, for contributors): the README's key and command tables as the
/// key table renders them, or the README rewritten with them (`--update README.md`).
struct HelpTablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "help-tables",
        abstract: "Print the README's key and command tables, rendered from the key table.",
        shouldDisplay: false
    )

    @Option(help: ArgumentHelp("Rewrite the tables in this Markdown file instead.", valueName: "file"))
    var update: String?

    func run() throws {
        guard let update else {
            let blocks = KeyTable.markdownBlocks.map { block in
                KeyTable.beginMarker(block.name) + "\n\n" + block.text + "\n\n" + KeyTable.endMarker
            }
            StandardOutput.write(blocks.joined(separator: "\n\n") + "\n")
            return
        }
        let url = URL(fileURLWithPath: update)
        let document: String
        do {
            document = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot read \(update): \(error.localizedDescription)")
        }
        let (updated, missing) = KeyTable.updatingMarkdown(document)
        guard missing.isEmpty else {
            throw CommandFailure(
                "\(update) lacks the markers of " + missing.map { KeyTable.beginMarker($0) }.joined(separator: ", "))
        }
        guard updated != document else { return }
        do {
            try updated.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot write \(update): \(error.localizedDescription)")
        }
    }
}
