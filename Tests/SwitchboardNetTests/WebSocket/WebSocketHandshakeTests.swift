import Testing
@testable import SwitchboardNet

@Suite struct WebSocketHandshakeTests {
    static let sampleKey = "dGhlIHNhbXBsZSBub25jZQ=="

    /// A header lookup over (name, value) lines, case-insensitive like the HTTP parser's.
    private func lookup(_ lines: [(String, String)]) -> (String) -> [String] {
        { name in lines.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }
    }

    private static let goodHeaders: [(String, String)] = [
        ("Host", "server.example.com"), ("Upgrade", "websocket"), ("Connection", "Upgrade"),
        ("Sec-WebSocket-Key", sampleKey), ("Sec-WebSocket-Version", "13"),
    ]

    private func validate(_ lines: [(String, String)], method: String = "GET", minor: Int = 1) -> Result<String, WebSocketHandshakeError> {
        WebSocketHandshake.validate(method: method, versionMinor: minor, header: lookup(lines))
    }

    private func replacing(_ name: String, with values: [String]) -> [(String, String)] {
        Self.goodHeaders.filter { $0.0 != name } + values.map { (name, $0) }
    }

    /// RFC 6455 §1.3.
    @Test func computesTheRFCAcceptValue() {
        #expect(WebSocketHandshake.acceptValue(key: Self.sampleKey) == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func acceptsAValidRequest() {
        #expect(validate(Self.goodHeaders) == .success(Self.sampleKey))
    }

    @Test func acceptsTokenListsAnyCaseAndSpacing() {
        var lines = replacing("Connection", with: ["keep-alive, UPGRADE"])
        lines = lines.filter { $0.0 != "Upgrade" } + [("upgrade", " WebSocket ")]
        #expect(validate(lines) == .success(Self.sampleKey))
        #expect(validate(replacing("Connection", with: ["keep-alive", "Upgrade"])) == .success(Self.sampleKey))
        #expect(validate(replacing("Sec-WebSocket-Key", with: [" \(Self.sampleKey)\t"])) == .success(Self.sampleKey))
    }

    @Test func refusesOtherMethodsWith405() {
        let error = WebSocketHandshakeError(status: 405, reason: "WebSocket upgrade requires GET", extraHeaders: [("Allow", "GET")])
        #expect(validate(Self.goodHeaders, method: "POST") == .failure(error))
    }

    @Test func refusesHTTP10() throws {
        let result = validate(Self.goodHeaders, minor: 0)
        guard case .failure(let error) = result else { Issue.record("HTTP/1.0 accepted"); return }
        #expect(error.status == 400)
    }

    @Test(arguments: [
        ("Upgrade", [] as [String]), ("Upgrade", ["h2c"]), ("Upgrade", ["websockets"]), ("Connection", []), ("Connection", ["keep-alive"]),
        ("Connection", ["upgraded"]), ("Sec-WebSocket-Key", []), ("Sec-WebSocket-Key", [sampleKey, sampleKey]),
        ("Sec-WebSocket-Key", ["dGhlIHNhbXBsZSBub25j"]),  // 15 bytes
        ("Sec-WebSocket-Key", ["dGhlIHNhbXBsZSBub25jZQ"]),  // unpadded
        ("Sec-WebSocket-Key", ["dGhlIHNhbXBsZSBub25jZSE="]),  // 17 bytes
        ("Sec-WebSocket-Key", ["not base64 at all!!!!!!!"]),
    ] as [(String, [String])])
    func refusesBadUpgradeHeadersWith400(_ name: String, _ values: [String]) {
        guard case .failure(let error) = validate(replacing(name, with: values)) else {
            Issue.record("\(name): \(values) accepted")
            return
        }
        #expect(error.status == 400)
        #expect(error.extraHeaders.isEmpty)
    }

    @Test(arguments: [[] as [String], ["8"], ["12"], ["13, 8"], ["13", "8"], ["thirteen"]])
    func refusesOtherVersionsWith426(_ versions: [String]) {
        guard case .failure(let error) = validate(replacing("Sec-WebSocket-Version", with: versions)) else {
            Issue.record("version \(versions) accepted")
            return
        }
        #expect(error.status == 426)
        #expect(error.extraHeaders.map(\.0) == ["Sec-WebSocket-Version"] && error.extraHeaders.map(\.1) == ["13"])
    }

    @Test func buildsThe101Response() {
        let plain = String(decoding: WebSocketHandshake.response(accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), as: UTF8.self)
        #expect(plain == "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
        let full = String(decoding: WebSocketHandshake.response(
            accept: "x", extensions: "permessage-deflate; server_no_context_takeover", subprotocol: "switchboard.v1",
            extraHeaders: [("Set-Cookie", "a=b")]), as: UTF8.self)
        #expect(full == "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: x\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\nSec-WebSocket-Protocol: switchboard.v1\r\n"
            + "Set-Cookie: a=b\r\n\r\n")
    }
}
