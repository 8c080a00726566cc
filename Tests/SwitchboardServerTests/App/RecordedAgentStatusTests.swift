import SwitchboardDomain
import Testing
@testable import SwitchboardServer

/// The audit detail of a status change, written and read back.
@Suite("Recorded agent status")
struct RecordedAgentStatusTests {
    @Test func everyStatusReadsBackAsItsPresence() {
        let cases: [(AgentStatus, AgentSlot.Presence, String)] = [
            (.offline, .offline, ""), (.available, .available, ""), (.busy, .available, ""),
            (.paused(reason: "lunch break", since: Timestamp(milliseconds: 5)), .paused, "lunch break"),
            (.paused(reason: "", since: Timestamp(milliseconds: 5)), .paused, ""),
        ]
        for (status, presence, reason) in cases {
            let read = RecordedAgentStatus(detail: RecordedAgentStatus.detail(status))
            #expect(read?.presence == presence && read?.reason == reason, "\(status)")
        }
        #expect(RecordedAgentStatus(detail: "paused") == nil && RecordedAgentStatus(detail: "requeued 2") == nil)
    }
}
