import SwitchboardNet

/// Sends one message through one provider until it is accepted, refused, or the attempts run out: the retry loop
/// (5xx, 429 and transport failures retried after `RetryPolicy`'s wait; other 4xx final), every attempt with the
/// message's `Idempotency-Key`.
public struct OutboundDeliverer: Sendable {
    /// How one message ended.
    public enum Result: Sendable, Equatable {
        /// The provider accepted it after `attempts` attempts in all.
        case accepted(providerMessageID: String, attempts: Int)
        /// Refused, or given up on after `attempts` attempts.
        case failed(reason: String, attempts: Int)
    }

    /// The connection pool to the provider's base URL.
    public let client: HTTPClient
    /// The credentials.
    public let account: OutboundAccount
    /// Attempts and waits.
    public let policy: RetryPolicy
    private let sleeper: any OutboundSleeper
    private let seed: UInt64

    /// A deliverer.
    /// - Parameters:
    ///   - client: the provider's HTTP client.
    ///   - account: its credentials.
    ///   - policy: attempts and waits.
    ///   - sleeper: waits between attempts (`TaskSleeper` in production).
    ///   - seed: the jitter's seed (each message draws from `seed` mixed with its key).
    public init(client: HTTPClient, account: OutboundAccount, policy: RetryPolicy = RetryPolicy(),
                sleeper: any OutboundSleeper = TaskSleeper(), seed: UInt64 = UInt64.random(in: 0...UInt64.max)) {
        self.client = client
        self.account = account
        self.policy = policy
        self.sleeper = sleeper
        self.seed = seed
    }

    /// Sends `text`, retrying as the policy says.
    /// - Parameters:
    ///   - text: the message.
    ///   - attemptsMade: attempts made before (a message resumed after a restart keeps its count).
    ///   - willAttempt: called before each attempt with its number (the store counts it durably first).
    /// - Returns: accepted with the provider's id, or failed with the reason.
    public func deliver(_ text: OutboundText, attemptsMade: Int = 0, willAttempt: @Sendable (Int) async -> Void = { _ in })
        async -> Result {
        let request = OutboundRequestBuilder.request(text, account: account)
        var random = SplitMix64(seed: seed ^ text.idempotencyKey.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 })
        var attempt = attemptsMade
        while true {
            attempt += 1
            await willAttempt(attempt)
            let answer: OutboundAnswer
            do throws(HTTPClientError) {
                answer = OutboundAnswer(try await client.execute(request), account: account)
            } catch {
                answer = OutboundAnswer(error)
            }
            switch answer {
            case .accepted(let id): return .accepted(providerMessageID: id, attempts: attempt)
            case .refused(let reason): return .failed(reason: reason, attempts: attempt)
            case .retry(let reason, let retryAfter):
                if attempt >= policy.maxAttempts || Task.isCancelled {
                    return .failed(reason: "gave up after \(attempt) attempts: \(reason)", attempts: attempt)
                }
                await sleeper.sleep(milliseconds: policy.delay(after: attempt, retryAfter: retryAfter, using: &random))
            }
        }
    }
}

/// A small seeded generator for the jitter (SplitMix64, Steele et al. 2014): reproducible with a fixed seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
