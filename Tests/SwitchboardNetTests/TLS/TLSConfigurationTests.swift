import Testing
@testable import SwitchboardNet

@Suite struct TLSConfigurationTests {
    @Test func defaultsAreModern() {
        let configuration = TLSConfiguration(certificateChainPath: "/c.pem", privateKeyPath: "/k.pem")
        #expect(configuration.minimumVersion == .tls1_2)
        #expect(configuration.maximumVersion == .tls1_3)
        #expect(configuration.alpnProtocols == ["http/1.1"])
        #expect(configuration.handshakeTimeout == .seconds(10))
        let suites = configuration.cipherList.split(separator: ":")
        #expect(!suites.isEmpty)
        #expect(suites.allSatisfy { $0.hasPrefix("ECDHE-") && ($0.contains("GCM") || $0.contains("CHACHA20-POLY1305")) })
    }

    @Test func encodesALPNInWireFormat() {
        var configuration = TLSConfiguration(certificateChainPath: "/c.pem", privateKeyPath: "/k.pem")
        configuration.alpnProtocols = ["h2", "", "http/1.1", String(repeating: "x", count: 256)]
        // RFC 7301 §3.1: length-prefixed names; empty and over-long names cannot be encoded.
        #expect(configuration.alpnWireFormat == [2] + Array("h2".utf8) + [8] + Array("http/1.1".utf8))
    }

    @Test func versionsMapToOpenSSLConstants() {
        #expect(TLSConfiguration.ProtocolVersion.tls1_2.openSSLValue == 0x0303)
        #expect(TLSConfiguration.ProtocolVersion.tls1_3.openSSLValue == 0x0304)
        #expect(TLSConfiguration.ProtocolVersion.tls1_2 < .tls1_3)
    }
}
