import Testing
import TestSupport
@testable import SwitchboardNet

extension NetworkServerTests {
    /// Publish/subscribe over real sockets: fan-out across loops, and what each `DeliveryPolicy` does
    /// to a reader that cannot keep up.
    @Suite struct FanOutTests {
        /// WebSocket clients until both loops hold at least one (SO_REUSEPORT spreads connections by hash).
        private func clientsOnBothLoops(_ server: NetTestServer) throws -> [(NetTestClient, ConnectionID)] {
            var clients: [(NetTestClient, ConnectionID)] = []
            while clients.count < 4 || Set(clients.map(\.1.loop)).count < 2 {
                clients.append(try server.webSocket())
                if clients.count > 64 { Issue.record("64 connections all landed on one loop"); break }
            }
            return clients
        }

        @Test func publishReachesSubscribersOnBothLoops() throws {
            let server = try NetTestServer(loops: 2)
            let topic = server.server.topics.id(for: "room")
            let clients = try clientsOnBothLoops(server)
            let outsider = try server.webSocket()
            for (_, id) in clients { server.server.subscribe(id, to: topic) }
            server.barrier()
            for i in 0..<20 {
                server.server.publish(server.server.makeMessage(text: "news \(i)"), to: topic, policy: .lossless)
            }
            for (client, id) in clients {
                for i in 0..<20 {
                    let frame = try client.readFrame()
                    #expect(frame.opcode == 0x1 && frame.payload == Array("news \(i)".utf8), "client \(id)")
                }
            }
            #expect(outsider.0.staysSilentBriefly())
            // Unsubscribed connections stop receiving; the others still get the next message.
            server.server.unsubscribe(clients[0].1, from: topic)
            server.barrier()
            server.server.publish(server.server.makeMessage(text: "after"), to: topic, policy: .lossless)
            for (client, _) in clients.dropFirst() { #expect(try client.readFrame().payload == Array("after".utf8)) }
            #expect(clients[0].0.staysSilentBriefly())
        }

        @Test func closedSubscribersAreDroppedFromTheTopic() throws {
            let server = try NetTestServer()
            let topic = server.server.topics.id(for: "t")
            let (gone, goneID) = try server.webSocket()
            let (stay, stayID) = try server.webSocket()
            server.server.subscribe(goneID, to: topic)
            server.server.subscribe(stayID, to: topic)
            try gone.sendClose(1000)
            #expect(try gone.readCloseCode() == 1000)
            server.barrier()
            server.server.publish(server.server.makeMessage(text: "x"), to: topic, policy: .lossless)
            #expect(try stay.readFrame().payload == Array("x".utf8))
            #expect(server.delegate.closeCode(goneID) == 1000)
        }

        /// A message of `size` bytes whose first 8 bytes are its sequence number.
        private func sequenced(_ n: Int, size: Int) -> [UInt8] {
            var bytes = [UInt8](repeating: UInt8(truncatingIfNeeded: n), count: size)
            for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: n >> (8 * i)) }
            return bytes
        }

        private func sequence(of payload: [UInt8]) -> Int {
            (0..<8).reduce(0) { $0 | Int(payload[$1]) << (8 * $1) }
        }

        @Test func losslessSlowReaderIsClosedWith1013WhileFastReadersGetEverything() throws {
            let server = try NetTestServer(loops: 2) { $0.outboundLimitBytes = 1 << 20 }
            let topic = server.server.topics.id(for: "lossless")
            let fast = try clientsOnBothLoops(server).prefix(2)
            let (slow, slowID) = try server.webSocket()
            for (_, id) in fast { server.server.subscribe(id, to: topic) }
            server.server.subscribe(slowID, to: topic)
            server.barrier()
            let size = 16 << 10
            var published = 0
            // 12 MiB in batches of 256 KiB: fast readers drain each batch; the slow one never reads, and the
            // socket buffers (a few MiB) plus the 1 MiB bound cannot hold it all.
            while published < 768 {
                for _ in 0..<16 {
                    server.server.publish(server.server.makeMessage(.binary, payload: sequenced(published, size: size)), to: topic, policy: .lossless)
                    published += 1
                }
                for (client, _) in fast {
                    for n in (published - 16)..<published {
                        let frame = try client.readFrame()
                        #expect(frame.opcode == 0x2 && frame.payload.count == size && sequence(of: frame.payload) == n)
                    }
                }
            }
            // Fast readers keep receiving after the slow one is gone.
            server.server.publish(server.server.makeMessage(text: "still here"), to: topic, policy: .lossless)
            for (client, _) in fast {
                do { #expect(try client.readFrame().payload == Array("still here".utf8)) } catch { Issue.record("fast: \(error)"); throw error }
            }
            // The slow reader finally reads: whole frames in order, then a clean close frame with 1013, then the end.
            var expected = 0
            while true {
                let frame: NetTestClient.Frame
                do { frame = try slow.readFrame() } catch { Issue.record("slow reader: \(error) after \(expected) frames"); throw error }
                if frame.opcode == 0x8 {
                    #expect(frame.closeCode == 1013)
                    break
                }
                #expect(frame.opcode == 0x2 && frame.payload.count == size && sequence(of: frame.payload) == expected,
                        "slow reader got a torn or out-of-order frame at \(expected)")
                if frame.payload.count != size { break }
                expected += 1
            }
            #expect(expected < published)
            try slow.sendClose(1013)
            #expect(slow.waitForClose())
            server.barrier()
            #expect(server.delegate.closeCode(slowID) == 1013)
        }

        @Test func latestStateKeepsOnlyTheNewestFrameForASlowReader() throws {
            let server = try NetTestServer { $0.outboundLimitBytes = 64 << 10 }
            let topic = server.server.topics.id(for: "state")
            let (slow, slowID) = try server.webSocket()
            server.server.subscribe(slowID, to: topic)
            server.barrier()
            let size = 8 << 10
            let count = 2_000  // 16 MiB: far more than the socket buffers and the outbound bound hold
            for n in 0..<count {
                server.server.publish(server.server.makeMessage(.binary, payload: sequenced(n, size: size)), to: topic, policy: .latestState)
            }
            #expect(server.barrier())
            var received: [Int] = []
            while received.last != count - 1 {
                let frame = try slow.readFrame()
                #expect(frame.opcode == 0x2 && frame.payload.count == size)
                received.append(sequence(of: frame.payload))
                if received.count > count { break }
            }
            #expect(received.last == count - 1, "the newest state arrives last")
            #expect(received.count < count, "nothing was dropped")
            #expect(received == received.sorted() && Set(received).count == received.count)
            #expect(server.delegate.closeCode(slowID) == nil, "latest-state readers are not closed")
            // Once drained, every new state is delivered.
            server.server.publish(server.server.makeMessage(.binary, payload: sequenced(count, size: size)), to: topic, policy: .latestState)
            #expect(sequence(of: try slow.readFrame().payload) == count)
        }
    }
}

extension NetTestClient {
    /// Whether nothing arrives within 100 ms.
    func staysSilentBriefly() -> Bool {
        setTimeout(milliseconds: 100)
        defer { setTimeout(milliseconds: 5_000) }
        return staysSilent()
    }
}
