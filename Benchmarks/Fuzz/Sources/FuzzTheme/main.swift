import ChatTUI
import Foundation
import FuzzDriver

/// Input: the bytes of a theme file. Any outcome but a crash is fine: a theme or a ThemeError.
func fuzzTheme(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Data(bytes: data, count: size)
    _ = try? ThemeFile.decode(bytes, name: "fuzz", file: "fuzz.json")
    return 0
}

runFuzzer(fuzzTheme)
