import Testing
@testable import SwitchboardNet

@Suite struct HTTPHeadersTests {
    @Test func looksUpNamesCaseInsensitively() {
        let headers: HTTPHeaders = ["Content-Type": "text/plain", "X-Many": "1", "x-many": "2"]
        #expect(headers.first("content-type") == "text/plain")
        #expect(headers.first("CONTENT-TYPE") == "text/plain")
        #expect(headers.first("Content-Length") == nil)
        #expect(headers.values("X-MANY") == ["1", "2"])
        #expect(headers.contains("x-many") && !headers.contains("x-few"))
    }

    @Test func findsTokensInLists() {
        let headers: HTTPHeaders = ["Connection": "keep-alive, Upgrade", "Upgrade": "websocket", "connection": " ,close ,"]
        #expect(headers.containsToken("Connection", "upgrade"))
        #expect(headers.containsToken("connection", "Keep-Alive"))
        #expect(headers.containsToken("Connection", "close"))
        #expect(!headers.containsToken("Connection", "keep"))
        #expect(!headers.containsToken("Connection", "websocket"))
        #expect(headers.containsToken("Upgrade", "WebSocket"))
    }

    @Test func addsReplacesAndRemovesKeepingOrder() {
        var headers = HTTPHeaders()
        headers.add("A", "1")
        headers.add("B", "2")
        headers.add("a", "3")
        headers.replaceOrAdd("A", "9")
        #expect(headers.fields.map(\.name) == ["A", "B"])
        #expect(headers.values("a") == ["9"])
        headers.replaceOrAdd("C", "4")
        #expect(headers.fields.map(\.value) == ["9", "2", "4"])
        headers.remove("b")
        #expect(headers.fields.map(\.name) == ["A", "C"])
        #expect(headers == ["A": "9", "C": "4"])
        #expect(headers != ["C": "4", "A": "9"])
    }
}
