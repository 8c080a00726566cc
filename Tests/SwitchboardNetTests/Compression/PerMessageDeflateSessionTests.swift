import Testing
@testable import SwitchboardNet

@Suite struct PerMessageDeflateSessionTests {
    typealias P = PerMessageDeflateParameters
    let pool = DeflateStreamPool()

    private func serverAndClient(_ parameters: P) -> (PerMessageDeflateSession, PerMessageDeflateSession) {
        (PerMessageDeflateSession(parameters: parameters, role: .server), PerMessageDeflateSession(parameters: parameters, role: .client))
    }

    private func hello() -> [UInt8] { Array("Hello".utf8) }

    // MARK: - RFC 7692 §7.2.3 examples

    @Test func compressesHelloAsInRFC() {
        var session = PerMessageDeflateSession(parameters: P(serverNoContextTakeover: true))
        #expect(DeflateFixtures.compress(&session, hello(), pool: pool) == [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00])
    }

    @Test func sharesTheSlidingWindowAsInRFC() throws {
        // §7.2.3.2: the second "Hello" is a back-reference into the first.
        var server = PerMessageDeflateSession(parameters: P())
        #expect(DeflateFixtures.compress(&server, hello(), pool: pool) == [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00])
        #expect(DeflateFixtures.compress(&server, hello(), pool: pool) == [0xF2, 0x00, 0x11, 0x00, 0x00])
        var client = PerMessageDeflateSession(parameters: P(), role: .client)
        #expect(try DeflateFixtures.decompress(&client, [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00], pool: pool) == hello())
        #expect(try DeflateFixtures.decompress(&client, [0xF2, 0x00, 0x11, 0x00, 0x00], pool: pool) == hello())
    }

    @Test(arguments: [
        // §7.2.3.1 one compressed block, §7.2.3.3 a block with no compression, §7.2.3.4 BFINAL set (with padding),
        // §7.2.3.5 two blocks in one message.
        [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00],
        [0x00, 0x05, 0x00, 0xFA, 0xFF, 0x48, 0x65, 0x6C, 0x6C, 0x6F, 0x00],
        [0xF3, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00, 0x00],
        [0xF2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xCA, 0xC9, 0xC9, 0x07, 0x00],
    ] as [[UInt8]])
    func inflatesRFCExamples(payload: [UInt8]) throws {
        for parameters in [P(), P(serverNoContextTakeover: true, clientNoContextTakeover: true)] {
            var session = PerMessageDeflateSession(parameters: parameters)
            #expect(try DeflateFixtures.decompress(&session, payload, pool: pool) == hello())
            // The session is ready for the next message (after BFINAL with takeover, too).
            #expect(try DeflateFixtures.decompress(&session, [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00], pool: pool) == hello())
        }
    }

    @Test func keepsTheWindowAcrossABFINALMessage() throws {
        // With takeover, a peer that ended its last message with BFINAL may still refer back into it.
        var session = PerMessageDeflateSession(parameters: P())
        #expect(try DeflateFixtures.decompress(&session, [0xF3, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00], pool: pool) == hello())
        #expect(try DeflateFixtures.decompress(&session, [0xF2, 0x00, 0x11, 0x00, 0x00], pool: pool) == hello())
    }

    @Test func inflatesAnEmptyFinalFragment() throws {
        // §7.2.3.6: a fragment flushed without the tail removed, then an empty fragment: 00.
        var session = PerMessageDeflateSession(parameters: P(clientNoContextTakeover: true))
        var output: [UInt8] = []
        let first: [UInt8] = [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00, 0x00, 0x00, 0xFF, 0xFF]
        try DeflateFixtures.decompress(&session, fragment: first, isFinal: false, pool: pool, maxSize: 100, into: &output)
        try DeflateFixtures.decompress(&session, fragment: [0x00], isFinal: true, pool: pool, maxSize: 100, into: &output)
        #expect(output == hello())
    }

    @Test(arguments: [false, true])
    func compressesAnEmptyMessageToOneZeroByte(contextTakeover: Bool) throws {
        var server = PerMessageDeflateSession(parameters: P(serverNoContextTakeover: !contextTakeover))
        var client = PerMessageDeflateSession(parameters: P(serverNoContextTakeover: !contextTakeover), role: .client)
        for message in [[], [], hello(), [], hello()] as [[UInt8]] {
            let payload = DeflateFixtures.compress(&server, message, pool: pool)
            if message.isEmpty { #expect(payload == [0x00]) }
            #expect(try DeflateFixtures.decompress(&client, payload, pool: pool) == message)
        }
    }

    // MARK: - Round trips

    @Test(arguments: 8...15, [false, true])
    func roundTripsServerMessages(windowBits: Int, contextTakeover: Bool) throws {
        let parameters = P(serverNoContextTakeover: !contextTakeover, serverMaxWindowBits: windowBits)
        var (server, client) = serverAndClient(parameters)
        var payloads: [[UInt8]] = []
        for message in DeflateFixtures.sequence {
            let payload = DeflateFixtures.compress(&server, message, pool: pool)
            payloads.append(payload)
            #expect(try DeflateFixtures.decompress(&client, payload, pool: pool) == message)
        }
        try expectTakeoverShape(payloads, contextTakeover: contextTakeover, parameters: parameters, role: .client)
    }

    @Test(arguments: 8...15, [false, true])
    func roundTripsClientMessages(windowBits: Int, contextTakeover: Bool) throws {
        let parameters = P(clientNoContextTakeover: !contextTakeover, clientMaxWindowBits: windowBits)
        var (server, client) = serverAndClient(parameters)
        var payloads: [[UInt8]] = []
        for message in DeflateFixtures.sequence {
            let payload = DeflateFixtures.compress(&client, message, pool: pool)
            payloads.append(payload)
            #expect(try DeflateFixtures.decompress(&server, payload, pool: pool) == message)
        }
        try expectTakeoverShape(payloads, contextTakeover: contextTakeover, parameters: parameters, role: .server)
    }

    /// With takeover the repeated message shrinks to a back-reference; without, every payload inflates alone.
    private func expectTakeoverShape(_ payloads: [[UInt8]], contextTakeover: Bool, parameters: P, role: PerMessageDeflateSession.Role) throws {
        if contextTakeover {
            #expect(payloads[1].count < payloads[0].count / 4)
        } else {
            #expect(payloads[1] == payloads[0])
            for (payload, message) in zip(payloads, DeflateFixtures.sequence) {
                var fresh = PerMessageDeflateSession(parameters: parameters, role: role)
                #expect(try DeflateFixtures.decompress(&fresh, payload, pool: pool) == message)
            }
        }
    }

    @Test func eightAndNineBitBroadcastsShareTheirBytes() {
        let message = DeflateFixtures.update(seed: 8, size: 3_000)
        let eight = message.withUnsafeBytes { PerMessageDeflateSession.compressOnce($0, windowBits: 8, level: 1, pool: pool) }
        let nine = message.withUnsafeBytes { PerMessageDeflateSession.compressOnce($0, windowBits: 9, level: 1, pool: pool) }
        #expect(eight == nine)
        #expect(pool.idleDeflaterCount == 1)
    }

    @Test func zlibNineBitOutputFitsAnEightBitWindow() throws {
        // zlib never reaches back further than window - 262 bytes, so its 9-bit streams honour an agreed 8.
        let deflater = RawDeflateStream(windowBits: 9, level: 9, memoryLevel: 8)
        let inflater = RawInflateStream(windowBits: 8)
        for message in DeflateFixtures.sequence {
            var payload: [UInt8] = []
            message.withUnsafeBytes { deflater.compressMessage($0, into: &payload) }
            #expect(try DeflateFixtures.inflate(inflater, payload, limit: 1 << 20) == message)
        }
    }

    @Test(arguments: [1, 3, 7, 100, 4096])
    func inflatesFragmentByFragment(fragmentSize: Int) throws {
        for parameters in [P(), P(clientNoContextTakeover: true)] {
            var client = PerMessageDeflateSession(parameters: parameters, role: .client)
            var server = PerMessageDeflateSession(parameters: parameters)
            for message in DeflateFixtures.sequence.prefix(4) {
                let fragments = DeflateFixtures.compress(&client, message, pool: pool).chunked(by: fragmentSize)
                var output: [UInt8] = []
                for (index, fragment) in fragments.enumerated() {
                    let isFinal = index == fragments.count - 1
                    try DeflateFixtures.decompress(&server, fragment: fragment, isFinal: isFinal, pool: pool, maxSize: 1 << 20, into: &output)
                    if index < fragments.count - 1 { #expect(server.holdsStream) }
                }
                #expect(output == message)
                #expect(server.holdsStream == !parameters.clientNoContextTakeover)
            }
        }
    }

    @Test func broadcastPayloadServesEveryNoContextTakeoverClient() throws {
        let message = DeflateFixtures.update(seed: 9, size: 2_000)
        let shared = message.withUnsafeBytes { PerMessageDeflateSession.compressOnce($0, windowBits: 12, level: 1, pool: pool) }
        let parameters = P(serverNoContextTakeover: true, serverMaxWindowBits: 12)
        var server = PerMessageDeflateSession(parameters: parameters, compressionLevel: 1)
        #expect(DeflateFixtures.compress(&server, message, pool: pool) == shared)
        for _ in 0..<3 {
            var client = PerMessageDeflateSession(parameters: parameters, role: .client)
            _ = try DeflateFixtures.decompress(&client, DeflateFixtures.compress(&server, hello(), pool: pool), pool: pool)
            #expect(try DeflateFixtures.decompress(&client, shared, pool: pool) == message)
        }
    }

    // MARK: - Interop with Python's zlib

    @Test(arguments: 8...15, [false, true])  // Python's zlib inflates with exactly the agreed window, 8 included
    func pythonInflatesWhatWeCompress(windowBits: Int, contextTakeover: Bool) throws {
        var server = PerMessageDeflateSession(parameters: P(serverNoContextTakeover: !contextTakeover, serverMaxWindowBits: windowBits))
        let messages = DeflateFixtures.sequence.filter { !$0.isEmpty }
        let payloads = messages.map { DeflateFixtures.compress(&server, $0, pool: pool) }
        #expect(try PythonZlib.decompress(payloads, windowBits: windowBits, contextTakeover: contextTakeover) == messages)
    }

    @Test(arguments: 9...15, [false, true])
    func weInflateWhatPythonCompresses(windowBits: Int, contextTakeover: Bool) throws {
        let messages = DeflateFixtures.sequence.filter { !$0.isEmpty }
        let payloads = try PythonZlib.compress(messages, windowBits: windowBits, contextTakeover: contextTakeover)
        var server = PerMessageDeflateSession(parameters: P(clientNoContextTakeover: !contextTakeover, clientMaxWindowBits: windowBits))
        #expect(try payloads.map { try DeflateFixtures.decompress(&server, $0, pool: pool) } == messages)
    }

    @Test func inflatesAHardCodedPythonFixture() throws {
        // zlib.compressobj(6, zlib.DEFLATED, -15): "Hello, Hello, Hello!" then Z_SYNC_FLUSH, tail removed.
        let payload = PythonZlib.bytes(fromHex: "f248cdc9c9d751f040a2140100")
        var session = PerMessageDeflateSession(parameters: P())
        #expect(try DeflateFixtures.decompress(&session, payload, pool: pool) == Array("Hello, Hello, Hello!".utf8))
    }

    // MARK: - Limits and bad input

    @Test func stopsADecompressionBombAtTheLimit() throws {
        let bomb = [UInt8](repeating: 0, count: 8 << 20)
        var client = PerMessageDeflateSession(parameters: P(clientNoContextTakeover: true), role: .client)
        let payload = DeflateFixtures.compress(&client, bomb, pool: pool)
        #expect(payload.count < 64 << 10)  // level 1: ~1 byte per 258-byte match
        let maxSize = 1 << 20
        var server = PerMessageDeflateSession(parameters: P(clientNoContextTakeover: true))
        var output: [UInt8] = []
        #expect(throws: DeflateError.tooLarge) {
            try DeflateFixtures.decompress(&server, fragment: payload, isFinal: true, pool: pool, maxSize: maxSize, into: &output)
        }
        #expect(output.count <= maxSize + 1)
        #expect(output.capacity <= 2 * maxSize + 4096)
        #expect(!server.holdsStream)
        #expect(try DeflateFixtures.decompress(&server, [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00], pool: pool) == hello())
    }

    @Test func limitIsInclusiveAndSpansFragments() throws {
        let message = DeflateFixtures.update(seed: 5, size: 10_000)
        var client = PerMessageDeflateSession(parameters: P(), role: .client)
        let payload = DeflateFixtures.compress(&client, message, pool: pool)
        var exact = PerMessageDeflateSession(parameters: P())
        #expect(try DeflateFixtures.decompress(&exact, payload, pool: pool, maxSize: message.count) == message)
        var short = PerMessageDeflateSession(parameters: P())
        #expect(throws: DeflateError.tooLarge) { try DeflateFixtures.decompress(&short, payload, pool: pool, maxSize: message.count - 1) }

        var fragmented = PerMessageDeflateSession(parameters: P(clientNoContextTakeover: true))
        let halves = payload.chunked(by: payload.count / 2 + 1)
        var output: [UInt8] = []
        #expect(throws: DeflateError.tooLarge) {
            for (index, half) in halves.enumerated() {
                try DeflateFixtures.decompress(
                    &fragmented, fragment: half, isFinal: index == 1, pool: pool, maxSize: message.count - 1, into: &output)
            }
        }
    }

    @Test(arguments: [
        [0xFF],  // BTYPE 11 is reserved
        [0x00, 0x05, 0x00, 0x00, 0x00],  // stored block: NLEN is not the complement of LEN
        [0xF2, 0x00, 0x11, 0x00, 0x00],  // a back-reference with nothing behind it (no takeover)
        [0x04, 0xC0, 0x81, 0x08, 0x00, 0x00, 0x00, 0x00, 0x20, 0x7F, 0xEB, 0x0B, 0x00, 0x00],  // invalid literal/length code
    ] as [[UInt8]])
    func rejectsCorruptStreams(payload: [UInt8]) throws {
        var session = PerMessageDeflateSession(parameters: P(clientNoContextTakeover: true))
        #expect(throws: DeflateError.corrupt) { try DeflateFixtures.decompress(&session, payload, pool: pool) }
        #expect(!session.holdsStream)
        #expect(try DeflateFixtures.decompress(&session, [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00], pool: pool) == hello())
    }

    @Test func mapsErrorsToCloseCodes() {
        #expect(DeflateError.tooLarge.closeCode == 1009)
        #expect(DeflateError.corrupt.closeCode == 1007)
        #expect(DeflateError.internalError(-4).closeCode == 1011)
    }

    // MARK: - Memory

    @Test func idleNoContextTakeoverSessionHoldsNoStream() throws {
        var (server, client) = serverAndClient(P(serverNoContextTakeover: true, clientNoContextTakeover: true))
        let message = DeflateFixtures.update(seed: 6, size: 500)
        let down = DeflateFixtures.compress(&server, message, pool: pool)
        _ = try DeflateFixtures.decompress(&client, down, pool: pool)
        let up = DeflateFixtures.compress(&client, message, pool: pool)
        _ = try DeflateFixtures.decompress(&server, up, pool: pool)
        #expect(!server.holdsStream && !client.holdsStream)
        #expect(pool.idleDeflaterCount == 1 && pool.idleInflaterCount == 1)

        var takeover = PerMessageDeflateSession(parameters: P())
        _ = DeflateFixtures.compress(&takeover, message, pool: pool)
        #expect(takeover.holdsStream)
    }

    @Test func thresholdDecidesWhatIsWorthCompressing() {
        let session = PerMessageDeflateSession(parameters: P(), configuration: PerMessageDeflateConfiguration(compressionThreshold: 64))
        #expect(!session.shouldCompress(byteCount: 63))
        #expect(session.shouldCompress(byteCount: 64))
        #expect(session.compressionLevel == 1)
    }
}
