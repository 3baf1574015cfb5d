import ArgumentParser
import ChatStore
import Foundation

/// Where conversations are kept: `--data-dir`, shared by every command that reads or writes them.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "Where chatterm keeps its data; conversations are in its conversations/ folder.",
            discussion: """
                Defaults to CHATTERM_DATA_DIR, then $XDG_DATA_HOME/chatterm, else ~/.local/share/chatterm.
                """,
            valueName: "dir"))
    var dataDir: String?

    /// Makes a save past a file-size limit (`ulimit -f`) fail with an error chatterm reports,
    /// instead of the signal that would kill it; call before the first save.
    static func survivesFileSizeLimits() {
        signal(SIGXFSZ, SIG_IGN)
    }

    /// The data directory the flag and the environment ask for.
    var directory: DataDirectory {
        DataDirectory(flag: dataDir, environment: ProcessInfo.processInfo.environment)
    }
}
