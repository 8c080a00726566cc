import SwitchboardNet
import SwitchboardProviders

/// Posts webhooks to the target as the providers do: the cloud kind's JSON signed with `X-Hub-Signature-256`
/// over the raw body, the classic kind's form signed with `X-Twilio-Signature` over the full URL and the sorted
/// parameters. Every answer is counted in the summary.
public final class WebhookSender: Sendable {
    /// The target's base URL (`http://127.0.0.1:8080`), also the URL the classic signature covers.
    public let target: String
    private let client: HTTPClient
    private let summary: SimulationSummary

    public init(target: String, summary: SimulationSummary) throws(SimulatorError) {
        var base = target
        while base.hasSuffix("/") { base.removeLast() }
        self.target = base
        var configuration = HTTPClient.Configuration()
        configuration.maxIdleConnections = 16
        configuration.responseTimeoutMilliseconds = 10_000
        do throws(HTTPClientError) { client = try HTTPClient(baseURL: base, configuration: configuration) } catch {
            throw .badTarget("\(error)")
        }
        self.summary = summary
    }

    /// The request for a customer message (exposed for tests: shape and signature).
    public func request(for message: PlannedMessage, provider: SimulatedProvider, timestamp: Int64,
                        mediaBase: String = "https://api.twilio.com") -> HTTPClientRequest {
        switch provider.kind {
        case .cloud: cloudRequest(CloudWebhookPayload.message(message, provider: provider, timestamp: timestamp), provider)
        case .classic: classicRequest(ClassicWebhookPayload.message(message, provider: provider, mediaBase: mediaBase), provider)
        }
    }

    /// The request for a status of outbound message `id`.
    public func statusRequest(id: String, status: DeliveryStatus, recipient: String, number: String, provider: SimulatedProvider,
                              timestamp: Int64) -> HTTPClientRequest {
        switch provider.kind {
        case .cloud:
            cloudRequest(CloudWebhookPayload.status(wamid: id, status: status, recipient: recipient, number: number, provider: provider,
                                                    timestamp: timestamp), provider)
        case .classic:
            classicRequest(ClassicWebhookPayload.status(sid: id, status: status, recipient: recipient, number: number, provider: provider), provider)
        }
    }

    /// Sends `request`; returns the status (nil when no answer came) and counts it.
    @discardableResult
    public func send(_ request: HTTPClientRequest, isStatus: Bool = false) async -> Int? {
        let status: Int?
        do throws(HTTPClientError) { status = try await client.execute(request).status } catch { status = nil }
        summary.answered(status, isStatus: isStatus)
        return status
    }

    private func cloudRequest(_ body: [UInt8], _ provider: SimulatedProvider) -> HTTPClientRequest {
        HTTPClientRequest(method: "POST", path: provider.webhookPath, headers: [
            HTTPField("Content-Type", "application/json"),
            HTTPField(CloudSignature.headerName, CloudSignature.header(body: body, appSecret: provider.secret)),
            HTTPField("User-Agent", "facebookexternalua"),
        ], body: body)
    }

    private func classicRequest(_ parameters: ClassicWebhookPayload.Parameters, _ provider: SimulatedProvider) -> HTTPClientRequest {
        let url = target + provider.webhookPath
        return HTTPClientRequest(method: "POST", path: provider.webhookPath, headers: [
            HTTPField("Content-Type", "application/x-www-form-urlencoded"),
            HTTPField(ClassicSignature.headerName, ClassicSignature.header(url: url, parameters: parameters, authToken: provider.secret)),
            HTTPField("User-Agent", "TwilioProxy/1.1"),
        ], body: ClassicWebhookPayload.encode(parameters))
    }
}
