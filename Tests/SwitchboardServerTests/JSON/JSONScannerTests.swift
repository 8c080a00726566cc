import Testing
import SwitchboardServer

@Suite struct JSONScannerTests {
    private func valid(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBytes { JSONScanner.isValid($0) }
    }

    /// The members of a top-level object as (key, value) strings, or nil when the scan fails.
    private func members(_ text: String) -> [(String, String)]? {
        let bytes = Array(text.utf8)
        var found: [(String, String)] = []
        let ok = bytes.withUnsafeBytes { raw in
            JSONScanner.scanObject(raw) { key, value in
                found.append((String(decoding: bytes[key], as: UTF8.self), String(decoding: bytes[value], as: UTF8.self)))
            }
        }
        return ok ? found : nil
    }

    @Test(arguments: [
        "{}", "[]", "0", "-0", "1", "-1", "12.5", "1e10", "1E+2", "-3.25e-7", "0.0", "\"\"", "true", "false", "null",
        " \t\r\n{ \"a\" : [ 1 , 2 , { } ] } \n", "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00\"",
        "\"caf\u{e9} \u{1F600}\"", "[[],[[]],{\"\":null}]", "{\"a\":{\"b\":{\"c\":[true,false,null]}}}",
    ])
    func acceptsValidJSON(_ text: String) {
        #expect(valid(text), "\(text)")
    }

    @Test(arguments: [
        "", " ", "{", "}", "[", "[1,]", "[,1]", "{\"a\":1,}", "{,}", "{\"a\"}", "{\"a\":}", "{a:1}", "{'a':1}",
        "01", "-", "+1", ".5", "1.", "1.e5", "1e", "1e+", "0x10", "NaN", "Infinity", "-Infinity", "tru", "nul", "True",
        "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"tab\there\"", "\"line\nbreak\"", "\"\u{0}\"",
        "1 2", "{} {}", "[1] x", "{\"a\":1}}", "[1 2]", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "\u{FEFF}{}",
    ])
    func rejectsInvalidJSON(_ text: String) {
        #expect(!valid(text), "\(text)")
    }

    @Test func depthLimitAllowsMaxDepthAndRefusesOneMore() {
        let depth = JSONScanner.maxDepth
        #expect(valid(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)))
        #expect(!valid(String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)))
        let objects = String(repeating: "{\"a\":", count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
        #expect(valid(objects))
        #expect(members(objects) != nil)
        let tooDeep = String(repeating: "{\"a\":", count: depth) + "{}" + String(repeating: "}", count: depth)
        #expect(!valid(tooDeep))
        #expect(members(tooDeep) == nil)
        // A hostile nesting far past the limit is refused without exhausting the stack.
        #expect(!valid(String(repeating: "[", count: 1_000_000)))
    }

    @Test func memberRangesAreRawKeyAndValueText() throws {
        let found = try #require(members(#" { "type" : "echo", "payload":{"ts":"1","pad":[1, 2]} ,"n":-1.5e3,"e":"a\"b" } "#))
        #expect(found.map(\.0) == ["type", "payload", "n", "e"])
        #expect(found.map(\.1) == [#""echo""#, #"{"ts":"1","pad":[1, 2]}"#, "-1.5e3", #""a\"b""#])
    }

    @Test func keyComparisonIsExactOnRawBytes() throws {
        let text = #"{"type":1,"typ":2,"t\u0079pe":3,"types":4}"#
        let bytes = Array(text.utf8)
        var matches: [String] = []
        let ok = bytes.withUnsafeBytes { raw in
            JSONScanner.scanObject(raw) { key, value in
                if JSONScanner.key(raw, key, equals: "type") { matches.append(String(decoding: bytes[value], as: UTF8.self)) }
            }
        }
        #expect(ok)
        #expect(matches == ["1"])
    }

    @Test(arguments: ["[]", "\"x\"", "1", "null", "", "{\"a\":1", "{\"a\":1} x", "{\"a\":01}"])
    func scanObjectRefusesNonObjectsAndInvalidText(_ text: String) {
        #expect(members(text) == nil, "\(text)")
    }

    @Test func emptyObjectHasNoMembers() throws {
        #expect(try #require(members(" {} ")).isEmpty)
    }
}
