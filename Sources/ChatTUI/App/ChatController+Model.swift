import Foundation

/// Finding the model when none is named: the server is asked, and a prompt sent meanwhile waits
/// for the answer.
extension ChatController {
    /// Whether the model is being asked of the server.
    enum ModelSearch: Equatable {
        case idle
        /// `id` tells this search's answer from that of a search for an endpoint switched away from
        /// since, which is dropped; `waitingPrompt` goes once the model is known.
        case underway(id: UUID, waitingPrompt: String?)
    }

    /// Whether the model name is still being asked of the server; a prompt sent meanwhile waits.
    public var modelPending: Bool {
        if case .underway = modelSearch { true } else { false }
    }

    /// Finds the model to use (the first the server lists) and then sends a prompt that waited
    /// for it. When there is none, the status bar says why in `find`'s words and nothing is sent
    /// until `/model NAME`.
    public func resolveModel(with find: @escaping @Sendable () async throws -> String) {
        let id = UUID()
        if case .underway(_, let prompt) = modelSearch {
            modelSearch = .underway(id: id, waitingPrompt: prompt)
        } else {
            modelSearch = .underway(id: id, waitingPrompt: nil)
        }
        host?.requestFrame()
        Task { @MainActor [weak self] in
            let found: Result<String, any Error>
            do {
                found = .success(try await find())
            } catch {
                found = .failure(error)
            }
            guard let self, case .underway(id, _) = self.modelSearch else { return }
            switch found {
            case .success(let model):
                self.modelResolved(model, notice: nil)
            case .failure(let error):
                self.modelResolved("", notice: String(describing: error))
            }
        }
    }

    /// Called when the model name is known (or, empty, could not be found): ends a search under
    /// way, updates the status bar and sends a prompt that was waiting for it; without a model the
    /// prompt goes back to an empty editor instead.
    public func modelResolved(_ model: String, notice: String?) {
        session.model = model
        let waiting: String?
        if case .underway(_, let prompt) = modelSearch { waiting = prompt } else { waiting = nil }
        modelSearch = .idle
        if let notice { self.notice = notice }
        if let prompt = waiting {
            if !model.isEmpty {
                send(prompt)
            } else if screen.input.text.isEmpty {
                screen.input.setText(prompt)
            }
        }
        session.warmUpAhead()
        session.learnContextWindow()
        host?.requestFrame()
    }
}
