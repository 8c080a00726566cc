import SwitchboardDomain
import SwitchboardProviders
import SwitchboardStore

extension LiveService {
    /// A provider's delivery status for a message an agent sent: recorded (a state only moves forward; a status that
    /// overtakes the send's answer is kept until it comes), then shown live to the agent and to spying supervisors.
    /// - Returns: false when no message moved now (one never sent, one already past that state, or one kept for later).
    @discardableResult
    func deliveryStatus(provider: ProviderID, _ status: InboundDeliveryStatus, at now: Timestamp) async throws(StoreError) -> Bool {
        guard let update = try await store.recordDeliveryStatus(
            provider: provider, providerMessageID: status.providerMessageID, state: status.state, reason: status.reason,
            at: status.at ?? now) else { return false }
        await center.delivery(update)
        return true
    }
}
