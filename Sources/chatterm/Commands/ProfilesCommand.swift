import ArgumentParser
import ChatConfig
import ChatCore
import ChatTUI
import Foundation

/// `chatterm profiles`: the configuration file's profiles, each with its endpoint, its model
/// and whether the variable its key is read from is set (never the key), the default marked.
struct ProfilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles",
        abstract: "List the configuration file's profiles: endpoint, model, and whether each one's key is set.",
        discussion: """
            Profiles are [profiles.NAME] tables of the configuration file (`chatterm config \
            --help` describes it). Use one with `chatterm --profile NAME` (also `ask` and \
            `probe`), CHATTERM_PROFILE=NAME, the file's default_profile, or /profile NAME in the \
            chat. * marks the default profile. A profile that names a key variable (api_key_env) \
            which is not set says which one to export.
            """
    )

    @Flag(help: "Print a JSON array instead of the table.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "The configuration file (default: $XDG_CONFIG_HOME/chatterm/config.toml, else ~/.config/chatterm/config.toml).",
            valueName: "path"))
    var config: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let location = ConfigLocation(flag: config, environment: environment)
        let file: ConfigFile?
        do {
            file = try location.load()
        } catch {
            throw CommandFailure(error.description)
        }
        let profiles = file.map { ProfileSummary.all(in: $0, environment: environment) } ?? []
        if json { return printJSON(profiles) }
        guard let file else {
            StandardOutput.write(
                "no configuration file at \(location.path); `chatterm config --init` writes a starter one\n")
            return
        }
        guard !profiles.isEmpty else {
            StandardOutput.write("\(file.path) defines no profiles; add a [profiles.NAME] table\n")
            return
        }
        let safe = Sanitizer.singleLineText
        let rows = profiles.map { profile in
            [
                (profile.isDefault ? "* " : "  ") + safe(profile.name),
                safe(profile.baseURL ?? "(demo server)"),
                safe(profile.model ?? "(the server's first)"),
                Self.keyText(profile),
            ]
        }
        let widths = (0..<3).map { column in rows.map { TextWidth.of($0[column]) }.max() ?? 0 }
        var lines = ["profiles in \(safe(file.path)):"]
        for row in rows {
            var line = ""
            for (column, cell) in row.enumerated() {
                line += cell
                if column < 3 { line += String(repeating: " ", count: widths[column] - TextWidth.of(cell) + 2) }
            }
            lines.append(line)
        }
        if profiles.contains(where: \.isDefault) { lines.append("* the default profile (default_profile)") }
        if let chosen = environment[Settings.profileVariable], !chosen.isEmpty {
            lines.append("\(Settings.profileVariable) chooses \(safe(chosen)) in this shell")
        }
        StandardOutput.write(lines.joined(separator: "\n") + "\n")
    }

    /// Whether the key's variable is set, never the key.
    static func keyText(_ profile: ProfileSummary) -> String {
        if let problem = profile.problem { return "key: " + problem }
        if profile.keySet { return "key: \(profile.keyVariable) is set" }
        if profile.keyCommand != nil { return "key: from api_key_cmd" }
        return profile.keyVariable.isEmpty ? "no key (api_key_env is empty)" : "no key"
    }

    private func printJSON(_ profiles: [ProfileSummary]) {
        let redact = Redactor()
        let items = profiles.map { profile in
            JSONProfile(
                name: profile.name, baseURL: profile.baseURL.map(redact.callAsFunction), model: profile.model,
                keyVariable: profile.keyVariable,
                keySet: profile.keySet, isDefault: profile.isDefault)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let text = (try? encoder.encode(items)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        StandardOutput.json(text + "\n")
    }

    /// One profile in `--json`.
    private struct JSONProfile: Encodable {
        var name: String
        var baseURL: String?
        var model: String?
        var keyVariable: String
        var keySet: Bool
        var isDefault: Bool
    }
}
