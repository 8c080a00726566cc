import SwitchboardDomain
import SwitchboardProviders
import SwitchboardStore

extension LiveService {
    /// A provider's delivery status for a message an agent sent: recorded (a state only moves forward; a status that
    /// overtakes the send's answer is kept until it comes), then shown live to the agent and to spying supervisors.
    func deliveryStatus(provider: ProviderID, _ status: InboundDeliveryStatus, at now: Timestamp) async throws(StoreError) {
        guard let update = try await store.recordDeliveryStatus(
            provider: provider, providerMessageID: status.providerMessageID, state: status.state, reason: status.reason,
            at: status.at ?? now) else { return }
        await center.delivery(update)
    }
}
