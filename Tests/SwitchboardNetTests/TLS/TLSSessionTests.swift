import COpenSSL
import Testing
@testable import SwitchboardNet

@Suite struct TLSSessionTests {
    /// A context on a fresh self-signed certificate; the folder is removed when the test ends.
    private final class Fixture {
        let files: TLSTestCertificates
        let context: TLSContext

        init() throws {
            files = try TLSTestCertificates()
            let (certificate, key) = try files.make("server", commonName: "server.test", serial: 42)
            context = try TLSContext(configuration: TLSConfiguration(certificateChainPath: certificate, privateKeyPath: key))
        }

        deinit { files.remove() }
    }

    private static func pattern(_ count: Int, seed: UInt8) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) ^ seed }
    }

    @Test func handshakesWithTLS13AndRecordsALPNAndSNI() throws {
        let fixture = try Fixture()
        var session = try TLSSession(context: fixture.context)
        let client = TLSTestClient(.init(alpn: ["h2", "http/1.1"], serverName: "wallboard.example"))
        var pipe = TLSTestPipe()
        #expect(session.isHandshakeComplete == false)
        #expect(session.negotiatedProtocol == nil)
        pipe.run(client, &session)
        #expect(session.isHandshakeComplete == true)
        #expect(client.isHandshakeComplete)
        #expect(session.negotiatedProtocol == "TLSv1.3")
        #expect(client.version == "TLSv1.3")
        #expect(session.alpn == "http/1.1")
        #expect(session.serverName == "wallboard.example")
        #expect(pipe.serverLast == .wantMore)
        #expect(session.hasPendingCiphertext == false)
    }

    @Test func handshakesWithTLS12Client() throws {
        let fixture = try Fixture()
        var session = try TLSSession(context: fixture.context)
        let client = TLSTestClient(.init(maximumVersion: cshim_tls1_2_version(), alpn: ["http/1.1"]))
        var pipe = TLSTestPipe()
        pipe.run(client, &session)
        #expect(session.negotiatedProtocol == "TLSv1.2")
        #expect(client.version == "TLSv1.2")
        #expect(session.alpn == "http/1.1")
        #expect(session.serverName == "switchboard.test")
        let cipher = String(cString: SSL_CIPHER_get_name(SSL_get_current_cipher(client.ssl)))
        #expect(cipher.hasPrefix("ECDHE-") && cipher.contains("GCM"))
    }

    @Test func continuesWithoutALPNWhenNoProtocolIsShared() throws {
        let fixture = try Fixture()
        var session = try TLSSession(context: fixture.context)
        let client = TLSTestClient(.init(alpn: ["h2", "spdy/3"]))
        var pipe = TLSTestPipe()
        pipe.run(client, &session)
        #expect(session.isHandshakeComplete == true)
        #expect(session.alpn == nil)
        #expect(client.failureReason == nil)
    }

    @Test func withoutSNIOrALPNTheyAreNil() throws {
        let fixture = try Fixture()
        var session = try TLSSession(context: fixture.context)
        let client = TLSTestClient(.init(serverName: nil))
        var pipe = TLSTestPipe()
        pipe.run(client, &session)
        #expect(session.isHandshakeComplete == true)
        #expect(session.serverName == nil)
        #expect(session.alpn == nil)
    }

    @Test(arguments: [false, true])
    func exchangesOneMegabyteEachWay(tls12: Bool) throws {
        let fixture = try Fixture()
        var session = try TLSSession(context: fixture.context)
        let client = TLSTestClient(.init(maximumVersion: tls12 ? cshim_tls1_2_version() : nil))
        var pipe = TLSTestPipe()
        pipe.readBufferSize = 5_000  // smaller than a record: reads must resume inside records
        pipe.run(client, &session)
        #expect(session.isHandshakeComplete == true)

        let upstream = Self.pattern(1 << 20, seed: 0x5A)
        for start in stride(from: 0, to: upstream.count, by: 100_000) {
            client.write(Array(upstream[start..<min(upstream.count, start + 100_000)]))
        }
        pipe.run(client, &session)
        #expect(pipe.serverReceived == upstream)

        let downstream = Self.pattern(1 << 20, seed: 0xA5)
        #expect(downstream.withUnsafeBytes { session.write($0) } == downstream.count)
        #expect(session.hasPendingCiphertext == true)
        var wire: [UInt8] = []
        session.drainCiphertext(into: &wire)
        #expect(session.hasPendingCiphertext == false)
        #expect(wire.count > downstream.count + 64 * 16)  // 64+ records, each with header and tag
        client.feed(wire)
        client.step()
        #expect(client.received == downstream)

        // The grown buffers were swapped for fresh ones once empty; traffic continues on the new ones.
        client.write(Array("after".utf8))
        #expect(Array("again".utf8).withUnsafeBytes { session.write($0) } == 5)
        pipe.run(client, &session)
        #expect(pipe.serverReceived.suffix(5) == Array("after".utf8)[...])
        #expect(client.received.suffix(5) == Array("again".utf8)[...])
    }

    @Test func closeNotifyFromTheClient() throws {
        let fixture = try Fixture()
        var session = try TLSSession(context: fixture.context)
        let client = TLSTestClient()
        var pipe = TLSTestPipe()
        pipe.run(client, &session)
        client.write(Array("bye".utf8))
        client.shutdown()
        pipe.run(client, &session)
        #expect(pipe.serverReceived == Array("bye".utf8))
        #expect(pipe.serverLast == .closed)
        #expect(Array("late".utf8).withUnsafeBytes { session.write($0) } == 0)
        session.shutdown()  // answer with ours
        #expect(session.hasPendingCiphertext == true)
        pipe.run(client, &session)
        #expect(client.sawCloseNotify)
        #expect(SSL_get_shutdown(client.ssl) & SSL_RECEIVED_SHUTDOWN != 0)
    }

    @Test func closeNotifyFromTheServer() throws {
        let fixture = try Fixture()
        var session = try TLSSession(context: fixture.context)
        let client = TLSTestClient()
        var pipe = TLSTestPipe()
        pipe.run(client, &session)
        #expect(Array("last words".utf8).withUnsafeBytes { session.write($0) } == 10)
        session.shutdown()
        #expect(Array("after".utf8).withUnsafeBytes { session.write($0) } == 0)
        pipe.run(client, &session)
        #expect(client.received == Array("last words".utf8))
        #expect(client.sawCloseNotify)
        client.shutdown()  // the client answers; the server sees the end of the stream
        pipe.run(client, &session)
        #expect(pipe.serverLast == .closed)
    }

    @Test(arguments: [(cshim_tls1_version(), "TLSv1.0"), (cshim_tls1_1_version(), "TLSv1.1")])
    func refusesOldProtocolVersionsWithAnAlert(version: Int32, name: String) throws {
        let fixture = try Fixture()
        var session = try TLSSession(context: fixture.context)
        let client = TLSTestClient(.init(minimumVersion: version, maximumVersion: version, cipherList: "DEFAULT:@SECLEVEL=0"))
        var pipe = TLSTestPipe()
        pipe.run(client, &session)
        // The server read the old ClientHello and refused it ...
        #expect(pipe.serverLast == .failed(.handshakeFailed(reason: "unsupported protocol")))
        #expect(session.isHandshakeComplete == false)
        // ... and the client learned it from the server's protocol_version alert (RFC 5246 §7.2.2), not by itself.
        #expect(client.failureReason == "tlsv1 alert protocol version")
    }

    @Test func refusesAClientWithoutASharedCipher() throws {
        let fixture = try Fixture()
        var session = try TLSSession(context: fixture.context)
        // CBC and static-RSA suites only, TLS 1.2 at most: nothing the server accepts.
        let client = TLSTestClient(.init(maximumVersion: cshim_tls1_2_version(), cipherList: "ECDHE-ECDSA-AES128-SHA:AES128-SHA256"))
        var pipe = TLSTestPipe()
        pipe.run(client, &session)
        #expect(pipe.serverLast == .failed(.handshakeFailed(reason: "no shared cipher")))
        #expect(client.failureReason == "sslv3 alert handshake failure")
    }

    @Test func truncatedHandshakeWaitsForMore() throws {
        let fixture = try Fixture()
        for limit in [0, 1, 5, 60] {
            var session = try TLSSession(context: fixture.context)
            let client = TLSTestClient()
            var pipe = TLSTestPipe()
            pipe.run(client, &session, clientBytesLimit: limit)
            #expect(pipe.serverLast == .wantMore)
            #expect(session.isHandshakeComplete == false)
            #expect(session.hasPendingCiphertext == false)
            #expect(Array("early".utf8).withUnsafeBytes { session.write($0) } == 0)
            session.shutdown()  // nothing to close yet: must not crash or queue anything
            #expect(session.hasPendingCiphertext == false)
        }
        // The whole ClientHello but never the client's Finished: the server answered and still waits.
        var session = try TLSSession(context: fixture.context)
        let client = TLSTestClient()
        client.step()
        let hello = client.drain()
        hello.withUnsafeBytes { session.feed($0) }
        var pipe = TLSTestPipe()
        pipe.readAll(&session)
        #expect(pipe.serverLast == .wantMore)
        #expect(session.hasPendingCiphertext == true)  // ServerHello .. Finished
        #expect(session.isHandshakeComplete == false)
        pipe.readAll(&session)
        #expect(pipe.serverLast == .wantMore)
    }

    @Test func garbageInsteadOfClientHelloFails() throws {
        let fixture = try Fixture()
        var session = try TLSSession(context: fixture.context)
        Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8).withUnsafeBytes { session.feed($0) }
        var pipe = TLSTestPipe()
        pipe.readAll(&session)
        guard case .failed(.handshakeFailed(let reason)) = pipe.serverLast else {
            Issue.record("expected a handshake failure, got \(pipe.serverLast)")
            return
        }
        #expect(!reason.isEmpty)
        pipe.readAll(&session)  // the failure sticks
        #expect(pipe.serverLast == .failed(.handshakeFailed(reason: reason)))
    }

    @Test func tamperedRecordFailsWithBadRecordMAC() throws {
        let fixture = try Fixture()
        var session = try TLSSession(context: fixture.context)
        let client = TLSTestClient()
        var pipe = TLSTestPipe()
        pipe.run(client, &session)
        client.write(Array("hello".utf8))
        var record = client.drain()
        record[record.count - 1] ^= 0x01
        record.withUnsafeBytes { session.feed($0) }
        pipe.readAll(&session)
        #expect(pipe.serverLast == .failed(.connectionFailed(reason: "decryption failed or bad record mac")))
        #expect(session.hasPendingCiphertext == true)  // the bad_record_mac alert for the peer
    }

    @Test func handshakeCompletesOneByteAtATime() throws {
        let fixture = try Fixture()
        var session = try TLSSession(context: fixture.context)
        let client = TLSTestClient(.init(alpn: ["http/1.1"]))
        var pipe = TLSTestPipe()
        pipe.chunk = 1
        pipe.run(client, &session, rounds: 20)
        #expect(session.isHandshakeComplete == true)
        #expect(session.alpn == "http/1.1")
        client.write(Array("one byte at a time".utf8))
        pipe.run(client, &session)
        #expect(pipe.serverReceived == Array("one byte at a time".utf8))
    }
}
