import Foundation
import XCTest

@testable import chatterm

/// What `ask` prints when a broken stream's partial reply is replaced by the whole one: printed
/// text cannot be taken back, so only what the whole reply adds goes out.
final class ReplyPrinterTests: XCTestCase {
    private var pipe = Pipe()
    private var restarts = 0

    private func printer() -> ReplyPrinter {
        ReplyPrinter(sanitize: false, descriptor: pipe.fileHandleForWriting.fileDescriptor) { self.restarts += 1 }
    }

    private func printed() throws -> String {
        try pipe.fileHandleForWriting.close()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    func testAWholeReplyThatStartsWithThePrintedTextAddsOnlyTheRest() throws {
        let output = printer()
        output.write("Call get")
        output.replaceNext()
        output.write("Call get_weather()")
        output.write(" and print it.")
        output.finish()
        XCTAssertEqual(try printed(), "Call get_weather() and print it.\n")
        XCTAssertEqual(restarts, 0)
    }

    func testAWholeReplyArrivingInPiecesWithinThePrintedTextPrintsNothingYet() throws {
        let output = printer()
        output.write("One two three")
        output.replaceNext()
        output.write("One ")
        output.write("two three four")
        output.finish()
        XCTAssertEqual(try printed(), "One two three four\n")
    }

    func testADifferentWholeReplyGoesOutInFullOnANewLineAndSaysSo() throws {
        let output = printer()
        output.write("First draft")
        output.replaceNext()
        output.write("Second thoughts, in full.")
        output.finish()
        XCTAssertEqual(try printed(), "First draft\nSecond thoughts, in full.\n")
        XCTAssertEqual(restarts, 1)
    }
}
