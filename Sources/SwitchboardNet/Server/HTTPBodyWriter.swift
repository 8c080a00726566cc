import Glibc
import SwitchboardSync

/// The body of a streamed response (`HTTPResponder.stream`), written from any thread except a loop
/// thread: each `write` is sent as one chunk (chunked transfer coding on HTTP/1.1), and a writer that
/// runs ahead of the client waits — at most `window` chunks are in flight — so a large export streams
/// with bounded memory.
public final class HTTPBodyWriter: Sendable {
    private struct State {
        var inFlight = 0
        var gone = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    /// Chunks queued towards the socket before a writer waits.
    static let window = 4

    let connection: ConnectionID
    private let inbox: LoopInbox
    private let state = Locked(State())
    private let wakeup = BlockingWakeup()

    init(connection: ConnectionID, inbox: LoopInbox) {
        self.connection = connection
        self.inbox = inbox
    }

    /// Sends `bytes` as the next piece of the body; suspends while the client is behind.
    /// - Returns: false when the connection is gone (stop producing).
    public func write(_ bytes: [UInt8]) async -> Bool {
        while true {
            if let admitted = admit(bytes) { return admitted }
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.gone || state.inFlight < Self.window { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    /// `write` for threads that may block (a database reader's export loop); never call it on a loop thread.
    public func writeBlocking(_ bytes: [UInt8]) -> Bool {
        while true {
            if let admitted = admit(bytes) { return admitted }
            wakeup.wait { state.withLock { $0.gone || $0.inFlight < Self.window } }
        }
    }

    /// Sends `bytes` if the window has room: true when sent, false when the connection is gone,
    /// nil when the writer must wait.
    private func admit(_ bytes: [UInt8]) -> Bool? {
        let admitted: Bool? = state.withLock { state in
            if state.gone { return false }
            if state.inFlight < Self.window { state.inFlight += 1; return true }
            return nil
        }
        if admitted == true {
            if bytes.isEmpty { acknowledge(1) } else { inbox.post(.streamChunk(connection, bytes)) }
        }
        return admitted
    }

    /// Ends the body (the last chunk). Call once, after the last write.
    public func finish() {
        inbox.post(.streamEnd(connection))
    }

    /// The loop took `count` chunks off the writer's hands (they are written or queued under the bound).
    func acknowledge(_ count: Int) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.inFlight = max(0, state.inFlight - count)
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
        wakeup.signal()
    }

    /// The connection closed: writers stop.
    func connectionGone() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.gone = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
        wakeup.signal()
    }
}

/// A condition variable for the rare thread that must block (pthread mutex + cond).
final class BlockingWakeup: Sendable {
    // Safe to share: the pointers are set once in init and only ever used through pthread calls,
    // which do their own locking.
    private nonisolated(unsafe) let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private nonisolated(unsafe) let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Blocks until `ready()` is true (checked under the lock, re-checked after each wake-up).
    func wait(until ready: () -> Bool) {
        pthread_mutex_lock(mutex)
        while !ready() {
            var deadline = timespec()
            clock_gettime(CLOCK_REALTIME, &deadline)
            deadline.tv_nsec += 100_000_000
            if deadline.tv_nsec >= 1_000_000_000 { deadline.tv_sec += 1; deadline.tv_nsec -= 1_000_000_000 }
            // Timed: a signal sent between the check and the wait is never lost for long.
            pthread_cond_timedwait(condition, mutex, &deadline)
        }
        pthread_mutex_unlock(mutex)
    }

    func signal() {
        pthread_mutex_lock(mutex)
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }
}
