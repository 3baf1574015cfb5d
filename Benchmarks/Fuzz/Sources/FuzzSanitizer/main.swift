import ChatTUI
import Foundation
import FuzzDriver

/// Input: one byte that chooses where to cut, then UTF-8 text (invalid sequences become U+FFFD).
/// Checks that `displayText` leaves no unsafe scalar but "\n", that `singleLineText` leaves none,
/// and that sanitising two pieces and joining them equals sanitising the whole unless the cut is
/// next to a joiner or a tag character (which the sanitiser judges by its neighbours).
func fuzzSanitizer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    let whole = Sanitizer.displayText(text)
    for scalar in whole.unicodeScalars where Sanitizer.isUnsafe(scalar) && scalar != "\n" {
        fatalError("displayText left U+\(String(scalar.value, radix: 16, uppercase: true))")
    }
    let line = Sanitizer.singleLineText(text)
    for scalar in line.unicodeScalars where Sanitizer.isUnsafe(scalar) {
        fatalError("singleLineText left U+\(String(scalar.value, radix: 16, uppercase: true))")
    }
    let scalars = text.unicodeScalars
    let count = scalars.count
    let cut = count == 0 ? 0 : Int(bytes[0]) % (count + 1)
    let middle = scalars.index(scalars.startIndex, offsetBy: cut)
    let head = String(scalars[..<middle])
    let tail = String(scalars[middle...])
    let nextToContext = [head.unicodeScalars.last, tail.unicodeScalars.first].contains { scalar in
        guard let scalar else { return false }
        return scalar.value == 0x200C || scalar.value == 0x200D || (0xE0000...0xE007F).contains(scalar.value)
    }
    if nextToContext { return 0 }
    let joined = Sanitizer.displayText(head) + Sanitizer.displayText(tail)
    if joined != whole {
        fatalError("displayText in two pieces (cut at scalar \(cut)) differs from the whole")
    }
    if Sanitizer.singleLineText(head) + Sanitizer.singleLineText(tail) != line {
        fatalError("singleLineText in two pieces (cut at scalar \(cut)) differs from the whole")
    }
    return 0
}

runFuzzer(fuzzSanitizer)
