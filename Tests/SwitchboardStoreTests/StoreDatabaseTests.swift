import Foundation
import Testing
import SwitchboardDomain
@testable import SwitchboardStore
import SwitchboardSync

@Suite struct StoreDatabaseTests {
    // MARK: - Users and sessions

    @Test func usersNeverExposeTheirHashExceptThroughCredentials() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (_, campaign) = try await f.seed(db)
        let sup = try await db.createUser(NewUser(username: "Sofia", displayName: "Sofía", role: .supervisor, passwordHash: "pbkdf2$x",
                                                  supervisorScopes: [campaign]), at: f.t0)
        #expect(sup.supervisorScopes == [campaign])
        let credentials = try #require(try await db.credentials(username: "sofia"))
        #expect(credentials.passwordHash == "pbkdf2$x" && credentials.user == sup)
        await #expect(throws: StoreError.conflict("username SOFIA")) {
            _ = try await db.createUser(NewUser(username: "SOFIA", displayName: "x", role: .agent, passwordHash: "h"), at: f.t0)
        }
        let agent = try await db.updateUser(sup.id, role: .agent, monitorScreen: true)
        #expect(agent.role == .agent && agent.monitorScreen && agent.supervisorScopes.isEmpty)
        try await db.setPasswordHash("new", for: sup.id)
        #expect(try await db.credentials(username: "sofia")?.passwordHash == "new")
        await #expect(throws: StoreError.notFound("user 999")) { try await db.deleteUser(UserID(999)) }
        await db.close()
    }

    @Test func sessionsExpireAndAreRevoked() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let user = try await db.createUser(NewUser(username: "a", displayName: "A", role: .agent, passwordHash: "h"), at: f.t0)
        let token: [UInt8] = [1, 2, 3, 4]
        _ = try await db.createSession(tokenHash: token, user: user.id, createdAt: f.t0, expiresAt: f.t0.adding(seconds: 3600))
        _ = try await db.createSession(tokenHash: [9], user: user.id, createdAt: f.t0, expiresAt: f.t0.adding(seconds: 3600))
        let session = try #require(try await db.session(tokenHash: token))
        #expect(session.isValid(at: f.t0.adding(seconds: 10)))
        #expect(!session.isValid(at: f.t0.adding(seconds: 3600)))
        #expect(try await db.revokeSessions(of: user.id, at: f.t0.adding(seconds: 5)) == 2)
        #expect(try await db.session(tokenHash: token)?.revokedAt == f.t0.adding(seconds: 5))
        #expect(try await db.revokeSession(tokenHash: token, at: f.t0) == false)
        #expect(try await db.deleteExpiredSessions(before: f.t0.adding(seconds: 4000)) == 2)
        #expect(try await db.session(tokenHash: token) == nil)
        await db.close()
    }

    // MARK: - Providers and campaigns

    @Test func providerSecretsAreWriteOnly() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let created = try await db.createProvider(StoreTestFixture.cloud, at: f.t0)
        #expect(created.secretsSet == ["accessToken", "appSecret", "verifyToken"] && created.phoneNumberID == "1234")
        var input = StoreTestFixture.cloud
        input.numbers = ["+1", "+2"]
        input.settings = .cloud(phoneNumberID: "55", accessToken: "tok2", appSecret: nil, verifyToken: nil)
        let updated = try await db.updateProvider(created.id, input)
        #expect(updated.numbers == ["+1", "+2"] && updated.phoneNumberID == "55")
        let secrets = try #require(try await db.providerCredentials(created.id))
        #expect(secrets.settings == .cloud(phoneNumberID: "55", accessToken: "tok2", appSecret: "sec", verifyToken: "ver"))
        let classic = try await db.createProvider(ProviderInput(name: "Classic", baseURL: "https://api.example", numbers: ["+3"],
                                                                settings: .classic(accountSID: "AC1", authToken: "t")), at: f.t0)
        #expect(classic.accountSID == "AC1" && classic.secretsSet == ["authToken"])
        #expect(try await db.providers().map(\.name) == ["Classic", "HeyNow Cloud"])
        await #expect(throws: StoreError.invalidArgument("a classic provider needs its auth token")) {
            _ = try await db.createProvider(ProviderInput(name: "X", baseURL: "u", numbers: ["1"],
                                                          settings: .classic(accountSID: "s", authToken: nil)), at: f.t0)
        }
        input.settings = .classic(accountSID: "A", authToken: nil)
        await #expect(throws: StoreError.invalidArgument("a provider's kind cannot change")) {
            _ = try await db.updateProvider(created.id, input)
        }
        await db.close()
    }

    @Test func aProviderInUseCannotBeDeleted() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, campaign) = try await f.seed(db)
        _ = try await db.createCampaign(CampaignSettings(name: "Atlas", providerID: provider, number: "+1"), at: f.t0)
        await #expect(throws: StoreError.providerInUse(provider, campaigns: ["Atlas", "Sales"])) {
            try await db.deleteProvider(provider)
        }
        let atlas = try #require(try await db.campaigns().first { $0.settings.name == "Atlas" })
        try await db.deleteCampaign(atlas.id)
        _ = try await db.recordInbound(f.inbound(campaign, provider, id: "x"))
        await #expect(throws: StoreError.campaignHasRecordings(campaign, interactions: 1)) { try await db.deleteCampaign(campaign) }
        await db.close()
    }

    @Test func campaignsKeepTheirSettingsCannedResponsesAndMembers() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, campaign) = try await f.seed(db)
        let stored = try #require(try await db.campaign(campaign))
        #expect(stored.settings == CampaignSettings(name: "Sales", providerID: provider, number: "+59899000001"))
        #expect(stored.settings.timeZone == "UTC" && stored.settings.maxQueueSeconds == 600 && !stored.settings.autoAssign)
        let agent = try await db.createUser(NewUser(username: "a", displayName: "A", role: .agent, passwordHash: "h"), at: f.t0)
        var settings = stored.settings
        settings.timeZone = "America/Montevideo"
        settings.thresholds = CampaignThresholds(asaWarning: 30, asaCritical: 60, serviceLevelFloorPercent: 70)
        settings.autoAssign = true
        _ = try await db.updateCampaign(campaign, settings)
        try await db.setCannedResponses([CannedResponse(title: "Hi", body: "Hello!"), CannedResponse(title: "Bye", body: "Bye")],
                                        for: campaign)
        try await db.setMembers([agent.id], for: campaign)
        let updated = try #require(try await db.campaign(campaign))
        #expect(updated.settings == settings && updated.cannedResponses.map(\.title) == ["Hi", "Bye"] && updated.members == [agent.id])
        #expect(try await db.campaigns(ofAgent: agent.id) == [campaign])
        settings.timeZone = "../etc/passwd"
        await #expect(throws: StoreError.invalidArgument("time zone must be an IANA name")) {
            _ = try await db.updateCampaign(campaign, settings)
        }
        await #expect(throws: StoreError.notFound("user 77")) { try await db.setMembers([UserID(77)], for: campaign) }
        await db.close()
    }

    // MARK: - Recordings

    @Test func inboundMessagesAreDeduplicatedAndOpenOneInteractionPerCustomer() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, campaign) = try await f.seed(db)
        let first = try await db.recordInbound(f.inbound(campaign, provider, id: "m1", body: "Quiero saber el precio\ndel plan"))
        guard case .recorded(let m1, let i1, opened: true) = first else { Issue.record("not opened: \(first)"); return }
        let again = try await db.recordInbound(f.inbound(campaign, provider, id: "m1", body: "Quiero saber el precio\ndel plan"))
        #expect(again == .duplicate(m1, interaction: i1))
        let other = try await db.recordInbound(f.inbound(campaign, provider, id: "m3", from: "+1", at: 6))
        #expect(other.interactionID != i1 && other.messageID == MessageID(m1.rawValue + 1))
        // Message ids follow arrival order across interactions; each transcript keeps its own messages in order.
        let second = try await db.recordInbound(f.inbound(campaign, provider, id: "m2", at: 5, body: "hola?"))
        #expect(second == .recorded(MessageID(m1.rawValue + 2), interaction: i1, opened: false))
        // The same provider id appended later (to any interaction) is refused by the unique index: nothing is written.
        let echo = try await db.appendMessage(NewMessage(interactionID: other.interactionID, sender: .customer, providerID: provider,
                                                         providerMessageID: "m1", at: f.t0, body: "eco"))
        #expect(echo == .duplicate(m1))
        #expect(try await db.transcript(other.interactionID).count == 1)
        #expect(try await db.searchRecordings(RecordingQuery(text: "eco")).rows.isEmpty)
        let interaction = try #require(try await db.interaction(i1))
        #expect(interaction.state == .queued && interaction.messageCount == 2 && interaction.subject == "Quiero saber el precio")
        #expect(try await db.transcript(i1).map(\.providerMessageID) == ["m1", "m2"])
        #expect(try await db.transcript(other.interactionID).map(\.providerMessageID) == ["m3"])
        // A provider's retry after the conversation closed opens nothing: the same answer, and no new interaction.
        try await db.record(.abandoned(at: f.t0.adding(seconds: 10)), for: i1)
        let late = try await db.recordInbound(f.inbound(campaign, provider, id: "m1", at: 20, body: "Quiero saber el precio\ndel plan"))
        #expect(late == .duplicate(m1, interaction: i1))
        #expect(try await db.countRecordings(RecordingQuery()) == 2)
        // … and the next new customer is queued as if that retry had never come.
        let next = try await db.recordInbound(f.inbound(campaign, provider, id: "m4", from: "+2", at: 8))
        #expect(next.interactionID == InteractionID(other.interactionID.rawValue + 1))
        #expect(try await db.interaction(next.interactionID)?.enqueuedAt == f.t0.adding(seconds: 8))
        await db.close()
    }

    @Test func interactionEventsFollowTheLifeCycle() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, campaign) = try await f.seed(db)
        let agent = try await db.createUser(NewUser(username: "a", displayName: "Ana", role: .agent, passwordHash: "h"), at: f.t0)
        let id = try await db.recordInbound(f.inbound(campaign, provider, id: "m1")).interactionID
        await #expect(throws: StoreError.invalidTransition(id, from: .queued)) {
            try await db.record(.closed(at: f.t0, subject: nil), for: id)
        }
        try await db.record(.taken(agent: agent.id, at: f.t0.adding(seconds: 20)), for: id)
        try await db.record(.requeued(at: f.t0.adding(seconds: 30)), for: id)
        try await db.record(.taken(agent: agent.id, at: f.t0.adding(seconds: 40)), for: id)
        let reply = try await db.appendMessage(NewMessage(interactionID: id, sender: .agent, agentID: agent.id,
                                                          at: f.t0.adding(seconds: 45), body: "¡Hola!"))
        guard case .recorded(let replyID) = reply else { Issue.record("\(reply)"); return }
        try await db.setProviderMessageID("out-1", provider: provider, for: replyID)
        #expect(try await db.recordDelivery(provider: provider, providerMessageID: "out-1", state: "read"))
        try await db.record(.closed(at: f.t0.adding(seconds: 100), subject: "Precio del plan"), for: id)
        let done = try #require(try await db.interaction(id))
        #expect(done.firstTakenAt == f.t0.adding(seconds: 20) && done.takenAt == f.t0.adding(seconds: 40))
        #expect(done.firstAgentReplyAt == f.t0.adding(seconds: 45) && done.closedAt == f.t0.adding(seconds: 100))
        #expect(done.subject == "Precio del plan" && done.state == .closed && done.agentID == agent.id)
        #expect(try await db.transcript(id).last?.delivery == "read")
        await #expect(throws: StoreError.notFound("interaction 404")) {
            try await db.record(.abandoned(at: f.t0), for: InteractionID(404))
        }
        await db.close()
    }

    @Test func liveStateCanBeRebuiltFromTheStore() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, campaign) = try await f.seed(db)
        let agent = try await db.createUser(NewUser(username: "a", displayName: "A", role: .agent, passwordHash: "h"), at: f.t0)
        // Yesterday: one closed; today: one closed, one abandoned, one active, two queued.
        let old = try await db.recordInbound(f.inbound(campaign, provider, id: "o", from: "0", at: -86_400)).interactionID
        try await db.record(.taken(agent: agent.id, at: f.t0.adding(seconds: -86_000)), for: old)
        try await db.record(.closed(at: f.t0.adding(seconds: -85_000), subject: nil), for: old)
        var ids: [InteractionID] = []
        for n in 1...5 {
            ids.append(try await db.recordInbound(f.inbound(campaign, provider, id: "t\(n)", from: "\(n)", at: Int64(n))).interactionID)
        }
        try await db.record(.taken(agent: agent.id, at: f.t0.adding(seconds: 10)), for: ids[0])
        try await db.record(.closed(at: f.t0.adding(seconds: 20), subject: nil), for: ids[0])
        try await db.record(.abandoned(at: f.t0.adding(seconds: 30)), for: ids[1])
        try await db.record(.taken(agent: agent.id, at: f.t0.adding(seconds: 40)), for: ids[2])
        await db.close()

        let reopened = try await f.open()
        let open = try await reopened.openInteractions()
        #expect(open.map(\.id) == [ids[2], ids[3], ids[4]])
        #expect(open.map(\.state) == [.active, .queued, .queued] && open[0].agentID == agent.id)
        #expect(try await reopened.interactions(touchedSince: f.t0).map(\.id) == ids)
        await reopened.close()
    }

    @Test func requeuesKeepTheTakeTheyUndid() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, campaign) = try await f.seed(db)
        let ana = try await db.createUser(NewUser(username: "ana", displayName: "Ana", role: .agent, passwordHash: "h"), at: f.t0)
        let bob = try await db.createUser(NewUser(username: "bob", displayName: "Bob", role: .agent, passwordHash: "h"), at: f.t0)
        let old = try await db.recordInbound(f.inbound(campaign, provider, id: "o", from: "0", at: -86_400)).interactionID
        try await db.record(.taken(agent: ana.id, at: f.t0.adding(seconds: -86_300)), for: old)
        try await db.record(.requeued(at: f.t0.adding(seconds: -86_200)), for: old)
        try await db.record(.abandoned(at: f.t0.adding(seconds: -86_100)), for: old)
        let id = try await db.recordInbound(f.inbound(campaign, provider, id: "t", from: "1", at: 5)).interactionID
        try await db.record(.reserved(agent: bob.id, at: f.t0.adding(seconds: 6)), for: id)
        try await db.record(.requeued(at: f.t0.adding(seconds: 8)), for: id)          // a lapsed offer: no take undone
        try await db.record(.taken(agent: ana.id, at: f.t0.adding(seconds: 10)), for: id)
        try await db.record(.requeued(at: f.t0.adding(seconds: 20)), for: id)
        try await db.record(.taken(agent: bob.id, at: f.t0.adding(seconds: 30)), for: id)
        // Today's interactions are index ranges, not a walk over every interaction ever recorded (checked before the
        // first close gathers statistics: with a handful of rows, SQLite rightly prefers a scan).
        let plan = try await db.read { c throws(StoreError) in
            try c.with("""
                EXPLAIN QUERY PLAN SELECT \(StoreDatabase.interactionColumns) FROM (\(StoreDatabase.touchedIDs))
                CROSS JOIN interactions ON id = touched_id ORDER BY interactions.id
                """) { s throws(StoreError) in
                var details: [String] = []
                while try s.step() { details.append(s.text(3)) }
                return details
            }
        }
        #expect(!plan.isEmpty && !plan.contains { $0.hasPrefix("SCAN interactions") }, "\(plan)")
        // The agent index holds only taken rows, and a search by agent still walks it in date order.
        let agentPlan = try await db.read { c throws(StoreError) in
            try c.with("EXPLAIN QUERY PLAN SELECT id FROM interactions WHERE agent_id = ? ORDER BY enqueued_at DESC LIMIT 50") {
                s throws(StoreError) in
                var details: [String] = []
                while try s.step() { details.append(s.text(3)) }
                return details
            }
        }
        #expect(agentPlan.contains { $0.contains("interactions_by_agent") } && !agentPlan.contains { $0.contains("TEMP B-TREE") },
                "\(agentPlan)")
        await db.close()

        let reopened = try await f.open()
        #expect(try await reopened.requeues(touchedSince: f.t0) == [
            RequeueRecord(interactionID: id, at: f.t0.adding(seconds: 20), agentID: ana.id, takenAt: f.t0.adding(seconds: 10)),
        ])
        #expect(try await reopened.requeues(touchedSince: f.t0.adding(seconds: -86_400)).map(\.interactionID) == [old, id])
        let row = try #require(try await reopened.interaction(id))
        #expect(row.agentID == bob.id && row.takenAt == f.t0.adding(seconds: 30) && row.firstTakenAt == f.t0.adding(seconds: 10))
        await reopened.close()
    }

    @Test func agentStatusChangesStartWithEachAgentsStateBeforeTheDay() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let ana = try await db.createUser(NewUser(username: "ana", displayName: "Ana", role: .agent, passwordHash: "h"), at: f.t0)
        let bob = try await db.createUser(NewUser(username: "bob", displayName: "Bob", role: .agent, passwordHash: "h"), at: f.t0)
        func status(_ agent: UserID, _ seconds: Int64, _ detail: String) -> SwitchboardStore.AuditEntry {
            SwitchboardStore.AuditEntry(at: f.t0.adding(seconds: seconds), actorID: agent, action: "agent.status", target: "agent:\(agent)",
                                        detail: detail)
        }
        for entry in [status(ana.id, -7_200, "available"), status(ana.id, -3_600, "paused lunch"), status(bob.id, -5_000, "available"),
                      status(bob.id, -4_000, "offline"), status(ana.id, 60, "available"), status(bob.id, 120, "available")] {
            try await db.appendAudit(entry)
        }
        try await db.appendAudit(SwitchboardStore.AuditEntry(at: f.t0.adding(seconds: 90), actorID: UserID(9), action: "pause", target: "agent:2"))
        let changes = try await db.agentStatusChanges(since: f.t0)
        #expect(changes.map(\.actorID) == [bob.id, ana.id, ana.id, bob.id])
        #expect(changes.map(\.detail) == ["offline", "paused lunch", "available", "available"])
        #expect(try await db.agentStatusChanges(since: f.t0.adding(seconds: 200)).map(\.detail) == ["available", "available"])
        // Both halves walk an index: the day's range of the time index, one descent per agent into the partial one.
        let plan = try await db.read { c throws(StoreError) in
            try c.with("""
                EXPLAIN QUERY PLAN SELECT b.id FROM audit_log b WHERE b.action = 'agent.status' AND b.actor_id = 1 AND b.at < 5
                ORDER BY b.at DESC, b.id DESC LIMIT 1
                """) { s throws(StoreError) in
                var details: [String] = []
                while try s.step() { details.append(s.text(3)) }
                return details
            }
        }
        #expect(plan.contains { $0.contains("audit_agent_status") } && !plan.contains { $0.contains("TEMP B-TREE") })
        await db.close()
    }

    @Test func searchFiltersSortsAndPages() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, sales) = try await f.seed(db)
        let support = try await db.createCampaign(CampaignSettings(name: "Support", providerID: provider, number: "+2"), at: f.t0).id
        let ana = try await db.createUser(NewUser(username: "ana", displayName: "Ana", role: .agent, passwordHash: "h"), at: f.t0)
        for n in 0..<20 {
            let campaign = n % 2 == 0 ? sales : support
            let body = n % 5 == 0 ? "factura vencida número \(n)" : "consulta general \(n)"
            let id = try await db.recordInbound(f.inbound(campaign, provider, id: "s\(n)", from: "+598\(n)", at: Int64(n * 60),
                                                          body: body)).interactionID
            if n % 4 == 0 {
                try await db.record(.taken(agent: ana.id, at: f.t0.adding(seconds: Int64(n * 60 + 5))), for: id)
                try await db.record(.closed(at: f.t0.adding(seconds: Int64(n * 60 + 65)), subject: "=cmd|x"), for: id)
            }
        }
        let all = try await db.searchRecordings(RecordingQuery(limit: 8))
        #expect(all.rows.count == 8 && all.hasMore && all.rows.first?.date == f.t0.adding(seconds: 19 * 60))
        // Several campaigns or states: one ordered branch per value, merged (same rows as without the filter here).
        #expect(try await db.searchRecordings(RecordingQuery(campaignIDs: [support, sales], limit: 8)) == all)
        #expect(try await db.searchRecordings(RecordingQuery(states: [.queued, .closed], offset: 3, limit: 4)).rows
            == Array(all.rows[3..<7]))
        let last = try await db.searchRecordings(RecordingQuery(offset: 16, limit: 8))
        #expect(last.rows.count == 4 && !last.hasMore)
        let text = try await db.searchRecordings(RecordingQuery(text: "FACTURA"))
        #expect(text.rows.map(\.date) == [15, 10, 5, 0].map { f.t0.adding(seconds: Int64($0 * 60)) })
        #expect(try await db.searchRecordings(RecordingQuery(text: "fact*")).rows.count == 4)
        func minutes(_ page: RecordingPage) -> [Int64] { page.rows.map { f.t0.millisecondsUntil($0.date) / 60_000 } }
        #expect(minutes(try await db.searchRecordings(RecordingQuery(campaignIDs: [sales], text: "factura"))) == [10, 0])
        let paged = try await db.searchRecordings(RecordingQuery(text: "factura", offset: 1, limit: 2))
        #expect(minutes(paged) == [10, 5] && paged.hasMore)
        #expect(minutes(try await db.searchRecordings(RecordingQuery(text: "factura", descending: false, limit: 2))) == [0, 5])
        let ranged = RecordingQuery(startDate: f.t0.adding(seconds: 300), finalDate: f.t0.adding(seconds: 900), text: "factura")
        #expect(minutes(try await db.searchRecordings(ranged)) == [15, 10, 5])
        #expect(minutes(try await db.searchRecordings(RecordingQuery(agentID: ana.id, text: "factura"))) == [0])
        let agentRange = RecordingQuery(startDate: f.t0, finalDate: f.t0.adding(seconds: 900), agentID: ana.id, text: "factura")
        #expect(minutes(try await db.searchRecordings(agentRange)) == [0])
        var outside = agentRange
        outside.startDate = f.t0.adding(seconds: 60)
        #expect(try await db.searchRecordings(outside).rows.isEmpty)
        #expect(try await db.searchRecordings(RecordingQuery(text: "factura \"OR consulta")).rows.count == 0)
        let closed = try await db.searchRecordings(RecordingQuery(campaignIDs: [sales], agentID: ana.id, states: [.closed]))
        #expect(closed.rows.count == 5 && closed.rows.allSatisfy { $0.agentName == "Ana" && $0.durationMilliseconds == 65_000 })
        let window = RecordingQuery(startDate: f.t0.adding(seconds: 300), finalDate: f.t0.adding(seconds: 600), heyNowNumber: "+5985")
        #expect(try await db.searchRecordings(window).rows.map(\.heyNowNumber) == ["+5985"])
        #expect(try await db.searchRecordings(RecordingQuery(subject: "CMD|")).rows.count == 5)
        #expect(try await db.searchRecordings(RecordingQuery(subject: "%")).rows.isEmpty)
        // Sorts on the interaction's own columns pick the page's ids first, ties broken by id in the same direction.
        let longest = try await db.searchRecordings(RecordingQuery(sort: .duration, limit: 3))
        #expect(minutes(longest) == [16, 12, 8] && longest.rows.allSatisfy { $0.durationMilliseconds == 65_000 } && longest.hasMore)
        let numbers = try await db.searchRecordings(RecordingQuery(sort: .heyNowNumber, descending: false, offset: 2, limit: 3))
        #expect(numbers.rows.map(\.heyNowNumber) == ["+59810", "+59811", "+59812"] && numbers.rows.allSatisfy { !$0.campaignName.isEmpty })
        let byCount = try await db.searchRecordings(RecordingQuery(sort: .campaign, descending: false, limit: 20))
        #expect(byCount.rows.map(\.campaignName) == Array(repeating: "Sales", count: 10) + Array(repeating: "Support", count: 10))
        #expect(try await db.countRecordings(RecordingQuery(campaignIDs: [support])) == 10)
        #expect(try await db.countRecordings(RecordingQuery(campaignIDs: [sales], text: "factura")) == 2)
        #expect(try await db.countRecordings(RecordingQuery(campaignIDs: [])) == 0)
        await db.close()
    }

    /// Late messages land in old interactions (message ids follow arrival, not the interaction): every way of
    /// matching text still returns the interactions newest first, page by page.
    @Test func textSearchOrdersInterleavedMessagesByInteractionDate() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, campaign) = try await f.seed(db)
        var ids: [InteractionID] = []
        for n in 0..<12 {
            ids.append(try await db.recordInbound(f.inbound(campaign, provider, id: "o\(n)", from: "+598\(n)", at: Int64(n * 60))).interactionID)
        }
        // Oldest interactions get the newest hits; a third of them never gets one.
        for round in 0..<3 {
            for n in (0..<12).reversed() where n % 3 != 1 {
                _ = try await db.appendMessage(NewMessage(interactionID: ids[n], sender: .agent, at: f.t0.adding(seconds: Int64(900 + round)),
                                                          body: "su factura \(round)"))
            }
        }
        let expected = (0..<12).reversed().filter { $0 % 3 != 1 }.map { ids[$0] }
        var walked: [InteractionID] = []
        for offset in stride(from: 0, to: 12, by: 3) {
            let page = try await db.searchRecordings(RecordingQuery(text: "factura", offset: offset, limit: 3))
            walked += page.rows.map(\.id)
            #expect(page.hasMore == (offset + 3 < expected.count))
        }
        #expect(walked == expected)
        // The set and per-row forms (chosen by hit count) agree with the walk.
        for text in [StoreDatabase.TextFilter.hitSet(0...Int64.max), .perRow] {
            let (sql, values) = StoreDatabase.selectSQL(RecordingQuery(text: "factura", limit: 20), paged: true, text: text)
            let rows = try await db.read { c throws(StoreError) in
                try c.with(sql) { s throws(StoreError) in
                    s.bind(values)
                    var rows: [InteractionID] = []
                    while try s.step() { rows.append(InteractionID(s.int64(0))) }
                    return rows
                }
            }
            #expect(rows == expected)
        }
        let since = RecordingQuery(startDate: f.t0.adding(seconds: 300), text: "factura")
        #expect(try await db.searchRecordings(since).rows.map(\.id) == expected.filter { $0 >= ids[5] })
        // An end date: the other filters' rows in date order, each checked against the set of hits.
        let until = try await db.searchRecordings(RecordingQuery(finalDate: f.t0.adding(seconds: 600), text: "factura", offset: 1, limit: 3))
        #expect(until.rows.map(\.id) == Array(expected.filter { $0 <= ids[10] }.dropFirst().prefix(3)) && until.hasMore)
        await db.close()
    }

    @Test func enqueueTimesNeverGoBackInArrivalOrder() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, campaign) = try await f.seed(db)
        let late = try await db.startInteraction(NewInteraction(campaignID: campaign, providerID: provider, heyNowNumber: "1",
                                                                direction: .outgoing, enqueuedAt: f.t0.adding(seconds: 10)))
        let early = try await db.startInteraction(NewInteraction(campaignID: campaign, providerID: provider, heyNowNumber: "2",
                                                                 direction: .outgoing, enqueuedAt: f.t0))
        #expect(early > late)
        #expect(try await db.interaction(early)?.enqueuedAt == f.t0.adding(seconds: 10))
        await db.close()
    }

    @Test func csvExportStreamsEveryMatchingRow() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, campaign) = try await f.seed(db)
        for n in 0..<30 {
            _ = try await db.recordInbound(f.inbound(campaign, provider, id: "c\(n)", from: "+1\(n)", at: Int64(n), body: "=HYPERLINK(\"x\")"))
        }
        let lines = Locked<[String]>([])
        let written = try await db.exportRecordingsCSV(RecordingQuery(limit: 5)) { line in
            lines.withLock { $0.append(line) }
            return true
        }
        let got = lines.withLock { $0 }
        #expect(written == 30 && got.count == 31 && got[0] == RecordingCSV.header)
        #expect(got[1] == "2026-01-01T00:00:29Z,'+129,Sales,,incoming,queued,,1,\"'=HYPERLINK(\"\"x\"\")\"\r\n")
        let stopped = try await db.exportRecordingsCSV(RecordingQuery()) { line in line == RecordingCSV.header }
        #expect(stopped == 0)
        await db.close()
    }

    @Test func chatAndAuditAreKept() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        for n in 0..<5 {
            _ = try await db.appendChat(agent: UserID(2), supervisor: UserID(1), fromSupervisor: n % 2 == 0, at: f.t0.adding(seconds: Int64(n)),
                                        body: "line \(n)")
        }
        let page = try await db.chat(agent: UserID(2), limit: 2)
        #expect(page.map(\.body) == ["line 3", "line 4"])
        #expect(try await db.chat(agent: UserID(2), before: page[0].id, limit: 10).map(\.body) == ["line 0", "line 1", "line 2"])
        try await db.appendAudit(AuditEntry(at: f.t0, actorID: UserID(1), action: "agent.pause", target: "agent:2"))
        try await db.appendAudit(AuditEntry(at: f.t0.adding(seconds: 1), actorID: nil, action: "alert.asa.critical"))
        #expect(try await db.auditLog().map(\.action) == ["alert.asa.critical", "agent.pause"])
        #expect(try await db.auditLog(actor: UserID(1)).map(\.target) == ["agent:2"])
        await db.close()
    }

    @Test func backupCopiesAConsistentSnapshotWhileWritesGoOn() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, campaign) = try await f.seed(db)
        for n in 0..<200 { _ = try await db.recordInbound(f.inbound(campaign, provider, id: "b\(n)", from: "\(n)")) }
        let copy = f.folder + "/backup.sqlite"
        async let writes: Void = {
            for n in 200..<400 { _ = try await db.recordInbound(f.inbound(campaign, provider, id: "b\(n)", from: "\(n)")) }
        }()
        try await db.backup(to: copy)
        try await writes
        await db.close()
        let restored = try await StoreDatabase.open(StoreConfiguration(path: copy))
        let count = try await restored.countRecordings(RecordingQuery())
        #expect((200...400).contains(count))
        let messages = try await restored.read { c throws(StoreError) in try c.scalar("SELECT count(*) FROM messages") ?? -1 }
        #expect(messages == Int64(count))
        #expect(try await restored.searchRecordings(RecordingQuery(text: "hola", limit: 1)).rows.count == 1)
        await restored.close()
    }

    @Test func aClosedStoreRefusesWork() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        await db.close()
        await #expect(throws: StoreError.closed) { _ = try await db.users() }
        await #expect(throws: StoreError.closed) { try await db.appendAudit(AuditEntry(at: f.t0, actorID: nil, action: "x")) }
    }
}
