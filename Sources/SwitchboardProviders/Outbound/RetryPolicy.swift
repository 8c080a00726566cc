/// How often and how long to wait between attempts of one message: exponential backoff with jitter, the
/// provider's `Retry-After` when it gives one (bounded), and a last attempt after which the message fails.
public struct RetryPolicy: Sendable, Equatable {
    /// The most attempts of one message (the first included).
    public var maxAttempts = 8
    /// The wait before the second attempt, before jitter.
    public var baseMilliseconds: Int64 = 500
    /// The longest backoff wait.
    public var maxMilliseconds: Int64 = 60_000
    /// The longest `Retry-After` honoured (a provider asking for more is waited this long).
    public var maxRetryAfterMilliseconds: Int64 = 300_000

    /// The defaults.
    public init() {}

    /// The wait after attempt `attempt` (1-based) failed: `base · 2^(attempt-1)`, capped, then "equal jitter" (a
    /// uniform draw in its upper half, so many senders retrying together spread out but none retries at once); or
    /// `retryAfter` exactly when the provider named one.
    /// - Parameters:
    ///   - attempt: the attempt that just failed.
    ///   - retryAfter: the provider's `Retry-After`, in milliseconds.
    ///   - random: the jitter's source (seeded in tests).
    public func delay(after attempt: Int, retryAfter: Int64?, using random: inout some RandomNumberGenerator) -> Int64 {
        if let retryAfter { return min(retryAfter, maxRetryAfterMilliseconds) }
        let exponent = min(max(attempt - 1, 0), 30)
        let full = min(baseMilliseconds << Int64(exponent), maxMilliseconds)
        let half = full / 2
        return half + Int64.random(in: 0...(full - half), using: &random)
    }
}
