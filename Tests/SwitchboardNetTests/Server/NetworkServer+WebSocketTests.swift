import Testing
import TestSupport
@testable import SwitchboardNet

extension NetworkServerTests {
    /// WebSocket over real sockets: the upgrade, echo, fragmentation, control frames, the close
    /// handshake, protocol errors and their close codes (RFC 6455), size limits, keep-alive pings.
    @Suite struct WebSocketTests {
        @Test(arguments: [1, 2]) func upgradeAnswers101WithTheAcceptValue(loops: Int) throws {
            let server = try NetTestServer(loops: loops)
            let client = try server.client()
            let response = try client.upgrade(path: "/ws")
            #expect(response.status == 101)
            #expect(response.header("Upgrade")?.lowercased() == "websocket")
            #expect(response.header("Connection")?.lowercased() == "upgrade")
            #expect(response.header("Sec-WebSocket-Accept") == NetTestClient.sampleAccept)
            #expect(response.header("Sec-WebSocket-Extensions") == nil)  // deflate is off unless configured
            try client.sendText("hi")
            #expect(try client.readFrame() == .init(fin: true, rsv: 0, opcode: 0x1, masked: false, payload: Array("hi".utf8)))
        }

        static let badUpgrades: [(String, Int)] = [
            ("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n", 426),
            ("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", 426),
            ("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n", 400),
            ("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13\r\n", 400),
            ("Upgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n", 400),
        ]

        @Test(arguments: badUpgrades) func badUpgradesAreRefused(headers: String, status: Int) throws {
            let server = try NetTestServer()
            let client = try server.client()
            try client.send("GET /ws HTTP/1.1\r\nHost: t\r\n\(headers)\r\n")
            let response = try client.readResponse()
            #expect(response.status == status)
            if status == 426 { #expect(response.header("Sec-WebSocket-Version") == "13") }
            #expect(server.delegate.opened.isEmpty)
            // Still HTTP: the connection answers a plain request (or is closed), never speaks WebSocket.
            if let next = try? client.get("/after") { #expect(next.status == 200) }
        }

        @Test func applicationRejectionAndNonGetUpgrade() throws {
            let server = try NetTestServer()
            let client = try server.client()
            #expect(try client.upgrade(path: "/reject").status == 403)
            try client.send(
                "POST /ws HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: \(NetTestClient.sampleKey)\r\nSec-WebSocket-Version: 13\r\n\r\n"
            )
            #expect(try client.readResponse().status == 405)
            #expect(server.delegate.opened.isEmpty)
        }

        @Test func framesSentTogetherWithTheUpgradeRequestAreNotLost() throws {
            let server = try NetTestServer()
            let client = try server.client()
            let upgrade = "GET /ws HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: \(NetTestClient.sampleKey)\r\nSec-WebSocket-Version: 13\r\n\r\n"
            try client.send(Array(upgrade.utf8) + client.frame(opcode: 0x1, Array("early".utf8)) + client.frame(opcode: 0x9, [7]))
            #expect(try client.readResponse().status == 101)
            #expect(try client.readFrame().payload == Array("early".utf8))
            #expect(try client.readFrame() == .init(fin: true, rsv: 0, opcode: 0xA, masked: false, payload: [7]))
        }

        @Test func echoesTextBinaryAndEmptyMessages() throws {
            let server = try NetTestServer()
            let (client, _) = try server.webSocket()
            let binary = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let cases: [(UInt8, [UInt8])] = [
                (0x1, Array("héllo 👋".utf8)), (0x2, [0, 1, 2, 255]), (0x1, []), (0x2, []), (0x2, Array(binary[0..<125])),
                (0x2, Array(binary[0..<126])), (0x2, Array(binary[0..<65_535])), (0x2, binary),
            ]
            for (opcode, payload) in cases {
                try client.sendFrame(opcode: opcode, payload)
                let frame = try client.readFrame()
                #expect(frame.opcode == opcode && frame.fin && frame.rsv == 0 && !frame.masked)
                #expect(frame.payload == payload, "opcode \(opcode) size \(payload.count)")
            }
            // Many frames in one write, and one frame dribbled byte by byte.
            try client.send((0..<50).flatMap { client.frame(opcode: 0x1, Array("m\($0)".utf8)) })
            for i in 0..<50 { #expect(try client.readFrame().payload == Array("m\(i)".utf8)) }
            for byte in client.frame(opcode: 0x1, Array("slow".utf8)) {
                try client.send([byte])
                server.barrier()
            }
            #expect(try client.readFrame().payload == Array("slow".utf8))
        }

        @Test func fragmentedMessagesWithPingsInBetween() throws {
            let server = try NetTestServer()
            let (client, _) = try server.webSocket()
            try client.sendFrame(opcode: 0x1, Array("Hel".utf8), fin: false)
            try client.sendFrame(opcode: 0x9, Array("p1".utf8))
            try client.sendFrame(opcode: 0x0, Array("lo ".utf8), fin: false)
            try client.sendFrame(opcode: 0x9, Array("p2".utf8))
            try client.sendFrame(opcode: 0x0, [], fin: false)
            try client.sendFrame(opcode: 0x0, Array("wörld".utf8), fin: true)
            #expect(try client.readFrame() == .init(fin: true, rsv: 0, opcode: 0xA, masked: false, payload: Array("p1".utf8)))
            #expect(try client.readFrame() == .init(fin: true, rsv: 0, opcode: 0xA, masked: false, payload: Array("p2".utf8)))
            #expect(try client.readFrame() == .init(fin: true, rsv: 0, opcode: 0x1, masked: false, payload: Array("Hello wörld".utf8)))
            // A UTF-8 sequence split across fragments is fine; binary fragments too.
            let snowman = Array("☃".utf8)
            try client.sendFrame(opcode: 0x1, [snowman[0]], fin: false)
            try client.sendFrame(opcode: 0x0, Array(snowman[1...]), fin: true)
            #expect(try client.readFrame().payload == snowman)
            try client.sendFrame(opcode: 0x2, [1], fin: false)
            try client.sendFrame(opcode: 0x0, [2], fin: true)
            #expect(try client.readFrame() == .init(fin: true, rsv: 0, opcode: 0x2, masked: false, payload: [1, 2]))
        }

        @Test func pingIsAnsweredWithPongOfTheSamePayloadAndPongsAreIgnored() throws {
            let server = try NetTestServer()
            let (client, _) = try server.webSocket()
            let payload = (0..<125).map { UInt8($0) }
            try client.sendFrame(opcode: 0xA, Array("unsolicited".utf8))
            try client.sendFrame(opcode: 0x9, payload)
            try client.sendFrame(opcode: 0x9, [])
            #expect(try client.readFrame() == .init(fin: true, rsv: 0, opcode: 0xA, masked: false, payload: payload))
            #expect(try client.readFrame() == .init(fin: true, rsv: 0, opcode: 0xA, masked: false, payload: []))
        }

        @Test(arguments: [UInt16(1000), 1001, 3000, 4999]) func closeHandshakeEchoesTheCodeThenClosesTCP(code: UInt16) throws {
            let server = try NetTestServer()
            let (client, id) = try server.webSocket()
            try client.sendFrame(opcode: 0x8, [UInt8(code >> 8), UInt8(code & 0xFF)] + Array("bye".utf8))
            let frame = try client.readFrame()
            #expect(frame.opcode == 0x8)
            #expect(frame.closeCode == code)
            #expect(client.waitForClose())
            server.barrier()
            #expect(server.delegate.closeCode(id) == code)
        }

        @Test func closeWithoutACodeIsAnswered() throws {
            let server = try NetTestServer()
            let (client, id) = try server.webSocket()
            try client.sendClose(nil)
            let frame = try client.readFrame()
            #expect(frame.opcode == 0x8)
            #expect(frame.closeCode == 1000)
            #expect(client.waitForClose())
            server.barrier()
            // RFC 6455 §7.1.5: the application learns 1005 (no status code received); the echo on the wire says 1000.
            #expect(server.delegate.closeCode(id) == 1005)
        }

        @Test func closeFrameFollowedByAHalfCloseStillGetsItsAnswer() throws {
            // The peer sends its close frame and shuts its write side at once (FIN in the same event): it can
            // still read, so the answering close frame must reach it before TCP closes.
            let server = try NetTestServer()
            let (client, id) = try server.webSocket()
            try client.sendClose(4001)
            client.shutdownWrite()
            let frame = try client.readFrame()
            #expect(frame.opcode == 0x8)
            #expect(frame.closeCode == 4001)
            #expect(client.waitForClose())
            server.barrier()
            #expect(server.delegate.closeCode(id) == 4001)
        }

        @Test func dataAfterTheCloseFrameIsIgnored() throws {
            let server = try NetTestServer()
            let (client, _) = try server.webSocket()
            try client.send(client.frame(opcode: 0x8, [0x03, 0xE8]) + client.frame(opcode: 0x1, Array("late".utf8)))
            #expect(try client.readFrame().opcode == 0x8)
            #expect(throws: NetTestClientError.closed) { try client.readFrame() }
        }

        /// Frames that must fail the connection, and the close code RFC 6455 asks for.
        struct ProtocolErrorCase: Sendable, CustomTestStringConvertible {
            let name: String
            let code: UInt16
            let frames: @Sendable (NetTestClient) -> [UInt8]
            init(_ name: String, _ code: UInt16, _ frames: @escaping @Sendable (NetTestClient) -> [UInt8]) {
                self.name = name
                self.code = code
                self.frames = frames
            }
            var testDescription: String { name }
        }

        static let protocolErrors: [ProtocolErrorCase] = [
            .init("unmasked frame", 1002, { $0.frame(opcode: 0x1, Array("x".utf8), masked: false) }),
            .init("RSV1 without an extension", 1002, { $0.frame(opcode: 0x1, Array("x".utf8), rsv: 4) }),
            .init("RSV2", 1002, { $0.frame(opcode: 0x1, Array("x".utf8), rsv: 2) }),
            .init("RSV3 on a ping", 1002, { $0.frame(opcode: 0x9, [], rsv: 1) }),
            .init("reserved data opcode 3", 1002, { $0.frame(opcode: 0x3, []) }),
            .init("reserved control opcode 11", 1002, { $0.frame(opcode: 0xB, []) }),
            .init("fragmented ping", 1002, { $0.frame(opcode: 0x9, [], fin: false) }),
            .init("ping with 126 bytes", 1002, { $0.frame(opcode: 0x9, [UInt8](repeating: 0, count: 126)) }),
            .init("continuation without a start", 1002, { $0.frame(opcode: 0x0, Array("x".utf8)) }),
            .init("text inside a fragmented message", 1002, {
                $0.frame(opcode: 0x1, Array("a".utf8), fin: false) + $0.frame(opcode: 0x1, Array("b".utf8))
            }),
            .init("close with a 1-byte body", 1002, { $0.frame(opcode: 0x8, [0x03]) }),
            .init("close code 1005", 1002, { $0.frame(opcode: 0x8, [0x03, 0xED]) }),
            .init("close code 999", 1002, { $0.frame(opcode: 0x8, [0x03, 0xE7]) }),
            .init("close code 1016", 1002, { $0.frame(opcode: 0x8, [0x03, 0xF8]) }),
            .init("close code 5000", 1002, { $0.frame(opcode: 0x8, [0x13, 0x88]) }),
            .init("invalid UTF-8 text", 1007, { $0.frame(opcode: 0x1, [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xFF]) }),
            .init("overlong UTF-8", 1007, { $0.frame(opcode: 0x1, [0xC0, 0xAF]) }),
            .init("UTF-16 surrogate in UTF-8", 1007, { $0.frame(opcode: 0x1, [0xED, 0xA0, 0x80]) }),
            .init("truncated UTF-8 at the end", 1007, { $0.frame(opcode: 0x1, [0x61, 0xE2, 0x98]) }),
            .init("invalid UTF-8 across fragments", 1007, {
                $0.frame(opcode: 0x1, [0xE2, 0x98], fin: false) + $0.frame(opcode: 0x0, [0x41], fin: true)
            }),
            .init("invalid UTF-8 close reason", 1007, { $0.frame(opcode: 0x8, [0x03, 0xE8, 0xFF, 0xFE]) }),
            .init("declared length of 1 TiB", 1009, { _ in [0x82, 0xFF, 0, 0, 1, 0, 0, 0, 0, 0] + [1, 2, 3, 4] }),
            .init("64-bit length with the top bit set", 1002, { _ in
                [0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0] + [1, 2, 3, 4]
            }),
        ]

        @Test(arguments: protocolErrors) func protocolErrorsCloseWithTheirCode(_ testCase: ProtocolErrorCase) throws {
            let (name, code, frames) = (testCase.name, testCase.code, testCase.frames)
            let server = try NetTestServer()
            let (client, id) = try server.webSocket()
            try client.send(frames(client))
            let frame = try client.readDataOrClose()
            #expect(frame.opcode == 0x8, "\(name): got opcode \(frame.opcode)")
            #expect(frame.closeCode == code, "\(name)")
            #expect(client.waitForClose(), "\(name): TCP stays open")
            server.barrier()
            #expect(server.delegate.closeCode(id) == code, "\(name)")
        }

        @Test func aPeerThatSendsButNeverReadsIsNotReadFurther() throws {
            // Backpressure: echoes pile up while the peer does not read; past the outbound bound the server stops
            // reading from it (instead of buffering without limit), and resumes once the peer drains its answers.
            let server = try NetTestServer { $0.outboundLimitBytes = 1 << 20 }
            let (client, _) = try server.webSocket()
            client.setSendTimeout(milliseconds: 1_000)
            let message = [UInt8](repeating: 0x5A, count: 256 << 10)
            let frame = client.frame(opcode: 0x2, message)
            var sent = 0
            var blocked = false
            while sent < 1_024 {  // 256 MiB at most
                do { try client.send(frame) } catch NetTestClientError.timeout { blocked = true; break }
                sent += 1
            }
            #expect(blocked, "the server read \(sent) messages (\(sent / 4) MiB) without the peer reading any echo")
            // The peer reads: the server resumes, and every message sent whole is echoed.
            client.setTimeout(milliseconds: 10_000)
            for _ in 0..<sent { #expect(try client.readFrame().payload.count == message.count) }
        }

        @Test func a16MiBMessageIsEchoedAndOneByteMoreCloses1009() throws {
            let server = try NetTestServer()
            let (client, _) = try server.webSocket()
            client.setTimeout(milliseconds: 30_000)
            let big = (0..<(16 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 13) }
            try client.sendFrame(opcode: 0x2, big)
            let echoed = try client.readFrame()
            #expect(echoed.opcode == 0x2)
            #expect(echoed.payload.count == big.count)
            #expect(echoed.payload == big)
            // The same size in fragments, then one more byte in a last fragment: 1009 (message too big).
            let half = 8 << 20
            try client.sendFrame(opcode: 0x2, Array(big[0..<half]), fin: false)
            try client.sendFrame(opcode: 0x0, Array(big[half...]), fin: false)
            try client.sendFrame(opcode: 0x0, [0], fin: true)
            let close = try client.readDataOrClose()
            #expect(close.opcode == 0x8)
            #expect(close.closeCode == 1009)
            #expect(client.waitForClose())
        }

        @Test func aFrameHeaderOverTheLimitClosesAt1009BeforeThePayload() throws {
            let server = try NetTestServer { $0.maxMessageSize = 1_000 }
            let (client, _) = try server.webSocket()
            // Only the header and a few bytes of a declared 1001-byte frame: the server must not wait for the rest.
            try client.send(Array(client.frame(opcode: 0x2, [UInt8](repeating: 1, count: 1_001)).prefix(20)))
            let close = try client.readDataOrClose()
            #expect(close.closeCode == 1009)
            #expect(client.waitForClose())
        }

        @Test func silentConnectionIsPingedThenClosedAfterTwoIntervals() throws {
            let server = try NetTestServer { $0.pingIntervalMilliseconds = 1_000 }
            let (client, id) = try server.webSocket()
            client.setTimeout(milliseconds: 300)
            server.advance(milliseconds: 900)
            #expect(client.staysSilent(), "pinged before the interval")
            server.advance(milliseconds: 200)
            client.setTimeout(milliseconds: 5_000)
            let ping = try client.readFrame()
            #expect(ping.opcode == 0x9)
            // Answering keeps it alive: the next silent interval brings another ping, not a close.
            try client.sendFrame(opcode: 0xA, ping.payload)
            server.advance(milliseconds: 1_100)
            #expect(try client.readFrame().opcode == 0x9)
            // Now silent: one interval later no close yet, two intervals after the last bytes it is closed.
            client.setTimeout(milliseconds: 300)
            server.advance(milliseconds: 500)
            #expect(client.staysSilent(), "closed before two silent intervals")
            server.advance(milliseconds: 1_000)
            client.setTimeout(milliseconds: 5_000)
            #expect(client.waitForClose())
            server.barrier()
            #expect(server.delegate.closeCode(id) != nil)
        }

        @Test func applicationCloseIsAnsweredAndTimesOutWithoutAReply() throws {
            let server = try NetTestServer { $0.closeTimeoutMilliseconds = 1_000 }
            let (client, id) = try server.webSocket()
            server.server.close(id, code: WebSocketCloseCode(rawValue: 4000))
            #expect(try client.readCloseCode() == 4000)
            // Data sent in the closing state is not echoed; the peer never answers the close: TCP closes after the timeout.
            try client.sendText("ignored?")
            client.setTimeout(milliseconds: 300)
            #expect(client.staysSilent())
            server.advance(milliseconds: 1_200)
            client.setTimeout(milliseconds: 5_000)
            #expect(client.waitForClose())
        }

        @Test(arguments: [1, 2]) func gracefulShutdownSends1001ToEveryWebSocket(loops: Int) throws {
            let server = try NetTestServer(loops: loops, clock: SystemMonotonicClock())
            var clients: [NetTestClient] = []
            for _ in 0..<6 { clients.append(try server.webSocket().0) }
            let done = NetTestFlag()
            let network = server.server
            let thread = NetTestThread {
                network.shutdown(graceMilliseconds: 5_000)
                done.set()
            }
            for client in clients {
                #expect(try client.readCloseCode() == 1001)
                try client.sendClose(1001)
                #expect(client.waitForClose())
            }
            thread.join()
            #expect(done.isSet)
            #expect(throws: (any Error).self) { _ = try server.client().get("/") }
        }
    }
}

extension NetworkServerTests {
    /// RFC 6455 §8.1 UTF-8 handling as the conformance suites check it (Autobahn cases 6.x).
    @Suite struct UTF8Tests {
        @Test func validTextSplitAtEveryByteIntoFragmentsIsEchoedWhole() throws {
            let server = try NetTestServer()
            let (client, _) = try server.webSocket()
            let text = Array("κόσμε € 𝄞 ✓ a".utf8)
            for split in 1..<text.count {
                try client.sendFrame(opcode: 0x1, Array(text[..<split]), fin: false)
                try client.sendFrame(opcode: 0x0, Array(text[split...]), fin: true)
                #expect(try client.readFrame().payload == text, "split at \(split)")
            }
            // One byte per fragment.
            for (i, byte) in text.enumerated() { try client.sendFrame(opcode: i == 0 ? 0x1 : 0x0, [byte], fin: i == text.count - 1) }
            #expect(try client.readFrame().payload == text)
        }

        @Test(arguments: [[UInt8]([0xCE, 0xBA, 0xFF]), [0xF4, 0x90, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xC0, 0x80]])
        func invalidUTF8FailsFastBeforeTheMessageEnds(_ invalid: [UInt8]) throws {
            // Only a first fragment: the server must not wait for the rest (Autobahn 6.4.x "fail fast").
            let server = try NetTestServer()
            let (client, _) = try server.webSocket()
            try client.sendFrame(opcode: 0x1, Array("ok ".utf8) + invalid + Array("more".utf8), fin: false)
            let frame = try client.readDataOrClose()
            #expect(frame.opcode == 0x8)
            #expect(frame.closeCode == 1007)
        }
    }
}
