import Glibc

/// A dedicated POSIX thread for SQLite's blocking calls, so they never run on Swift's cooperative pool.
struct StoreThread: Sendable {
    /// The pthread handle, for `join`.
    private let thread: pthread_t

    private final class Body: Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Starts a thread running `body`.
    /// - Parameters:
    ///   - name: what the thread is for (documentation at the call site; Glibc hides pthread_setname_np).
    ///   - body: what the thread runs; the thread ends when it returns.
    init(name _: String, _ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var handle = pthread_t()
        let rc = pthread_create(&handle, nil, { raw in
            guard let raw else { return nil }
            let body = Unmanaged<Body>.fromOpaque(raw).takeRetainedValue()
            body.run()
            return nil
        }, context)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        thread = handle
    }

    /// Lets the thread end on its own (nobody joins it).
    func detach() {
        pthread_detach(thread)
    }

    /// Waits for the thread to end.
    func join() {
        pthread_join(thread, nil)
    }

    /// Milliseconds of a monotonic clock (for the writer's bounded batch delay).
    static func monotonicMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
