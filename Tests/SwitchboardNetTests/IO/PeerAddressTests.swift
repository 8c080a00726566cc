@testable import SwitchboardNet
import Testing

@Suite("Peer address")
struct PeerAddressTests {
    @Test func printsIPv4MappedAsDottedAndIPv6AsRFC5952() {
        let v4 = PeerAddress(bytes: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 192, 168, 1, 20))
        #expect(v4.description == "192.168.1.20")
        let v6 = PeerAddress(bytes: (0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1))
        #expect(v6.description == "2001:db8::1")
        #expect(PeerAddress.unknown.description == "::")
        #expect(v4 != v6 && v4 == PeerAddress(high: v4.high, low: v4.low))
    }
}
