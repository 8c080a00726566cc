import Foundation
import Testing
@testable import SwitchboardServer

@Suite struct JSONWriterTests {
    func text(_ build: (inout JSONWriter) -> Void) -> String {
        var w = JSONWriter()
        build(&w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    @Test func escapesEverythingJSONAndJavaScriptNeed() throws {
        let tricky = "a\"b\\c\n\r\t\u{08}\u{0C}\u{01}\u{1F}\u{2028}x\u{2029}é😀/"
        let json = text { $0.string(tricky) }
        #expect(json == #""a\"b\\c\n\r\t\b\f\u0001\u001f\u2028x\u2029é😀/""#)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String
        #expect(parsed == tricky)
    }

    @Test func numbersAndNull() {
        #expect(text { $0.int(Int64.min) } == "-9223372036854775808")
        #expect(text { $0.int(0) } == "0")
        #expect(text { $0.int(1_234_567) } == "1234567")
        #expect(text { $0.double(0.25) } == "0.25")
        #expect(text { $0.double(60) } == "60")
        #expect(text { $0.double(nil) } == "null")
        #expect(text { $0.double(.nan) } == "null")
        #expect(text { $0.double(.infinity) } == "null")
    }

    @Test func nestingPutsCommasRight() throws {
        let json = text { w in
            w.beginObject()
            w.key("a"); w.int(1)
            w.key("b"); w.beginArray(); w.int(1); w.beginObject(); w.endObject(); w.beginArray(); w.endArray(); w.null(); w.endArray()
            w.key("c"); w.beginObject(); w.key("d"); w.bool(true); w.key("e"); w.double(1.5); w.endObject()
            w.endObject()
        }
        #expect(json == #"{"a":1,"b":[1,{},[],null],"c":{"d":true,"e":1.5}}"#)
        #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) is [String: Any])
    }
}
