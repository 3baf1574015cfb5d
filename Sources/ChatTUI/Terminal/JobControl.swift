import Foundation

/// Where chatterm's job stands, read from /proc by the rule the kernel applies: whether a stop
/// would be discarded, and which other processes a Ctrl-Z typed in the terminal would stop too.
///
/// The kernel discards SIGTSTP sent to an orphaned process group: one where no member has a
/// parent in another group of the same session, so no shell is there to continue it (chatterm
/// as a terminal's or tmux pane's first program, or run by `setsid`).
struct JobControl: Sendable, Hashable {
    /// Whether the process group is orphaned, so that a stop would be discarded.
    var isOrphaned: Bool
    /// The other processes in chatterm's process group: a wrapper script waiting for it, the
    /// other programs of a pipeline.
    var otherMembers: [pid_t]

    init(isOrphaned: Bool, otherMembers: [pid_t]) {
        self.isOrphaned = isOrphaned
        self.otherMembers = otherMembers
    }

    /// The facts about the running process; nil when /proc cannot be read.
    static func current() -> JobControl? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        let table = names.compactMap { name in Int32(name).flatMap(ProcessStat.read) }
        return JobControl(table: table, group: getpgrp(), me: getpid())
    }

    /// The job of process `me` in process group `group`, given the process table.
    init(table: [ProcessStat], group: pid_t, me: pid_t) {
        let byID = Dictionary(table.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let members = table.filter { $0.group == group && !$0.isZombie }
        isOrphaned = !members.contains { member in
            guard let parent = byID[member.parent] else { return false }
            return parent.group != group && parent.session == member.session
        }
        otherMembers = members.map(\.id).filter { $0 != me }.sorted()
    }

    /// The fields of `/proc/PID/stat` that job control depends on.
    struct ProcessStat: Sendable, Hashable {
        var id: pid_t
        var parent: pid_t
        var group: pid_t
        var session: pid_t
        var isZombie: Bool

        /// Reads one process's line; nil when it is gone or unreadable.
        static func read(_ id: pid_t) -> ProcessStat? {
            guard let data = FileManager.default.contents(atPath: "/proc/\(id)/stat") else { return nil }
            return parse(String(decoding: data, as: UTF8.self))
        }

        /// "PID (COMMAND) STATE PPID PGRP SESSION …"; the command may hold spaces and parentheses,
        /// so the fields are counted from the last ")".
        static func parse(_ line: String) -> ProcessStat? {
            guard let open = line.firstIndex(of: " "), let close = line.lastIndex(of: ")"),
                let id = pid_t(line[..<open])
            else { return nil }
            let fields = line[line.index(after: close)...].split(separator: " ")
            guard fields.count >= 4, let parent = pid_t(fields[1]), let group = pid_t(fields[2]),
                let session = pid_t(fields[3])
            else { return nil }
            return ProcessStat(id: id, parent: parent, group: group, session: session, isZombie: fields[0] == "Z")
        }
    }
}
