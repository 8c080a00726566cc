import Dispatch
import Testing
import SwitchboardDomain
@testable import SwitchboardStore
import SwitchboardSync

/// The writer defers the full-text rows and interaction counters of a batch's messages to one write per
/// interaction (`DeferredWrites`): the rows must come out as if every request had been written on its own.
@Suite struct StoreBatchCombiningTests {
    /// One request of a script, run either alone (awaited one by one) or all in one batch.
    enum Request: Sendable {
        case append(NewMessage)
        case inbound(InboundMessage)
        case event(InteractionEvent, InteractionID)
    }

    /// What a request answered, comparable across the two runs.
    enum Answer: Sendable, Equatable {
        case appended(AppendOutcome)
        case inbound(InboundOutcome)
        case recorded
        case failed(StoreError)
    }

    /// The world both runs start from: one queued interaction, one taken by an agent, one with an agent's subject.
    struct World {
        let provider: ProviderID, campaign: CampaignID, agent: AgentID
        let queued: InteractionID, taken: InteractionID, titled: InteractionID
    }

    static func makeWorld(_ db: StoreDatabase, _ f: StoreTestFixture) async throws -> World {
        let (provider, campaign) = try await f.seed(db)
        let agent = try await db.createUser(NewUser(username: "ana", displayName: "Ana", role: .agent, passwordHash: "h"), at: f.t0).id
        let queued = try await db.recordInbound(f.inbound(campaign, provider, id: "q0", from: "+1", body: "primero")).interactionID
        let taken = try await db.startInteraction(NewInteraction(
            campaignID: campaign, providerID: provider, heyNowNumber: "+2", direction: .outgoing, state: .active, agentID: agent,
            enqueuedAt: f.t0))
        let titled = try await db.recordInbound(f.inbound(campaign, provider, id: "t0", from: "+3", body: "hola")).interactionID
        try await db.record(.taken(agent: agent, at: f.t0.adding(seconds: 1)), for: titled)
        try await db.record(.closed(at: f.t0.adding(seconds: 2), subject: "Asunto del agente"), for: titled)
        return World(provider: provider, campaign: campaign, agent: agent, queued: queued, taken: taken, titled: titled)
    }

    /// Messages to several interactions interleaved, out-of-order times, subjects from first lines (one after a
    /// blank line), a duplicate provider id within the batch, a new customer opening an interaction and writing
    /// again, and an event between two agent messages that decides which one is the first reply.
    static func script(_ w: World, _ f: StoreTestFixture) -> [Request] {
        func at(_ seconds: Int64) -> Timestamp { f.t0.adding(seconds: seconds) }
        func message(_ i: InteractionID, _ sender: MessageSender, _ id: String?, _ seconds: Int64, _ body: String) -> Request {
            .append(NewMessage(interactionID: i, sender: sender, agentID: sender == .agent ? w.agent : nil,
                               providerID: id == nil ? nil : w.provider, providerMessageID: id, at: at(seconds), body: body))
        }
        return [
            message(w.taken, .agent, "a1", 10, "¿En qué puedo ayudarle?"),
            message(w.queued, .agent, nil, 11, "respuesta antes de tomarla"),
            message(w.taken, .customer, "c1", 12, "\n\nFactura de marzo\nno llegó"),
            .inbound(f.inbound(w.campaign, w.provider, id: "n1", from: "+9", at: 13, body: "Cliente nuevo\ncon dos líneas")),
            message(w.taken, .customer, "c2", 9, "una hora anterior"),
            message(w.titled, .customer, "c3", 14, "después de cerrar"),
            message(w.taken, .customer, "c1", 15, "reenvío del mismo id"),
            .inbound(f.inbound(w.campaign, w.provider, id: "n2", from: "+9", at: 16, body: "sigo esperando")),
            .inbound(f.inbound(w.campaign, w.provider, id: "n3", from: "+8", at: 5, body: "\nLínea tras un salto")),
            .inbound(f.inbound(w.campaign, w.provider, id: "n1", from: "+9", at: 17, body: "reenvío del webhook")),
            message(w.queued, .customer, "q1", 18, "¿hay alguien?"),
            .event(.taken(agent: w.agent, at: at(19)), w.queued),
            message(w.queued, .agent, nil, 20, "primera respuesta tomada"),
            message(w.queued, .agent, nil, 21, "segunda respuesta"),
            message(w.taken, .system, nil, 22, "nota del sistema"),
        ]
    }

    /// Runs each request alone, awaiting it before the next.
    static func runAlone(_ requests: [Request], _ db: StoreDatabase) async -> [Answer] {
        var answers: [Answer] = []
        for request in requests {
            do throws(StoreError) {
                switch request {
                case .append(let m): answers.append(.appended(try await db.appendMessage(m)))
                case .inbound(let m): answers.append(.inbound(try await db.recordInbound(m)))
                case .event(let e, let id):
                    try await db.record(e, for: id)
                    answers.append(.recorded)
                }
            } catch {
                answers.append(.failed(error))
            }
        }
        return answers
    }

    /// Queues every request while the writer is held on a job, so that they all run in the batch that job opened.
    static func runInOneBatch(_ requests: [Request], _ db: StoreDatabase) async -> [Answer] {
        let answers = Locked<[Int: Answer]>([:])
        let gate = DispatchSemaphore(value: 0)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let total = requests.count + 1
            @Sendable func answer(_ index: Int, _ a: Answer) {
                let finished = answers.withLock { all in
                    all[index] = a
                    return all.count == total
                }
                if finished { done.resume() }
            }
            // Signals again after waking: a batch that failed is replayed job by job, this one included.
            db.write({ _ throws(StoreError) in gate.wait(); gate.signal() }, completion: { _ in answer(-1, .recorded) })
            for (index, request) in requests.enumerated() {
                switch request {
                case .append(let m):
                    db.appendMessage(m) { r in answer(index, r.map(Answer.appended).get(or: Answer.failed)) }
                case .inbound(let m):
                    db.recordInbound(m) { r in answer(index, r.map(Answer.inbound).get(or: Answer.failed)) }
                case .event(let e, let id):
                    db.recordLater(e, for: id) { r in answer(index, r.map { Answer.recorded }.get(or: Answer.failed)) }
                }
            }
            gate.signal()
        }
        return answers.withLock { all in requests.indices.map { all[$0]! } }
    }

    /// Everything a recording shows: the interaction rows, their transcripts and what the full-text search finds.
    /// Each transcript (a chain of links) is also checked against the interaction's rows in id order.
    static func snapshot(_ db: StoreDatabase) async throws -> [String] {
        var lines: [String] = []
        for id in 1...5 {
            guard let interaction = try await db.interaction(InteractionID(Int64(id))) else { continue }
            lines.append("\(interaction)")
            let transcript = try await db.transcript(interaction.id)
            let scanned = try await db.read { c throws(StoreError) in
                try c.with("SELECT id FROM messages NOT INDEXED WHERE interaction_id = ? ORDER BY id") { s throws(StoreError) in
                    s.bind(1, Int64(id))
                    var ids: [MessageID] = []
                    while try s.step() { ids.append(MessageID(s.int64(0))) }
                    return ids
                }
            }
            #expect(transcript.map(\.id) == scanned && transcript.count == interaction.messageCount)
            lines.append("\(transcript)")
        }
        for word in ["factura", "cliente", "reenvío", "respuesta", "sistema", "hay"] {
            lines.append("\(word): \(try await db.searchRecordings(RecordingQuery(text: word)).rows.map(\.id))")
        }
        return lines
    }

    @Test func oneBatchWritesTheSameRowsAsOneRequestAtATime() async throws {
        let alone = try StoreTestFixture(), batched = try StoreTestFixture()
        defer { alone.remove(); batched.remove() }
        let a = try await alone.open()
        let b = try await batched.open { $0.maxBatchDelayMilliseconds = 600_000 }  // only an empty queue ends a batch
        let worldA = try await Self.makeWorld(a, alone), worldB = try await Self.makeWorld(b, batched)
        let requests = Self.script(worldA, alone)

        let answersA = await Self.runAlone(requests, a)
        let before = b.writerStatistics()
        let answersB = await Self.runInOneBatch(Self.script(worldB, batched), b)
        let after = b.writerStatistics()

        #expect(after.commits - before.commits == 1)  // the held job and every request: one transaction
        #expect(answersB == answersA)
        #expect(answersA.contains(.appended(.duplicate(MessageID(5)))))  // "c1" again, within the batch
        let snapshotA = try await Self.snapshot(a), snapshotB = try await Self.snapshot(b)
        #expect(snapshotB == snapshotA)
        // Every message written now is linked: the index of unlinked (older) messages stays empty.
        let unlinked = try await b.read { c throws(StoreError) in try c.scalar("SELECT count(*) FROM messages WHERE previous_id IS NULL") }
        #expect(unlinked == 0)
        // The counters the batch added up, checked against the rules themselves (not only against the other run).
        let taken = try #require(try await b.interaction(worldB.taken))
        #expect(taken.messageCount == 4 && taken.lastMessageAt == batched.t0.adding(seconds: 22))
        #expect(taken.subject == "Factura de marzo" && taken.firstAgentReplyAt == batched.t0.adding(seconds: 10))
        let queued = try #require(try await b.interaction(worldB.queued))
        #expect(queued.messageCount == 5 && queued.firstAgentReplyAt == batched.t0.adding(seconds: 20))
        #expect(queued.subject == "primero")
        let titled = try #require(try await b.interaction(worldB.titled))
        #expect(titled.subject == "Asunto del agente" && titled.messageCount == 2)
        let opened = try #require(try await b.interaction(InteractionID(4)))
        #expect(opened.subject == "Cliente nuevo" && opened.messageCount == 2)
        // A new customer whose time is before the latest enqueue time is queued at that time (id order is date order).
        let late = try #require(try await b.interaction(InteractionID(5)))
        #expect(late.subject == "Línea tras un salto" && late.messageCount == 1 && late.enqueuedAt == batched.t0.adding(seconds: 13))
        #expect(late.lastMessageAt == batched.t0.adding(seconds: 5))
        await a.close()
        await b.close()
    }

    /// A request that fails in a batch is answered alone; the others of its batch are committed and counted once.
    @Test func aFailedRequestLosesNoOtherAnswerNorCount() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open { $0.maxBatchDelayMilliseconds = 600_000 }
        let world = try await Self.makeWorld(db, f)
        var requests: [Request] = []
        for n in 0..<30 {
            let target = n == 17 ? InteractionID(999) : n % 2 == 0 ? world.taken : world.queued
            requests.append(.append(NewMessage(interactionID: target, sender: .customer, providerID: world.provider,
                                               providerMessageID: "m\(n)", at: f.t0.adding(seconds: Int64(n)), body: "mensaje \(n)")))
            if n % 10 == 5 {  // new customers before and after the failure: their rows are written again on the replay
                requests.append(.inbound(f.inbound(world.campaign, world.provider, id: "new\(n)", from: "+7\(n)",
                                                   at: Int64(n), body: "nuevo \(n)")))
            }
        }
        let answers = await Self.runInOneBatch(requests, db)
        let failed = try #require(requests.firstIndex {
            if case .append(let m) = $0 { m.interactionID == InteractionID(999) } else { false }
        })
        #expect(answers[failed] == .failed(.notFound("interaction 999")))
        #expect(answers.filter { if case .appended(.recorded) = $0 { true } else { false } }.count == 29)
        var opened: [InteractionID] = []
        for case .inbound(.recorded(_, let interaction, opened: true)) in answers { opened.append(interaction) }
        #expect(opened.count == 3)
        for interaction in opened {
            let row = try #require(try await db.interaction(interaction))
            #expect(row.messageCount == 1 && row.subject?.hasPrefix("nuevo ") == true)
            #expect(try await db.transcript(interaction).count == 1)
        }
        #expect(try await db.countRecordings(RecordingQuery(text: "nuevo")) == 3)
        #expect(try await db.interaction(world.taken)?.messageCount == 15)
        #expect(try await db.interaction(world.queued)?.messageCount == 1 + 14)
        #expect(try await db.interaction(world.queued)?.lastMessageAt == f.t0.adding(seconds: 29))
        let hits = try await db.countRecordings(RecordingQuery(text: "mensaje"))
        #expect(hits == 2)
        // The failed message left no row behind, and no text in the index.
        let rows = try await db.read { c throws(StoreError) in
            try c.scalar("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH '\"17\"'")
        }
        #expect(rows == 0)
        await db.close()
    }

    /// A job that is not a message append sees the counters of the messages before it in its batch.
    @Test func otherJobsSeeTheBatchsEarlierMessages() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open { $0.maxBatchDelayMilliseconds = 600_000 }
        let world = try await Self.makeWorld(db, f)
        let seen = Locked<Int64?>(nil)
        let gate = DispatchSemaphore(value: 0)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            db.write({ _ throws(StoreError) in gate.wait() }, completion: { _ in })
            for n in 0..<3 {
                db.appendMessage(NewMessage(interactionID: world.taken, sender: .customer, at: f.t0, body: "m\(n)")) { _ in }
            }
            db.write({ c throws(StoreError) in
                (try c.scalar("SELECT message_count FROM interactions WHERE id = ?", [.integer(world.taken.rawValue)]),
                 try c.scalar("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'm1'"))
            }, completion: { result in
                seen.withLock { $0 = (try? result.get()).map { ($0.0 ?? -1) * 10 + ($0.1 ?? -1) } }
                done.resume()
            })
            gate.signal()
        }
        #expect(seen.withLock { $0 } == 31)  // 3 messages counted, and the text of m1 indexed
        await db.close()
    }
}

extension Result {
    /// The success value, or `failure` applied to the error.
    func get(or failure: (Failure) -> Success) -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let error): return failure(error)
        }
    }
}
