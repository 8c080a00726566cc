import Testing
import SwitchboardDomain
@testable import SwitchboardServer

@Suite("APITimestamp")
struct APITimestampTests {
    @Test(arguments: [
        ("1714557600000", false, Int64(1_714_557_600_000)),
        ("2024-05-01", false, 1_714_521_600_000),
        ("2024-05-01", true, 1_714_607_999_999),
        ("2024-05-01T10:00", false, 1_714_557_600_000),
        ("2024-05-01T10:00:00Z", false, 1_714_557_600_000),
        ("2024-05-01T10:00:00.25Z", false, 1_714_557_600_250),
        ("2024-05-01T12:00:00+02:00", false, 1_714_557_600_000),
        ("2024-05-01T07:30:00-0230", false, 1_714_557_600_000),
        ("2024-02-29", false, 1_709_164_800_000),
        ("1969-12-31", false, -86_400_000),
    ])
    func parses(text: String, endOfDay: Bool, expected: Int64) {
        #expect(APITimestamp.parse(text, endOfDay: endOfDay) == Timestamp(milliseconds: expected))
    }

    @Test(arguments: ["", "yesterday", "2023-02-29", "2024-13-01", "2024-05-01T24:00", "2024-05-01T10:00:00+25:00",
                      "2024-05-01T10", "2024-5-1", "2024-05-01T10:00:00.Z", "99999999999999999999"])
    func refuses(text: String) {
        #expect(APITimestamp.parse(text) == nil)
    }
}
