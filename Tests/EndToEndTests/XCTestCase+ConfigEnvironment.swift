import TestSupport
import XCTest

extension XCTestCase {
    /// A clean environment (`Binary.cleanEnvironment`) with `extra`, whose XDG_CONFIG_HOME is a
    /// fresh folder holding `config` as chatterm/config.toml (when given), removed when the test
    /// ends.
    func environment(config: String?, _ extra: [String: String] = [:]) throws -> [String: String] {
        let folder = try Binary.temporaryConfigDirectory(for: self, config: config)
        return Binary.cleanEnvironment(["XDG_CONFIG_HOME": folder].merging(extra) { $1 })
    }
}
