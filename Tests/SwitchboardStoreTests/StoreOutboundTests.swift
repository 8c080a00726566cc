import Foundation
import SwitchboardDomain
import Testing
@testable import SwitchboardStore

/// The outbound queue and delivery states, on a real file.
@Suite struct StoreOutboundTests {
    /// An interaction with a customer message, and an agent's reply queued for the provider.
    private func queued(_ f: StoreTestFixture, _ db: StoreDatabase, text: String = "hello") async throws
        -> (ProviderID, OutboundMessage, CampaignID) {
        let (provider, campaign) = try await f.seed(db)
        guard case .recorded(_, let interaction, _) = try await db.recordInbound(f.inbound(campaign, provider, id: "wamid.in")) else {
            throw StoreError.notFound("inbound")
        }
        let message = NewMessage(interactionID: interaction, sender: .agent, agentID: AgentID(9), at: f.t0.adding(seconds: 5), body: text)
        return (provider, try await db.appendOutbound(message, lineIndex: 1), campaign)
    }

    @Test func agentMessageIsRecordedAndQueuedInOneCommit() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, out, _) = try await queued(f, db)
        #expect(out.from == "+59899000001")
        #expect(out.to == "+59891111111")
        #expect(out.provider == provider)
        #expect(out.idempotencyKey.hasPrefix("sb-\(out.id)-"))
        #expect(try await db.pendingOutbound(provider: provider) == [out])
        let transcript = try await db.transcript(out.interaction)
        #expect(transcript.last?.body == "hello")
        #expect(transcript.last?.delivery == "pending")
        await db.close()
    }

    @Test func acceptedLeavesTheQueueAndStatusesMoveOnlyForward() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, out, campaign) = try await queued(f, db)
        #expect(try await db.outboundAttempt(out.id) == 1)
        let sent = try await db.outboundAccepted(out.id, providerMessageID: "wamid.out", at: f.t0)
        #expect(sent == DeliveryUpdate(interaction: out.interaction, campaign: campaign, index: 1, agent: AgentID(9), state: .sent, reason: nil, at: f.t0))
        #expect(try await db.pendingOutbound(provider: provider).isEmpty)
        // read overtakes delivered; the late delivered and a late sent change nothing.
        let read = try await db.recordDeliveryStatus(provider: provider, providerMessageID: "wamid.out", state: .read, reason: nil, at: f.t0)
        #expect(read?.state == .read)
        #expect(try await db.recordDeliveryStatus(provider: provider, providerMessageID: "wamid.out", state: .delivered, reason: nil,
                                                  at: f.t0) == nil)
        #expect(try await db.recordDeliveryStatus(provider: provider, providerMessageID: "wamid.out", state: .failed, reason: "late",
                                                  at: f.t0) == nil)
        #expect(try await db.transcript(out.interaction).last?.delivery == "read")
        await db.close()
    }

    @Test func anIdTheProviderAlreadyGaveAnotherMessageStillLeavesTheQueue() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, first, _) = try await queued(f, db)
        let second = try await db.appendOutbound(NewMessage(interactionID: first.interaction, sender: .agent, agentID: AgentID(9),
                                                            at: f.t0.adding(seconds: 6), body: "again"), lineIndex: 2)
        _ = try await db.outboundAccepted(first.id, providerMessageID: "wamid.same", at: f.t0)
        // Refusing the second would leave it pending, and the sender would send it again without end.
        let sent = try await db.outboundAccepted(second.id, providerMessageID: "wamid.same", at: f.t0)
        #expect(sent?.state == .sent)
        #expect(sent?.index == 2)
        #expect(try await db.pendingOutbound(provider: provider).isEmpty)
        // The id's callbacks still reach the first message.
        let read = try await db.recordDeliveryStatus(provider: provider, providerMessageID: "wamid.same", state: .read, reason: nil, at: f.t0)
        #expect(read?.index == 1)
        await db.close()
    }

    @Test func failedKeepsTheReason() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, out, _) = try await queued(f, db)
        let failed = try await db.outboundFailed(out.id, reason: "131026: Message undeliverable", at: f.t0)
        #expect(failed?.state == .failed)
        #expect(failed?.reason == "131026: Message undeliverable")
        #expect(try await db.pendingOutbound(provider: provider).isEmpty)
        let last = try await db.transcript(out.interaction).last
        #expect(last?.delivery == "failed")
        #expect(last?.deliveryReason == "131026: Message undeliverable")
        await #expect(throws: StoreError.notFound("outbound message \(out.id)")) { try await db.outboundFailed(out.id, reason: "again", at: f.t0) }
        await db.close()
    }

    @Test func unknownStatusChangesNothingUntilTheAnswerNamesIt() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, out, _) = try await queued(f, db)
        // The callback overtakes the provider's answer to the send.
        #expect(try await db.recordDeliveryStatus(provider: provider, providerMessageID: "wamid.fast", state: .delivered, reason: nil,
                                                  at: f.t0) == nil)
        #expect(try await db.transcript(out.interaction).last?.delivery == "pending")
        let update = try await db.outboundAccepted(out.id, providerMessageID: "wamid.fast", at: f.t0)
        #expect(update?.state == .delivered)
        #expect(try await db.transcript(out.interaction).last?.delivery == "delivered")
        await db.close()
    }

    @Test func pendingSurvivesAReopen() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        var db = try await f.open()
        let (provider, out, _) = try await queued(f, db)
        try await db.outboundAttempt(out.id)
        await db.close()
        db = try await f.open()
        let pending = try await db.pendingOutbound(provider: provider)
        #expect(pending.map(\.id) == [out.id])
        #expect(pending.first?.attempts == 1)
        #expect(pending.first?.idempotencyKey == out.idempotencyKey)
        await db.close()
    }

    @Test func unknownInteractionIsRefused() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        _ = try await f.seed(db)
        let message = NewMessage(interactionID: InteractionID(404), sender: .agent, agentID: AgentID(9), at: f.t0, body: "x")
        await #expect(throws: StoreError.notFound("interaction 404")) { try await db.appendOutbound(message, lineIndex: 0) }
        await db.close()
    }
}
