import Foundation
import SwitchboardDomain
import SwitchboardServer
import SwitchboardStore
import Testing
import TestSupport

/// Brute force against a real server with low limits (flags as `serve` sets them) and an injected clock.
@Suite("Login throttling")
struct LoginThrottlingTests {
    func server(clock: ManualClock) async throws -> LiveTestServer {
        try await LiveTestServer.start(clock: clock) { configuration in
            configuration.loginLimits.usernameFree = 2
            configuration.loginLimits.usernameLockout = 4
            configuration.loginLimits.addressFree = 30
            configuration.loginLimits.addressLockout = 60
        }
    }

    func login(_ server: LiveTestServer, _ username: String, _ password: String) async -> APITestResponse {
        await server.api(nil).request("POST", "/api/login", json: ["username": username, "password": password],
                                      headers: [("User-Agent", "brute/1.0")])
    }

    /// Status, error code and message: what a client can tell apart.
    func seen(_ answer: APITestResponse) -> String {
        let error = answer.object["error"] as? [String: Any] ?? [:]
        return "\(answer.status) \(error["code"] as? String ?? "") \(error["message"] as? String ?? "")"
    }

    @Test func bruteForceAgainstOneUserBacksOffThenLocksAndOthersStillLogIn() async throws {
        let clock = ManualClock()
        let server = try await server(clock: clock)
        defer { Task { await server.remove() } }
        let ana = try await server.makeUser("ana", role: .agent)
        let bob = try await server.makeUser("bob", role: .agent)

        // A username that exists and one that does not answer alike, attempt for attempt.
        var answers: [String: [String]] = [:]
        for name in ["ana", "nobody"] {
            for _ in 0..<3 { answers[name, default: []].append(seen(await login(server, name, "guess-guess"))) }
        }
        #expect(answers["ana"] == answers["nobody"])
        #expect(answers["ana"]?.map { $0.prefix(3) } == ["401", "401", "429"])
        let waiting = await login(server, "ana", "password123")   // even the right password waits
        #expect(waiting.status == 429 && waiting.header("Retry-After") == "1")

        // Meanwhile a colleague behind the same address logs in.
        #expect(await login(server, "bob", "password123").status == 200)

        clock.advance(seconds: 1)
        #expect(await login(server, "ana", "guess-guess").status == 401)
        clock.advance(seconds: 2)
        #expect(await login(server, "ana", "guess-guess").status == 401)   // the fourth: locked now
        let locked = await login(server, "ana", "password123")
        #expect(locked.status == 429 && locked.header("Retry-After") == "900")
        clock.advance(seconds: 15 * 60)
        #expect(await login(server, "ana", "password123").status == 200)

        let audit = try await server.store.auditLog().reversed()
        let lines = audit.map { "\($0.action) \($0.target ?? "")" }
        #expect(lines.filter { $0 == "login.failure username:ana" }.count == 4)
        #expect(lines.filter { $0 == "login.failure username:nobody" }.count == 2)
        #expect(lines.contains("login.lockout username:ana"))
        #expect(lines.filter { $0.hasPrefix("login user:") } == ["login user:\(bob.id)", "login user:\(ana.id)"])
        let failure = try #require(audit.first { $0.action == "login.failure" && $0.target == "username:ana" })
        #expect(failure.actorID == ana.id && failure.actorRole == "agent")
        #expect(failure.address == "127.0.0.1" && failure.userAgent == "brute/1.0")
        #expect(audit.first { $0.target == "username:nobody" }?.actorID == nil)
        #expect(!audit.contains { ($0.detail ?? "").contains("guess") || ($0.target ?? "").contains("guess") })
    }

    @Test func oneAddressSprayingUsernamesIsLockedAsAnAddress() async throws {
        let clock = ManualClock()
        let server = try await LiveTestServer.start(clock: clock) { configuration in
            configuration.loginLimits.addressFree = 3
            configuration.loginLimits.addressLockout = 5
        }
        defer { Task { await server.remove() } }
        try await server.makeUser("ana", role: .agent)
        for index in 0..<5 {
            clock.advance(seconds: 60)
            _ = await login(server, "ana\(index)", "guess-guess")   // ana0… do not exist: no user is counted twice
        }
        #expect(await login(server, "ana", "password123").status == 429)
        let lockouts = try await server.store.auditLog().filter { $0.action == "login.lockout" }.map(\.target)
        #expect(lockouts == ["address:127.0.0.1"])
    }
}
