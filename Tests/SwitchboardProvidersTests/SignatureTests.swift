import Testing
@testable import SwitchboardProviders

@Suite struct HMACTests {
    /// RFC 4231 test case 2 and RFC 2202 test case 2 (key "Jefe").
    @Test func matchesThePublishedVectors() {
        let message = Array("what do ya want for nothing?".utf8)
        #expect(Hex.encode(HMAC.authenticationCode(.sha256, key: "Jefe".utf8, message: message))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(Hex.encode(HMAC.authenticationCode(.sha1, key: "Jefe".utf8, message: message))
            == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
    }

    @Test func signsAnEmptyMessage() {
        // RFC 4231 has no empty vector; this one is HMAC-SHA256("key", "").
        #expect(Hex.encode(HMAC.authenticationCode(.sha256, key: "key".utf8, message: [UInt8]()))
            == "5d5d139563c95b5967b9bd9a8c9b233a9dedb45072794cd232dc1b74832607d0")
    }

    @Test func comparesOnlyEqualLengthsAndEveryByte() {
        #expect(HMAC.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!HMAC.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!HMAC.constantTimeEqual([1, 2, 3], [1, 2]))
        #expect(HMAC.constantTimeEqual([], []))
    }
}

@Suite struct CloudSignatureTests {
    static let body = Array(#"{"object":"whatsapp_business_account","entry":[]}"#.utf8)
    /// Computed independently: python3 -c "import hmac,hashlib; print(hmac.new(b'app-secret', BODY, hashlib.sha256).hexdigest())"
    static let expected = "sha256=d3e4f9da0ce6c71ab3dba55929b8eeeee2455349e534924ead19f98d143e904f"

    @Test func signsTheRawBodyWithTheAppSecret() {
        #expect(CloudSignature.header(body: Self.body, appSecret: "app-secret") == Self.expected)
    }

    @Test func acceptsItsOwnSignatureInEitherCase() {
        let header = CloudSignature.header(body: Self.body, appSecret: "app-secret")
        Self.body.withUnsafeBytes { body in
            #expect(CloudSignature.isValid(header: header, body: body, appSecret: "app-secret"))
            #expect(CloudSignature.isValid(header: "sha256=" + header.dropFirst(7).uppercased(), body: body, appSecret: "app-secret"))
        }
    }

    @Test(arguments: [
        nil, "", "sha256=", "sha1=d3e4f9da0ce6c71ab3dba55929b8eeeee2455349e534924ead19f98d143e904f",
        "sha256=d3e4f9da0ce6c71ab3dba55929b8eeeee2455349e534924ead19f98d143e904e",
        "sha256=d3e4f9da0ce6c71ab3dba55929b8eeeee2455349e534924ead19f98d143e904",
        "sha256=zz", "d3e4f9da0ce6c71ab3dba55929b8eeeee2455349e534924ead19f98d143e904f",
    ] as [String?])
    func refusesAMissingMalformedOrWrongHeader(header: String?) {
        Self.body.withUnsafeBytes { body in
            #expect(!CloudSignature.isValid(header: header, body: body, appSecret: "app-secret"))
        }
    }

    @Test func refusesAnotherSecretOrAnotherBody() {
        let header = CloudSignature.header(body: Self.body, appSecret: "app-secret")
        Self.body.withUnsafeBytes { body in
            #expect(!CloudSignature.isValid(header: header, body: body, appSecret: "other-secret"))
            #expect(!CloudSignature.isValid(header: header, body: body, appSecret: ""))
        }
        Array((String(decoding: Self.body, as: UTF8.self) + " ").utf8).withUnsafeBytes { body in
            #expect(!CloudSignature.isValid(header: header, body: body, appSecret: "app-secret"))
        }
    }
}

@Suite struct ClassicSignatureTests {
    /// The worked example on Twilio's "Webhooks security" page (www.twilio.com/docs/usage/security).
    static let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    static let parameters: [(name: String, value: String)] = [
        ("To", "+18005551212"), ("CallSid", "CA1234567890ABCDE"), ("Digits", "1234"), ("From", "+12349013030"),
        ("Caller", "+12349013030"),
    ]
    static let published = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="

    @Test func matchesTwiliosPublishedExample() {
        #expect(ClassicSignature.header(url: Self.url, parameters: Self.parameters, authToken: "12345") == Self.published)
        #expect(ClassicSignature.isValid(header: Self.published, url: Self.url, parameters: Self.parameters, authToken: "12345"))
    }

    @Test func signsURLThenSortedNamesAndValues() {
        let bytes = ClassicSignature.signedBytes(url: "https://h/p", parameters: [("b", "2"), ("a", "1"), ("B", "3")])
        #expect(String(decoding: bytes, as: UTF8.self) == "https://h/pB3a1b2")
    }

    @Test func refusesAChangedParameterURLOrToken() {
        var changed = Self.parameters
        changed[2].value = "9999"
        #expect(!ClassicSignature.isValid(header: Self.published, url: Self.url, parameters: changed, authToken: "12345"))
        #expect(!ClassicSignature.isValid(header: Self.published, url: "http://mycompany.com/myapp.php?foo=1&bar=2",
                                          parameters: Self.parameters, authToken: "12345"))
        #expect(!ClassicSignature.isValid(header: Self.published, url: Self.url, parameters: Self.parameters, authToken: "54321"))
        #expect(!ClassicSignature.isValid(header: Self.published, url: Self.url, parameters: Self.parameters, authToken: ""))
    }

    @Test(arguments: [nil, "", "0/KCTR6DLpKmkAf8muzZqo1nDgQ", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=x", "not base64!"] as [String?])
    func refusesAMissingOrMalformedHeader(header: String?) {
        #expect(!ClassicSignature.isValid(header: header, url: Self.url, parameters: Self.parameters, authToken: "12345"))
    }
}
