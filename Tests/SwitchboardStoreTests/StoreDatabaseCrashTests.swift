import Foundation
import Testing
import SwitchboardDomain
@testable import SwitchboardStore

/// Durability under a crash: a process writing inbound messages is killed with SIGKILL mid-load; after
/// reopening, every message it acknowledged (printed after its COMMIT) is present exactly once.
@Suite struct StoreDatabaseCrashTests {
    /// The SwitchboardBench executable built next to the test bundle.
    static func benchExecutable() -> String? {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        return [here + "/SwitchboardBench", root + "/.build/debug/SwitchboardBench"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test func everyAcknowledgedMessageSurvivesSIGKILLExactlyOnce() async throws {
        let executable = try #require(Self.benchExecutable(), "build SwitchboardBench first (swift build --build-tests builds it)")
        let f = try StoreTestFixture()
        defer { f.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["store-crash-writer", "--db", f.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()

        // Read acknowledgements until a few thousand arrived (the writer is then mid-load), then kill it.
        var buffer = Data()
        let reader = pipe.fileHandleForReading
        func acks() -> Int { buffer.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
        while acks() < 3000 {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        buffer.append(reader.readDataToEndOfFile())
        #expect(process.terminationReason == .uncaughtSignal)

        // Only complete lines count: a line is printed in one write(2) after the commit.
        let text = String(decoding: buffer, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).filter { text.contains($0 + "\n") }
        let acknowledged = Set(lines.filter { $0.hasPrefix("ack ") }.map { String($0.split(separator: " ")[1]) })
        let duplicates = lines.filter { $0.hasSuffix(" duplicate") }.count
        #expect(acknowledged.count >= 2000)
        #expect(duplicates > 0)

        let db = try await f.open()
        let counts = try await db.read { c throws(StoreError) in
            try c.with("SELECT provider_message_id, count(*) FROM messages GROUP BY provider_message_id") { s throws(StoreError) in
                var result: [String: Int] = [:]
                while try s.step() { result[s.text(0)] = s.int(1) }
                return result
            }
        }
        let missing = acknowledged.filter { counts[$0] == nil }
        #expect(missing.isEmpty, "acknowledged but lost: \(missing.prefix(5))")
        #expect(counts.values.allSatisfy { $0 == 1 })
        // The interactions' counters agree with their messages after recovery.
        let mismatched = try await db.read { c throws(StoreError) in
            try c.scalar("""
                SELECT count(*) FROM interactions i
                WHERE message_count != (SELECT count(*) FROM messages m WHERE m.interaction_id = i.id)
                """) ?? -1
        }
        #expect(mismatched == 0)
        await db.close()
    }
}
