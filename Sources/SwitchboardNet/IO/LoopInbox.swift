import CSwitchboard
import Glibc
import Synchronization
import SwitchboardSync

/// The thread-safe way into a loop: commands queue under a lock and an eventfd wakes the loop.
/// Several commands before the loop wakes cost one wake-up.
final class LoopInbox: Sendable {
    private let pending = Locked<[LoopCommand]>([])
    /// Set while a wake-up is outstanding, so a burst of posts writes the eventfd once.
    private let armed = Atomic<Bool>(false)
    let wakeupFD: Int32

    init() throws(IOError) {
        let fd = cs_eventfd()
        guard fd >= 0 else { throw IOError(call: "eventfd", errno: errno) }
        wakeupFD = fd
    }

    deinit { _ = Glibc.close(wakeupFD) }

    /// Queues `command` and wakes the loop.
    func post(_ command: LoopCommand) {
        pending.withLock { $0.append(command) }
        if !armed.exchange(true, ordering: .acquiringAndReleasing) {
            _ = cs_eventfd_signal(wakeupFD)
        }
    }

    /// Takes everything queued (called by the loop after a wake-up), swapping in `spare` storage.
    func take(swappingWith spare: inout [LoopCommand]) {
        // Drain before disarming: draining after could swallow the signal of a post that armed in between,
        // leaving `armed` set with no wake-up pending, and every later post would skip its signal.
        _ = cs_eventfd_drain(wakeupFD)
        armed.store(false, ordering: .sequentiallyConsistent)
        pending.withLock { swap(&$0, &spare) }
    }
}
