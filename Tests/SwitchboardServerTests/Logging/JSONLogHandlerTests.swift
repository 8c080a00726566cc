import Foundation
import Logging
import Testing
import SwitchboardSync
@testable import SwitchboardServer

@Suite("JSON log lines")
struct JSONLogHandlerTests {
    struct Failure: Error, CustomStringConvertible { var description: String { "disk full" } }

    @Test func aLineIsOneJSONObjectWithItsFieldsAtTheTopLevel() throws {
        let logs = RecordedLogs()
        var logger = logs.logger
        logger[metadataKey: "provider_id"] = "7"
        logger.warning("signature \"refused\"\nfrom \u{1}there", metadata: ["request_id": "abc-1", "message": "clash",
                                                                            "ids": .array(["1", "2"])])
        let line = try #require(logs.all.first)
        #expect(line["level"] as? String == "warning")
        #expect(line["label"] as? String == "test")
        #expect(line["message"] as? String == "signature \"refused\"\nfrom \u{1}there")
        #expect(line["provider_id"] as? String == "7")
        #expect(line["request_id"] as? String == "abc-1")
        #expect(line["field_message"] as? String == "clash")
        #expect(line["ids"] as? [String] == ["1", "2"])
        #expect((line["file"] as? String)?.contains("JSONLogHandlerTests.swift:") == true)
        let time = try #require(line["time"] as? String)
        #expect(time.count == 24 && time.hasSuffix("Z"), "RFC 3339 with milliseconds: \(time)")
    }

    @Test func theWrittenBytesAreOneLine() {
        let written = Locked<[UInt8]>([])
        let handler = JSONLogHandler(label: "x") { bytes in written.withLock { $0 += bytes } }
        Logger(label: "x") { _ in handler }.info("two\nlines")
        let bytes = written.withLock { $0 }
        #expect(bytes.last == UInt8(ascii: "\n"))
        #expect(bytes.filter { $0 == UInt8(ascii: "\n") }.count == 1)
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(JSONLogHandler.timestamp(Date(timeIntervalSince1970: 1_765_100_000.042)) == "2025-12-07T09:33:20.042Z")
        #expect(JSONLogHandler.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    }
}
