import ChatCore

/// The exit status of `chatterm ask`, one per way a reply can end, so a script can tell a
/// server's refusal from a timeout from an empty reply.
enum AskExitCode: Int32, CaseIterable {
    case complete = 0
    case otherFailure = 1
    case serverError = 3
    case timeout = 4
    case emptyReply = 5
    case cannotConnect = 6
    case cutShort = 7
    /// The prompt would not fit the model's context, and `--fit-context` was not given.
    case doesNotFit = 8
    case usage = 64
    /// sysexits' EX_NOINPUT: a file `--attach` names is missing, unreadable, binary, too large,
    /// or an image for a model not said to see images.
    case noInput = 66
    /// sysexits' EX_CANTCREAT: the whole reply arrived and was printed, but `--save` or
    /// `--resume` could not write it to its file.
    case notSaved = 73
    /// sysexits' EX_TEMPFAIL: the conversation `--resume` names is open in another chatterm, so
    /// trying again once it is closed will work.
    case busy = 75
    case cancelled = 130
    /// 128 + SIGPIPE, what a tool killed by a closed pipe reports: the reader of stdout went away.
    case outputClosed = 141

    init(_ outcome: TurnOutcome) {
        switch outcome {
        case .complete: self = .complete
        case .cancelled: self = .cancelled
        case .interrupted: self = .cutShort
        case .failed(let error):
            switch error.category {
            case .server: self = .serverError
            case .timeout: self = .timeout
            case .empty: self = .emptyReply
            case .connection: self = .cannotConnect
            case .malformed: self = .otherFailure
            }
        }
    }

    /// The table for `--help`; the README has the same.
    static let help = """
        Exit status:
          0    the whole reply arrived (and, with --save or --resume, was saved)
          1    any other failure: a malformed response, a conversation --resume
               cannot find or read, standard output failing (a full disk)
          3    the server refused or reported an error (HTTP status, or an error
               inside the stream)
          4    a time limit passed (--first-token-timeout, --idle-timeout, …)
          5    the server sent an empty reply
          6    the server could not be reached
          7    the reply was cut short; what arrived is printed
          8    the prompt would not fit the model's context; nothing was sent
               (--fit-context leaves out the oldest messages instead)
          64   no prompt, or a bad option
          66   a file --attach names cannot be attached (missing, unreadable,
               binary, too large, or an image without vision = true)
          73   the whole reply arrived and was printed, but --save or --resume
               could not save it (a full disk, a read-only folder); standard
               error says why
          75   the conversation --resume names is open in another chatterm; try
               again once it is closed
          130  interrupted with Ctrl-C; what arrived is printed
          141  standard output was closed early (| head): the reply stops at once
          129  stopped by a hang-up (SIGHUP); 143 by SIGTERM
        With --save or --resume, a reply that stops early is saved as far as it \
        came (cancelled after Ctrl-C, interrupted otherwise); one that also could \
        not be saved keeps its own status, and standard error says it was not saved.
        """
}
