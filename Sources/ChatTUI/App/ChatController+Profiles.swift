import ChatCore

/// `/profile`: switching the endpoint, model and request settings to another profile of the
/// configuration file, from the next reply on.
extension ChatController {
    /// `/profile NAME` switches; `/profile` alone lists the profiles.
    func switchProfile(_ name: String?) {
        guard let profiles else {
            notice = "no profiles: `chatterm config --init` writes a configuration file to define some"
            return
        }
        guard let name else {
            listProfiles(profiles)
            return
        }
        if session.isBusy {
            notice = ChatSession.Refusal.busy.description
            return
        }
        notice = "switching to profile \(name)…"
        Task { @MainActor [weak self] in
            do {
                let endpoint = try await profiles.connect(name)
                self?.use(endpoint)
            } catch {
                self?.show(notice: String(describing: error))
            }
        }
    }

    private func listProfiles(_ profiles: ProfileSwitcher) {
        do {
            let names = try profiles.names()
            if names.isEmpty {
                notice = "the configuration file defines no profiles"
                return
            }
            notice =
                "profiles: " + names.map { $0 == profile ? "\($0) (in use)" : $0 }.joined(separator: ", ")
                + " · /profile NAME switches"
        } catch {
            notice = String(describing: error)
        }
    }

    /// Follows a turn that failed over to another profile: says so in the status bar, and shows
    /// the profile, server and models it stays on (`/profile NAME` switches back).
    func followFailover() {
        if let failover = session.failoverNotice, failover != shownFailoverNotice {
            shownFailoverNotice = failover
            notice = failover
        }
        guard let target = session.failedOver, target.endpoint.profile != profile else { return }
        profile = target.endpoint.profile
        endpointLabel = target.endpoint.label ?? endpointLabel
        modelLister = target.listModels
        knownModels = nil
    }

    /// The profile names `/profile` completes with Tab.
    func profileNames() -> [String] {
        (try? profiles?.names()) ?? []
    }

    /// Talks to `endpoint` from the next reply on: its runner, model and request settings; its
    /// system prompt when the conversation has not started; its theme when it names one.
    public func use(_ endpoint: ChatEndpoint) {
        session.use(endpoint.session)
        session.learnContextWindow()
        profile = endpoint.profile
        endpointLabel = endpoint.label
        modelLister = endpoint.listModels
        knownModels = nil
        vision = endpoint.vision
        var notes = [endpoint.profile.map { "switched to profile \($0)" } ?? "switched: no profile"]
        if let reference = endpoint.theme, reference != theme.name {
            do {
                applyTheme(try themes.load(reference))
            } catch {
                notes.append(error.description)
            }
        }
        notes += endpoint.warnings
        if let model = endpoint.model {
            modelResolved(model, notice: nil)
        } else {
            resolveModel(with: endpoint.findModel)
        }
        show(notice: notes.joined(separator: " · "))
    }
}
