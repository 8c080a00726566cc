import CSwitchboard
import Glibc

/// An eventfd that other threads signal to wake a loop blocked in epoll_wait.
struct Wakeup: ~Copyable {
    let fd: Int32

    init() throws(IOError) {
        let fd = cs_eventfd()
        guard fd >= 0 else { throw IOError(call: "eventfd", errno: errno) }
        self.fd = fd
    }

    deinit { _ = Glibc.close(fd) }

    /// Wakes the loop; several signals before it wakes collapse into one wake-up.
    func signal() { _ = cs_eventfd_signal(fd) }

    /// Resets the counter after a wake-up.
    func drain() { _ = cs_eventfd_drain(fd) }
}
