import ChatCore
import Foundation

/// Reads a theme file: UTF-8 JSON, one theme per file, named by the file's name (`gruvbox.json`
/// is the theme `gruvbox`).
///
/// ```json
/// { "format": "chatterm.theme", "version": 1, "description": "warm retro dark",
///   "styles": {
///     "userLabel":   { "fg": "#83a598", "attrs": ["bold"] },
///     "statusReady": { "fg": "#ebdbb2", "bg": "#504945", "mono": ["reverse"] } } }
/// ```
///
/// - `format` (required): `"chatterm.theme"`. `version` (required): 1; a newer one is refused.
/// - `description` (optional): one line for `chatterm themes`.
/// - `styles`: keys are `StyleRole` names; a role left out looks as in `Theme.default`.
/// - A style's fields, all optional: `fg` and `bg`, colours (`default`, `black` … `white`,
///   `bright-black` … `bright-white`, an index 0–255, or `"#rrggbb"`); `attrs`, attributes
///   (`bold`, `dim`, `italic`, `underline`, `reverse`, `standout`); `mono`, the attributes to use
///   instead when the terminal shows no colour (default: `attrs`, plus `reverse` when `bg` is set
///   and differs from `plain`'s, as for a status bar).
///
/// Strict, so a typing mistake shows rather than silently doing nothing: unknown fields, wrong
/// types and bad values are errors naming the file and the field's JSON path.
public enum ThemeFile {
    public static let format = "chatterm.theme"
    public static let version = 1
    /// The extension of theme files.
    public static let fileExtension = "json"

    private static let topLevelKeys = ["format", "version", "description", "styles"]
    private static let styleKeys = ["fg", "bg", "attrs", "mono"]

    /// The largest theme file read: a theme is a few kilobytes, so anything near this is not one.
    public static let fileSizeLimit = 1024 * 1024

    /// Reads the theme at `path`; its name is the file's name without `.json`. Only a regular
    /// file of at most `fileSizeLimit` bytes is read: a FIFO or a device is refused, not waited on.
    public static func load(path: String) throws(ThemeError) -> Theme {
        switch RegularFile.read(path: path, limit: fileSizeLimit) {
        case .success(let contents):
            return try decode(contents.data, name: name(ofFile: path), file: path)
        case .failure(let problem):
            throw .unreadable(file: path, reason: problem.description)
        }
    }

    /// The theme a file of this path holds by name: its last component without `.json`.
    public static func name(ofFile path: String) -> String {
        let file = URL(fileURLWithPath: path).lastPathComponent
        return file.hasSuffix("." + fileExtension) ? String(file.dropLast(fileExtension.count + 1)) : file
    }

    /// Decodes a theme file's contents; `file` is how errors name it.
    public static func decode(_ data: Data, name: String, file: String) throws(ThemeError) -> Theme {
        let reader = Reader(file: file)
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw reader.invalid("", "not valid JSON: " + syntaxProblem(error, in: data))
        }
        let top = try reader.object(json, at: "")
        try reader.checkKeys(of: top, at: "", allowed: topLevelKeys, kind: "field")
        guard let format = top["format"] else {
            throw reader.invalid("format", "missing: a theme file starts with \"format\": \"\(Self.format)\"")
        }
        guard try reader.string(format, at: "format") == Self.format else {
            throw reader.invalid("format", "expected \"\(Self.format)\"; this is not a chatterm theme")
        }
        guard let versionValue = top["version"] else {
            throw reader.invalid("version", "missing: write \"version\": \(Self.version)")
        }
        let version = try reader.integer(versionValue, at: "version")
        guard version <= Self.version else {
            throw reader.invalid(
                "version", "\(version) is newer than this chatterm reads (\(Self.version)); update chatterm")
        }
        guard version >= 1 else { throw reader.invalid("version", "must be \(Self.version)") }
        let description = try top["description"].map { value throws(ThemeError) in
            try reader.string(value, at: "description")
        }
        var styles: [StyleRole: ThemeStyle] = [:]
        if let stylesValue = top["styles"] {
            let table = try reader.object(stylesValue, at: "styles")
            for key in table.keys.sorted() {
                let path = "styles." + key
                guard let role = StyleRole(name: key) else {
                    let roles = StyleRole.allCases.map(\.name)
                    let hint =
                        EditDistance.nearest(to: key, among: roles).map { "did you mean \($0)?" }
                        ?? "roles are " + roles.joined(separator: ", ")
                    throw reader.invalid(path, "no such role; " + hint)
                }
                styles[role] = try reader.style(table[key]!, at: path)
            }
        }
        return Theme(name: name, description: description ?? "", styles: styles)
    }

    /// The parser's complaint, with the line and column when it gives a position.
    private static func syntaxProblem(_ error: any Error, in data: Data) -> String {
        let message = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
        guard let range = message.range(of: "around character "),
            let offset = Int(message[range.upperBound...].prefix(while: \.isNumber))
        else {
            return message
        }
        let before = data.prefix(offset)
        let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? before.startIndex
        let column = String(decoding: before[lineStart...], as: UTF8.self).count + 1
        return message[..<range.lowerBound].trimmingCharacters(in: .whitespaces) + " at line \(line), column \(column)"
    }

    /// Checks values of the parsed JSON, naming the file and the path in every error.
    private struct Reader {
        let file: String

        func invalid(_ path: String, _ problem: String) -> ThemeError {
            .invalid(file: file, field: path, problem: problem)
        }

        func object(_ value: Any, at path: String) throws(ThemeError) -> [String: Any] {
            guard let object = value as? [String: Any] else {
                throw invalid(path, "expected an object {…}, found \(Self.kind(of: value))")
            }
            return object
        }

        func string(_ value: Any, at path: String) throws(ThemeError) -> String {
            guard let string = value as? String else {
                throw invalid(path, "expected a string, found \(Self.kind(of: value))")
            }
            return string
        }

        func integer(_ value: Any, at path: String) throws(ThemeError) -> Int {
            guard !Self.isBoolean(value), let number = value as? NSNumber,
                let integer = Int(exactly: number.doubleValue)
            else {
                throw invalid(path, "expected a whole number, found \(Self.kind(of: value))")
            }
            return integer
        }

        func checkKeys(of object: [String: Any], at path: String, allowed: [String], kind: String) throws(ThemeError) {
            for key in object.keys.sorted() where !allowed.contains(key) {
                let hint =
                    EditDistance.nearest(to: key, among: allowed).map { "did you mean \($0)?" }
                    ?? "expected " + allowed.joined(separator: ", ")
                throw invalid(path.isEmpty ? key : path + "." + key, "unknown \(kind); " + hint)
            }
        }

        func style(_ value: Any, at path: String) throws(ThemeError) -> ThemeStyle {
            let fields = try object(value, at: path)
            try checkKeys(of: fields, at: path, allowed: ThemeFile.styleKeys, kind: "style field")
            var style = ThemeStyle()
            if let fg = fields["fg"] { style.foreground = try color(fg, at: path + ".fg") }
            if let bg = fields["bg"] { style.background = try color(bg, at: path + ".bg") }
            if let attrs = fields["attrs"] { style.attributes = try attributes(attrs, at: path + ".attrs") }
            if let mono = fields["mono"] { style.explicitMono = try attributes(mono, at: path + ".mono") }
            return style
        }

        func color(_ value: Any, at path: String) throws(ThemeError) -> ThemeColor {
            if let text = value as? String {
                guard let color = ThemeColor(parsing: text) else {
                    throw invalid(path, "\"\(text)\" is not a colour; use \(ThemeColor.syntaxHelp)")
                }
                return color
            }
            guard !Self.isBoolean(value), let number = value as? NSNumber else {
                throw invalid(path, "expected a colour (\(ThemeColor.syntaxHelp)), found \(Self.kind(of: value))")
            }
            guard let index = Int(exactly: number.doubleValue), (0...255).contains(index) else {
                throw invalid(path, "\(number) is not a colour index; indices go from 0 to 255")
            }
            return .index(index)
        }

        func attributes(_ value: Any, at path: String) throws(ThemeError) -> Set<ThemeAttribute> {
            guard let list = value as? [Any] else {
                throw invalid(path, "expected a list of attributes such as [\"bold\"], found \(Self.kind(of: value))")
            }
            var attributes = Set<ThemeAttribute>()
            for (index, element) in list.enumerated() {
                let name = try string(element, at: "\(path)[\(index)]")
                guard let attribute = ThemeAttribute(rawValue: name) else {
                    let known = ThemeAttribute.allCases.map(\.rawValue)
                    let problem =
                        name == "blink"
                        ? "blink is not offered: chatterm never blinks"
                        : "\"\(name)\" is not an attribute; "
                            + (EditDistance.nearest(to: name, among: known).map { "did you mean \($0)?" }
                                ?? "use " + known.joined(separator: ", "))
                    throw invalid("\(path)[\(index)]", problem)
                }
                attributes.insert(attribute)
            }
            return attributes
        }

        /// JSON `true`/`false`, which Foundation hands over as numbers.
        static func isBoolean(_ value: Any) -> Bool {
            guard let number = value as? NSNumber, !(value is String) else { return false }
            return String(cString: number.objCType) == "c"
        }

        static func kind(of value: Any) -> String {
            if isBoolean(value) { return (value as? Bool) == true ? "true" : "false" }
            switch value {
            case is String: return "a string"
            case is NSNumber: return "a number"
            case is [Any]: return "a list"
            case is [String: Any]: return "an object"
            case is NSNull: return "null"
            default: return "\(type(of: value))"
            }
        }
    }
}
