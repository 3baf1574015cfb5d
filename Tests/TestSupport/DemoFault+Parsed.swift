import DemoServer
import XCTest

extension DemoFault {
    /// The fault `text` stands for, as `--fault` reads it; a text that does not parse fails the
    /// test.
    public static func parsed(_ text: String) -> DemoFault {
        do {
            return try DemoFault(parsing: text)
        } catch {
            XCTFail("\(error)")
            return .none
        }
    }
}
