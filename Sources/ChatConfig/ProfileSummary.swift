/// One profile as `chatterm profiles` lists it: where it points, which model it asks for, and
/// whether the variable its key is read from is set (never the key).
public struct ProfileSummary: Sendable, Hashable {
    public var name: String
    /// Nil: the profile sets no endpoint, so it runs in demo mode.
    public var baseURL: String?
    /// Nil: the first model the server lists.
    public var model: String?
    /// The key's variable (empty: no key is sent), and whether the profile (or the file's top
    /// level) names it.
    public var keyVariable: String
    public var namesKeyVariable: Bool
    public var keySet: Bool
    /// The command that prints the key (`api_key_cmd`), when the key comes from one: it is not
    /// run to list the profiles.
    public var keyCommand: String?
    /// The file's `default_profile`.
    public var isDefault: Bool

    /// What the profile needs that is missing: the variable its key should be read from.
    public var problem: String? {
        namesKeyVariable && !keyVariable.isEmpty && !keySet
            ? "\(keyVariable) is not set: export \(keyVariable)=… (the API key)" : nil
    }

    /// The file's profiles in its order, each with the file's top level beneath it.
    public static func all(in file: ConfigFile, environment: [String: String]) -> [ProfileSummary] {
        file.profileNames.compactMap { name in
            guard let profile = file.profiles[name] else { return nil }
            // A command gives the key when the table that names a source names it.
            let command = profile.apiKeyEnv == nil ? profile.apiKeyCmd ?? file.defaults.apiKeyCmd : nil
            let variable = command == nil ? profile.apiKeyEnv ?? file.defaults.apiKeyEnv : ""
            let keyVariable = variable ?? Settings.defaultKeyVariable
            return ProfileSummary(
                name: name, baseURL: profile.baseURL ?? file.defaults.baseURL,
                model: profile.model ?? file.defaults.model,
                keyVariable: keyVariable, namesKeyVariable: variable != nil,
                keySet: !keyVariable.isEmpty && !(environment[keyVariable] ?? "").isEmpty, keyCommand: command,
                isDefault: file.defaultProfile == name)
        }
    }
}
