import Testing
import SwitchboardDomain
@testable import SwitchboardStore
import SwitchboardSync

@Suite struct StoreWriterTests {
    /// Many concurrent writers and readers: every write is committed exactly once, several writes share a
    /// transaction, and readers always see a consistent snapshot (a transcript never shrinks).
    @Test func concurrentWritersAndReaders() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, campaign) = try await f.seed(db)
        let interaction = try await db.recordInbound(f.inbound(campaign, provider, id: "first")).interactionID
        let writers = 40, perWriter = 50
        try await withThrowingTaskGroup(of: Int.self) { group in
            for w in 0..<writers {
                group.addTask {
                    for n in 0..<perWriter {
                        let outcome = try await db.appendMessage(NewMessage(
                            interactionID: interaction, sender: .customer, providerID: provider, providerMessageID: "w\(w)-\(n)",
                            at: f.t0.adding(milliseconds: Int64(n)), body: "mensaje \(w) \(n)"))
                        guard case .recorded = outcome else { throw StoreError.conflict("w\(w)-\(n)") }
                    }
                    return 0
                }
            }
            for _ in 0..<4 {
                group.addTask {
                    var seen = 0, shrank = 0
                    for _ in 0..<30 {
                        let count = try await db.transcript(interaction).count
                        let counter = try #require(try await db.interaction(interaction)).messageCount
                        if count < seen || counter < count { shrank += 1 }
                        seen = count
                    }
                    return shrank
                }
            }
            var shrinks = 0
            for try await value in group { shrinks += value }
            #expect(shrinks == 0)
        }
        let transcript = try await db.transcript(interaction)
        #expect(transcript.count == writers * perWriter + 1)
        #expect(Set(transcript.compactMap(\.providerMessageID)).count == writers * perWriter + 1)
        let (commits, requests) = db.writerStatistics()
        #expect(requests >= writers * perWriter && commits < requests)
        await db.close()
    }

    /// One failing request does not fail the others of its batch: the batch is rolled back and replayed alone.
    @Test func aFailingRequestFailsAlone() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, campaign) = try await f.seed(db)
        let good = try await db.recordInbound(f.inbound(campaign, provider, id: "g")).interactionID
        let results = Locked<[Result<AppendOutcome, StoreError>]>([])
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            for n in 0..<100 {
                let target = n % 10 == 0 ? InteractionID(9999) : good
                db.appendMessage(NewMessage(interactionID: target, sender: .agent, at: f.t0, body: "r\(n)")) { result in
                    let finished = results.withLock { list in
                        list.append(result)
                        return list.count == 100
                    }
                    if finished { done.resume() }
                }
            }
        }
        let all = results.withLock { $0 }
        #expect(all.filter { if case .success = $0 { true } else { false } }.count == 90)
        #expect(all.filter { $0 == .failure(.notFound("interaction 9999")) }.count == 10)
        #expect(try await db.transcript(good).count == 91)
        // The replay indexes each good message's text once, and none of the failed ones.
        let indexed = try await db.read { c throws(StoreError) in
            try c.scalar("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'r0 OR r1 OR r5 OR r10 OR r20 OR r99'")
        }
        #expect(indexed == 3)  // r1, r5, r99: the failed r0, r10, r20 left nothing behind
        await db.close()
    }

    /// A batch holds at most `maxBatchSize` requests, and the commit observer is told each commit with its size.
    @Test func batchesNeverExceedTheirBound() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let observed = Locked<[Int]>([])
        let db = try await f.open {
            $0.maxBatchSize = 4
            $0.commitObserver = CommitObserver { _, requests in observed.withLock { $0.append(requests) } }
        }
        let (provider, campaign) = try await f.seed(db)
        let before = db.writerStatistics()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<200 {
                group.addTask { _ = try await db.recordInbound(f.inbound(campaign, provider, id: "b\(n)", from: "\(n)")) }
            }
            try await group.waitForAll()
        }
        let after = db.writerStatistics()
        #expect(after.requests - before.requests == 200)
        #expect(after.commits - before.commits >= 50)
        let sizes = observed.withLock { $0 }
        #expect(sizes.count == after.commits)
        #expect(sizes.reduce(0, +) == after.requests)
        #expect(sizes.allSatisfy { (1...4).contains($0) })
        await db.close()
    }

    /// The WAL is copied back by the checkpointer's thread once it passes `checkpointPages`, and every message is
    /// still there after a reopen.
    @Test func theCheckpointerCopiesTheWalBack() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open { $0.checkpointPages = 4 }
        let (provider, campaign) = try await f.seed(db)
        for n in 0..<60 {
            _ = try await db.recordInbound(f.inbound(campaign, provider, id: "c\(n)", from: "\(n)"))
        }
        await db.close()  // joins the checkpointer after it served every request
        #expect(db.checkpointsRun() >= 1)
        let again = try await f.open()
        #expect(try await again.countRecordings(RecordingQuery()) == 60)
        await again.close()
    }

    @Test(arguments: [(StoreConfiguration.Durability.normal, Int64(1)), (.full, 2)])
    func durabilitySetsTheWritersSynchronousLevel(durability: StoreConfiguration.Durability, level: Int64) async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open { $0.durability = durability }
        let writerLevel = try await db.write { c throws(StoreError) in try c.scalar("PRAGMA synchronous") }
        #expect(writerLevel == level)
        await db.close()
    }
}
