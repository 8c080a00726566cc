import Foundation
import Synchronization

/// A thread for a blocking call the test must not make itself (a shutdown that waits for clients).
final class NetTestThread: Sendable {
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `body` on a new thread.
    init(_ body: @escaping @Sendable () -> Void) {
        let finished = finished
        Thread.detachNewThread {
            body()
            finished.signal()
        }
    }

    /// Waits (at most `seconds`) for the body to return; false on timeout.
    @discardableResult
    func join(seconds: Double = 10) -> Bool { finished.wait(timeout: .now() + seconds) == .success }
}

/// A flag set from one thread and read from another.
final class NetTestFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}
