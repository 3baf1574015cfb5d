import Foundation

/// Selection mode over the conversation (`/select`, Alt-V): a cursor on a line, a range, and
/// the questions `w` asks. Every transition is in `take(_:in:)`; what the controller must do for
/// one (copy, quote, write a file) comes back as an `Effect`, and the controller reports how it
/// went (`.done`, `.fileExists`), so the rules stay here and the input and output there.
///
/// ```
/// off ──start──▶ marking(cursor) ──v/V──▶ marking(range) ──v/V again──▶ marking(cursor)
///                   │  y / Enter: copy / quote ──done──▶ off;  Esc, q ──▶ off
///                   │  e: edit the prompt ──done──▶ off;  Alt-Left/Right: its alternative (stays)
///                   └─ w ──▶ naming(path) ──Enter──▶ (written: done ──▶ off)
///                              │   ▲      └──file exists──▶ confirming ──y──▶ overwrite, done
///                              │   └──────────── n, Esc ────────┘
///                              └─ Esc ──▶ marking
/// ```
enum SelectionMode: Sendable, Hashable {
    case off
    /// Moving the cursor, alone or at the end of a range.
    case marking(Marked)
    /// `w`: the file's path being typed.
    case naming(Marked, path: InputLine)
    /// The file typed exists (`file`, with `~` expanded): overwrite it?
    case confirming(Marked, path: InputLine, file: String)

    /// What is selected.
    enum Marked: Sendable, Hashable {
        /// The line under the cursor.
        case cursor(SelectionPoint)
        /// From `anchor`, where `v` or `V` was pressed, to `cursor`. `whole` (`V`) widens both
        /// ends to the code block (its code) or the message they are in.
        case range(anchor: SelectionPoint, cursor: SelectionPoint, whole: Bool)

        var cursor: SelectionPoint {
            switch self {
            case .cursor(let point), .range(_, let point, _): return point
            }
        }

        func moving(to point: SelectionPoint) -> Marked {
            switch self {
            case .cursor: return .cursor(point)
            case .range(let anchor, _, let whole): return .range(anchor: anchor, cursor: point, whole: whole)
            }
        }
    }

    enum Event: Sendable, Hashable {
        case start(at: SelectionPoint)
        case move(SelectionMotion)
        /// `v` (`whole` false) or `V`: starts a range, ends it, or switches its kind.
        case range(whole: Bool)
        case copy
        case quote
        case write
        case leave
        /// `e`: edit the prompt under the cursor.
        case edit
        /// Alt-Left (-1) / Alt-Right (1): another alternative of the message under the cursor.
        case showAlternative(step: Int)
        /// A key typed into the path.
        case pathKey(Key)
        case submitPath
        case cancelPath
        /// The controller found the file the path names: ask before overwriting.
        case fileExists(String)
        case overwrite
        case keepFile
        /// The controller did what an effect asked: the mode ends.
        case done
    }

    /// What the controller is asked to do with the selected text.
    enum Effect: Sendable, Hashable {
        case copy(Marked)
        case quote(Marked)
        /// Write to the path as typed; `overwrite` once the user said yes for `file`.
        case write(Marked, path: String, overwrite: Bool)
        /// The cursor moved: keep it in view.
        case reveal(SelectionPoint)
        /// Edit the prompt at this index (`done` once it is in the editor).
        case edit(message: Int)
        /// Show the alternative `step` away of the message at this index.
        case showAlternative(message: Int, step: Int)
    }

    var isOn: Bool { self != .off }

    var marked: Marked? {
        switch self {
        case .off: return nil
        case .marking(let marked), .naming(let marked, _), .confirming(let marked, _, _): return marked
        }
    }

    /// Every transition.
    @MainActor
    mutating func take(_ event: Event, in document: some SelectionDocument) -> Effect? {
        switch (self, event) {
        case (_, .start(let point)):
            self = .marking(.cursor(point))
            return .reveal(point)
        case (.off, _):
            return nil
        case (.marking(let marked), .move(let motion)):
            let point = motion.destination(from: marked.cursor, in: document)
            self = .marking(marked.moving(to: point))
            return .reveal(point)
        case (.marking(.cursor(let point)), .range(let whole)):
            self = .marking(.range(anchor: point, cursor: point, whole: whole))
        case (.marking(.range(let anchor, let cursor, let wasWhole)), .range(let whole)):
            self = .marking(wasWhole == whole ? .cursor(cursor) : .range(anchor: anchor, cursor: cursor, whole: whole))
        case (.marking(let marked), .copy):
            return .copy(marked)
        case (.marking(let marked), .quote):
            return .quote(marked)
        case (.marking(let marked), .edit):
            return .edit(message: marked.cursor.message)
        case (.marking(let marked), .showAlternative(let step)):
            // A range would span messages the switch replaces: the cursor alone stays.
            self = .marking(.cursor(marked.cursor))
            return .showAlternative(message: marked.cursor.message, step: step)
        case (.marking(let marked), .write):
            self = .naming(marked, path: InputLine())
        case (.marking, .leave), (_, .done):
            self = .off
        case (.naming(let marked, var path), .pathKey(let key)):
            path.handle(key)
            self = .naming(marked, path: path)
        case (.naming(let marked, let path), .submitPath):
            guard !path.text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            return .write(marked, path: path.text, overwrite: false)
        case (.naming(let marked, _), .cancelPath):
            self = .marking(marked)
        case (.naming(let marked, let path), .fileExists(let file)):
            self = .confirming(marked, path: path, file: file)
        case (.confirming(let marked, let path, _), .overwrite):
            return .write(marked, path: path.text, overwrite: true)
        case (.confirming(let marked, let path, _), .keepFile):
            self = .naming(marked, path: path)
        case (.marking, _), (.naming, _), (.confirming, _):
            return nil
        }
        return nil
    }
}
