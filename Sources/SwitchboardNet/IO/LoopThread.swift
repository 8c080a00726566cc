import CSwitchboard
import Glibc

/// Starts a named OS thread running `body`. Event loops own their threads: blocking in epoll_wait
/// must never happen on Swift's cooperative pool.
enum LoopThread {
    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a new thread; returns the pthread handle to join.
    static func start(name: String, _ body: @escaping () -> Void) -> pthread_t {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        precondition(result == 0, "pthread_create failed: \(result)")
        _ = String(name.prefix(15)).withCString { cs_set_thread_name(thread, $0) }
        return thread
    }

    /// Waits for the thread to end.
    static func join(_ thread: pthread_t) {
        _ = pthread_join(thread, nil)
    }
}
