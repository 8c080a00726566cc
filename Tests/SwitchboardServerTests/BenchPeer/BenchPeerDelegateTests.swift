import Testing
import TestSupport
import SwitchboardNet
import SwitchboardServer

/// The benchmark protocol of shared/bench on a live NetworkServer: /healthz, /ws echo + broadcast, /echo verbatim.
@Suite(.serialized) struct BenchPeerDelegateTests {
    /// A bench peer on a free port with `loops` event loops.
    private final class Peer {
        let server: NetworkServer
        let port: Int

        init(loops: Int = 2, maxMessageSize: Int = 16 << 20) throws {
            var configuration = NetworkServerConfiguration()
            configuration.port = 0
            configuration.loopCount = loops
            configuration.maxMessageSize = maxMessageSize
            let reference = ServerReference()
            let topics = TopicRegistry()
            server = NetworkServer(
                configuration: configuration, delegate: BenchPeerDelegate(topics: topics, server: reference), topics: topics
            )
            reference.set(server)
            try server.start()
            port = server.port!
        }

        deinit { server.shutdown(graceMilliseconds: 0) }

        func webSocket(_ path: String) throws -> NetTestClient {
            let client = try NetTestClient(port: port)
            let response = try client.upgrade(path: path)
            guard response.status == 101 else { throw NetTestClientError.malformed("upgrade: \(response.status)") }
            return client
        }
    }

    private func text(_ frame: NetTestClient.Frame) -> String { String(decoding: frame.payload, as: UTF8.self) }

    @Test func healthzAndUnknownPaths() throws {
        let peer = try Peer()
        let client = try NetTestClient(port: peer.port)
        let health = try client.get("/healthz")
        #expect(health.status == 200 && health.text == "ok\n")
        #expect(try client.get("/other").status == 404)
        #expect(try client.upgrade(path: "/nope").status == 404)
    }

    @Test func echoReturnsTheSameTextToTheSenderOnly() throws {
        let peer = try Peer()
        let sender = try peer.webSocket("/ws")
        let other = try peer.webSocket("/ws")
        let message = #"{ "payload" : {"ts":"17","pad":"xx"}, "type":"echo" }"#
        try sender.sendText(message)
        #expect(text(try sender.readFrame()) == message)
        #expect(other.staysSilentFor(milliseconds: 100))
    }

    @Test func broadcastReachesEveryClientAndTheSenderGetsBroadcastResult() throws {
        let peer = try Peer()
        var clients: [NetTestClient] = []
        for _ in 0..<4 { clients.append(try peer.webSocket("/ws")) }
        try clients[0].sendText(#"{"type":"broadcast","payload":{"ts":"99","pad":"[]{}\"x"}}"#)
        let payload = #"{"ts":"99","pad":"[]{}\"x"}"#
        var senderGot: [String] = []
        senderGot.append(text(try clients[0].readFrame()))
        senderGot.append(text(try clients[0].readFrame()))
        #expect(Set(senderGot) == [#"{"type":"broadcast","payload":\#(payload)}"#, #"{"type":"broadcastResult","payload":\#(payload)}"#])
        for client in clients.dropFirst() {
            #expect(text(try client.readFrame()) == #"{"type":"broadcast","payload":\#(payload)}"#)
        }
        // A broadcast without a payload carries null.
        try clients[1].sendText(#"{"type":"broadcast"}"#)
        #expect(text(try clients[2].readFrame()) == #"{"type":"broadcast","payload":null}"#)
    }

    @Test func nonJSONUnknownTypesAndBinaryAreIgnored() throws {
        let peer = try Peer()
        let client = try peer.webSocket("/ws")
        for junk in ["not json", "{", #"{"type":"nope"}"#, #"["echo"]"#, #"{"type":"echo""#, #"{"payload":1}"#, #"{"type":"echo"} x"#] {
            try client.sendText(junk)
        }
        try client.sendFrame(opcode: 0x2, Array(#"{"type":"echo"}"#.utf8))
        let marker = #"{"type":"echo","payload":"marker"}"#
        try client.sendText(marker)
        #expect(text(try client.readFrame()) == marker)
    }

    @Test func echoEndpointReturnsEveryMessageVerbatim() throws {
        let peer = try Peer()
        let client = try peer.webSocket("/echo")
        let cases: [(UInt8, [UInt8])] = [
            (0x1, Array("not json at all".utf8)), (0x2, [0, 255, 7]), (0x1, []), (0x2, Array(repeating: 9, count: 300_000)),
        ]
        for (opcode, payload) in cases {
            try client.sendFrame(opcode: opcode, payload)
            let frame = try client.readFrame()
            #expect(frame.opcode == opcode && frame.payload == payload)
        }
        // /echo clients are not subscribed to broadcasts.
        let ws = try peer.webSocket("/ws")
        try ws.sendText(#"{"type":"broadcast","payload":1}"#)
        _ = try ws.readFrame()
        #expect(client.staysSilentFor(milliseconds: 100))
    }
}

extension NetTestClient {
    /// Whether nothing arrives within `milliseconds`.
    func staysSilentFor(milliseconds: Int) -> Bool {
        setTimeout(milliseconds: milliseconds)
        defer { setTimeout(milliseconds: 5_000) }
        return staysSilent()
    }
}
