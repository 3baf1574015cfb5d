import XCTest

@testable import ChatCore

/// Which model the chat and `ask` ask for: the flag, then a resumed conversation's model (on the
/// same server), then the profile's, then the server's first, else a failure in one wording.
final class ModelChoiceTests: XCTestCase {
    private let here = "http://127.0.0.1:8000/v1"
    private let elsewhere = "http://10.0.0.5:8000/v1"

    private func resolve(_ choice: ModelChoice, listing: [String] = ["listed-1", "listed-2"]) async throws(ModelChoice
        .Failure) -> String
    {
        try await choice.resolve { listing }
    }

    /// A listing that fails the test if it is asked.
    private let notAsked: @Sendable () async throws -> [String] = {
        XCTFail("the server was asked")
        return []
    }

    func testTheFlagBeatsTheConversationTheProfileAndTheServer() async throws {
        let choice = ModelChoice(
            flag: "flag-model", resumed: EndpointInfo(baseURL: here, model: "kept-model"),
            configured: "profile-model", baseURL: here)
        XCTAssertEqual(choice.named, "flag-model")
        let model = try await choice.resolve(listing: notAsked)
        XCTAssertEqual(model, "flag-model")
    }

    func testAConversationResumedOnTheSameServerKeepsItsModelOverTheProfiles() async throws {
        let choice = ModelChoice(
            resumed: EndpointInfo(baseURL: here, model: "kept-model"), configured: "profile-model", baseURL: here)
        XCTAssertEqual(choice.named, "kept-model")
        let model = try await choice.resolve(listing: notAsked)
        XCTAssertEqual(model, "kept-model")
    }

    func testAConversationHeldWithAnotherServerDoesNotChoose() async throws {
        let away = EndpointInfo(baseURL: elsewhere, model: "kept-model")
        XCTAssertEqual(ModelChoice(resumed: away, configured: "profile-model", baseURL: here).named, "profile-model")
        let model = try await resolve(ModelChoice(resumed: away, baseURL: here))
        XCTAssertEqual(model, "listed-1")
    }

    func testTheProfilesModelBeatsTheServersList() async throws {
        let choice = ModelChoice(configured: "profile-model", baseURL: here)
        XCTAssertEqual(choice.named, "profile-model")
        let model = try await choice.resolve(listing: notAsked)
        XCTAssertEqual(model, "profile-model")
    }

    func testWithNothingNamedTheServersFirstListedModelIsAsked() async throws {
        let choice = ModelChoice(baseURL: here)
        XCTAssertNil(choice.named, "only the server can say")
        let model = try await resolve(choice, listing: ["", "listed-1"])
        XCTAssertEqual(model, "listed-1", "an empty id names nothing")
    }

    func testEmptyNamesFallThroughToTheNextSource() async throws {
        let choice = ModelChoice(
            flag: "", resumed: EndpointInfo(baseURL: here, model: ""), configured: "", baseURL: here)
        XCTAssertNil(choice.named)
        let model = try await resolve(choice)
        XCTAssertEqual(model, "listed-1")
    }

    func testTheDemoServersModelIsKnownWithoutAsking() async throws {
        let choice = ModelChoice(baseURL: here, listed: ["demo-model"])
        XCTAssertEqual(choice.named, "demo-model")
        let model = try await choice.resolve(listing: notAsked)
        XCTAssertEqual(model, "demo-model")
        XCTAssertEqual(
            ModelChoice(configured: "profile-model", baseURL: here, listed: ["demo-model"]).named, "profile-model")
    }

    func testAServerThatListsNoModelIsAFailureThatSaysWhatToDo() async {
        do {
            _ = try await resolve(ModelChoice(baseURL: here), listing: [])
            XCTFail("a model out of nothing")
        } catch {
            XCTAssertEqual(error, .noneListed)
            XCTAssertEqual(error.description, "no model to ask for: the server lists none; pass --model NAME")
            XCTAssertEqual(error.error.category, .malformed)
        }
    }

    func testAListingThatFailsKeepsTheServersErrorAndItsCategory() async {
        let refused = ChatError.connection("connection refused")
        do {
            _ = try await ModelChoice(baseURL: here).resolve { throw refused }
            XCTFail("a model out of a failed listing")
        } catch {
            XCTAssertEqual(error, .cannotList(refused))
            XCTAssertEqual(
                error.description,
                "no model to ask for: cannot list the server's models (\(refused)); pass --model NAME")
            XCTAssertEqual(error.error, refused)
        }
    }
}
