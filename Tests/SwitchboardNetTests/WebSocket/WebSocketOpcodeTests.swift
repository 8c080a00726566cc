import Testing
@testable import SwitchboardNet

@Suite struct WebSocketOpcodeTests {
    @Test func rawValuesFollowRFC6455() {
        #expect(WebSocketOpcode.allCases.map(\.rawValue) == [0x0, 0x1, 0x2, 0x8, 0x9, 0xA])
    }

    @Test func onlyClosePingPongAreControl() {
        #expect(WebSocketOpcode.allCases.filter(\.isControl) == [.close, .ping, .pong])
    }

    @Test func reservedOpcodesHaveNoCase() {
        for raw: UInt8 in [3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF] {
            #expect(WebSocketOpcode(rawValue: raw) == nil)
        }
    }
}
