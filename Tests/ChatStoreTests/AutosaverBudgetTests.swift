import ChatCore
import Foundation
import XCTest

@testable import ChatStore

/// Saving streamed text is held to a share of one core: a conversation whose save costs more
/// waits longer between streamed saves (never past ten seconds), so the autosave costs about the
/// same however long the conversation grows. Urgent changes are saved at once whatever it costs.
final class AutosaverBudgetTests: StoreTestCase {
    func testACheapSaveKeepsTheOneSecondPace() {
        XCTAssertEqual(Autosaver.streamingInterval(afterSaveCosting: .milliseconds(2)), .seconds(1))
        XCTAssertEqual(Autosaver.streamingInterval(afterSaveCosting: .zero), .seconds(1))
    }

    func testACostlySaveWaitsInProportionUpToTenSeconds() {
        XCTAssertEqual(Autosaver.streamingInterval(afterSaveCosting: .milliseconds(30)), .seconds(6))
        XCTAssertEqual(Autosaver.streamingInterval(afterSaveCosting: .milliseconds(500)), .seconds(10))
    }

    func testTheThreadsCPUTimeGrowsWithWork() {
        let before = Autosaver.threadCPUTime()
        var sum = 0
        for value in 0..<3_000_000 { sum &+= value &* value }
        XCTAssertGreaterThan(sum, 0)
        XCTAssertGreaterThan(Autosaver.threadCPUTime(), before)
    }

    @MainActor
    func testAfterASaveTheIntervalFollowsWhatItCost() async throws {
        let store = makeStore()
        var conversation = Conversation(id: "budget", title: "Long")
        conversation.messages = (0..<3_000).map {
            Message(role: .user, content: "message \($0) " + String(repeating: "x", count: 400))
        }
        let saved = expectation(description: "the save reports")
        let autosaver = Autosaver(store: store) { _ in saved.fulfill() }
        XCTAssertEqual(autosaver.currentInterval, .seconds(1))
        autosaver.conversationChanged(conversation, urgent: true)
        await fulfillment(of: [saved], timeout: 30)
        let cost = try XCTUnwrap(autosaver.lastSaveCost, "the save's cost is known")
        XCTAssertGreaterThan(cost, .zero)
        XCTAssertEqual(autosaver.currentInterval, Autosaver.streamingInterval(afterSaveCosting: cost))
        XCTAssertEqual(
            try store.load(id: "budget").conversation.messages.count, 3_000, "an urgent change is saved at once")
    }
}
