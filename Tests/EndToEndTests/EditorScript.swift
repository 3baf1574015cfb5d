import Foundation

/// Stand-ins for `$VISUAL` in the tests: small `/bin/sh` scripts chatterm runs as the editor.
enum EditorScript {
    /// Writes `body` after a `#!/bin/sh` line to `path`, executable. The draft's file is `$1`.
    static func write(_ body: String, to path: String) throws {
        try ("#!/bin/sh\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
    }

    /// An editor at `directory/editor.sh` that prints EDITING, waits until `directory/go`
    /// exists (so the test decides when it ends) and then leaves "edited draft" as the draft.
    static func waitingForGo(in directory: String) throws -> String {
        let path = directory + "/editor.sh"
        try write(
            """
            printf 'EDITING\\n'
            while [ ! -e '\(directory)/go' ]; do sleep 0.05; done
            printf 'edited draft' > "$1"

            """, to: path)
        return path
    }
}
