import Testing
@testable import SwitchboardNet

@Suite struct PerMessageDeflateNegotiationTests {
    typealias P = PerMessageDeflateParameters

    /// Context takeover allowed both ways, so responses echo the offer (the RFC 7692 §7.1 examples' server).
    static let permissive = PerMessageDeflateConfiguration(serverContextTakeoverAllowed: true, clientContextTakeoverAllowed: true)

    struct Case: CustomTestStringConvertible, Sendable {
        let offers: [String]
        let response: String?
        let parameters: P?
        var testDescription: String { offers.joined(separator: " | ") }
    }

    /// RFC 7692 §5, §7.1 examples and their variants, against the permissive server.
    static let rfcCases: [Case] = [
        Case(offers: ["permessage-deflate"], response: "permessage-deflate", parameters: P()),
        Case(
            offers: ["permessage-deflate; server_no_context_takeover"],
            response: "permessage-deflate; server_no_context_takeover",
            parameters: P(serverNoContextTakeover: true)
        ),
        Case(
            offers: ["permessage-deflate; client_no_context_takeover"],
            response: "permessage-deflate; client_no_context_takeover",
            parameters: P(clientNoContextTakeover: true)
        ),
        Case(
            offers: ["permessage-deflate; server_max_window_bits=10"],
            response: "permessage-deflate; server_max_window_bits=10",
            parameters: P(serverMaxWindowBits: 10)
        ),
        // §7.1.2.2: a client_max_window_bits without a value lets the server choose; this one does not limit it.
        Case(offers: ["permessage-deflate; client_max_window_bits"], response: "permessage-deflate", parameters: P()),
        Case(
            offers: ["permessage-deflate; client_max_window_bits=10"],
            response: "permessage-deflate; client_max_window_bits=10",
            parameters: P(clientMaxWindowBits: 10)
        ),
        // §5.1 example: both window parameters in one offer.
        Case(
            offers: ["permessage-deflate; client_max_window_bits; server_max_window_bits=10"],
            response: "permessage-deflate; server_max_window_bits=10",
            parameters: P(serverMaxWindowBits: 10)
        ),
        // §5.1 example: two offers, the first is acceptable.
        Case(
            offers: ["permessage-deflate; server_max_window_bits=10, permessage-deflate"],
            response: "permessage-deflate; server_max_window_bits=10",
            parameters: P(serverMaxWindowBits: 10)
        ),
        // A server window of 8 is honoured by compressing with 9 bits (Autobahn 13.3 and 13.5 offer it).
        Case(
            offers: ["permessage-deflate; server_max_window_bits=8, permessage-deflate"],
            response: "permessage-deflate; server_max_window_bits=8",
            parameters: P(serverMaxWindowBits: 8)
        ),
        // A client window of 8 is fine: zlib inflates it.
        Case(
            offers: ["permessage-deflate; client_max_window_bits=8"],
            response: "permessage-deflate; client_max_window_bits=8",
            parameters: P(clientMaxWindowBits: 8)
        ),
        Case(
            offers: ["permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                + "server_max_window_bits=9; client_max_window_bits=15"],
            response: "permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                + "server_max_window_bits=9; client_max_window_bits=15",
            parameters: P(serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 9, clientMaxWindowBits: 15)
        ),
        // Quoted-string values are unescaped first (RFC 6455 §9.1, RFC 7692 §7.1).
        Case(
            offers: ["permessage-deflate; server_max_window_bits=\"12\"; client_max_window_bits=\"1\\1\""],
            response: "permessage-deflate; server_max_window_bits=12; client_max_window_bits=11",
            parameters: P(serverMaxWindowBits: 12, clientMaxWindowBits: 11)
        ),
        // Other extensions are skipped; offers across several header lines keep their order.
        Case(offers: ["x-webkit-deflate-frame", "permessage-deflate"], response: "permessage-deflate", parameters: P()),
        Case(offers: ["foo; a=1, permessage-deflate;server_max_window_bits = 11 "],
             response: "permessage-deflate; server_max_window_bits=11", parameters: P(serverMaxWindowBits: 11)),
        Case(offers: [], response: nil, parameters: nil),
        Case(offers: ["x-foo"], response: nil, parameters: nil),
    ]

    /// Offers that must be declined (RFC 7692 §7, §7.1): unknown, duplicate or badly valued parameters.
    static let badOffers: [String] = [
        "permessage-deflate; foo",
        "permessage-deflate; foo=1",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
        "permessage-deflate; server_max_window_bits=10; server_max_window_bits=10",
        "permessage-deflate; client_max_window_bits; client_max_window_bits=10",
        "permessage-deflate; server_no_context_takeover=1",
        "permessage-deflate; client_no_context_takeover=true",
        "permessage-deflate; server_max_window_bits",
        "permessage-deflate; server_max_window_bits=7",
        "permessage-deflate; server_max_window_bits=16",
        "permessage-deflate; server_max_window_bits=010",
        "permessage-deflate; server_max_window_bits=0x0a",
        "permessage-deflate; server_max_window_bits=-10",
        "permessage-deflate; server_max_window_bits=1.0",
        "permessage-deflate; server_max_window_bits=\"\"",
        "permessage-deflate; client_max_window_bits=7",
        "permessage-deflate; client_max_window_bits=16",
        "permessage-deflate; client_max_window_bits=09",
        "permessage-deflate; client_max_window_bits=100",
        "permessage-deflate; client_max_window_bits=\"10 \"",
        // Syntax errors drop the element.
        "permessage-deflate; server_max_window_bits=\"10",
        "permessage-deflate; server_max_window_bits=\"1,0\"",
        "permessage-deflate; ; server_no_context_takeover",
        "permessage-deflate server_no_context_takeover",
        "permessage-deflate; server_no_context_takeover x",
        "permessage-deflate;",
    ]

    @Test(arguments: rfcCases)
    func negotiatesRFCExamples(_ example: Case) {
        let result = PerMessageDeflateNegotiation.negotiate(offers: example.offers, configuration: Self.permissive)
        #expect(result?.responseHeaderValue == example.response)
        #expect(result?.parameters == example.parameters)
    }

    @Test(arguments: badOffers)
    func declinesBadOffer(_ offer: String) {
        #expect(PerMessageDeflateNegotiation.negotiate(offers: [offer], configuration: Self.permissive) == nil)
        // ... and falls back to a later acceptable offer, in the same header or the next one.
        let sameHeader = PerMessageDeflateNegotiation.negotiate(offers: [offer + ", permessage-deflate; server_max_window_bits=12"],
                                                                configuration: Self.permissive)
        let nextHeader = PerMessageDeflateNegotiation.negotiate(offers: [offer, "permessage-deflate; server_max_window_bits=12"],
                                                                configuration: Self.permissive)
        #expect(nextHeader?.parameters == P(serverMaxWindowBits: 12))
        if !offer.hasSuffix("\"10") {  // an unterminated quoted string swallows the rest of its header value
            #expect(sameHeader?.parameters == P(serverMaxWindowBits: 12))
        }
    }

    @Test func defaultConfigurationTurnsContextTakeoverOff() {
        let result = PerMessageDeflateNegotiation.negotiate(
            offers: ["permessage-deflate; client_max_window_bits"],
            configuration: PerMessageDeflateConfiguration()
        )
        // §7.1.1.1/§7.1.1.2: both no-context-takeover parameters may be sent though not offered.
        #expect(result?.responseHeaderValue == "permessage-deflate; server_no_context_takeover; client_no_context_takeover")
        #expect(result?.parameters == P(serverNoContextTakeover: true, clientNoContextTakeover: true))
    }

    /// The offers of Autobahn|Testsuite cases 13.1 ... 13.7 (autobahn's PerMessageDeflateOffer strings).
    static let autobahnOffers: [(offer: String, response: String, parameters: P)] = {
        let base = "permessage-deflate; client_no_context_takeover; client_max_window_bits"
        let both = "permessage-deflate; server_no_context_takeover; client_no_context_takeover"
        let agreed = P(serverNoContextTakeover: true, clientNoContextTakeover: true)
        var eight = agreed
        eight.serverMaxWindowBits = 8
        return [
            (base, both, agreed),
            (base + "; server_no_context_takeover", both, agreed),
            (base + "; server_max_window_bits=8", both + "; server_max_window_bits=8", eight),
            (base + "; server_max_window_bits=15", both + "; server_max_window_bits=15", agreed),
            (base + "; server_no_context_takeover; server_max_window_bits=8", both + "; server_max_window_bits=8", eight),
            (base + "; server_no_context_takeover; server_max_window_bits=15", both + "; server_max_window_bits=15", agreed),
            (base + "; server_no_context_takeover; server_max_window_bits=8, " + base + "; server_no_context_takeover, " + base,
             both + "; server_max_window_bits=8", eight),
        ]
    }()

    @Test func acceptsEveryAutobahnSection13Offer() {
        for (offer, response, parameters) in Self.autobahnOffers {
            let result = PerMessageDeflateNegotiation.negotiate(offers: [offer], configuration: PerMessageDeflateConfiguration())
            #expect(result?.responseHeaderValue == response, "\(offer)")
            #expect(result?.parameters == parameters, "\(offer)")
        }
    }

    @Test func disabledConfigurationDeclinesEverything() {
        let configuration = PerMessageDeflateConfiguration(enabled: false)
        #expect(PerMessageDeflateNegotiation.negotiate(offers: ["permessage-deflate"], configuration: configuration) == nil)
    }

    @Test func configuredWindowsCapTheOffer() {
        let configuration = PerMessageDeflateConfiguration(
            serverContextTakeoverAllowed: true, clientContextTakeoverAllowed: true, serverMaxWindowBits: 11, clientMaxWindowBits: 10)
        let capped = PerMessageDeflateNegotiation.negotiate(
            offers: ["permessage-deflate; server_max_window_bits=13; client_max_window_bits=12"], configuration: configuration)
        #expect(capped?.responseHeaderValue == "permessage-deflate; server_max_window_bits=11; client_max_window_bits=10")
        // §7.1.2.1: server_max_window_bits may be announced unasked; §7.1.2.2: client_max_window_bits only when offered.
        let bare = PerMessageDeflateNegotiation.negotiate(offers: ["permessage-deflate"], configuration: configuration)
        #expect(bare?.responseHeaderValue == "permessage-deflate; server_max_window_bits=11")
        #expect(bare?.parameters == P(serverMaxWindowBits: 11))
        let valueless = PerMessageDeflateNegotiation.negotiate(
            offers: ["permessage-deflate; client_max_window_bits"], configuration: configuration)
        #expect(valueless?.responseHeaderValue == "permessage-deflate; server_max_window_bits=11; client_max_window_bits=10")
        #expect(valueless?.parameters == P(serverMaxWindowBits: 11, clientMaxWindowBits: 10))
    }

    @Test func namesAreCaseInsensitive() {
        let result = PerMessageDeflateNegotiation.negotiate(
            offers: ["PerMessage-Deflate; Server_No_Context_Takeover"], configuration: Self.permissive)
        #expect(result?.parameters == P(serverNoContextTakeover: true))
    }
}
