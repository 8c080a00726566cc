import Glibc

/// A FIFO of jobs handed from any thread to the store's own threads (the writer, the readers), which block on
/// it with a pthread condition variable instead of occupying Swift's cooperative pool.
// Unchecked Sendable: every stored property after init is read and written only with `mutex` held.
final class StoreJobQueue<Job: Sendable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var jobs: [Job] = []
    private var closed = false

    init() {
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Appends a job and wakes one waiting thread.
    /// - Returns: false when the queue is closed (the job was not accepted).
    func push(_ job: Job) -> Bool {
        pthread_mutex_lock(mutex)
        if closed {
            pthread_mutex_unlock(mutex)
            return false
        }
        jobs.append(job)
        pthread_mutex_unlock(mutex)
        pthread_cond_signal(condition)
        return true
    }

    /// Takes up to `max` jobs in order.
    /// - Parameters:
    ///   - max: the most jobs to take.
    ///   - wait: block until a job arrives (or the queue closes); otherwise return what is there, perhaps nothing.
    /// - Returns: the jobs; nil once the queue is closed and empty.
    func pop(max: Int, wait: Bool) -> [Job]? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while wait && jobs.isEmpty && !closed {
            pthread_cond_wait(condition, mutex)
        }
        if jobs.isEmpty { return closed ? nil : [] }
        if jobs.count <= max {
            var taken: [Job] = []
            taken.reserveCapacity(jobs.count)
            swap(&taken, &jobs)
            return taken
        }
        let taken = Array(jobs.prefix(max))
        jobs.removeFirst(max)
        return taken
    }

    /// Refuses further jobs and wakes every waiting thread; jobs already queued are still handed out.
    func close() {
        pthread_mutex_lock(mutex)
        closed = true
        pthread_mutex_unlock(mutex)
        pthread_cond_broadcast(condition)
    }
}
