import Logging
import SwitchboardDomain
import SwitchboardNet
import SwitchboardProviders
import SwitchboardStore
import SwitchboardSync

/// Sends the agents' queued messages to their providers and moves their delivery states live.
///
/// The queue is the store's (`appendOutbound` wrote each message with its row in one commit): a provider's worker
/// reads its pending rows, and each interaction's messages leave one at a time, in order (a customer never reads a
/// reply before the message it follows), while different interactions go out side by side. Each attempt is claimed
/// in the store first (`claimOutboundAttempt`: counted, and refused once the message left the queue, so a message
/// the provider accepted is never sent again, also after a restart); the answer moves the message to `sent` with the
/// provider's id, to `failed` with the reason (a 4xx, or the attempts ran out), or waits and tries again (5xx, 429
/// with its `Retry-After`, timeouts). Every change is published through `center.delivery`. Credentials are read
/// from the store at each attempt: a provider changed through the API takes effect without a restart.
public final class OutboundService: Sendable {
    private struct State {
        /// Interactions with a message on its way (their next messages wait).
        var busy: Set<InteractionID> = []
        /// Providers whose queue is being read; `rescan`: read it again when done (something was queued meanwhile).
        var scanning: Set<ProviderID> = []
        var rescan: Set<ProviderID> = []
        var tasks: [UInt64: Task<Void, Never>] = [:]
        var nextTask: UInt64 = 0
        var stopped = false
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let store: StoreDatabase
    private let center: ContactCenter
    private let clock: any WallClock
    private let settings: OutboundSettings
    private let metrics: SwitchboardMetrics
    private let logger: Logger
    private let state = Locked(State())
    /// One keep-alive pool per provider base URL.
    private let clients = Locked<[String: HTTPClient]>([:])

    /// The sender.
    /// - Parameters:
    ///   - store: the queue and the delivery states.
    ///   - center: where delivery changes are published.
    ///   - clock: the instants recorded with each change.
    ///   - settings: retries, timeouts, the public URL.
    ///   - metrics: where attempts are counted by provider and outcome (`switchboard_outbound_sends_total`) and timed.
    ///   - logger: failures and refusals.
    public init(store: StoreDatabase, center: ContactCenter, clock: any WallClock, settings: OutboundSettings,
                metrics: SwitchboardMetrics = SwitchboardMetrics(), logger: Logger) {
        self.store = store
        self.metrics = metrics
        self.center = center
        self.clock = clock
        self.settings = settings
        self.logger = logger
    }

    /// Resumes every provider's pending messages (at start: what was queued before a stop or a crash).
    public func resume() async {
        do throws(StoreError) {
            for provider in try await store.providers() { kick(provider.id) }
        } catch {
            logger.error("outbound: the providers could not be read to resume pending messages: \(error)")
        }
    }

    /// A message was queued (committed): its provider's worker picks it up.
    public func queued(_ message: OutboundMessage) { kick(message.provider) }

    /// Returns once nothing is being sent or waited on (tests: after a send, the outcome is in the store).
    public func settled() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.tasks.isEmpty { return true }
                s.idleWaiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Stops sending: waits are cut short and no answer is recorded after this (a message in the middle of an
    /// attempt stays pending and is sent again, with the same Idempotency-Key, at the next start).
    public func stop() {
        let tasks = state.withLock { s -> [Task<Void, Never>] in
            s.stopped = true
            return Array(s.tasks.values)
        }
        for task in tasks { task.cancel() }
    }

    private var stopped: Bool { state.withLock { $0.stopped } }

    // MARK: - Workers

    /// Runs `body` as a tracked task (cancelled by `stop`, awaited by `settled`).
    private func spawn(_ body: @escaping @Sendable () async -> Void) {
        state.withLock { s in
            guard !s.stopped else { return }
            let key = s.nextTask
            s.nextTask += 1
            s.tasks[key] = Task { [self] in
                await body()
                let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
                    s.tasks[key] = nil
                    guard s.tasks.isEmpty else { return [] }
                    defer { s.idleWaiters = [] }
                    return s.idleWaiters
                }
                for waiter in waiters { waiter.resume() }
            }
        }
    }

    private func kick(_ provider: ProviderID) {
        let start = state.withLock { s -> Bool in
            if s.stopped { return false }
            if s.scanning.contains(provider) {
                s.rescan.insert(provider)
                return false
            }
            s.scanning.insert(provider)
            return true
        }
        if start { spawn { [self] in await scan(provider) } }
    }

    /// Reads the provider's queue and starts each idle interaction's messages; again while kicked meanwhile.
    private func scan(_ provider: ProviderID) async {
        while true {
            var pending: [OutboundMessage] = []
            do throws(StoreError) {
                var after: MessageID?
                while true {
                    let page = try await store.pendingOutbound(provider: provider, after: after)
                    pending += page
                    guard page.count == 256, let last = page.last else { break }
                    after = last.id
                }
            } catch {
                logger.error("outbound: provider \(provider)'s queue could not be read: \(error)", metadata: ["provider_id": "\(provider)"])
            }
            var order: [InteractionID] = []
            var groups: [InteractionID: [OutboundMessage]] = [:]
            for message in pending {
                if groups[message.interaction] == nil { order.append(message.interaction) }
                groups[message.interaction, default: []].append(message)
            }
            for interaction in order {
                let claimed = state.withLock { s in !s.stopped && s.busy.insert(interaction).inserted }
                guard claimed, let messages = groups[interaction] else { continue }
                spawn { [self] in
                    for message in messages where !stopped { await deliver(message) }
                    state.withLock { _ = $0.busy.remove(interaction) }
                    kick(provider)   // its later messages, queued while these were on their way
                }
            }
            let again = state.withLock { s -> Bool in
                if s.rescan.remove(provider) != nil && !s.stopped { return true }
                s.scanning.remove(provider)
                return false
            }
            if !again { return }
        }
    }

    // MARK: - One message

    private func client(for baseURL: String) throws(HTTPClientError) -> HTTPClient {
        if let client = clients.withLock({ $0[baseURL] }) { return client }
        let client = try HTTPClient(baseURL: baseURL, configuration: settings.client)
        return clients.withLock { pool in
            if let existing = pool[baseURL] { return existing }
            pool[baseURL] = client
            return client
        }
    }

    /// Sends one message until it is accepted, refused or given up on.
    private func deliver(_ message: OutboundMessage) async {
        var random = SystemRandomNumberGenerator()
        let figures = metrics.outbound(message.provider)
        while !stopped {
            let route: OutboundRoute
            let client: HTTPClient
            do throws(StoreError) {
                guard let credentials = try await store.providerCredentials(message.provider) else {
                    figures.count(.unsendable)
                    await fail(message, "provider \(message.provider) no longer exists")
                    return
                }
                switch OutboundRoute.of(credentials, publicURL: settings.publicURL) {
                case .success(let found): route = found
                case .failure(let refusal):
                    figures.count(.unsendable)
                    await fail(message, refusal.reason)
                    return
                }
            } catch {
                logger.error("outbound: message \(message.id): the provider could not be read: \(error)", metadata: Self.metadata(message))
                await settings.sleeper.sleep(milliseconds: settings.policy.baseMilliseconds)
                continue
            }
            do throws(HTTPClientError) {
                client = try self.client(for: route.baseURL)
            } catch {
                figures.count(.unsendable)
                await fail(message, "the provider's base URL cannot be used: \(error)")
                return
            }
            let attempt: Int
            do throws(StoreError) {
                guard let claimed = try await store.claimOutboundAttempt(message.id) else { return }   // accepted or failed already
                attempt = claimed
            } catch {
                logger.error("outbound: message \(message.id): the attempt could not be counted: \(error)", metadata: Self.metadata(message))
                return
            }
            let request = OutboundRequestBuilder.request(message.text, account: route.account)
            let answer: OutboundAnswer
            let started = ContinuousClock.now
            do throws(HTTPClientError) {
                answer = OutboundAnswer(try await client.execute(request), account: route.account)
            } catch {
                answer = OutboundAnswer(error)
            }
            figures.answered(after: started.duration(to: .now))
            if stopped { return }   // pending: sent again after the restart, under the same key
            switch answer {
            case .accepted(let id):
                figures.count(.sent)
                do throws(StoreError) {
                    let update = try await store.outboundAccepted(message.id, providerMessageID: id, at: clock.now())
                    if let update { await center.delivery(update) }
                    logger.debug("outbound: message \(message.id) accepted as \(id) after \(attempt) attempt(s)", metadata: Self.metadata(message))
                } catch {
                    logger.error("outbound: message \(message.id) accepted as \(id) but not recorded: \(error)", metadata: Self.metadata(message))
                }
                return
            case .refused(let reason):
                figures.count(.refused)
                await fail(message, reason)
                return
            case .retry(let reason, let retryAfter):
                if attempt >= settings.policy.maxAttempts {
                    figures.count(.gaveUp)
                    await fail(message, "gave up after \(attempt) attempts: \(reason)")
                    return
                }
                figures.count(.retried)
                logger.info("outbound: message \(message.id) attempt \(attempt) failed (\(reason)); trying again", metadata: Self.metadata(message))
                await settings.sleeper.sleep(milliseconds: settings.policy.delay(after: attempt, retryAfter: retryAfter, using: &random))
            }
        }
    }

    /// The ids a log line about one outbound message carries as fields.
    private static func metadata(_ message: OutboundMessage) -> Logger.Metadata {
        ["message_id": "\(message.id)", "interaction_id": "\(message.interaction)", "provider_id": "\(message.provider)"]
    }

    private func fail(_ message: OutboundMessage, _ reason: String) async {
        logger.warning("outbound: message \(message.id) of interaction \(message.interaction) failed: \(reason)", metadata: Self.metadata(message))
        do throws(StoreError) {
            if let update = try await store.outboundFailed(message.id, reason: reason, at: clock.now()) { await center.delivery(update) }
        } catch {
            logger.error("outbound: message \(message.id)'s failure not recorded: \(error)", metadata: Self.metadata(message))
        }
    }
}

extension OutboundMessage {
    /// What the request builder sends.
    var text: OutboundText {
        OutboundText(idempotencyKey: idempotencyKey, from: from, to: to, body: body, template: template.map {
            OutboundTemplate(name: $0.name, language: $0.language, contentSID: $0.contentSID, parameters: $0.parameters)
        })
    }
}
