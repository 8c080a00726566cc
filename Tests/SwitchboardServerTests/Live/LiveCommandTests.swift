import Testing
@testable import SwitchboardServer

/// Reading client commands.
@Suite("Live command")
struct LiveCommandTests {
    private func parse(_ text: String) throws -> LiveCommand { try LiveCommand(Array(text.utf8)) }

    @Test func readsNameIdAndTypedArguments() throws {
        let c = try parse(#"{"cmd":"send","id":"7","interaction":12,"campaign":3,"text":"hi","after":null}"#)
        #expect(c.name == "send" && c.id == "7")
        #expect(try c.id64("interaction") == 12)
        #expect(try c.string("text") == "hi")
        #expect(try c.optionalUInt64("after") == nil)
        #expect(try parse(#"{"cmd":"x","id":42}"#).id == "42")
    }

    @Test func refusesWhatIsNotACommand() throws {
        #expect(throws: LiveCommand.Problem.self) { try parse("[1,2]") }
        #expect(throws: LiveCommand.Problem.self) { try parse("{") }
        #expect(try parse(#"{"id":"1"}"#).name == "")
        let c = try parse(#"{"cmd":"take","interaction":"12","campaign":-3,"scroll":"x"}"#)
        #expect(throws: LiveCommand.Problem.self) { try c.id64("interaction") }
        #expect(throws: LiveCommand.Problem.self) { try c.id64("campaign") }
        #expect(throws: LiveCommand.Problem.self) { try c.int("scroll", default: 0) }
        #expect(throws: LiveCommand.Problem.self) { try c.string("missing") }
    }
}
