/// What the command line says: the settings its flags give, the profile it asks for,
/// `--no-color` and `--no-clipboard`.
public struct FlagSettings: Sendable, Hashable {
    public var layer: SettingsLayer
    public var profile: String?
    /// What chose `profile`, for messages: `--profile`, or `/profile` in the chat.
    public var profileFlag: String
    public var noColor: Bool
    public var noClipboard: Bool

    public init(
        _ layer: SettingsLayer = SettingsLayer(), profile: String? = nil, profileFlag: String = "--profile",
        noColor: Bool = false, noClipboard: Bool = false
    ) {
        self.layer = layer
        self.profile = profile
        self.profileFlag = profileFlag
        self.noColor = noColor
        self.noClipboard = noClipboard
    }
}
