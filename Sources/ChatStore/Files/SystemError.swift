#if canImport(Glibc)
    import Glibc
#endif

/// An `errno` value as an error, and the system's own words for it ("No space left on device").
struct SystemError: Error, Equatable {
    var code: Int32

    init(_ code: Int32) {
        self.code = code
    }

    var text: String { Self.text(code) }

    static func text(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
