import Testing
@testable import SwitchboardNet

@Suite struct HTTPResponseEncoderTests {
    /// 1994-11-06T08:49:37Z, the example date of RFC 9110 §5.6.7.
    static let rfcExample = 784_111_777

    func encode(_ response: HTTPResponse, omitBody: Bool = false, keepAlive: Bool = true) -> String {
        var encoder = HTTPResponseEncoder()
        var buffer: [UInt8] = []
        encoder.encode(response, omitBody: omitBody, keepAlive: keepAlive, into: &buffer, epochSeconds: Self.rfcExample)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func writesStatusLineDateServerAndLength() {
        let text = encode(.json(body: "{\"ok\":true}"))
        #expect(text == "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nServer: switchboard\r\n"
            + "Content-Type: application/json; charset=utf-8\r\nContent-Length: 11\r\n\r\n{\"ok\":true}")
    }

    @Test func closesWhenNotKeepingAlive() {
        let text = encode(.text(status: .notFound, "nope"), keepAlive: false)
        #expect(text.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        #expect(text.hasSuffix("Content-Type: text/plain; charset=utf-8\r\nContent-Length: 4\r\nConnection: close\r\n\r\nnope"))
    }

    @Test func omitsTheBodyForHeadButKeepsItsLength() {
        let text = encode(.text("hello"), omitBody: true)
        #expect(text.hasSuffix("Content-Length: 5\r\n\r\n"))
        var explicit = HTTPResponse(status: .ok, headers: ["Content-Length": "1234"])
        explicit.headers.add("ETag", "\"x\"")
        let head = encode(explicit, omitBody: true)
        #expect(head.hasSuffix("Content-Length: 1234\r\nETag: \"x\"\r\n\r\n"))
        #expect(head.components(separatedBy: "Content-Length").count == 2)
    }

    @Test(arguments: [HTTPStatus.continue, .switchingProtocols, .noContent, .notModified])
    func writesNoLengthOrBodyWhereForbidden(status: HTTPStatus) {
        let text = encode(HTTPResponse(status: status, headers: ["Content-Length": "3"], body: Array("abc".utf8)))
        #expect(!text.contains("Content-Length"))
        #expect(text.hasSuffix("Server: switchboard\r\n\r\n"))
    }

    @Test func keepsCallerFieldsInOrderAndOwnsDateAndServer() {
        let response = HTTPResponse(status: .switchingProtocols, headers: ["Upgrade": "websocket", "Connection": "Upgrade", "Server": "x"])
        let text = encode(response)
        #expect(text.hasSuffix("Server: switchboard\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"))
    }

    @Test func appendsPipelinedResponsesToOneBuffer() {
        var encoder = HTTPResponseEncoder()
        var buffer: [UInt8] = []
        encoder.encode(.text("a"), omitBody: false, keepAlive: true, into: &buffer, epochSeconds: Self.rfcExample)
        let first = buffer.count
        encoder.encode(.text("b"), omitBody: false, keepAlive: true, into: &buffer, epochSeconds: Self.rfcExample + 1)
        let text = String(decoding: buffer, as: UTF8.self)
        #expect(buffer.count == 2 * first)
        #expect(text.contains("08:49:37 GMT") && text.contains("08:49:38 GMT"))
    }

    @Test func formatsIMFFixdate() {
        var cache = HTTPDateCache()
        #expect(String(decoding: cache.bytes(epochSeconds: 0), as: UTF8.self) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(String(decoding: cache.bytes(epochSeconds: 1_767_225_599), as: UTF8.self) == "Wed, 31 Dec 2025 23:59:59 GMT")
        #expect(String(decoding: cache.bytes(epochSeconds: 951_782_400), as: UTF8.self) == "Tue, 29 Feb 2000 00:00:00 GMT")
    }

    @Test func statusHelpers() {
        let notAllowed = HTTPResponse.methodNotAllowed(allowed: [.get, .head])
        #expect(notAllowed.status.code == 405 && notAllowed.headers.first("Allow") == "GET, HEAD")
        #expect(HTTPResponse.status(.noContent).body.isEmpty)
        #expect(HTTPResponse.status(.notFound).body == Array("Not Found\n".utf8))
    }
}

extension HTTPResponseEncoderTests {
    @Test func neutralisesLineBreaksInFields() {
        let response = HTTPResponse(status: .movedPermanently, headers: ["Location": "/a\r\nSet-Cookie: x=1"])
        let text = encode(response)
        #expect(text.contains("Location: /a  Set-Cookie: x=1\r\n"))
        #expect(!text.contains("\r\nSet-Cookie"))
    }
}
