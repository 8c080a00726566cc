import Glibc

/// Blocks the calling thread until SIGTERM or SIGINT; SIGHUP calls `onHangup` (certificate reload)
/// and keeps waiting. The signals are blocked in every thread started afterwards, so they are only
/// ever taken here, synchronously, instead of by an async-signal-unsafe handler.
public enum SignalWaiter {
    /// Blocks SIGTERM, SIGINT and SIGHUP for this thread and the threads it starts from now on.
    /// Call before starting the server's threads.
    public static func blockTerminationSignals() {
        var set = signalSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits for SIGTERM or SIGINT and returns the signal number.
    @discardableResult
    public static func waitForTermination(onHangup: () -> Void = {}) -> Int32 {
        var set = signalSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
        while true {
            var signal: Int32 = 0
            guard sigwait(&set, &signal) == 0 else { continue }
            if signal == SIGHUP { onHangup(); continue }
            return signal
        }
    }

    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGHUP)
        return set
    }
}
