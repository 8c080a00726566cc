import SwitchboardDomain
import Testing
import TestSupport
@testable import SwitchboardServer

/// Command ids per login session: a repeat gets the first answer, for five minutes, within a bound.
@Suite("Command ledger")
struct CommandLedgerTests {
    private let answer: [UInt8] = Array(#"{"type":"ack","id":"a-1"}"#.utf8)

    @Test func aRepeatGetsTheFirstAnswerInTheSameSessionOnly() {
        let ledger = CommandLedger(clock: ManualClock())
        #expect(isRun(ledger.claim(session: "s1", id: "a-1")))
        ledger.finish(session: "s1", id: "a-1", answer: answer)
        guard case .answered(let again) = ledger.claim(session: "s1", id: "a-1") else {
            Issue.record("a repeat must be answered from the ledger")
            return
        }
        #expect(again == answer)
        // Another login session has its own ids.
        #expect(isRun(ledger.claim(session: "s2", id: "a-1")))
    }

    @Test func answersAreForgottenAfterFiveMinutes() {
        let clock = ManualClock()
        let ledger = CommandLedger(clock: clock)
        _ = ledger.claim(session: "s", id: "x")
        ledger.finish(session: "s", id: "x", answer: answer)
        clock.advance(seconds: 299)
        #expect(!isRun(ledger.claim(session: "s", id: "x")))
        clock.advance(seconds: 1)
        #expect(isRun(ledger.claim(session: "s", id: "x")))
    }

    @Test func aRepeatWhileTheFirstRunsWaitsForItsAnswer() async {
        let ledger = CommandLedger(clock: ManualClock())
        _ = ledger.claim(session: "s", id: "x")
        guard case .running = ledger.claim(session: "s", id: "x") else {
            Issue.record("the first run is still going")
            return
        }
        async let waited = ledger.answer(session: "s", id: "x")
        ledger.finish(session: "s", id: "x", answer: answer)
        #expect(await waited == answer)
    }

    @Test func aFailedRunIsForgottenSoTheRetryRunsAgain() async {
        let ledger = CommandLedger(clock: ManualClock())
        _ = ledger.claim(session: "s", id: "x")
        ledger.forget(session: "s", id: "x")
        #expect(await ledger.answer(session: "s", id: "x") == nil)
        #expect(isRun(ledger.claim(session: "s", id: "x")))
    }

    @Test func eachSessionKeepsABoundedNumberOfAnswers() {
        let ledger = CommandLedger(clock: ManualClock(), limitPerSession: 3)
        for n in 0..<5 {
            _ = ledger.claim(session: "s", id: "\(n)")
            ledger.finish(session: "s", id: "\(n)", answer: answer)
        }
        #expect(ledger.count == 3)
        #expect(isRun(ledger.claim(session: "s", id: "0")))   // the oldest went first
        #expect(!isRun(ledger.claim(session: "s", id: "4")))
    }

    private func isRun(_ claim: CommandLedger.Claim) -> Bool {
        if case .run = claim { return true }
        return false
    }
}
