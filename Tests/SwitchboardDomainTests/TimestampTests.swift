import Testing
import SwitchboardDomain

@Suite struct TimestampTests {
    @Test func arithmetic() {
        let t = Timestamp(milliseconds: 1_000)
        #expect(t.adding(seconds: 2).milliseconds == 3_000)
        #expect(t.millisecondsUntil(Timestamp(milliseconds: 400)) == -600)
    }
}
