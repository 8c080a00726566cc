import Testing
@testable import SwitchboardNet

@Suite struct WebSocketExtensionListParserTests {
    typealias E = WebSocketExtensionListParser.Extension
    typealias Param = WebSocketExtensionListParser.Parameter

    @Test func parsesExtensionsParametersAndValues() {
        let parsed = WebSocketExtensionListParser.parse(
            "permessage-deflate; client_max_window_bits, foo;a=1 ;b=\"x\\\"y\\\\z\";c , bar")
        #expect(parsed == [
            E(name: "permessage-deflate", parameters: [Param(name: "client_max_window_bits", value: nil)]),
            E(name: "foo", parameters: [Param(name: "a", value: "1"), Param(name: "b", value: "x\"y\\z"), Param(name: "c", value: nil)]),
            E(name: "bar", parameters: []),
        ])
    }

    @Test func unescapesQuotedTokens() {
        let parsed = WebSocketExtensionListParser.parse("foo; a=\"1\\0\"; b = \"x\"\t, bar")
        #expect(parsed == [
            E(name: "foo", parameters: [Param(name: "a", value: "10"), Param(name: "b", value: "x")]),
            E(name: "bar", parameters: []),
        ])
    }

    @Test func skipsEmptyElementsAndWhitespace() {
        let parsed = WebSocketExtensionListParser.parse(" ,, foo ,\tbar;x ,")
        #expect(parsed == [E(name: "foo", parameters: []), E(name: "bar", parameters: [Param(name: "x", value: nil)])])
    }

    @Test(arguments: [
        ("foo; a=\"unterminated, bar", [String]()),
        ("foo, bar; =1, baz", ["foo", "baz"]),
        ("foo, bar baz, qux", ["foo", "qux"]),
        ("foo, bar; a=\"b, c\" d, qux", ["foo", "qux"]),
        ("foo, bar; a=, qux", ["foo", "qux"]),
        ("foo, bar; a=\"\\", ["foo"]),
        ("=foo, qux", ["qux"]),
        ("foo, b\u{e9}r, qux", ["foo", "qux"]),
        ("foo;, qux;;, quux", ["quux"]),
    ])
    func dropsMalformedElementsOnly(header: String, kept: [String]) {
        #expect(WebSocketExtensionListParser.parse(header).map(\.name) == kept)
    }
}
