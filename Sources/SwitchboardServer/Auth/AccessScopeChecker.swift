import SwitchboardDomain
import SwitchboardStore

/// Looks up the object a request names for `AccessRule.Scope` checks: the campaign itself, or a recording's
/// (interaction's) campaign. Out of scope and missing answer the same 404, so guessed ids tell nothing.
struct AccessScopeChecker: Sendable {
    let store: StoreDatabase

    /// Passes when `user` may see campaign `id`.
    func requireCampaign(_ id: CampaignID, visibleTo user: UserRecord) async throws(APIError) {
        guard let campaign = try await storing({ () throws(StoreError) in try await store.campaign(id) }),
              CampaignRoutes.visible(campaign, to: user) else { throw .notFound("Campaign \(id)") }
    }

    /// Passes when the interaction `id`'s campaign is in `user`'s scope (administrators: every one; agents: never — an
    /// agent reaches its interactions through the live inbox, not the recordings).
    func requireInteraction(_ id: InteractionID, visibleTo user: UserRecord) async throws(APIError) {
        guard let interaction = try await storing({ () throws(StoreError) in try await store.interaction(id) }) else {
            throw .notFound("Recording \(id)")
        }
        switch user.role {
        case .admin: return
        case .supervisor: if user.supervisorScopes.contains(interaction.campaignID) { return }
        case .agent, .kiosk: break
        }
        throw .notFound("Recording \(id)")
    }
}
