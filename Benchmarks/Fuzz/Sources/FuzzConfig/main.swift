import ChatConfig
import Foundation
import FuzzDriver

/// Input: the text of a config file (invalid UTF-8 becomes U+FFFD, as `ConfigFile.load` would
/// refuse it). Any outcome but a crash is fine: a ConfigFile or a ConfigError.
func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? ConfigFile.parse(text, path: "fuzz.toml")
    return 0
}

runFuzzer(fuzzConfig)
