import Testing
@testable import SwitchboardNet

@Suite struct HTTPRequestHeadTests {
    @Test func parsesCookies() {
        let head = HTTPRequestHead(
            method: .get, target: "/",
            headers: ["Cookie": "theme=dark; sid=\"abc123\";empty=; x=1=2", "cookie": "late=yes"]
        )
        #expect(head.cookie("sid") == "abc123")
        #expect(head.cookie("theme") == "dark")
        #expect(head.cookie("empty") == "")
        #expect(head.cookie("x") == "1=2")
        #expect(head.cookie("late") == "yes")
        #expect(head.cookie("SID") == nil)
        #expect(head.cookie("missing") == nil)
    }

    @Test func derivesFactsLikeTheParser() {
        let head = HTTPRequestHead(
            method: .post, target: "/a%20b?q=1",
            headers: ["Content-Length": "5", "Connection": "close", "Expect": "100-continue"]
        )
        #expect(head.path == "/a b" && head.query == "q=1")
        #expect(head.contentLength == 5 && !head.isChunked && head.expectsContinue && !head.keepAlive)
        let old = HTTPRequestHead(method: .get, target: "/bad%zz", version: .http10, headers: ["Connection": "keep-alive"])
        #expect(old.path == "/bad%zz" && old.query == "" && old.keepAlive && !old.expectsContinue)
        let chunked = HTTPRequestHead(method: .put, target: "/", headers: ["Transfer-Encoding": "chunked"])
        #expect(chunked.isChunked && chunked.keepAlive)
    }

    @Test func decodesPercentEscapes() {
        func decode(_ text: String) -> String? { Array(text.utf8).withUnsafeBytes { HTTPRequestHead.percentDecodedPath($0) } }
        #expect(decode("/plain") == "/plain")
        #expect(decode("/%2e%2E/%2F") == "/../" + "/")
        #expect(decode("/%E2%82%AC") == "/€")
        #expect(decode("/%") == nil)
        #expect(decode("/%4") == nil)
        #expect(decode("/%G0") == nil)
        #expect(decode("/%C3") == nil)  // not UTF-8
    }
}
