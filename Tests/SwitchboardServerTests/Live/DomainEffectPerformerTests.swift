import SwitchboardDomain
import SwitchboardStore
import Testing
@testable import SwitchboardServer

/// How domain effects map to store writes.
@Suite("Domain effect performer")
struct DomainEffectPerformerTests {
    private func record(_ phase: InteractionPhase, requeued: Bool = false) -> SwitchboardDomain.InteractionRecord {
        SwitchboardDomain.InteractionRecord(
            id: InteractionID(7), campaign: CampaignID(1), customer: "+1", phase: phase, agent: AgentID(3),
            enqueuedAt: Timestamp(milliseconds: 1_000), takenAt: Timestamp(milliseconds: 2_000), firstAgentReplyAt: nil,
            at: Timestamp(milliseconds: 5_000), requeued: requeued)
    }

    @Test func interactionPhasesBecomeStoreEvents() {
        #expect(DomainEffectPerformer.event(for: record(.queued)) == nil)
        #expect(DomainEffectPerformer.event(for: record(.queued, requeued: true)) == .requeued(at: Timestamp(milliseconds: 5_000)))
        #expect(DomainEffectPerformer.event(for: record(.active)) == .taken(agent: AgentID(3), at: Timestamp(milliseconds: 2_000)))
        #expect(DomainEffectPerformer.event(for: record(.reserved)) == .reserved(agent: AgentID(3), at: Timestamp(milliseconds: 5_000)))
        #expect(DomainEffectPerformer.event(for: record(.closed)) == .closed(at: Timestamp(milliseconds: 5_000), subject: nil))
        #expect(DomainEffectPerformer.event(for: record(.abandoned)) == .abandoned(at: Timestamp(milliseconds: 5_000)))
    }

    @Test func auditAndAlertLines() {
        let entry = DomainEffectPerformer.auditEntry(SwitchboardDomain.AuditEntry(
            actor: UserID(2), action: .spy, agent: AgentID(3), interaction: InteractionID(7), detail: "", at: Timestamp(milliseconds: 9)))
        #expect(entry.action == "spy" && entry.target == "agent:3 interaction:7" && entry.detail == nil && entry.actorID == UserID(2))
        #expect(entry.actorRole == nil)
        let pause = DomainEffectPerformer.auditEntry(SwitchboardDomain.AuditEntry(
            actor: UserID(2), action: .pause, agent: AgentID(3), interaction: nil, detail: "Coaching", at: Timestamp(milliseconds: 9)),
            actorRole: .supervisor)
        #expect(pause.actorRole == "supervisor" && pause.detail == "Coaching" && pause.target == "agent:3")
        let alert = DomainEffectPerformer.alertEntry(ThresholdAlert(
            campaign: CampaignID(4), metric: .asa, level: .critical, previous: .warning, value: 75, at: Timestamp(milliseconds: 9)))
        #expect(alert.action == "alert" && alert.target == "campaign:4" && alert.detail == "asa warning -> critical (75.0)")
    }
}
