import Testing
import SwitchboardDomain
@testable import SwitchboardStore

@Suite struct RecordingCSVTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\r\nlines", "\"two\r\nlines\""),
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+59899", "'+59899"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("=1,2", "\"'=1,2\""),
        ("", ""),
    ])
    func quotesAndNeutralises(input: String, expected: String) {
        #expect(RecordingCSV.field(input) == expected)
    }

    @Test func formatsUTCDates() {
        #expect(RecordingCSV.iso8601(milliseconds: 0) == "1970-01-01T00:00:00Z")
        #expect(RecordingCSV.iso8601(milliseconds: 1_767_225_600_000) == "2026-01-01T00:00:00Z")
        #expect(RecordingCSV.iso8601(milliseconds: 951_782_400_000 + 3_723_000) == "2000-02-29T01:02:03Z")
        #expect(RecordingCSV.iso8601(milliseconds: -1000) == "1969-12-31T23:59:59Z")
    }

    @Test func writesALineWithCRLF() {
        let row = RecordingRow(id: InteractionID(1), date: Timestamp(milliseconds: 0), heyNowNumber: "598", campaignID: CampaignID(1),
                               campaignName: "Sales, North", agentID: nil, agentName: nil, address: .incoming, state: .closed,
                               durationMilliseconds: 61_500, messageCount: 4, subject: "price?")
        #expect(RecordingCSV.line(row) == "1970-01-01T00:00:00Z,598,\"Sales, North\",,incoming,closed,61,4,price?\r\n")
    }
}
