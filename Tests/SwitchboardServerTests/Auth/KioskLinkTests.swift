import Foundation
import SwitchboardDomain
import SwitchboardServer
import SwitchboardStore
import Testing
import TestSupport

/// Kiosk links (issue 14): an administrator creates a link for some campaigns; its token opens the TV wallboard of those
/// campaigns only, without the agent grid, and nothing else; revoking it closes the open wallboard and the token opens
/// nothing again, also after a restart.
@Suite("Kiosk links")
struct KioskLinkTests {
    /// Sales (the scenario's) and Billing, each with an agent; a link showing Sales only.
    struct World {
        let server: LiveTestServer
        let sales: CampaignID
        let billing: CampaignID
        let admin: APITestClient
        let link: [String: Any]
        let token: String
    }

    static func world(directory: String? = nil) async throws -> World {
        let server = try await LiveTestServer.start(directory: directory)
        let s = try await server.scenario()
        let admin = server.api(await server.login("root"))
        let second = await admin.post("/api/providers", [
            "name": "Classic Two", "kind": "classic", "baseUrl": "http://127.0.0.1:9", "numbers": ["+14155550101"],
            "accountSid": "AC0123456780", "authToken": "auth-secret-two",
        ] as [String: Any])
        let provider = second.object["id"] as? Int ?? 0
        let billing = await admin.post("/api/campaigns", ["name": "Billing", "providerId": provider, "number": "+14155550101"] as [String: Any])
        let billingID = CampaignID(Int64(billing.object["id"] as? Int ?? 0))
        let created = await admin.post("/api/kiosk-links", ["name": "Floor 2 TV", "campaigns": [s.campaign.rawValue]] as [String: Any])
        #expect(created.status == 201, "\(created.text)")
        let token = try #require(created.object["token"] as? String)
        return World(server: server, sales: s.campaign, billing: billingID, admin: admin, link: created.object["link"] as? [String: Any] ?? [:],
                     token: token)
    }

    @Test func aLinkOpensItsCampaignsWallboardWithoutTheAgentGridAndNothingElse() async throws {
        let w = try await Self.world()
        let server = w.server
        defer { Task { await server.remove() } }
        #expect(w.token.count >= 43)   // 256 random bits, base64url
        #expect(w.link["campaigns"] as? [Int] == [Int(w.sales.rawValue)])

        // The token becomes the kiosk's cookie: HttpOnly, SameSite=Strict, the TV keeps it.
        let opened = await w.server.api(nil).post("/api/kiosk/session", ["token": w.token])
        #expect(opened.status == 200, "\(opened.text)")
        #expect(opened.object["role"] as? String == "kiosk")
        let cookie = try #require(opened.header("Set-Cookie"))
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains(w.token))
        let kiosk = w.server.api(w.token)
        #expect(await kiosk.get("/api/me").object["role"] as? String == "kiosk")
        let campaigns = await kiosk.get("/api/campaigns").array
        #expect(campaigns.map { $0["name"] as? String } == ["Sales"])

        // Nothing else: recordings, audit, users, a campaign's page, logging out like a user.
        for path in ["/api/recordings", "/api/audit", "/api/users", "/api/campaigns/\(w.sales)", "/api/pause-reasons", "/api/kiosk-links"] {
            #expect(await kiosk.get(path).status == 403, "\(path)")
        }
        #expect(await kiosk.post("/api/logout", [String: Any]()).status == 403)

        // The wallboard: Sales only, no agent rows; no campaign topic, no action on an agent.
        let socket = try #require(try await LiveTestSocket.open(port: w.server.port, session: w.token).socket)
        let subscribed = try await socket.command("subscribe", ["topic": "wallboard"])
        #expect(subscribed.string("type") == "ack", "\(subscribed)")
        let snapshot = try await socket.next("snapshot", topic: "wallboard")
        let data = snapshot.object("data")
        #expect(data.objects("campaigns").map { $0.int("campaign") } == [w.sales.rawValue])
        #expect(data.objects("agents").isEmpty)
        #expect(try await socket.command("subscribe", ["topic": "campaign:\(w.sales)"]).string("code") == "forbidden")
        let agent = try #require(await w.server.store.users().first { $0.username == "ana" })
        #expect(try await socket.command("pause", ["agent": agent.id.rawValue, "reason": "x"]).string("code") == "forbidden")
        #expect(try await socket.command("spy", ["campaign": w.sales.rawValue, "interaction": 1]).string("code") == "forbidden")

        // A supervisor's wallboard of the same campaign still carries the agent grid (a separate group).
        let supervisor = try #require(try await LiveTestSocket.open(port: w.server.port, session: await w.server.login("sam")).socket)
        _ = try await supervisor.command("subscribe", ["topic": "wallboard"])
        let full = try await supervisor.next("snapshot", topic: "wallboard").object("data")
        #expect(full.objects("agents").contains { $0.int("agent") == agent.id.rawValue })
    }

    @Test func revokingALinkClosesItsWallboardAndTheTokenOpensNothingAgainEvenAfterARestart() async throws {
        let w = try await Self.world()
        let id = try #require(w.link["id"] as? Int)
        #expect(await w.server.api(nil).post("/api/kiosk/session", ["token": w.token]).status == 200)
        let socket = try #require(try await LiveTestSocket.open(port: w.server.port, session: w.token).socket)
        #expect(try await socket.command("subscribe", ["topic": "wallboard"]).string("type") == "ack")
        let second = await w.admin.post("/api/kiosk-links", ["name": "Lobby", "campaigns": [w.billing.rawValue, w.sales.rawValue]] as [String: Any])
        let secondToken = try #require(second.object["token"] as? String)

        #expect(await w.admin.delete("/api/kiosk-links/\(id)").status == 204)
        #expect(try await socket.closeCode() == 1008)
        #expect(await w.server.api(nil).post("/api/kiosk/session", ["token": w.token]).object.object("error")["code"] as? String == "invalid_kiosk_link")
        #expect(await w.server.api(w.token).get("/api/me").status == 401)
        #expect(await w.server.api(secondToken).get("/api/me").status == 200)
        let list = await w.admin.get("/api/kiosk-links").array
        #expect(list.count == 2)
        #expect(list.first { $0["id"] as? Int == id }?["revokedAt"] is NSNumber)
        #expect(!list.description.contains(w.token) && !list.description.contains(secondToken))   // the token is shown once only
        #expect(await w.admin.delete("/api/kiosk-links/999").status == 404)

        let audit = try await w.server.store.auditLog(actor: nil)
        #expect(audit.contains { $0.action == "kiosk.open" && $0.target == "kiosk:\(id)" })
        let byAdmin = try await w.server.store.auditLog(actor: try #require(await w.server.store.users().first { $0.username == "root" }).id)
        #expect(byAdmin.contains { $0.action == "kiosk.create" && $0.target == "kiosk:\(id)" && $0.detail == "campaigns \(w.sales)" })
        #expect(byAdmin.contains { $0.action == "kiosk.revoke" && $0.target == "kiosk:\(id)" })

        // After a restart the revoked link stays closed and the other still opens its wallboard.
        await w.server.stop()
        let again = try await LiveTestServer.start(directory: w.server.directory)
        defer { Task { await again.remove() } }
        #expect(await again.api(w.token).get("/api/me").status == 401)
        let lobby = await again.api(secondToken).get("/api/campaigns").array
        #expect(Set(lobby.compactMap { $0["name"] as? String }) == ["Sales", "Billing"])
    }

    @Test func aBadLinkRequestIsRefusedWithTheFieldAndNothingIsCreated() async throws {
        let w = try await Self.world()
        let server = w.server
        defer { Task { await server.remove() } }
        let empty = await w.admin.post("/api/kiosk-links", ["name": "", "campaigns": [Int]()] as [String: Any])
        #expect(empty.status == 422)
        #expect(empty.object.object("error").keys.contains("fields"))
        let fields = empty.object.object("error")["fields"] as? [String: String] ?? [:]
        #expect(fields["name"] != nil && fields["campaigns"] != nil)
        let unknown = await w.admin.post("/api/kiosk-links", ["name": "Ghost", "campaigns": [9_999]] as [String: Any])
        #expect(unknown.status == 422)
        #expect((unknown.object.object("error")["fields"] as? [String: String])?["campaigns"] == "campaign 9999 does not exist")
        #expect(await w.admin.get("/api/kiosk-links").array.count == 1)
        // A user's session token is not a kiosk link; nor is nonsense.
        let session = try #require(await w.server.login("sam"))
        #expect(await w.server.api(nil).post("/api/kiosk/session", ["token": session]).status == 401)
        #expect(await w.server.api(nil).post("/api/kiosk/session", ["token": String(repeating: "x", count: 5_000)]).status == 401)
        #expect(await w.server.api(nil).post("/api/kiosk/session", [String: Any]()).status == 422)
        // An account cannot be given the kiosk role.
        let made = await w.admin.post("/api/users", ["username": "tv", "password": "password123", "role": "kiosk"] as [String: Any])
        #expect(made.status == 422)
    }
}
