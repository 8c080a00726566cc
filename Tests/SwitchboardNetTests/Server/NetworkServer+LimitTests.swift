import Testing
import TestSupport
@testable import SwitchboardNet

extension NetworkServerTests {
    /// The per-address connection limit and the loops' counters.
    @Suite struct LimitTests {
        @Test(arguments: [1, 2]) func anAddressAtItsLimitIsRefusedUntilOneOfItsConnectionsCloses(loops: Int) throws {
            let server = try NetTestServer(loops: loops) { $0.maxConnectionsPerAddress = 2 }
            let first = try server.client(), second = try server.client()
            #expect(try first.get("/a").status == 200)
            #expect(try second.get("/b").status == 200)
            #expect(server.server.counters().connections == 2)
            // The third from the same address is closed at accept, without an answer.
            let third = try server.client()
            try? third.send("GET /c HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(third.waitForClose())
            #expect(server.server.counters().refusedPerAddress == 1)
            // One closes: a new one is let in.
            first.shutdownWrite()
            var admitted = false
            for _ in 0..<50 where !admitted {
                server.barrier()
                if server.server.counters().connections < 2 {
                    let fourth = try server.client()
                    admitted = (try? fourth.get("/d").status) == 200
                }
            }
            #expect(admitted)
        }

        @Test func countsWebSocketsOpenAndClosed() throws {
            let server = try NetTestServer()
            let client = try server.client()
            #expect(try client.upgrade().status == 101)
            server.barrier()
            #expect(server.server.counters().webSockets == 1)
            try client.sendClose(1000)
            _ = client.waitForClose()
            server.barrier()
            #expect(server.server.counters().webSockets == 0)
        }
    }
}
