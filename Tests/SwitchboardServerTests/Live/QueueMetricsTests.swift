import Foundation
import SwitchboardDomain
import SwitchboardStore
import Testing
import TestSupport
@testable import SwitchboardServer

/// Each campaign's queue in `/metrics`: its size and its oldest waiting interaction's wait, on the domain's clock.
@Suite("Queue metrics")
struct QueueMetricsTests {
    @Test func aCampaignsQueueSizeAndLongestWaitFollowTheClock() async throws {
        let clock = ManualClock()
        let server = try await LiveTestServer.start(clock: clock)
        defer { Task { await server.remove() } }
        let s = try await server.scenario()
        let size = #"switchboard_queue_size{campaign="\#(s.campaign)"}"#
        let wait = #"switchboard_queue_longest_wait_seconds{campaign="\#(s.campaign)"}"#
        func scrape() async -> String { await server.api(nil).get("/metrics").text }

        await server.center.flush()
        let empty = await scrape()
        #expect(MetricsText.value(empty, size) == 0)
        #expect(MetricsText.value(empty, wait) == 0)

        _ = try await server.customerWrites("hola", from: "+5491100000001", to: s.campaign)
        clock.advance(seconds: 30)
        _ = try await server.customerWrites("buenas", from: "+5491100000002", to: s.campaign)
        await server.center.flush()
        clock.advance(seconds: 12)
        let two = await scrape()
        #expect(MetricsText.value(two, size) == 2)
        #expect(MetricsText.value(two, wait) == 42)
        // The wait is measured at the scrape: it grows with the clock while nothing else changes.
        clock.advance(milliseconds: 5_500)
        #expect(MetricsText.value(await scrape(), wait) == 47.5)
    }
}
