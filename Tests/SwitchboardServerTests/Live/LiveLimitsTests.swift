import Foundation
import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore
import Testing
import TestSupport
@testable import SwitchboardServer

/// The live socket's abuse limits (set low by configuration, as the serve flags do) and their counts in `/metrics`.
@Suite("Live limits")
struct LiveLimitsTests {
    @Test func theBucketAllowsOneSecondsWorthThenRefillsWithTime() {
        var bucket = CommandRateBucket()
        func take(_ at: Int64) -> Bool { bucket.admit(at: at, rate: 5) }
        for _ in 0..<5 { #expect(take(1_000)) }
        #expect(!take(1_000))
        #expect(!take(1_100))   // 0.5 token
        #expect(take(1_200))    // 1 token after 200 ms
        #expect(!take(1_200))
        for _ in 0..<5 { #expect(take(60_000)) }   // never more than the burst saved
        #expect(!take(60_000))
    }

    @Test func aFloodOfCommandsIsRateLimitedAndCounted() async throws {
        let clock = ManualClock()
        let server = try await LiveTestServer.start(clock: clock) { $0.liveLimits.commandsPerSecond = 3 }
        defer { Task { await server.remove() } }
        let s = try await server.scenario()
        let socket = try #require(try await LiveTestSocket.open(port: server.port, session: await server.login("ana")).socket)
        for _ in 0..<3 { #expect(try await socket.command("subscribe", ["topic": "inbox:\(s.agent.id)"]).string("type") == "ack") }
        let refused = try await socket.command("subscribe", ["topic": "inbox:\(s.agent.id)"])
        #expect(refused.string("code") == "rate_limited")
        // Another socket has its own bucket; a second later this one may go on.
        let other = try #require(try await LiveTestSocket.open(port: server.port, session: await server.login("ana")).socket)
        #expect(try await other.command("subscribe", ["topic": "inbox:\(s.agent.id)"]).string("type") == "ack")
        clock.advance(seconds: 1)
        #expect(try await socket.command("subscribe", ["topic": "inbox:\(s.agent.id)"]).string("type") == "ack")

        let metrics = await server.api(nil).get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.header("Content-Type")?.hasPrefix("text/plain") == true)
        #expect(metrics.text.contains(#"switchboard_limit_refusals_total{limit="commands_per_second"} 1"#))
        #expect(metrics.text.contains("switchboard_websockets_open 2"))
        #expect(metrics.text.contains(#"route="/api/login""#))
        #expect(metrics.text.contains("switchboard_store_commit_seconds"))
        #expect(metrics.text.contains("switchboard_hub_publications_total"))
    }

    @Test func subscriptionsPerConnectionAreCapped() async throws {
        let server = try await LiveTestServer.start { $0.liveLimits.subscriptionsPerConnection = 2 }
        defer { Task { await server.remove() } }
        let s = try await server.scenario()
        let socket = try #require(try await LiveTestSocket.open(port: server.port, session: await server.login("ana")).socket)
        #expect(try await socket.command("subscribe", ["topic": "inbox:\(s.agent.id)"]).string("type") == "ack")
        #expect(try await socket.command("subscribe", ["topic": "campaign:\(s.campaign)"]).string("type") == "ack")
        let third = try await socket.command("subscribe", ["topic": "chat:\(s.agent.id)"])
        #expect(third.string("code") == "limit_reached")
        // One already held is no new subscription; leaving one makes room.
        #expect(try await socket.command("subscribe", ["topic": "inbox:\(s.agent.id)"]).string("type") == "ack")
        #expect(try await socket.command("unsubscribe", ["topic": "campaign:\(s.campaign)"]).string("type") == "ack")
        #expect(try await socket.command("subscribe", ["topic": "chat:\(s.agent.id)"]).string("type") == "ack")
        #expect(await server.api(nil).get("/metrics").text.contains(#"switchboard_limit_refusals_total{limit="subscriptions_per_connection"} 1"#))
    }

    @Test func spiesPerSupervisorCountOverAllItsSockets() async throws {
        let server = try await LiveTestServer.start { $0.liveLimits.spiesPerSupervisor = 1 }
        defer { Task { await server.remove() } }
        let s = try await server.scenario()
        let first = try await server.customerWrites("one", from: "+5491100000001", to: s.campaign)
        let second = try await server.customerWrites("two", from: "+5491100000002", to: s.campaign)
        let session = try #require(await server.login("sam"))
        let a = try #require(try await LiveTestSocket.open(port: server.port, session: session).socket)
        let b = try #require(try await LiveTestSocket.open(port: server.port, session: session).socket)
        let c = s.campaign.rawValue
        #expect(try await a.command("spy", ["interaction": first.rawValue, "campaign": c]).string("type") == "ack")
        #expect(try await a.command("spy", ["interaction": first.rawValue, "campaign": c]).string("type") == "ack")   // the same again
        #expect(try await a.command("spy", ["interaction": second.rawValue, "campaign": c]).string("code") == "limit_reached")
        #expect(try await b.command("spy", ["interaction": second.rawValue, "campaign": c]).string("code") == "limit_reached")
        #expect(try await a.command("unspy", ["interaction": first.rawValue, "campaign": c]).string("type") == "ack")
        #expect(try await b.command("spy", ["interaction": second.rawValue, "campaign": c]).string("type") == "ack")
        // A socket that closes gives its spies back.
        try await b.close()
        _ = try? await b.closeCode()
        var freed = false
        for _ in 0..<100 where !freed {
            freed = try await a.command("spy", ["interaction": first.rawValue, "campaign": c]).string("type") == "ack"
            if !freed { try await Task.sleep(for: .milliseconds(10)) }   // the close reaches the handler from the loop
        }
        #expect(freed)
    }

    @Test func loopbackAddressesAreRecognised() {
        func address(_ bytes: [UInt8]) -> PeerAddress {
            var words: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &words) { $0.copyBytes(from: bytes) }
            return PeerAddress(high: words.0, low: words.1)
        }
        let mapped: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]
        #expect(address(mapped + [127, 0, 0, 1]).isLoopback)
        #expect(address(mapped + [127, 1, 2, 3]).isLoopback)
        #expect(address(Array(repeating: 0, count: 15) + [1]).isLoopback)
        #expect(!address(mapped + [10, 0, 0, 1]).isLoopback)
        #expect(!address(mapped + [128, 0, 0, 1]).isLoopback)
        #expect(!PeerAddress.unknown.isLoopback)
    }
}
