/// Waits between attempts. Production sleeps; tests record the waits and return at once, so backoff is tested
/// without sleeping.
public protocol OutboundSleeper: Sendable {
    /// Waits `milliseconds` (returns early when the task is cancelled).
    func sleep(milliseconds: Int64) async
}

/// `Task.sleep` on the continuous clock.
public struct TaskSleeper: OutboundSleeper {
    /// The real sleeper.
    public init() {}

    public func sleep(milliseconds: Int64) async {
        try? await Task.sleep(for: .milliseconds(milliseconds))
    }
}
