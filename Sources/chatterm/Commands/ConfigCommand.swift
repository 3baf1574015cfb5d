import ArgumentParser
import ChatConfig
import ChatTUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `chatterm config`: every effective setting and where it came from; `--init` writes a
/// commented starter file.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show every setting in effect and where it comes from, or write a starter config file.",
        discussion: """
            The configuration file is $XDG_CONFIG_HOME/chatterm/config.toml, else \
            ~/.config/chatterm/config.toml, or the one --config names. It holds defaults at its \
            top and named profiles in [profiles.NAME] tables:

              default_profile = "work"
              retries = 5

              [profiles.work]
              base_url = "http://10.0.0.5:8000/v1"
              model = "qwen2"
              api_key_env = "WORK_KEY"          # the variable's NAME: keys never go in the file
              headers = { "X-Tenant" = "lab" }
              headers_env = { "api-key" = "AZURE_KEY" }  # a secret header, from the environment
              extra_body = { top_p = 0.8 }

            Each setting comes from the first of: a command-line flag; the environment \
            (CHATTERM_BASE_URL, then OPENAI_BASE_URL; the key from the variable api_key_env \
            names, else OPENAI_API_KEY; NO_COLOR; CHATTERM_CLIPBOARD); the profile in use (--profile, else \
            CHATTERM_PROFILE, else default_profile); the top of the file; chatterm's default. \
            This command shows each value with its source, the key only as set or not set, and \
            secret header values (Authorization, api-key, X-Api-Key, Cookie, Proxy-Authorization, \
            headers_env's, secret_headers') and a URL's user and password as •••. \
            It takes the same options as the chat, so `chatterm config --profile laptop` shows \
            what that profile would use. The proxy in effect (or why none: NO_PROXY lists the \
            host), ca_file, insecure, client_cert, client_key and api_key_cmd are shown too; \
            api_key_cmd is run to say whether it gives a key, and a proxy's password shows as •••.

            `chatterm config --init` writes a commented starter file with every setting \
            explained and an example of four profiles (ChatGLM3, a vLLM gateway, Ollama, \
            OpenAI); it never replaces a file that exists.
            """
    )

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    @Flag(name: .customLong("init"), help: "Write a commented starter file (never over an existing one).")
    var initialize = false

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        if initialize { return try writeStarter() }
        let report = SettingsReport(try endpoint.settings())
        if json {
            StandardOutput.json(report.json() + "\n")
            return
        }
        var lines = report.lines(sanitize: Sanitizer.singleLineText, width: { TextWidth.of($0) })
        lines += report.settings.warnings.map { "note: " + Sanitizer.singleLineText($0) }
        StandardOutput.write(lines.joined(separator: "\n") + "\n")
    }

    /// Creates the file with `O_EXCL`, so that it is never written over, even by a race.
    private func writeStarter() throws {
        let path = endpoint.configLocation.path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw CommandFailure("cannot create \(folder): \(error.localizedDescription)")
            }
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST {
                throw CommandFailure(
                    "\(path) already exists; `chatterm config --init` never writes over a file: edit it, or move it away first"
                )
            }
            throw CommandFailure("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(StarterConfig.text.utf8))
            try handle.close()
        } catch {
            throw CommandFailure("cannot write \(path): \(error.localizedDescription)")
        }
        StandardOutput.write(
            "wrote a starter configuration to \(path)\nedit it, then `chatterm config` shows what is in effect\n")
    }
}
