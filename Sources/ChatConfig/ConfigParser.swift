import ChatCore
import Foundation
import TOMLKit

/// Turns the text of a configuration file into a `ConfigFile`, or into every problem it has,
/// each with its line: `ConfigTextCheck` refuses what would crash or slow TOMLKit, TOMLKit finds
/// syntax errors (with line and column); the keys, types and values are checked here, and their
/// lines found by `KeyLines`. A value or name repeated in a message is cut
/// (`ConfigLimits.excerpt`).
struct ConfigParser {
    let text: String
    let path: String
    /// Built once TOMLKit has accepted the text, for the lines of the problems found after.
    private var keyLines = KeyLines("")
    private var problems: [ConfigError.Problem] = []
    /// The unknown keys among the problems, by index, with the keys allowed in their place: the
    /// nearest one is looked for only for the problems shown (`ConfigLimits.listedProblems`), so
    /// that thousands of unknown keys do not cost thousands of edit distances.
    private var unknownKeys: [Int: (key: String, allowed: [String])] = [:]

    /// toml++ names the key or table at fault in some messages, and a key can be long.
    static let longestTOMLKitMessage = 200
    /// The longest name a "did you mean …?" is looked for, or offered: enough for any setting's
    /// or profile's name, and it keeps the edit distances cheap however long the file's names are.
    static let longestSuggested = 64

    /// Why a profile's `headers` cannot set the header `name`, when it is one of chatterm's own
    /// (`ChatRequest.Header`); a key must not be written into the file as an `Authorization` header.
    static func reservedHeader(_ name: String) -> String? {
        guard let header = ChatRequest.Header(named: name) else { return nil }
        switch header {
        case .authorization:
            return
                "API keys are never read from the config file: set api_key_env to the name of the environment variable that holds the key"
        case .contentType: return "chatterm sets it (application/json)"
        case .accept: return "chatterm sets it (text/event-stream or application/json)"
        case .contentLength, .transferEncoding: return "chatterm sets it"
        case .host: return "it comes from base_url"
        case .connection: return "chatterm manages its connections"
        }
    }

    /// Why `extra_body` cannot set the body field `name`, when it is one chatterm writes itself:
    /// the setting that controls it, or that it is the conversation.
    static func reservedBodyField(_ name: String) -> String? {
        guard let field = ChatRequest.Field(rawValue: name) else { return nil }
        let setting: SettingKey
        switch field {
        case .messages: return "chatterm sends the conversation"
        case .model: setting = .model
        case .stream: setting = .stream
        case .temperature: setting = .temperature
        case .maxTokens: setting = .maxTokens
        }
        let flags = setting == .stream ? "--stream/--no-stream" : setting.flag
        return "set it with \(setting.rawValue)" + (flags.map { " (or \($0))" } ?? "")
    }

    init(text: String, path: String) {
        self.text = text
        self.path = path
    }

    mutating func parse() throws(ConfigError) -> ConfigFile {
        if let problem = ConfigTextCheck.firstProblem(in: text) {
            throw ConfigError(file: path, line: problem.line, column: problem.column, message: problem.message)
        }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(
                file: path, line: error.source.begin.line, column: error.source.begin.column,
                message: "not valid TOML: " + ConfigLimits.excerpt(error.description, limit: Self.longestTOMLKitMessage)
            )
        } catch {
            throw ConfigError(
                file: path,
                message: "not valid TOML: " + ConfigLimits.excerpt("\(error)", limit: Self.longestTOMLKitMessage))
        }
        keyLines = KeyLines(text)
        var defaults = SettingsLayer()
        var profiles: [String: SettingsLayer] = [:]
        var defaultProfile: (name: String, path: [String])?
        for (key, value) in root {
            switch key {
            case "default_profile":
                if let name = string(value, at: [key]) { defaultProfile = (name, [key]) }
            case "profiles":
                profiles = readProfiles(value)
            case _ where SettingKey.profileOnly.map(\.rawValue).contains(key):
                problem(
                    at: [key],
                    key == SettingKey.insecure.rawValue
                        ? "only allowed in a profile, [profiles.NAME]: certificate checks are turned off for one server, never for all"
                        : "only allowed in a profile, e.g. [profiles.work]")
            default:
                read(
                    key, value, at: [key], into: &defaults,
                    allowed: SettingKey.allCases.map(\.rawValue) + SettingKey.topLevelOnly)
            }
        }
        checkKeySources(defaults, at: [])
        let names = profiles.keys.sorted {
            (keyLines.exactLine(of: ["profiles", $0]) ?? Int.max, $0)
                < (keyLines.exactLine(of: ["profiles", $1]) ?? Int.max, $1)
        }
        if let (name, keyPath) = defaultProfile, profiles[name] == nil {
            problem(at: keyPath, Self.unknownProfileMessage(name, known: names))
        }
        checkFallbacks(profiles, names: names)
        guard problems.isEmpty else {
            let order = problems.indices.sorted {
                (problems[$0].line ?? Int.max, $0) < (problems[$1].line ?? Int.max, $1)
            }
            var sorted = order.map { problems[$0] }
            for (position, index) in order.prefix(ConfigLimits.listedProblems).enumerated() {
                if let unknown = unknownKeys[index],
                    let nearest = Self.suggestion(for: unknown.key, among: unknown.allowed)
                {
                    sorted[position].message += "; did you mean \(nearest)?"
                }
            }
            throw ConfigError(sorted)
        }
        return ConfigFile(
            path: path, defaults: defaults, profiles: profiles, profileNames: names,
            defaultProfile: defaultProfile?.name)
    }

    /// "no profile 'x' (did you mean 'y'?); the profiles are: …", for a name that is not there.
    /// Names are cut, and at most `ConfigLimits.listedProfiles` of them listed.
    static func unknownProfileMessage(_ name: String, known: [String]) -> String {
        var message = "no profile '\(ConfigLimits.excerpt(name))'"
        if let nearest = suggestion(for: name, among: known) { message += " (did you mean '\(nearest)'?)" }
        guard !known.isEmpty else { return message + "; the file defines no profiles" }
        let listed = known.prefix(ConfigLimits.listedProfiles).map { ConfigLimits.excerpt($0) }
        let more = known.count - listed.count
        return message + "; the profiles are: " + listed.joined(separator: ", ") + (more > 0 ? " and \(more) more" : "")
    }

    /// The nearest of `candidates` to `typed`, if one is close (`EditDistance.nearest`); never
    /// for a name longer than `longestSuggested`, nor one, and only among candidates whose
    /// length could be close enough, so that the distances cost little.
    static func suggestion(for typed: String, among candidates: [String]) -> String? {
        guard typed.utf8.count <= longestSuggested else { return nil }
        let length = typed.lowercased().count
        // EditDistance.nearest's own bound: no candidate further than this is offered.
        let reach = max(2, length / 3)
        return EditDistance.nearest(
            to: typed,
            among: candidates.filter {
                $0.utf8.count <= longestSuggested && abs($0.lowercased().count - length) <= reach
            })
    }

    // MARK: Tables

    private mutating func readProfiles(_ value: any TOMLValueConvertible) -> [String: SettingsLayer] {
        guard let table = table(value, at: ["profiles"], expected: "a table of profiles, e.g. [profiles.work]") else {
            return [:]
        }
        var profiles: [String: SettingsLayer] = [:]
        for (name, entry) in table {
            let keyPath = ["profiles", name]
            if name.isEmpty || name.contains(where: \.isWhitespace) {
                problem(
                    at: keyPath, "a profile's name cannot be empty or contain spaces (it is typed as /profile NAME)")
                continue
            }
            guard let settings = self.table(entry, at: keyPath, expected: "a table of settings, [profiles.\(name)]")
            else { continue }
            var layer = SettingsLayer()
            for (key, value) in settings {
                if SettingKey.topLevelOnly.contains(key) {
                    problem(at: keyPath + [key], "only allowed at the top level of the file, outside any profile")
                    continue
                }
                read(key, value, at: keyPath + [key], into: &layer, allowed: SettingKey.allCases.map(\.rawValue))
            }
            checkKeySources(layer, at: keyPath)
            profiles[name] = layer
        }
        return profiles
    }

    private mutating func read(
        _ key: String, _ value: any TOMLValueConvertible, at keyPath: [String], into layer: inout SettingsLayer,
        allowed: [String]
    ) {
        guard let setting = SettingKey(rawValue: key) else {
            if SettingKey.looksLikeSecret(key) {
                problem(
                    at: keyPath,
                    "API keys are never read from the config file: put the key in an environment variable and set api_key_env = \"VARIABLE\" to its name"
                )
            } else {
                unknownKeys[problems.count] = (key, allowed)
                problem(at: keyPath, "unknown key")
            }
            return
        }
        switch setting {
        case .baseURL:
            guard let text = string(value, at: keyPath) else { return }
            guard let url = BaseURL.normalized(text) else {
                return problem(
                    at: keyPath,
                    "not an http or https URL: \"\(ConfigLimits.excerpt(text))\" (expected something like \(BaseURL.example))"
                )
            }
            layer.baseURL = url
        case .model:
            layer.model = nonEmptyString(value, at: keyPath)
        case .apiKeyEnv:
            guard let name = string(value, at: keyPath) else { return }
            // Empty: send no key, even when OPENAI_API_KEY is set for other servers.
            guard name.isEmpty || Self.isVariableName(name) else {
                return problem(
                    at: keyPath,
                    "must be the name of an environment variable, such as OPENAI_API_KEY (the key itself never goes in this file)"
                )
            }
            layer.apiKeyEnv = name
        case .apiKeyCmd:
            layer.apiKeyCmd = nonEmptyString(value, at: keyPath)
        case .system:
            layer.system = string(value, at: keyPath)
        case .temperature:
            layer.temperature = number(value, at: keyPath, for: setting)
        case .maxTokens:
            layer.maxTokens = integer(value, at: keyPath, for: setting)
        case .contextWindow:
            layer.contextWindow = integer(value, at: keyPath, for: setting)
        case .retries:
            layer.retries = integer(value, at: keyPath, for: setting)
        case .headers:
            layer.headers = headers(value, at: keyPath)
        case .headersEnv:
            layer.headersEnv = headersFromEnvironment(value, at: keyPath)
        case .secretHeaders:
            layer.secretHeaders = headerNames(value, at: keyPath)
        case .extraBody:
            layer.extraBody = extraBody(value, at: keyPath)
        case .stream:
            layer.stream = flag(value, at: keyPath)
        case .warmup:
            layer.warmup = choice(value, at: keyPath)
        case .fallback:
            layer.fallback = choice(value, at: keyPath)
        case .warmupAfterIdle:
            layer.warmupAfterIdle = seconds(value, at: keyPath, for: setting)
        case .connectTimeout:
            layer.connectTimeout = seconds(value, at: keyPath, for: setting)
        case .firstTokenTimeout:
            layer.firstTokenTimeout = seconds(value, at: keyPath, for: setting)
        case .idleTimeout:
            layer.idleTimeout = seconds(value, at: keyPath, for: setting)
        case .turnTimeout:
            layer.turnTimeout = seconds(value, at: keyPath, for: setting)
        case .theme:
            layer.theme = nonEmptyString(value, at: keyPath)
        case .proxy:
            guard let text = string(value, at: keyPath) else { return }
            // Empty: no proxy for this profile, even when the environment names one.
            if !text.isEmpty, case .failure(let refusal) = ProxyURL.parse(text) {
                return problem(at: keyPath, "not a proxy URL: \(refusal)")
            }
            layer.proxy = text
        case .caFile:
            layer.caFile = nonEmptyString(value, at: keyPath)
        case .clientCert:
            layer.clientCert = nonEmptyString(value, at: keyPath)
        case .clientKey:
            layer.clientKey = nonEmptyString(value, at: keyPath)
        case .insecure:
            layer.insecure = flag(value, at: keyPath)
        case .fallbackProfiles:
            layer.fallbackProfiles = profileNames(value, at: keyPath)
        case .vision:
            layer.vision = flag(value, at: keyPath)
        case .mouse:
            layer.mouse = flag(value, at: keyPath)
        }
    }

    /// `fallback_profiles`: an array of profile names, checked once every profile is read.
    private mutating func profileNames(_ value: any TOMLValueConvertible, at keyPath: [String]) -> [String]? {
        guard value.type == .array, let array = value.array else {
            mismatch(value, at: keyPath, expected: "an array of profile names, e.g. [\"laptop\"]")
            return nil
        }
        return array.enumerated().compactMap { index, element in nonEmptyString(element, at: keyPath + ["\(index)"]) }
    }

    /// Every profile `fallback_profiles` names exists, and following them never comes back to
    /// where it started: a turn fails over along them without looping.
    private mutating func checkFallbacks(_ profiles: [String: SettingsLayer], names: [String]) {
        let key = SettingKey.fallbackProfiles.rawValue
        for name in names {
            for fallback in profiles[name]?.fallbackProfiles ?? [] where profiles[fallback] == nil {
                problem(at: ["profiles", name, key], Self.unknownProfileMessage(fallback, known: names))
            }
        }
        for name in names {
            if let cycle = Self.fallbackCycle(from: name, in: profiles) {
                problem(
                    at: ["profiles", name, key],
                    "a cycle of fallbacks: " + cycle.joined(separator: " → ")
                        + " (a profile cannot fall back to itself)")
            }
        }
    }

    /// The path from `start` back to itself along `fallback_profiles`, if there is one.
    static func fallbackCycle(from start: String, in profiles: [String: SettingsLayer]) -> [String]? {
        var visited: Set<String> = []
        func walk(_ path: [String]) -> [String]? {
            for next in profiles[path[path.count - 1]]?.fallbackProfiles ?? [] {
                if next == start { return path + [next] }
                guard profiles[next] != nil, visited.insert(next).inserted else { continue }
                if let found = walk(path + [next]) { return found }
            }
            return nil
        }
        return walk([start])
    }

    /// One table names one source of the key: `api_key_env` or `api_key_cmd`.
    private mutating func checkKeySources(_ layer: SettingsLayer, at keyPath: [String]) {
        guard layer.apiKeyEnv != nil, layer.apiKeyCmd != nil else { return }
        problem(
            at: keyPath + [SettingKey.apiKeyCmd.rawValue],
            "api_key_env names a variable for the key here too: keep one of them (a profile's choice beats the top level's)"
        )
    }

    private mutating func headers(_ value: any TOMLValueConvertible, at keyPath: [String]) -> [String: String]? {
        guard let table = table(value, at: keyPath, expected: "a table of header names and values") else { return nil }
        var headers: [String: String] = [:]
        for (name, entry) in table {
            let entryPath = keyPath + [name]
            guard let text = string(entry, at: entryPath) else { continue }
            if let reason = Self.reservedHeader(name) {
                problem(at: entryPath, "this header cannot be set here: \(reason)")
            } else if !Self.isHeaderName(name) {
                problem(at: entryPath, "not a valid HTTP header name")
            } else if text.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                problem(at: entryPath, "a header's value cannot contain line breaks")
            } else {
                headers[name] = text
            }
        }
        return headers
    }

    /// `headers_env`: header names and the environment variables their values are read from.
    /// `Authorization` is allowed here (a value such as `Basic …` from the environment replaces
    /// `Bearer <key>`); chatterm's other own headers are not.
    private mutating func headersFromEnvironment(_ value: any TOMLValueConvertible, at keyPath: [String])
        -> [String: String]?
    {
        guard
            let table = table(
                value, at: keyPath,
                expected: "a table of header names and environment variables, e.g. { \"api-key\" = \"AZURE_KEY\" }")
        else { return nil }
        var variables: [String: String] = [:]
        for (name, entry) in table {
            let entryPath = keyPath + [name]
            guard let variable = string(entry, at: entryPath) else { continue }
            if ChatRequest.Header(named: name)?.endpointMayReplace != true, let reason = Self.reservedHeader(name) {
                problem(at: entryPath, "this header cannot be set here: \(reason)")
            } else if !Self.isHeaderName(name) {
                problem(at: entryPath, "not a valid HTTP header name")
            } else if !Self.isVariableName(variable) {
                problem(
                    at: entryPath,
                    "must be the name of an environment variable, such as AZURE_KEY (the value itself never goes in this file)"
                )
            } else {
                variables[name] = variable
            }
        }
        return variables
    }

    /// `secret_headers`: an array of header names.
    private mutating func headerNames(_ value: any TOMLValueConvertible, at keyPath: [String]) -> [String]? {
        guard value.type == .array, let array = value.array else {
            mismatch(value, at: keyPath, expected: "an array of header names, e.g. [\"X-Session\"]")
            return nil
        }
        var names: [String] = []
        for (index, element) in array.enumerated() {
            guard let name = string(element, at: keyPath + ["\(index)"]) else { continue }
            guard Self.isHeaderName(name) else {
                problem(at: keyPath, "not a valid HTTP header name: \"\(name)\"")
                continue
            }
            names.append(name)
        }
        return names
    }

    private mutating func extraBody(_ value: any TOMLValueConvertible, at keyPath: [String]) -> [String: JSONValue]? {
        guard let table = table(value, at: keyPath, expected: "a table of JSON fields, e.g. { top_p = 0.8 }") else {
            return nil
        }
        var fields: [String: JSONValue] = [:]
        for (name, entry) in table {
            if let reason = Self.reservedBodyField(name) {
                problem(at: keyPath + [name], "chatterm sends this field itself: \(reason)")
            } else if let json = json(entry, at: keyPath + [name]) {
                fields[name] = json
            }
        }
        return fields
    }

    private mutating func json(_ value: any TOMLValueConvertible, at keyPath: [String]) -> JSONValue? {
        switch value.type {
        case .string: return value.string.map(JSONValue.string)
        case .int: return value.int.map { .int(Int64($0)) }
        case .bool: return value.bool.map(JSONValue.bool)
        case .double:
            guard let number = value.double, number.isFinite else {
                problem(at: keyPath, "JSON has no infinity or NaN")
                return nil
            }
            return .double(number)
        case .array:
            guard let array = value.array else { return nil }
            var elements: [JSONValue] = []
            for (index, element) in array.enumerated() {
                guard let json = json(element, at: keyPath + ["\(index)"]) else { return nil }
                elements.append(json)
            }
            return .array(elements)
        case .table:
            guard let table = value.table else { return nil }
            var fields: [String: JSONValue] = [:]
            for (name, entry) in table {
                guard let json = json(entry, at: keyPath + [name]) else { return nil }
                fields[name] = json
            }
            return .object(fields)
        case .date, .time, .dateTime:
            problem(at: keyPath, "JSON has no dates: write it as a string")
            return nil
        }
    }

    // MARK: Values

    private mutating func string(_ value: any TOMLValueConvertible, at keyPath: [String]) -> String? {
        guard value.type == .string, let text = value.string else {
            mismatch(value, at: keyPath, expected: "a string")
            return nil
        }
        return text
    }

    /// One of an enumeration's cases by its name, else a problem that lists them and suggests the
    /// nearest: `must be auto, always or never, not "alway"; did you mean always?`.
    private mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ value: any TOMLValueConvertible, at keyPath: [String]
    ) -> Choice? where Choice.RawValue == String {
        guard let text = string(value, at: keyPath) else { return nil }
        if let chosen = Choice(rawValue: text) { return chosen }
        let names = Choice.allCases.map(\.rawValue)
        let list = names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
        let suggestion = Self.suggestion(for: text, among: names)
        problem(
            at: keyPath,
            "must be \(list), not \"\(ConfigLimits.excerpt(text))\""
                + (suggestion.map { "; did you mean \($0)?" } ?? ""))
        return nil
    }

    private mutating func flag(_ value: any TOMLValueConvertible, at keyPath: [String]) -> Bool? {
        guard value.type == .bool, let flag = value.bool else {
            mismatch(value, at: keyPath, expected: "true or false")
            return nil
        }
        return flag
    }

    private mutating func nonEmptyString(_ value: any TOMLValueConvertible, at keyPath: [String]) -> String? {
        guard let text = string(value, at: keyPath) else { return nil }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            problem(at: keyPath, "cannot be empty (leave the key out instead)")
            return nil
        }
        return text
    }

    private mutating func table(_ value: any TOMLValueConvertible, at keyPath: [String], expected: String)
        -> TOMLTable?
    {
        guard value.type == .table, let table = value.table else {
            mismatch(value, at: keyPath, expected: expected)
            return nil
        }
        return table
    }

    private mutating func number(_ value: any TOMLValueConvertible, at keyPath: [String], for setting: SettingKey)
        -> Double?
    {
        guard let number = value.double ?? value.int.map(Double.init) else {
            mismatch(value, at: keyPath, expected: "a number")
            return nil
        }
        return allowed(number, shown: Self.format(number), at: keyPath, for: setting) ? number : nil
    }

    private mutating func integer(_ value: any TOMLValueConvertible, at keyPath: [String], for setting: SettingKey)
        -> Int?
    {
        guard value.type == .int, let number = value.int else {
            mismatch(value, at: keyPath, expected: "a whole number")
            return nil
        }
        return allowed(Double(number), shown: String(number), at: keyPath, for: setting) ? number : nil
    }

    private mutating func seconds(_ value: any TOMLValueConvertible, at keyPath: [String], for setting: SettingKey)
        -> Double?
    {
        guard let number = value.double ?? value.int.map(Double.init) else {
            mismatch(value, at: keyPath, expected: "a number of seconds")
            return nil
        }
        return allowed(number, shown: Self.format(number), at: keyPath, for: setting) ? number : nil
    }

    /// Whether `setting` may be `number` (written `shown`), recording the problem when it may not.
    private mutating func allowed(_ number: Double, shown: String, at keyPath: [String], for setting: SettingKey)
        -> Bool
    {
        guard let refusal = setting.refusal(of: number) else { return true }
        problem(at: keyPath, "\(refusal), not \(shown)")
        return false
    }

    private static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    private mutating func mismatch(_ value: any TOMLValueConvertible, at keyPath: [String], expected: String) {
        problem(at: keyPath, "expected \(expected), found \(Self.describe(value.type))")
    }

    private static func describe(_ type: TOMLType) -> String {
        switch type {
        case .string: return "a string"
        case .int: return "a whole number"
        case .double: return "a number with a fraction"
        case .bool: return "true or false"
        case .table: return "a table"
        case .array: return "an array"
        case .date, .time, .dateTime: return "a date or time"
        }
    }

    private mutating func problem(at keyPath: [String], _ message: String) {
        problems.append(
            ConfigError.Problem(
                file: path, line: keyLines.line(of: keyPath), key: keyPath.joined(separator: "."), message: message))
    }

    // MARK: Names

    /// A portable environment variable's name: letters, digits and `_`, not starting with a digit.
    static func isVariableName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, !("0"..."9").contains(first) else { return false }
        return scalars.allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }

    /// An HTTP token (RFC 9110): letters, digits and ``!#$%&'*+-.^_`|~``.
    static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy {
                ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0)
                    || "!#$%&'*+-.^_`|~".unicodeScalars.contains($0)
            }
    }
}
