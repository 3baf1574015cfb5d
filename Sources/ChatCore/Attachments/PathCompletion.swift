import Foundation

/// What Tab offers for a path being typed (`/attach ~/src/ma`): the names in its folder that
/// start with what follows the last `/`, each written as typed so far (`~/src/main.swift`), a
/// folder's with a `/` after it. Hidden names only when a dot was typed.
public enum PathCompletion {
    /// The most names looked at in one folder: Tab in a huge folder stays quick.
    public static let mostEntries = 5000

    public static func candidates(
        for typed: String, home: String? = ProcessInfo.processInfo.environment["HOME"]
    ) -> [String] {
        let slash = typed.lastIndex(of: "/")
        let folderPart = slash.map { String(typed[...$0]) } ?? ""
        let namePart = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        let folder = folderPart.isEmpty ? "." : AttachmentReader.expandingHome(folderPart, home: home)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.prefix(mostEntries).filter { name in
            name.hasPrefix(namePart) && (namePart.hasPrefix(".") || !name.hasPrefix("."))
        }.sorted().map { name in
            var isFolder: ObjCBool = false
            let full = (folder.hasSuffix("/") ? folder : folder + "/") + name
            let folderMark = FileManager.default.fileExists(atPath: full, isDirectory: &isFolder) && isFolder.boolValue
            return folderPart + name + (folderMark ? "/" : "")
        }
    }
}
