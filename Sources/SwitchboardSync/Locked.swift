import Glibc

/// A value behind a pthread mutex.
///
/// Why not `Synchronization.Mutex`: on Linux it locks with raw futex system calls that
/// ThreadSanitizer cannot see, so every value it guards is reported as a race and `--sanitize=thread`
/// would be useless. pthread mutexes are intercepted by TSan, cost the same uncontended, and keep
/// the sanitizer's reports meaningful.
// Unchecked Sendable: `value` is only ever read or written inside `withLock`, under `mutex`.
public final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    /// Wraps `value`.
    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    @inline(__always)
    public func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
