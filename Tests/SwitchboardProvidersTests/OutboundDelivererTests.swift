import Foundation
import SwitchboardNet
import Testing
import TestSupport
@testable import SwitchboardProviders

/// The retry loop against a real loopback provider (the network core serving scripted answers).
@Suite struct OutboundDelivererTests {
    static let cloud = OutboundAccount.cloud(phoneNumberID: "106540352242922", accessToken: "EAAG-token")
    static let classic = OutboundAccount.classic(accountSID: "AC123", authToken: "secret", statusCallback: "https://sb.test/webhooks/classic/2")
    static let text = OutboundText(idempotencyKey: "sb-41-0a1b", from: "+59899000001", to: "+54 9 11 5555-0000", body: "Hola \"Ana\"\n¿todo bien?")

    private func deliverer(_ provider: FakeProvider, _ account: OutboundAccount, sleeper: RecordingSleeper,
                           timeout: Int64 = 5_000, trust: String? = nil) throws -> OutboundDeliverer {
        var configuration = HTTPClient.Configuration()
        configuration.responseTimeoutMilliseconds = timeout
        configuration.trustRootsPath = trust
        return OutboundDeliverer(client: try HTTPClient(baseURL: provider.baseURL, configuration: configuration), account: account,
                                 sleeper: sleeper, seed: 7)
    }

    @Test func twoServerErrorsThenAcceptedIsOneMessageInThreeAttemptsWithOneKey() async throws {
        let provider = try FakeProvider([
            .json(500, #"{"error":{"message":"Internal","code":1}}"#), .json(503, "{}"),
            .json(200, #"{"messaging_product":"whatsapp","contacts":[{"input":"5491155550000","wa_id":"5491155550000"}],"messages":[{"id":"wamid.HBgM"}]}"#),
        ])
        let sleeper = RecordingSleeper()
        let result = try await deliverer(provider, Self.cloud, sleeper: sleeper).deliver(Self.text)
        #expect(result == .accepted(providerMessageID: "wamid.HBgM", attempts: 3))
        let received = provider.received
        #expect(received.count == 3)
        #expect(Set(received.map { $0.header("Idempotency-Key") }) == ["sb-41-0a1b"])
        #expect(received.allSatisfy { $0.target == "/106540352242922/messages" && $0.method == "POST" })
        #expect(received[0].header("Authorization") == "Bearer EAAG-token")
        let body = try JSONSerialization.jsonObject(with: Data(received[0].body.utf8)) as? [String: Any]
        #expect(body?["messaging_product"] as? String == "whatsapp")
        #expect(body?["recipient_type"] as? String == "individual")
        #expect(body?["to"] as? String == "5491155550000")
        #expect(body?["type"] as? String == "text")
        #expect((body?["text"] as? [String: Any])?["body"] as? String == "Hola \"Ana\"\n¿todo bien?")
        // Backoff: 500 ms then 1 s before jitter, each in its upper half.
        #expect(sleeper.recorded.count == 2)
        #expect((250...500).contains(sleeper.recorded[0]))
        #expect((500...1_000).contains(sleeper.recorded[1]))
        // Keep-alive: the three attempts shared one connection.
        #expect(Set(received.map(\.connection)).count == 1)
    }

    @Test func aClientErrorIsOneAttemptAndFailsWithTheProvidersReason() async throws {
        let provider = try FakeProvider([
            .json(400, #"{"error":{"message":"(#131030) Recipient phone number not in allowed list","type":"OAuthException","code":131030}}"#),
        ])
        let sleeper = RecordingSleeper()
        let result = try await deliverer(provider, Self.cloud, sleeper: sleeper).deliver(Self.text)
        #expect(result == .failed(reason: "131030: (#131030) Recipient phone number not in allowed list", attempts: 1))
        #expect(provider.received.count == 1)
        #expect(sleeper.recorded.isEmpty)
    }

    @Test func tooManyRequestsHonoursRetryAfter() async throws {
        let provider = try FakeProvider([
            .json(429, #"{"code":20429,"message":"Too Many Requests"}"#, headers: [("Retry-After", "7")]),
            .json(201, #"{"sid":"SM0123456789abcdef","status":"queued"}"#),
        ])
        let sleeper = RecordingSleeper()
        let result = try await deliverer(provider, Self.classic, sleeper: sleeper).deliver(Self.text)
        #expect(result == .accepted(providerMessageID: "SM0123456789abcdef", attempts: 2))
        #expect(sleeper.recorded == [7_000])
        let first = provider.received[0]
        #expect(first.target == "/2010-04-01/Accounts/AC123/Messages.json")
        #expect(first.header("Authorization") == "Basic " + Data("AC123:secret".utf8).base64EncodedString())
        #expect(first.header("Content-Type") == "application/x-www-form-urlencoded")
        var form: [String: String] = [:]
        for pair in first.body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding! }
            form[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        #expect(form == ["From": "whatsapp:+59899000001", "To": "whatsapp:+5491155550000", "Body": "Hola \"Ana\"\n¿todo bien?",
                         "StatusCallback": "https://sb.test/webhooks/classic/2"])
    }

    @Test func aTimeoutIsRetriedAndTheLastAttemptGivesUp() async throws {
        let provider = try FakeProvider([FakeProvider.Answer(status: 200, body: "", silent: true)])
        let sleeper = RecordingSleeper()
        var d = try deliverer(provider, Self.cloud, sleeper: sleeper, timeout: 300)
        d = OutboundDeliverer(client: d.client, account: d.account, policy: { var p = RetryPolicy(); p.maxAttempts = 2; return p }(),
                              sleeper: sleeper, seed: 1)
        let result = await d.deliver(Self.text)
        #expect(result == .failed(reason: "gave up after 2 attempts: response timed out", attempts: 2))
        #expect(provider.received.count == 2)
    }

    @Test func overTLSWithATrustedTestCertificate() async throws {
        let certificate = try TestCertificate()
        defer { certificate.remove() }
        let context = try TLSContext(configuration: TLSConfiguration(certificateChainPath: certificate.certificate,
                                                                     privateKeyPath: certificate.key))
        let provider = try FakeProvider([.json(500, "{}"), .json(200, #"{"messages":[{"id":"wamid.tls"}]}"#)], tls: context)
        let sleeper = RecordingSleeper()
        let trusted = try deliverer(provider, Self.cloud, sleeper: sleeper, trust: certificate.certificate)
        #expect(await trusted.deliver(Self.text) == .accepted(providerMessageID: "wamid.tls", attempts: 2))
        #expect(Set(provider.received.map(\.connection)).count == 1)
        // Without the certificate among the trusted roots the handshake fails (and is retried as a transport failure).
        var policy = RetryPolicy()
        policy.maxAttempts = 1
        let untrusted = OutboundDeliverer(client: try HTTPClient(baseURL: provider.baseURL), account: Self.cloud, policy: policy,
                                          sleeper: sleeper, seed: 1)
        guard case .failed(let reason, 1) = await untrusted.deliver(Self.text) else { Issue.record("expected a failure"); return }
        #expect(reason.contains("TLS: self-signed certificate") || reason.contains("TLS: self signed certificate"))
    }

    @Test func retryPolicyGrowsCapsAndHonoursRetryAfter() {
        var random = SwitchboardProviders.SplitMix64(seed: 3)
        let policy = RetryPolicy()
        for attempt in 1...12 {
            let full = min(Int64(500) << Int64(attempt - 1), 60_000)
            #expect((full / 2...full).contains(policy.delay(after: attempt, retryAfter: nil, using: &random)))
        }
        #expect(policy.delay(after: 1, retryAfter: 2_000, using: &random) == 2_000)
        #expect(policy.delay(after: 1, retryAfter: 10_000_000, using: &random) == 300_000)
        #expect(OutboundAnswer.retryAfter("120") == 120_000)
        #expect(OutboundAnswer.retryAfter("soon") == nil)
    }
}
