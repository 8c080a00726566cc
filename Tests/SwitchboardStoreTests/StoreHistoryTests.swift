import SwitchboardDomain
import Testing
@testable import SwitchboardStore

/// A customer's earlier interactions (the inbox's "previous messages"): same number, given campaigns, enqueued before
/// the current one, newest first, capped.
@Suite struct StoreHistoryTests {
    @Test func earlierInteractionsOfTheSameNumberInTheAgentsCampaignsNewestFirst() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, sales) = try await f.seed(db)
        let support = try await db.createCampaign(CampaignSettings(name: "Support", providerID: provider, number: "+59899000002"), at: f.t0).id
        let agent = try await db.createUser(NewUser(username: "a", displayName: "Ana", role: .agent, passwordHash: "h"), at: f.t0)
        func visit(_ campaign: CampaignID, from number: String, at seconds: Int64, subject: String?, disposition: String? = nil)
            async throws -> InteractionID {
            let id = try await db.recordInbound(f.inbound(campaign, provider, id: "m\(seconds)-\(number)", from: number, at: seconds,
                                                         body: "hola \(seconds)")).interactionID
            try await db.record(.taken(agent: agent.id, at: f.t0.adding(seconds: seconds + 1)), for: id)
            _ = try await db.appendMessage(NewMessage(interactionID: id, sender: .agent, agentID: agent.id,
                                                      at: f.t0.adding(seconds: seconds + 2), body: "respuesta \(seconds)"))
            try await db.record(.closed(at: f.t0.adding(seconds: seconds + 3), subject: subject, disposition: disposition), for: id)
            return id
        }
        let first = try await visit(sales, from: "+111", at: 0, subject: "Factura", disposition: "Resolved")
        let other = try await visit(sales, from: "+222", at: 10, subject: nil)
        let elsewhere = try await visit(support, from: "+111", at: 20, subject: nil)
        let second = try await visit(sales, from: "+111", at: 30, subject: nil)
        let now = try await db.recordInbound(f.inbound(sales, provider, id: "now", from: "+111", at: 40, body: "otra vez")).interactionID

        let inSales = try await db.previousInteractions(before: now, customer: "+111", in: [sales])
        #expect(inSales.map(\.id) == [second, first])
        #expect(inSales.last?.subject == "Factura" && inSales.last?.disposition == "Resolved")
        #expect(inSales.last?.messages.map(\.body) == ["hola 0", "respuesta 0"])
        #expect(inSales.last?.messages.map(\.sender) == [.customer, .agent])
        #expect(inSales.first?.subject == "hola 30")   // the automatic subject
        let everywhere = try await db.previousInteractions(before: now, customer: "+111", in: [sales, support])
        #expect(everywhere.map(\.id) == [second, elsewhere, first])
        #expect(try await db.previousInteractions(before: now, customer: "+111", in: [sales], limit: 1).map(\.id) == [second])
        // Not later ones, not other customers, nothing without campaigns.
        #expect(try await db.previousInteractions(before: first, customer: "+111", in: [sales]).isEmpty)
        #expect(try await db.previousInteractions(before: now, customer: "+222", in: [sales]).map(\.id) == [other])
        #expect(try await db.previousInteractions(before: now, customer: "+111", in: []).isEmpty)
        await db.close()
    }

    @Test func eachEarlierInteractionCarriesOnlyItsNewestMessages() async throws {
        let f = try StoreTestFixture()
        defer { f.remove() }
        let db = try await f.open()
        let (provider, campaign) = try await f.seed(db)
        let old = try await db.recordInbound(f.inbound(campaign, provider, id: "first", from: "+333", body: "0")).interactionID
        for n in 1..<(StoreDatabase.historyMessageLimit + 10) {
            _ = try await db.recordInbound(f.inbound(campaign, provider, id: "m\(n)", from: "+333", at: Int64(n), body: "\(n)"))
        }
        try await db.record(.abandoned(at: f.t0.adding(seconds: 100)), for: old)
        let now = try await db.recordInbound(f.inbound(campaign, provider, id: "new", from: "+333", at: 200, body: "nuevo")).interactionID
        let past = try #require(try await db.previousInteractions(before: now, customer: "+333", in: [campaign]).first)
        #expect(past.id == old && past.state == .abandoned)
        #expect(past.messageCount == StoreDatabase.historyMessageLimit + 10)
        #expect(past.messages.count == StoreDatabase.historyMessageLimit)
        #expect(past.messages.last?.body == "\(StoreDatabase.historyMessageLimit + 9)")
        await db.close()
    }
}
