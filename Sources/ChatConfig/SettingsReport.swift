import ChatCore
import Foundation

/// `chatterm config`: every effective setting, its value and where it came from, as rows for
/// a table or as JSON. The API key appears only as whether it is set and from which variable;
/// every value passes the settings' `Redactor`, so a secret header's value, a header read from
/// the environment and the base URL's user and password show as `•••`.
public struct SettingsReport: Sendable {
    /// One setting.
    public struct Row: Sendable, Hashable {
        /// The setting's key in the file (`base_url`), or `api key`.
        public var name: String
        /// Its name in `--json`: the same, with `_` for spaces.
        public var jsonName: String { name.replacingOccurrences(of: " ", with: "_") }
        /// The value as text, e.g. `120 s`, `(none)`.
        public var value: String
        /// Where it came from, e.g. `profile work`, `env OPENAI_BASE_URL (overrides profile work)`;
        /// empty for the key, whose value says it.
        public var source: String
        /// The value for `--json`.
        public var json: JSONValue
        /// The source for `--json`: `kind` and `name`.
        public var jsonSource: JSONValue
    }

    public let settings: Settings
    public let rows: [Row]

    public init(_ settings: Settings) {
        self.settings = settings
        var rows: [Row] = []
        let redact = settings.redactor
        func add<Value>(_ name: String, _ setting: Setting<Value>, _ text: String, _ json: JSONValue) {
            var source = setting.source.description
            if let overridden = setting.overrides, setting.source != .builtIn {
                source += " (overrides \(overridden))"
            }
            rows.append(
                Row(
                    name: name, value: redact(text), source: source, json: Self.redacted(json, by: redact),
                    jsonSource: Self.json(setting.source)))
        }
        func seconds(_ value: Double) -> String { Self.number(value) + " s" }
        add("profile", settings.profile, settings.profile.value ?? "(none)", Self.json(settings.profile.value))
        add(
            SettingKey.baseURL.rawValue, settings.baseURL, settings.baseURL.value ?? "(none: demo mode)",
            Self.json(settings.baseURL.value))
        add(
            SettingKey.model.rawValue, settings.model, settings.model.value ?? "(the first the server lists)",
            Self.json(settings.model.value))
        let keyVariable = settings.apiKeyEnv.value
        let keyCommand = settings.apiKeyCmd.value
        add(
            SettingKey.apiKeyEnv.rawValue, settings.apiKeyEnv,
            keyCommand != nil
                ? "(not used: the key comes from api_key_cmd)"
                : keyVariable.isEmpty ? "(none: no key is sent)" : keyVariable,
            .string(keyVariable))
        add(SettingKey.apiKeyCmd.rawValue, settings.apiKeyCmd, keyCommand ?? "(none)", Self.json(keyCommand))
        let keyState =
            settings.apiKey?.description
            ?? (keyCommand != nil ? "not set (api_key_cmd failed)" : keyVariable.isEmpty ? "not sent" : "not set")
        var keyJSON: [String: JSONValue] = ["set": .bool(settings.apiKey != nil)]
        if let keyCommand {
            keyJSON["command"] = .string(keyCommand)
        } else {
            keyJSON["variable"] = .string(keyVariable)
        }
        rows.append(
            Row(
                name: "api key", value: keyState, source: "", json: Self.redacted(.object(keyJSON), by: redact),
                jsonSource: keyCommand != nil
                    ? Self.json(settings.apiKeyCmd.source) : Self.json(.environment(settings.apiKeyEnv.value))))
        add(
            SettingKey.system.rawValue, settings.system, settings.system.value ?? "(none)",
            Self.json(settings.system.value))
        add(
            SettingKey.temperature.rawValue, settings.temperature,
            settings.temperature.value.map(Self.number) ?? "(the server's default)",
            settings.temperature.value.map(JSONValue.double) ?? .null)
        add(
            SettingKey.maxTokens.rawValue, settings.maxTokens,
            settings.maxTokens.value.map(String.init) ?? "(the server's default)",
            settings.maxTokens.value.map { .int(Int64($0)) } ?? .null)
        add(
            SettingKey.contextWindow.rawValue, settings.contextWindow,
            settings.contextWindow.value.map(String.init) ?? "(asked of the server)",
            settings.contextWindow.value.map { .int(Int64($0)) } ?? .null)
        let secretNames = settings.secretHeaderNames
        let headers = settings.headers.value.sorted { $0.key.lowercased() < $1.key.lowercased() }.map {
            (name: $0.key, value: Redactor.isSecretHeader($0.key, marked: secretNames) ? Redactor.mask : $0.value)
        }
        add(
            SettingKey.headers.rawValue, settings.headers,
            headers.isEmpty ? "(none)" : headers.map { "\($0.name): \($0.value)" }.joined(separator: ", "),
            .object(Dictionary(uniqueKeysWithValues: headers.map { ($0.name, JSONValue.string($0.value)) })))
        let fromEnvironment = settings.headersEnv.value.sorted { $0.key.lowercased() < $1.key.lowercased() }
        add(
            SettingKey.headersEnv.rawValue, settings.headersEnv,
            fromEnvironment.isEmpty
                ? "(none)"
                : fromEnvironment.map { header, variable in
                    "\(header) from \(variable) (\(settings.environmentHeaders[header] == nil ? "not set" : "set"))"
                }.joined(separator: ", "),
            .object(
                Dictionary(
                    uniqueKeysWithValues: fromEnvironment.map { header, variable in
                        let set = settings.environmentHeaders[header] != nil
                        return (header, JSONValue.object(["variable": .string(variable), "set": .bool(set)]))
                    })))
        add(
            SettingKey.secretHeaders.rawValue, settings.secretHeaders,
            settings.secretHeaders.value.isEmpty ? "(none)" : settings.secretHeaders.value.joined(separator: ", "),
            .array(settings.secretHeaders.value.map(JSONValue.string)))
        add(
            SettingKey.extraBody.rawValue, settings.extraBody,
            settings.extraBody.value.isEmpty ? "(none)" : Self.compactJSON(.object(settings.extraBody.value)),
            .object(settings.extraBody.value))
        add(SettingKey.stream.rawValue, settings.stream, String(settings.stream.value), .bool(settings.stream.value))
        add(
            SettingKey.warmup.rawValue, settings.warmup, settings.warmup.value.rawValue,
            .string(settings.warmup.value.rawValue))
        add(
            SettingKey.warmupAfterIdle.rawValue, settings.warmupAfterIdle, seconds(settings.warmupAfterIdle.value),
            .double(settings.warmupAfterIdle.value))
        add(
            SettingKey.retries.rawValue, settings.retries, String(settings.retries.value),
            .int(Int64(settings.retries.value)))
        add(
            SettingKey.fallback.rawValue, settings.fallback, settings.fallback.value.rawValue,
            .string(settings.fallback.value.rawValue))
        for (key, setting) in [
            (SettingKey.connectTimeout, settings.connectTimeout), (.firstTokenTimeout, settings.firstTokenTimeout),
            (.idleTimeout, settings.idleTimeout),
        ] {
            add(key.rawValue, setting, seconds(setting.value), .double(setting.value))
        }
        add(
            SettingKey.turnTimeout.rawValue, settings.turnTimeout,
            settings.turnTimeout.value.map(seconds) ?? "(no limit)",
            settings.turnTimeout.value.map(JSONValue.double) ?? .null)
        add(SettingKey.proxy.rawValue, settings.proxy, Self.proxyText(settings.proxy), Self.json(settings.proxy.value))
        add("no_proxy", settings.noProxy, settings.noProxy.value ?? "(none)", Self.json(settings.noProxy.value))
        add(
            SettingKey.caFile.rawValue, settings.caFile, settings.caFile.value ?? "(the system's)",
            Self.json(settings.caFile.value))
        add(
            SettingKey.insecure.rawValue, settings.insecure,
            settings.insecure.value ? "true: certificates are not checked" : "false", .bool(settings.insecure.value))
        add(
            SettingKey.clientCert.rawValue, settings.clientCert, settings.clientCert.value ?? "(none)",
            Self.json(settings.clientCert.value))
        add(
            SettingKey.clientKey.rawValue, settings.clientKey,
            settings.clientKey.value ?? (settings.clientCert.value == nil ? "(none)" : "(in client_cert's file)"),
            Self.json(settings.clientKey.value))
        add(
            SettingKey.vision.rawValue, settings.vision,
            settings.vision.value ? "true: attached images are sent" : "false",
            .bool(settings.vision.value))
        add(SettingKey.theme.rawValue, settings.theme, settings.theme.value, .string(settings.theme.value))
        add(
            SettingKey.fallbackProfiles.rawValue, settings.fallbackProfiles,
            settings.fallbackProfiles.value.isEmpty
                ? "(none)" : settings.fallbackProfiles.value.joined(separator: ", "),
            .array(settings.fallbackProfiles.value.map(JSONValue.string)))
        add(
            SettingKey.mouse.rawValue, settings.mouse,
            settings.mouse.value ? "true: the wheel scrolls; Shift-drag selects" : "false",
            .bool(settings.mouse.value))
        add("color", settings.color, settings.color.value ? "on" : "off", .bool(settings.color.value))
        add("clipboard", settings.clipboard, settings.clipboard.value ? "on" : "off", .bool(settings.clipboard.value))
        self.rows = rows
    }

    /// The proxy in effect, or why there is none.
    private static func proxyText(_ proxy: Setting<String?>) -> String {
        if let value = proxy.value { return value }
        if case .environment(let name) = proxy.source, ProxyEnvironment.noProxyVariables.contains(name) {
            return "(none: \(name) lists the server's host)"
        }
        return proxy.source == .builtIn ? "(none)" : "(none: direct)"
    }

    /// The rows as aligned lines: name, value, source. `sanitize` makes text safe to print and
    /// `width` measures it in terminal cells.
    public func lines(sanitize: (String) -> String = { $0 }, width: (String) -> Int = { $0.count }) -> [String] {
        let nameWidth = (rows.map(\.name.count).max() ?? 0) + 2
        let values = rows.map { sanitize($0.value) }
        let valueWidth = min(48, values.map(width).max() ?? 0) + 2
        var lines = ["config file".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + sanitize(configFileText)]
        for (row, value) in zip(rows, values) {
            var line = row.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + value
            if !row.source.isEmpty {
                line += String(repeating: " ", count: max(2, valueWidth - width(value))) + sanitize(row.source)
            }
            lines.append(line)
        }
        return lines
    }

    /// `value` with `redact` applied to every string in it.
    private static func redacted(_ value: JSONValue, by redact: Redactor) -> JSONValue {
        switch value {
        case .string(let text): return .string(redact(text))
        case .array(let elements): return .array(elements.map { redacted($0, by: redact) })
        case .object(let fields): return .object(fields.mapValues { redacted($0, by: redact) })
        case .null, .bool, .int, .unsigned, .double: return value
        }
    }

    private var configFileText: String {
        settings.configFile ?? "(none)"
    }

    /// One JSON object: `configFile`, each setting's `value` and `source`, and `warnings`.
    public func json() -> String {
        var fields: [String: JSONValue] = [:]
        for row in rows { fields[row.jsonName] = .object(["value": row.json, "source": row.jsonSource]) }
        let document: JSONValue = .object([
            "configFile": settings.configFile.map(JSONValue.string) ?? .null, "settings": .object(fields),
            "warnings": .array(settings.warnings.map(JSONValue.string)),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(document)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    private static func json(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }

    private static func json(_ source: SettingSource) -> JSONValue {
        switch source {
        case .flag(let name): return .object(["kind": .string("flag"), "name": .string(name)])
        case .environment(let name): return .object(["kind": .string("env"), "name": .string(name)])
        case .profile(let name): return .object(["kind": .string("profile"), "name": .string(name)])
        case .configFile: return .object(["kind": .string("config")])
        case .builtIn: return .object(["kind": .string("default")])
        }
    }

    private static func compactJSON(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
