import Logging
import SwitchboardDomain
import SwitchboardNet
import SwitchboardProviders
import SwitchboardStore

/// `/webhooks/cloud/{providerId}` and `/webhooks/classic/{providerId}`: a provider's customer messages and status
/// callbacks, verified by their signatures, answered 200 only once every message of the request is committed (a
/// provider retries anything else, and a message it saw answered 200 is never lost). No session: the signature is
/// the authentication.
final class WebhookHandler: Sendable {
    static let prefix = "/webhooks/"
    /// The routes served, as `AccessPolicy.routes` keys them (each must have a `.signed` rule there).
    static let routes: [(method: HTTPMethod, pattern: String)] = [
        (.get, "/webhooks/cloud/:id"), (.post, "/webhooks/cloud/:id"), (.post, "/webhooks/classic/:id"),
    ]

    private let live: LiveService
    private let directory: WebhookDirectory
    private let configuration: WebhookConfiguration
    private let clock: any WallClock
    private let metrics: SwitchboardMetrics
    private let logger: Logger

    init(live: LiveService, store: StoreDatabase, configuration: WebhookConfiguration, clock: any WallClock,
         metrics: SwitchboardMetrics, logger: Logger) {
        self.live = live
        self.metrics = metrics
        self.directory = WebhookDirectory(store: store, clock: clock)
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    /// Answers one webhook request; one answered 200 after recording goes into `switchboard_webhook_latency_seconds`.
    /// - Parameters:
    ///   - id: the request's id, in every log line about it.
    ///   - receivedAt: when the request was handed to the application (its latency starts there).
    func handle(_ request: HTTPRequest, id requestID: RequestID, receivedAt: ContinuousClock.Instant = .now) async -> HTTPResponse {
        let received = Received(id: requestID, at: receivedAt)
        let parts = request.head.path.dropFirst(Self.prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let kind = ProviderKind(rawValue: String(parts[0])), let raw = Int64(parts[1]), raw > 0 else {
            return Self.error(.notFound, "not_found", "No webhook at this address.")
        }
        // The authorisation table decides, as for every route: a webhook is answered only under a `.signed` rule.
        guard AccessPolicy.rule(request.head.method, "\(Self.prefix)\(kind.rawValue)/:id")?.audience == .signed else {
            var response = Self.error(.methodNotAllowed, "method_not_allowed", "Use POST (or GET to verify a cloud webhook).")
            response.headers.add("Allow", kind == .cloud ? "GET, POST" : "POST")
            return response
        }
        let id = ProviderID(raw)
        let provider: WebhookDirectory.Provider?
        do throws(StoreError) {
            provider = try await directory.provider(id)
        } catch {
            logger.error("webhook: store unavailable: \(error)", metadata: ["provider_id": "\(raw)", "request_id": "\(requestID)"])
            return Self.error(.serviceUnavailable, "unavailable", "Try again later.")
        }
        guard let provider, provider.credentials.settings.kind == kind else {
            return Self.error(.notFound, "not_found", "No \(kind.rawValue) provider \(raw).")
        }
        switch (kind, request.head.method) {
        case (.cloud, .get): return verifySubscription(request, provider, requestID)
        case (.cloud, .post), (.classic, .post):
            guard request.body.count <= configuration.maxBodyBytes else {
                return refuse(.contentTooLarge, "too_large", "The body is over \(configuration.maxBodyBytes) bytes.", provider, request, requestID)
            }
            return kind == .cloud ? await receiveCloud(request, provider, received) : await receiveClassic(request, provider, received)
        default:
            var response = Self.error(.methodNotAllowed, "method_not_allowed", "Use POST (or GET to verify a cloud webhook).")
            response.headers.add("Allow", kind == .cloud ? "GET, POST" : "POST")
            return response
        }
    }

    // MARK: - Cloud

    /// Meta's subscription check: the challenge echoed when the verify token is the provider's.
    private func verifySubscription(_ request: HTTPRequest, _ provider: WebhookDirectory.Provider, _ requestID: RequestID) -> HTTPResponse {
        let query = QueryString.parse(request.head.query)
        guard case .cloud(_, _, _, let verifyToken) = provider.credentials.settings, let verifyToken, !verifyToken.isEmpty,
              query["hub.mode"] == "subscribe", let given = query["hub.verify_token"],
              HMAC.constantTimeEqual(Array(given.utf8), Array(verifyToken.utf8)) else {
            logger.warning("webhook verification refused: the verify token does not match",
                           metadata: Self.metadata(provider, request, requestID))
            return Self.error(.forbidden, "forbidden", "The verify token does not match.")
        }
        return .text(status: .ok, query["hub.challenge"] ?? "")
    }

    private func receiveCloud(_ request: HTTPRequest, _ provider: WebhookDirectory.Provider, _ received: Received) async -> HTTPResponse {
        guard case .cloud(let phoneNumberID, _, let appSecret, _) = provider.credentials.settings, let appSecret, !appSecret.isEmpty,
              request.body.withUnsafeBytes({ CloudSignature.isValid(header: request.head.headers.first(CloudSignature.headerName),
                                                                    body: $0, appSecret: appSecret) }) else {
            return refuseSignature(request, provider, received.id)
        }
        let payload: CloudWebhookPayload
        do throws(InboundPayloadError) {
            payload = try CloudWebhookPayload(body: request.body)
        } catch {
            return refuse(.badRequest, "bad_request", error.reason, provider, request, received.id)
        }
        var messages: [(InboundWebhookMessage, CampaignID, Bool)] = []
        for message in payload.messages {
            // The display number names the campaign; a payload with only the phone number id names this provider's.
            let number = message.to.isEmpty && message.phoneNumberID == phoneNumberID && provider.campaigns.count == 1
                ? provider.campaigns.keys.first! : message.to
            guard let campaign = provider.campaigns[number] else {
                return refuse(.notFound, "unknown_number", "No campaign serves \(number.isEmpty ? "this number" : number).", provider, request, received.id)
            }
            messages.append((message, campaign.id, campaign.enabled))
        }
        return await record(messages, statuses: payload.statuses, provider, received)
    }

    // MARK: - Classic

    private func receiveClassic(_ request: HTTPRequest, _ provider: WebhookDirectory.Provider, _ received: Received) async -> HTTPResponse {
        let form: FormBody
        do throws(InboundPayloadError) {
            form = try FormBody(request.body)
        } catch {
            return refuse(.badRequest, "bad_request", error.reason, provider, request, received.id)
        }
        guard case .classic(_, let authToken) = provider.credentials.settings, let authToken, !authToken.isEmpty,
              ClassicSignature.isValid(header: request.head.headers.first(ClassicSignature.headerName), url: signedURL(request),
                                       parameters: form.fields, authToken: authToken) else {
            return refuseSignature(request, provider, received.id)
        }
        let payload: ClassicWebhookPayload
        do throws(InboundPayloadError) {
            payload = try ClassicWebhookPayload(form: form)
        } catch {
            return refuse(.badRequest, "bad_request", error.reason, provider, request, received.id)
        }
        switch payload {
        case .ignored:
            return Self.accepted
        case .status(let status):
            return await record([], statuses: [status], provider, received)
        case .message(let message):
            guard let campaign = provider.campaigns[message.to] else {
                return refuse(.notFound, "unknown_number", "No campaign serves \(message.to).", provider, request, received.id)
            }
            return await record([(message, campaign.id, campaign.enabled)], statuses: [], provider, received)
        }
    }

    /// The URL the provider signed: the public base URL (or this request's scheme and Host) with path and query.
    private func signedURL(_ request: HTTPRequest) -> String {
        var base = configuration.publicURL ?? "\(request.isSecure ? "https" : "http")://\(request.head.headers.first("Host") ?? "")"
        while base.hasSuffix("/") { base.removeLast() }
        return base + request.head.target
    }

    // MARK: - Recording

    /// Commits every message (in order), then applies the statuses; 200 once all of it is in the store, timed from
    /// `receivedAt`.
    private func record(_ messages: [(InboundWebhookMessage, CampaignID, Bool)], statuses: [InboundDeliveryStatus],
                        _ provider: WebhookDirectory.Provider, _ received: Received) async -> HTTPResponse {
        let requestID = received.id
        let providerID = provider.credentials.id
        for (message, campaign, enabled) in messages {
            let now = clock.now()
            // Queue time starts when the conversation reaches the contact center (after a chatbot: at handover).
            let inbound = InboundMessage(
                campaignID: campaign, providerID: providerID, providerMessageID: message.providerMessageID,
                heyNowNumber: message.from, at: now, body: message.text, content: message.content.storedJSON,
                history: message.history.map { line in
                    var content = InboundContent(type: "text")
                    if line.fromBot { content.author = "bot" }
                    return InboundMessage.HistoryLine(sender: line.fromBot ? .system : .customer, at: line.at ?? now,
                                                      body: line.text, content: content.storedJSON)
                },
                refused: !enabled)
            do throws(StoreError) {
                let outcome = try await live.receive(inbound)
                if case .refused(let id, let interaction) = outcome {
                    logger.notice("campaign disabled: the customer's message is kept as a refused interaction",
                                  metadata: ["provider_id": "\(providerID.rawValue)", "campaign_id": "\(campaign.rawValue)",
                                             "interaction_id": "\(interaction.rawValue)", "message_id": "\(id.rawValue)",
                                             "customer": "\(message.from)", "request_id": "\(requestID)"])
                }
            } catch {
                logger.error("webhook message not recorded: \(error)",
                             metadata: ["provider_id": "\(providerID.rawValue)", "campaign_id": "\(campaign.rawValue)",
                                        "provider_message_id": "\(message.providerMessageID)", "request_id": "\(requestID)"])
                return Self.error(.serviceUnavailable, "unavailable", "Not recorded; try again.")
            }
        }
        for status in statuses {
            do throws(StoreError) {
                if try await !live.deliveryStatus(provider: providerID, status, at: clock.now()) {
                    // Answered 200 all the same: the provider would retry it forever.
                    logger.info("delivery status \(status.state.rawValue) moved no message now: one never sent, one already past it, or one whose send is unanswered yet (kept until then)",
                                metadata: ["provider_id": "\(providerID.rawValue)", "provider_message_id": "\(status.providerMessageID)",
                                           "request_id": "\(requestID)"])
                }
            } catch {
                logger.error("delivery status \(status.state.rawValue) not recorded: \(error)",
                             metadata: ["provider_id": "\(providerID.rawValue)", "provider_message_id": "\(status.providerMessageID)",
                                        "request_id": "\(requestID)"])
                return Self.error(.serviceUnavailable, "unavailable", "Not recorded; try again.")
            }
        }
        metrics.webhookCommitted(provider.credentials.settings.kind, after: received.at.duration(to: .now))
        return Self.accepted
    }

    private func refuseSignature(_ request: HTTPRequest, _ provider: WebhookDirectory.Provider, _ requestID: RequestID) -> HTTPResponse {
        logger.warning("webhook signature refused: missing or wrong", metadata: Self.metadata(provider, request, requestID))
        return Self.error(.forbidden, "bad_signature", "The signature is missing or wrong.")
    }

    /// A refused body, logged (a provider that keeps sending one is misconfigured; it retries until answered 200).
    private func refuse(_ status: HTTPStatus, _ code: String, _ reason: String, _ provider: WebhookDirectory.Provider,
                        _ request: HTTPRequest, _ requestID: RequestID) -> HTTPResponse {
        var metadata = Self.metadata(provider, request, requestID)
        metadata["status"] = "\(status.code)"
        logger.info("webhook refused: \(reason)", metadata: metadata)
        return Self.error(status, code, reason)
    }

    /// Who a refusal concerns: the provider, the caller's address, the request.
    private static func metadata(_ provider: WebhookDirectory.Provider, _ request: HTTPRequest, _ requestID: RequestID) -> Logger.Metadata {
        ["provider_id": "\(provider.credentials.id.rawValue)", "peer": "\(request.peer)", "request_id": "\(requestID)"]
    }

    /// A posted webhook's id and when it reached the application.
    private struct Received {
        let id: RequestID
        let at: ContinuousClock.Instant
    }

    private static var accepted: HTTPResponse { .json(status: .ok, body: #"{"ok":true}"#) }

    private static func error(_ status: HTTPStatus, _ code: String, _ message: String) -> HTTPResponse {
        APIError(status: status, code: code, message: message).response
    }
}
