import Testing
import SwitchboardDomain
@testable import SwitchboardStore

@Suite struct StoreMigrationsTests {
    @Test func migratesAnEmptyFileToTheNewestVersion() async throws {
        let fixture = try StoreTestFixture()
        defer { fixture.remove() }
        let db = try await fixture.open()
        #expect(try await db.schemaVersion() == StoreMigrations.latest)
        let journal = try await db.read { c throws(StoreError) in
            try c.with("PRAGMA journal_mode") { s throws(StoreError) in try s.step() ? s.text(0) : "" }
        }
        #expect(journal == "wal")
        await db.close()
    }

    /// A file left at each earlier version (with data in it) upgrades to the newest and keeps its rows.
    @Test(arguments: 1..<StoreMigrations.latest)
    func upgradesFromEveryEarlierVersion(version: Int) async throws {
        let fixture = try StoreTestFixture()
        defer { fixture.remove() }
        let old = try await StoreDatabase.open(StoreConfiguration(path: fixture.path), migratingTo: version)
        #expect(try await old.schemaVersion() == version)
        _ = try await old.createUser(NewUser(username: "ana", displayName: "Ana", role: .agent, passwordHash: "h"), at: fixture.t0)
        await old.close()

        let db = try await fixture.open()
        #expect(try await db.schemaVersion() == StoreMigrations.latest)
        #expect(try await db.users().map(\.username) == ["ana"])
        let (provider, campaign) = try await fixture.seed(db)
        let outcome = try await db.recordInbound(fixture.inbound(campaign, provider, id: "w1"))
        #expect(try await db.transcript(outcome.interactionID).count == 1)
        await db.close()
    }

    /// Messages written by version 4 (ids `interaction << 20 | sequence`) stay readable and searchable; new ones
    /// take ids above them and join the same transcript.
    @Test func keepsMessagesWithVersion4Ids() async throws {
        let fixture = try StoreTestFixture()
        defer { fixture.remove() }
        let old = try await StoreDatabase.open(StoreConfiguration(path: fixture.path), migratingTo: 4)
        let (provider, campaign) = try await fixture.seedOldSchema(old)
        try await old.write { c throws(StoreError) in
            try c.execute("""
                INSERT INTO interactions(id, campaign_id, heynow_number, direction, state, enqueued_at, message_count)
                VALUES (3, \(campaign.rawValue), '+598', 'incoming', 'active', \(fixture.t0.milliseconds), 2);
                INSERT INTO messages(id, interaction_id, sender, at, body) VALUES
                    (3 << 20 | 1, 3, 'customer', 0, 'hola factura'), (3 << 20 | 2, 3, 'agent', 1, 'buenas');
                INSERT INTO messages_fts(rowid, body) VALUES (3 << 20 | 1, 'hola factura'), (3 << 20 | 2, 'buenas');
                """)
        }
        await old.close()

        let db = try await fixture.open()
        let appended = try await db.appendMessage(NewMessage(interactionID: InteractionID(3), sender: .agent, at: fixture.t0,
                                                             body: "otra factura"))
        #expect(appended == .recorded(MessageID(3 << 20 | 3)))
        #expect(try await db.transcript(InteractionID(3)).map(\.body) == ["hola factura", "buenas", "otra factura"])
        let inbound = try await db.recordInbound(fixture.inbound(campaign, provider, id: "new", from: "+1", body: "factura nueva"))
        #expect(inbound.messageID == MessageID(3 << 20 | 4))
        #expect(try await db.searchRecordings(RecordingQuery(text: "factura")).rows.map(\.id) == [inbound.interactionID, InteractionID(3)])
        let floor = try await db.read { c throws(StoreError) in try c.scalar("SELECT message_floor FROM interactions WHERE id = 3") }
        #expect(floor == 3 << 20)
        await db.close()
    }

    @Test func refusesAFileFromANewerBuild() async throws {
        let fixture = try StoreTestFixture()
        defer { fixture.remove() }
        let db = try await fixture.open()
        try await db.write { c throws(StoreError) in try c.execute("PRAGMA user_version = 99") }
        await db.close()
        await #expect(throws: StoreError.schemaTooNew(found: 99, supported: StoreMigrations.latest)) {
            _ = try await fixture.open()
        }
    }

    @Test func theSystemSQLiteHasFTS5() {
        #expect(StoreMigrations.hasFTS5())
    }
}

extension StoreMigrationsTests {
    /// Version 7 rewrites the IN-list CHECK constraints as OR chains: writing a message or changing a state no
    /// longer builds a temporary b-tree per row, and the constraints still refuse the same values. The full-text
    /// index, made again without per-row sizes, still finds what was written before.
    @Test(arguments: [5, StoreMigrations.latest])
    func checksWithoutATemporaryIndexPerRow(from version: Int) async throws {
        let fixture = try StoreTestFixture()
        defer { fixture.remove() }
        let old = try await StoreDatabase.open(StoreConfiguration(path: fixture.path), migratingTo: version)
        let (provider, campaign) = try await fixture.seedOldSchema(old)
        let first: InboundOutcome
        if version == StoreMigrations.latest {
            first = try await old.recordInbound(fixture.inbound(campaign, provider, id: "w1"))
        } else {  // what version 5 wrote, in its own schema
            try await old.write { c throws(StoreError) in
                try c.execute("""
                    INSERT INTO interactions(id, campaign_id, heynow_number, direction, state, enqueued_at, message_count, message_floor)
                    VALUES (1, \(campaign.rawValue), '+598', 'incoming', 'queued', \(fixture.t0.milliseconds), 1, 0);
                    INSERT INTO messages(id, interaction_id, sender, at, body) VALUES (1, 1, 'customer', 0, 'hola');
                    INSERT INTO messages_fts(rowid, body) VALUES (1, 'hola');
                    """)
            }
            first = .recorded(MessageID(1), interaction: InteractionID(1), opened: true)
        }
        await old.close()

        let db = try await fixture.open()
        let plans = try await db.write { c throws(StoreError) in
            try [
                "INSERT INTO messages(interaction_id, sender, at, body) VALUES (1, 'agent', 0, 'x')",
                "INSERT INTO interactions(campaign_id, heynow_number, direction, state, enqueued_at) VALUES (1, '+1', 'incoming', 'queued', 0)",
                "UPDATE interactions SET state = 'active' WHERE id = 1",
            ].map { sql throws(StoreError) in
                try c.with("EXPLAIN " + sql) { s throws(StoreError) in
                    var opcodes: [String] = []
                    while try s.step() { opcodes.append(s.text(1)) }
                    return opcodes
                }
            }
        }
        #expect(plans.allSatisfy { !$0.isEmpty })
        // Version 8 rewrote the partial index `interactions_open` as an OR chain too.
        #expect(plans.map { $0.filter { $0 == "OpenEphemeral" }.count } == [0, 0, 0])
        await #expect(throws: StoreError.self) {
            try await db.write { c throws(StoreError) in
                try c.run("INSERT INTO messages(interaction_id, sender, at, body) VALUES (1, 'robot', 0, 'x')")
            }
        }
        await #expect(throws: StoreError.self) {
            try await db.write { c throws(StoreError) in try c.run("UPDATE interactions SET state = 'lost' WHERE id = 1") }
        }
        let (integrity, automerge) = try await db.read { c throws(StoreError) in
            (try c.with("PRAGMA integrity_check") { s throws(StoreError) in try s.step() ? s.text(0) : "" },
             try c.scalar("SELECT v FROM messages_fts_config WHERE k = 'automerge'"))
        }
        #expect(integrity == "ok" && automerge == 16)
        #expect(try await db.transcript(first.interactionID).count == 1)
        // The full-text index made again holds the message written before the upgrade, without per-row sizes.
        #expect(try await db.searchRecordings(RecordingQuery(text: "hola")).rows.map(\.id) == [first.interactionID])
        let sizes = try await db.read { c throws(StoreError) in
            try c.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'messages_fts_docsize'")
        }
        #expect(sizes == 0)
        // Its rowids name the interaction; deleting a message takes its text out of the index (the trigger).
        let rowid = try await db.read { c throws(StoreError) in try c.scalar("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'hola'") }
        #expect(rowid == first.interactionID.rawValue << 32 | first.messageID.rawValue)
        try await db.write { c throws(StoreError) in
            try c.run("DELETE FROM messages WHERE id = ?", [.integer(first.messageID.rawValue)])
            try c.execute("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')")
        }
        #expect(try await db.searchRecordings(RecordingQuery(text: "hola")).rows.isEmpty)
        await db.close()
    }
}

extension StoreMigrationsTests {
    /// Version 8 makes `interactions_open` again with an OR chain: it holds the same live interactions (a customer's
    /// open interaction from before the upgrade takes their next message), the lookup still uses it, and writing an
    /// interaction or changing its state builds no temporary b-tree.
    @Test(arguments: [7, StoreMigrations.latest])
    func openInteractionsIndexWithoutATemporaryIndexPerRow(from version: Int) async throws {
        let fixture = try StoreTestFixture()
        defer { fixture.remove() }
        let old = try await StoreDatabase.open(StoreConfiguration(path: fixture.path), migratingTo: version)
        let (provider, campaign) = try await fixture.seedOldSchema(old)
        let first = try await old.recordInbound(fixture.inbound(campaign, provider, id: "w1"))
        let closed = try await old.recordInbound(fixture.inbound(campaign, provider, id: "w2", from: "+59899000002"))
        try await old.write { c throws(StoreError) in
            try c.run("UPDATE interactions SET state = 'closed' WHERE id = ?", [.integer(closed.interactionID.rawValue)])
        }
        await old.close()

        let db = try await fixture.open()
        #expect(try await db.schemaVersion() == StoreMigrations.latest)
        let (definition, plan, opcodes) = try await db.write { c throws(StoreError) in
            let definition = try c.with("SELECT sql FROM sqlite_schema WHERE name = 'interactions_open'") {
                s throws(StoreError) in try s.step() ? s.text(0) : ""
            }
            // INDEXED BY fails ("no query solution") unless the query's terms imply the index's condition.
            let plan = try c.with("""
                EXPLAIN QUERY PLAN SELECT id FROM interactions INDEXED BY interactions_open WHERE campaign_id = 1 AND heynow_number = '+1'
                    AND (\(StoreMigrations.openCondition))
                """) { s throws(StoreError) in
                var details: [String] = []
                while try s.step() { details.append(s.text(3)) }
                return details
            }
            let opcodes = try [
                "INSERT INTO interactions(campaign_id, heynow_number, direction, state, enqueued_at) VALUES (1, '+1', 'incoming', 'queued', 0)",
                "UPDATE interactions SET state = 'closed' WHERE id = 1",
            ].map { sql throws(StoreError) in
                try c.with("EXPLAIN " + sql) { s throws(StoreError) in
                    var opcodes: [String] = []
                    while try s.step() { opcodes.append(s.text(1)) }
                    return opcodes
                }
            }
            return (definition, plan, opcodes)
        }
        #expect(definition.hasSuffix("WHERE \(StoreMigrations.openCondition)"))
        #expect(plan.contains { $0.contains("USING INDEX interactions_open (campaign_id=? AND heynow_number=?)") })
        #expect(opcodes.allSatisfy { !$0.isEmpty && !$0.contains("OpenEphemeral") })
        // The live interaction from before takes the customer's next message; the closed one's customer opens a new one.
        let next = try await db.recordInbound(fixture.inbound(campaign, provider, id: "w3"))
        #expect(next.interactionID == first.interactionID)
        if case .recorded(_, _, let opened) = next { #expect(!opened) } else { Issue.record("\(next)") }
        let again = try await db.recordInbound(fixture.inbound(campaign, provider, id: "w4", from: "+59899000002"))
        #expect(again.interactionID != closed.interactionID)
        let entries = try await db.read { c throws(StoreError) in
            (try c.scalar("SELECT count(*) FROM interactions INDEXED BY interactions_open WHERE campaign_id > 0 AND (\(StoreMigrations.openCondition))"),
             try c.with("PRAGMA integrity_check") { s throws(StoreError) in try s.step() ? s.text(0) : "" })
        }
        #expect(entries.0 == 2 && entries.1 == "ok")
        await db.close()
    }
}
