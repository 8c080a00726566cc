import Foundation
import Testing
import SwitchboardDomain
import SwitchboardStore
@testable import SwitchboardServer

@Suite("Cross-origin protection and security headers")
struct CrossOriginProtectionTests {

    @Test func refusesAStateChangingRequestFromAnotherSiteOrOrigin() async throws {
        let server = try await APITestServer.start()
        let admin = try await server.client("admin", role: .admin)
        let crossSite = await admin.request("POST", "/api/users", json: ["username": "eve"], headers: [("Sec-Fetch-Site", "cross-site")])
        #expect(crossSite.status == 403)
        #expect(crossSite.text.contains("cross_origin"))
        let sameSite = await admin.request("PUT", "/api/users/1", json: [:], headers: [("Sec-Fetch-Site", "same-site")])
        #expect(sameSite.status == 403)
        let otherOrigin = await admin.request("DELETE", "/api/users/1", headers: [("Origin", "https://evil.example")])
        #expect(otherOrigin.status == 403)
        #expect(try await server.store.users().count == 1)   // nothing was changed
        await server.stop()
    }

    @Test func letsSameOriginBrowsersScriptsAndReadsThrough() async throws {
        let server = try await APITestServer.start()
        let admin = try await server.client("admin", role: .admin)
        let sameOrigin = await admin.request("POST", "/api/users", json: ["username": "ann", "displayName": "Ann", "role": "agent",
                                                                           "password": "password123"],
                                             headers: [("Sec-Fetch-Site", "same-origin"), ("Origin", "http://127.0.0.1:\(admin.port)")])
        #expect(sameOrigin.status == 201)
        let script = await admin.post("/api/users", ["username": "bob", "displayName": "Bob", "role": "agent", "password": "password123"])
        #expect(script.status == 201)
        let origin = await admin.request("POST", "/api/users", json: ["username": "cy", "displayName": "Cy", "role": "agent",
                                                                       "password": "password123"],
                                         headers: [("Origin", "http://127.0.0.1:\(admin.port)")])
        #expect(origin.status == 201)
        let crossSiteRead = await admin.request("GET", "/api/users", headers: [("Sec-Fetch-Site", "cross-site")])
        #expect(crossSiteRead.status == 200)
        await server.stop()
    }

    @Test func everyAnswerCarriesTheSecurityHeadersAndOnlyTheInboxMayCaptureTheScreen() async throws {
        let server = try await APITestServer.start()
        let admin = try await server.client("admin", role: .admin)
        let api = await admin.get("/api/me")
        #expect(api.header("Content-Security-Policy")?.contains("default-src 'self'") == true)
        #expect(api.header("X-Content-Type-Options") == "nosniff")
        #expect(api.header("Referrer-Policy") == "no-referrer")
        #expect(api.header("Permissions-Policy")?.contains("display-capture=()") == true)
        #expect(api.header("Strict-Transport-Security") == nil)   // not over TLS
        let inbox = await admin.get("/inbox/")
        #expect(inbox.header("Permissions-Policy")?.contains("display-capture=(self)") == true)
        await server.stop()
    }

    @Test func theRootSendsEachRoleToItsPage() async throws {
        let server = try await APITestServer.start()
        let anonymous = await server.anonymous.get("/")
        #expect(anonymous.status == 303)
        #expect(anonymous.header("Location") == "/login/")
        for (name, role, page) in [("ada", UserRole.admin, "/admin/"), ("sue", .supervisor, "/wallboard/"), ("al", .agent, "/inbox/")] {
            let answer = await (try await server.client(name, role: role)).get("/")
            #expect(answer.status == 303)
            #expect(answer.header("Location") == page)
        }
        await server.stop()
    }
}
