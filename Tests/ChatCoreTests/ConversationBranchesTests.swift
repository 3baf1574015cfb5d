import ChatCore
import XCTest

/// The conversation as a tree: branching keeps what it leaves, alternatives are numbered in the
/// order made, and switching shows the newest messages below the one chosen.
final class ConversationBranchesTests: XCTestCase {
    private func conversation(_ texts: String...) -> Conversation {
        Conversation(
            messages: texts.enumerated().map { index, text in
                Message(role: index.isMultiple(of: 2) ? .user : .assistant, content: text)
            })
    }

    func testAConversationThatNeverBranchedHasNoIdsAndNoAlternatives() {
        let plain = conversation("q1", "a1", "q2", "a2")
        XCTAssertFalse(plain.isBranched)
        XCTAssertTrue(plain.messages.allSatisfy { $0.id == nil })
        XCTAssertNil(plain.alternatives(at: 3))
        XCTAssertTrue(plain.alternativesInView().isEmpty)
    }

    func testBranchingAReplyKeepsTheOldOneAsTheFirstAlternative() {
        var tree = conversation("q1", "a1", "q2", "a2")
        tree.branch(at: 3, with: Message(role: .assistant, content: "a2'"))
        XCTAssertEqual(tree.messages.map(\.content), ["q1", "a1", "q2", "a2'"])
        XCTAssertEqual(tree.messages.map(\.id), [1, 2, 3, 5])
        XCTAssertEqual(tree.otherBranches.map(\.content), ["a2"])
        XCTAssertEqual(tree.otherBranches.first?.parent, 3)
        XCTAssertEqual(tree.alternatives(at: 3), .init(position: 2, count: 2))
        XCTAssertEqual(tree.alternatives(at: 3)?.label, "‹ 2/2 ›")
        XCTAssertNil(tree.alternatives(at: 2))
        XCTAssertEqual(Array(tree.alternativesInView().keys), [3])
    }

    func testEditingAPromptKeepsItAndEverythingAfterIt() {
        var tree = conversation("q1", "a1", "q2", "a2")
        tree.branch(at: 2, with: Message(role: .user, content: "q2'"))
        XCTAssertEqual(tree.messages.map(\.content), ["q1", "a1", "q2'"])
        XCTAssertEqual(Set(tree.otherBranches.map(\.content)), ["q2", "a2"])
        XCTAssertEqual(tree.otherBranches.first { $0.content == "a2" }?.parent, 3)
        XCTAssertEqual(tree.alternatives(at: 2), .init(position: 2, count: 2))
        XCTAssertEqual(tree.messages.count + tree.otherBranches.count, 5)
    }

    func testEditingTheFirstPromptBranchesFromTheStart() {
        var tree = conversation("q1", "a1")
        tree.branch(at: 0, with: Message(role: .user, content: "q1'"))
        XCTAssertEqual(tree.messages.map(\.content), ["q1'"])
        XCTAssertEqual(tree.alternatives(at: 0), .init(position: 2, count: 2))
        XCTAssertEqual(tree.otherBranches.filter { $0.parent == nil }.map(\.content), ["q1"])
    }

    func testSwitchingBackShowsTheOldBranchWithEverythingAfterIt() {
        var tree = conversation("q1", "a1", "q2", "a2")
        tree.branch(at: 2, with: Message(role: .user, content: "q2'"))
        tree.messages.append(Message(role: .assistant, content: "a2 for q2'"))
        XCTAssertTrue(tree.showAlternative(at: 2, step: -1))
        XCTAssertEqual(tree.messages.map(\.content), ["q1", "a1", "q2", "a2"])
        XCTAssertEqual(tree.alternatives(at: 2), .init(position: 1, count: 2))
        XCTAssertEqual(tree.numbered().otherBranches.count, 2, "the new branch is kept in its turn")
        XCTAssertTrue(tree.showAlternative(at: 2, step: 1))
        XCTAssertEqual(tree.messages.map(\.content), ["q1", "a1", "q2'", "a2 for q2'"])
    }

    func testSwitchingPastTheEndsDoesNothing() {
        var tree = conversation("q1", "a1")
        tree.branch(at: 1, with: Message(role: .assistant, content: "a1'"))
        let before = tree
        XCTAssertFalse(tree.showAlternative(at: 1, step: 1))
        XCTAssertFalse(tree.showAlternative(at: 0, step: 1), "a message without alternatives")
        XCTAssertFalse(tree.showAlternative(at: 1, number: 3))
        XCTAssertEqual(tree, before)
    }

    func testThreeRepliesAreNumberedInTheOrderMadeAndBelowASwitchTheNewestShows() {
        var tree = conversation("q1", "a1")
        tree.branch(at: 1, with: Message(role: .assistant, content: "a1'"))
        tree.branch(at: 1, with: Message(role: .assistant, content: "a1''"))
        XCTAssertEqual(tree.alternatives(at: 1), .init(position: 3, count: 3))
        XCTAssertTrue(tree.showAlternative(at: 1, number: 1))
        XCTAssertEqual(tree.messages.last?.content, "a1")
        XCTAssertEqual(tree.alternatives(at: 1)?.label, "‹ 1/3 ›")
        // Below an earlier prompt, the newest of its replies shows.
        tree.messages.append(Message(role: .user, content: "q2"))
        tree.branch(at: 0, with: Message(role: .user, content: "q1'"))
        XCTAssertTrue(tree.showAlternative(at: 0, step: -1))
        XCTAssertEqual(tree.messages.map(\.content), ["q1", "a1''"])
    }

    func testTheAlternativesInViewAreThoseOfEachMessageAskedAlone() {
        var tree = conversation("q1", "a1", "q2", "a2")
        XCTAssertEqual(tree.alternativesInView(), [:])
        tree.branch(at: 3, with: Message(role: .assistant, content: "a2'"))
        tree.branch(at: 3, with: Message(role: .assistant, content: "a2''"))
        tree.branch(at: 0, with: Message(role: .user, content: "q1'"))
        tree.messages.append(Message(role: .assistant, content: "a1 for q1'"))
        XCTAssertTrue(tree.showAlternative(at: 0, step: -1))
        XCTAssertTrue(tree.showAlternative(at: 3, number: 2))
        let expected = Dictionary(
            uniqueKeysWithValues: tree.messages.indices.compactMap { index in
                tree.alternatives(at: index).map { (index, $0) }
            })
        XCTAssertEqual(tree.alternativesInView(), expected)
        XCTAssertEqual(expected.keys.sorted(), [0, 3])
        XCTAssertEqual(expected[3], .init(position: 2, count: 3))
    }

    func testMessagesAddedAfterABranchAreNumberedTheSameWayEachTime() {
        var tree = conversation("q1", "a1")
        tree.branch(at: 1, with: Message(role: .assistant, content: "a1'"))
        tree.messages.append(Message(role: .user, content: "q2"))
        XCTAssertEqual(tree.numbered().messages.last?.id, 4)
        XCTAssertEqual(tree.numbered(), tree.numbered())
        tree.numberMessages()
        XCTAssertEqual(tree.nextMessageID, 5)
    }
}
