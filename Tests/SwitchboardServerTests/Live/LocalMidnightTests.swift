import SwitchboardDomain
import Testing
@testable import SwitchboardServer

/// Next local midnight from a campaign's time zone.
@Suite("Local midnight")
struct LocalMidnightTests {
    @Test func utcAndFixedOffsets() {
        // 2026-01-01T15:30:00Z.
        let now = Timestamp(milliseconds: 1_767_281_400_000)
        #expect(LocalMidnight.next(after: now, in: "UTC").milliseconds == 1_767_312_000_000)          // 2026-01-02T00:00Z
        #expect(LocalMidnight.next(after: now, in: "America/Argentina/Buenos_Aires").milliseconds == 1_767_322_800_000)  // 03:00Z
        #expect(LocalMidnight.next(after: now, in: "Not/AZone").milliseconds == 1_767_312_000_000)
    }

    @Test func daylightSavingDayIs23Hours() {
        // 2026-03-08 is the US spring-forward day: midnight to midnight in New York is 23 hours.
        let start = Timestamp(milliseconds: 1_772_946_000_000)   // 2026-03-08T05:00Z = 00:00 EST
        let next = LocalMidnight.next(after: start.adding(seconds: 60), in: "America/New_York")
        #expect(start.millisecondsUntil(next) == 23 * 3_600_000)
    }

    @Test func startOfTodayIsTheLastMidnightAtOrBeforeNow() {
        let now = Timestamp(milliseconds: 1_767_281_400_000)   // 2026-01-01T15:30:00Z
        #expect(LocalMidnight.start(of: now, in: "UTC").milliseconds == 1_767_225_600_000)
        #expect(LocalMidnight.start(of: now, in: "America/Argentina/Buenos_Aires").milliseconds == 1_767_236_400_000)  // 03:00Z
        let midnight = Timestamp(milliseconds: 1_767_312_000_000)
        #expect(LocalMidnight.start(of: midnight, in: "UTC") == midnight)
        #expect(LocalMidnight.start(of: midnight.adding(milliseconds: -1), in: "UTC").milliseconds == 1_767_225_600_000)
        // New York's spring-forward day began at 05:00Z and lasts until 04:00Z the next day.
        #expect(LocalMidnight.start(of: Timestamp(milliseconds: 1_773_028_799_999), in: "America/New_York").milliseconds
                == 1_772_946_000_000)
    }
}
