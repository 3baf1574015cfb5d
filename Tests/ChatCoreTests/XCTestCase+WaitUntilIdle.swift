import ChatCore
import XCTest

extension XCTestCase {
    /// Waits for the session's turn to end, failing after a deadline: the sessions' tests poll
    /// instead of sleeping.
    @MainActor
    func waitUntilIdle(_ session: ChatSession, file: StaticString = #filePath, line: UInt = #line) async {
        let deadline = ContinuousClock.now + .seconds(10)
        while session.isBusy {
            if ContinuousClock.now > deadline {
                XCTFail("the turn did not end", file: file, line: line)
                return
            }
            try? await Task.sleep(for: .milliseconds(1))
        }
    }
}
