import ArgumentParser

/// `--resume ID|last`, shared by the chat and `ask`. It is a group of its own because the root
/// command (the chat) parses the whole command line before a subcommand does: a plain `--resume`
/// declared again on `ask` would never see its value, while a group of the same type is handed
/// the value the root parsed, as `--data-dir` and the endpoint options are.
struct ResumeOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Continue a saved conversation: its id, a unique prefix of it, or last.", valueName: "id|last"))
    var resume: String?
}
