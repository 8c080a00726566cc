import Testing
@testable import SwitchboardNet

@Suite struct TLSContextTests {
    /// Runs a default client's handshake against `session`.
    private static func connect(_ session: inout TLSSession) -> (client: TLSTestClient, pipe: TLSTestPipe) {
        let client = TLSTestClient()
        var pipe = TLSTestPipe()
        pipe.run(client, &session)
        return (client, pipe)
    }

    @Test func missingFilesAreReportedWithTheirPath() throws {
        let files = try TLSTestCertificates()
        defer { files.remove() }
        let (certificate, key) = try files.make("a", commonName: "a", serial: 1)
        let missing = files.directory + "/nope.pem"
        #expect(throws: TLSError.fileNotFound(path: missing)) {
            _ = try TLSContext(configuration: TLSConfiguration(certificateChainPath: missing, privateKeyPath: key))
        }
        #expect(throws: TLSError.fileNotFound(path: missing)) {
            _ = try TLSContext(configuration: TLSConfiguration(certificateChainPath: certificate, privateKeyPath: missing))
        }
        let underFile = certificate + "/x"  // ENOTDIR: exists as a path prefix, cannot be opened
        #expect(throws: TLSError.fileUnreadable(path: underFile, reason: "Not a directory")) {
            _ = try TLSContext(configuration: TLSConfiguration(certificateChainPath: underFile, privateKeyPath: key))
        }
    }

    @Test func unreadablePEMIsAnInvalidCertificateOrKey() throws {
        let files = try TLSTestCertificates()
        defer { files.remove() }
        let (certificate, key) = try files.make("a", commonName: "a", serial: 1)
        let garbage = try files.write("garbage.pem", "this is not PEM\n")
        do {
            _ = try TLSContext(configuration: TLSConfiguration(certificateChainPath: garbage, privateKeyPath: key))
            Issue.record("a garbage certificate must be refused")
        } catch {
            guard case .invalidCertificate(let path, let reason) = error else { Issue.record("got \(error)"); return }
            #expect(path == garbage)
            #expect(reason == "no start line")
        }
        do {
            _ = try TLSContext(configuration: TLSConfiguration(certificateChainPath: certificate, privateKeyPath: garbage))
            Issue.record("a garbage key must be refused")
        } catch {
            guard case .invalidPrivateKey(let path, let reason) = error else { Issue.record("got \(error)"); return }
            #expect(path == garbage)
            #expect(!reason.isEmpty)
        }
        // A certificate where the key belongs is not a key either.
        #expect(throws: TLSError.self) {
            _ = try TLSContext(configuration: TLSConfiguration(certificateChainPath: certificate, privateKeyPath: certificate))
        }
    }

    @Test func keyOfAnotherCertificateIsAMismatch() throws {
        let files = try TLSTestCertificates()
        defer { files.remove() }
        let first = try files.make("a", commonName: "a", serial: 1)
        let second = try files.make("b", commonName: "b", serial: 2)
        do {
            _ = try TLSContext(configuration: TLSConfiguration(certificateChainPath: first.certificate, privateKeyPath: second.key))
            Issue.record("a key of another certificate must be refused")
        } catch {
            guard case .keyMismatch(let certificatePath, let keyPath, let reason) = error else { Issue.record("got \(error)"); return }
            #expect(certificatePath == first.certificate)
            #expect(keyPath == second.key)
            #expect(reason == "key values mismatch")
        }
    }

    @Test func reloadServesTheNewCertificateToNewSessionsOnly() throws {
        let files = try TLSTestCertificates()
        defer { files.remove() }
        let live = try files.make("live", commonName: "first.test", serial: 0x1001)
        let next = try files.make("next", commonName: "second.test", serial: 0x2002)
        let context = try TLSContext(configuration: TLSConfiguration(certificateChainPath: live.certificate, privateKeyPath: live.key))
        var oldSession = try TLSSession(context: context)
        let connection = Self.connect(&oldSession)
        let oldClient = connection.client
        var oldPipe = connection.pipe
        #expect(oldClient.peerCertificate?.serial == 0x1001)

        try files.replace(live.certificate, with: next.certificate)
        try files.replace(live.key, with: next.key)
        try context.reload()

        var newSession = try TLSSession(context: context)
        let (newClient, _) = Self.connect(&newSession)
        #expect(newSession.isHandshakeComplete == true)
        #expect(newClient.peerCertificate?.serial == 0x2002)
        #expect(newClient.peerCertificate?.subject == "/CN=second.test")

        // The session made before the reload still works both ways on the old context.
        oldClient.write(Array("ping".utf8))
        oldPipe.run(oldClient, &oldSession)
        #expect(oldPipe.serverReceived == Array("ping".utf8))
        #expect(Array("pong".utf8).withUnsafeBytes { oldSession.write($0) } == 4)
        oldPipe.run(oldClient, &oldSession)
        #expect(oldClient.received == Array("pong".utf8))
    }

    @Test func failedReloadKeepsTheOldContext() throws {
        let files = try TLSTestCertificates()
        defer { files.remove() }
        let live = try files.make("live", commonName: "first.test", serial: 0x1001)
        let other = try files.make("other", commonName: "other.test", serial: 0x3003)
        let context = try TLSContext(configuration: TLSConfiguration(certificateChainPath: live.certificate, privateKeyPath: live.key))

        try files.replace(live.certificate, with: other.certificate)  // new certificate, but the old key stays: mismatch
        #expect(throws: TLSError.keyMismatch(certificatePath: live.certificate, keyPath: live.key, reason: "key values mismatch")) {
            try context.reload()
        }
        _ = try files.write("live.key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
        #expect(throws: TLSError.self) { try context.reload() }

        var session = try TLSSession(context: context)
        let (client, _) = Self.connect(&session)
        #expect(session.isHandshakeComplete == true)
        #expect(client.peerCertificate?.serial == 0x1001)
    }

    @Test func sessionOutlivesItsContext() throws {
        let files = try TLSTestCertificates()
        defer { files.remove() }
        let (certificate, key) = try files.make("a", commonName: "a", serial: 7)
        var context: TLSContext? = try TLSContext(configuration: TLSConfiguration(certificateChainPath: certificate, privateKeyPath: key))
        var session = try TLSSession(context: context!)
        context = nil  // the SSL holds its own SSL_CTX reference (and with it the ALPN list)
        let client = TLSTestClient(.init(alpn: ["http/1.1"]))
        var pipe = TLSTestPipe()
        pipe.run(client, &session)
        #expect(session.isHandshakeComplete == true)
        #expect(session.alpn == "http/1.1")
        #expect(client.peerCertificate?.serial == 7)
    }

    @Test(arguments: [
        (["h2", "http/1.1"], ["http/1.1", "h2"], "h2"),  // server preference wins (RFC 7301 §3.2)
        (["h2", "http/1.1"], ["http/1.1"], "http/1.1"),
        ([], ["http/1.1"], nil),  // ALPN disabled
    ] as [([String], [String], String?)])
    func alpnFollowsTheServerPreference(server: [String], client: [String], expected: String?) throws {
        let files = try TLSTestCertificates()
        defer { files.remove() }
        let (certificate, key) = try files.make("a", commonName: "a", serial: 1)
        var configuration = TLSConfiguration(certificateChainPath: certificate, privateKeyPath: key)
        configuration.alpnProtocols = server
        var session = try TLSSession(context: try TLSContext(configuration: configuration))
        let tlsClient = TLSTestClient(.init(alpn: client))
        var pipe = TLSTestPipe()
        pipe.run(tlsClient, &session)
        #expect(session.isHandshakeComplete == true)
        #expect(session.alpn == expected)
    }
}
