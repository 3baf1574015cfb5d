import ChatCore
import Foundation

/// Where themes are found, and finding them. A theme is `NAME.json` in one of these folders,
/// searched in this order, the first file of a name winning:
///
/// 1. the user's: `$XDG_CONFIG_HOME/chatterm/themes` (without XDG_CONFIG_HOME:
///    `~/.config/chatterm/themes`);
/// 2. the installed ones: `PREFIX/share/chatterm/themes`, PREFIX being the folder above the
///    executable's (`/usr/local` for `/usr/local/bin/chatterm`);
/// 3. a checkout's `themes/` (next to chatterm's `Package.swift`), found by walking up from the
///    executable's folder, so `swift run` and `.build/debug/chatterm` find the shipped themes;
/// 4. the same, walking up from the current directory.
///
/// A name with a "/" or ending in `.json` is a path instead. `default` needs no file: without
/// one, it is `Theme.default`. Everything the search depends on is injected, so tests can point
/// it at temporary folders.
public struct ThemeCatalog: Sendable {
    /// One folder searched, and why.
    public struct Folder: Sendable, Hashable {
        public var path: String
        /// "user", "installed" or "checkout".
        public var kind: String

        public init(path: String, kind: String) {
            self.path = path
            self.kind = kind
        }
    }

    /// A theme found: its name, its file (nil for the built-in default), and its description,
    /// or why it cannot be used.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var path: String?
        public var theme: Result<Theme, ThemeError>
    }

    /// The folders searched, in order, without duplicates.
    public let folders: [Folder]

    public init(folders: [Folder]) {
        var seen = Set<String>()
        self.folders = folders.filter { seen.insert(URL(fileURLWithPath: $0.path).standardized.path).inserted }
    }

    /// The search path for a run of chatterm: `environment` for XDG_CONFIG_HOME and HOME,
    /// `executable` the running program's path, `currentDirectory` the working directory.
    public init(environment: [String: String], executable: String, currentDirectory: String) {
        var folders: [Folder] = []
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            folders.append(Folder(path: config + "/chatterm/themes", kind: "user"))
        } else if let home = environment["HOME"], !home.isEmpty {
            folders.append(Folder(path: home + "/.config/chatterm/themes", kind: "user"))
        }
        let binary = URL(fileURLWithPath: executable).deletingLastPathComponent()
        let prefix = binary.deletingLastPathComponent()
        folders.append(Folder(path: prefix.appendingPathComponent("share/chatterm/themes").path, kind: "installed"))
        for start in [binary.path, currentDirectory] {
            if let checkout = Self.checkoutThemes(above: start) {
                folders.append(Folder(path: checkout, kind: "checkout"))
            }
        }
        self.init(folders: folders)
    }

    /// The catalog of the running program, from its real path (symbolic links resolved, so a
    /// link in `~/bin` still finds the themes installed beside the real binary).
    public static func forThisProcess() -> ThemeCatalog {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments.first ?? "chatterm").resolvingSymlinksInPath().path
        return ThemeCatalog(
            environment: ProcessInfo.processInfo.environment, executable: executable,
            currentDirectory: FileManager.default.currentDirectoryPath)
    }

    /// The `themes` folder of the nearest chatterm checkout at or above `start`: a folder whose
    /// `Package.swift` names the package "chatterm" (another project's `themes/` is not ours).
    static func checkoutThemes(above start: String) -> String? {
        var folder = URL(fileURLWithPath: start).standardized
        while true {
            let themes = folder.appendingPathComponent("themes").path
            var isFolder: ObjCBool = false
            // The manifest is read like any file chatterm did not write: a FIFO of that name in
            // a folder above must not hang the start.
            if FileManager.default.fileExists(atPath: themes, isDirectory: &isFolder), isFolder.boolValue,
                case .success(let manifest) = RegularFile.read(
                    path: folder.appendingPathComponent("Package.swift").path, limit: ThemeFile.fileSizeLimit),
                String(decoding: manifest.data, as: UTF8.self).contains(#"name: "chatterm""#)
            {
                return themes
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    /// Whether `reference` names a file rather than a theme.
    public static func isPath(_ reference: String) -> Bool {
        reference.contains("/") || reference.hasSuffix("." + ThemeFile.fileExtension)
    }

    /// The file of the theme `name`: the first folder that has `name.json`.
    public func path(of name: String) -> String? {
        for folder in folders {
            let path = folder.path + "/" + name + "." + ThemeFile.fileExtension
            if FileManager.default.isReadableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Loads the theme `reference` names: a path, or a name searched in the folders.
    public func load(_ reference: String) throws(ThemeError) -> Theme {
        if Self.isPath(reference) {
            let expanded = reference.hasPrefix("~/") ? NSHomeDirectory() + reference.dropFirst() : reference
            return try ThemeFile.load(path: expanded)
        }
        if let path = path(of: reference) { return try ThemeFile.load(path: path) }
        if reference == Theme.default.name { return .default }
        throw .notFound(name: reference, suggestion: EditDistance.nearest(to: reference, among: names()))
    }

    /// Every theme found, sorted by name, the first file of each name only, with the built-in
    /// default unless a file overrides it.
    public func entries() -> [Entry] {
        var found: [String: Entry] = [:]
        for (name, path) in files() where found[name] == nil {
            found[name] = Entry(
                name: name, path: path, theme: Result { () throws(ThemeError) in try ThemeFile.load(path: path) })
        }
        if found[Theme.default.name] == nil {
            found[Theme.default.name] = Entry(name: Theme.default.name, path: nil, theme: .success(.default))
        }
        return found.values.sorted { $0.name < $1.name }
    }

    /// The names of every theme found, sorted (for completion and suggestions).
    public func names() -> [String] {
        Array(Set(files().map(\.name) + [Theme.default.name])).sorted()
    }

    /// Every theme file in the folders, folder by folder, in each folder sorted by name.
    private func files() -> [(name: String, path: String)] {
        folders.flatMap { folder in
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return contents.filter { $0.hasSuffix("." + ThemeFile.fileExtension) && !$0.hasPrefix(".") }.sorted()
                .map { (ThemeFile.name(ofFile: $0), folder.path + "/" + $0) }
        }
    }
}
