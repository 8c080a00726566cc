/// A token bucket for one socket's commands: `rate` tokens a second, at most `rate` saved (a one-second burst).
/// Plain value, driven by the caller's clock (milliseconds), so tests step time.
struct CommandRateBucket: Sendable, Equatable {
    private var tokens: Double?
    private var lastMilliseconds: Int64 = 0

    /// Takes a token at `now` if one is there.
    /// - Returns: false when the socket is over its rate (the command is refused, nothing is taken).
    mutating func admit(at now: Int64, rate: Int) -> Bool {
        let capacity = Double(max(rate, 1))
        var available = tokens ?? capacity
        if now > lastMilliseconds { available = min(capacity, available + Double(now - lastMilliseconds) * capacity / 1000) }
        lastMilliseconds = max(lastMilliseconds, now)
        guard available >= 1 else {
            tokens = available
            return false
        }
        tokens = available - 1
        return true
    }
}
