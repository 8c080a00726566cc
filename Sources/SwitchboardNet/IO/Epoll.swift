import CSwitchboard
import Glibc

/// An epoll instance (edge-triggered use) and the eventfd that wakes it from other threads.
/// Owned by one event loop; closed when the loop ends.
struct Epoll: ~Copyable {
    /// Readiness bits, as Linux defines them.
    static let readable = CS_EPOLLIN
    static let writable = CS_EPOLLOUT
    static let error = CS_EPOLLERR
    static let hangup = CS_EPOLLHUP
    static let readHangup = CS_EPOLLRDHUP
    static let edgeTriggered = CS_EPOLLET

    let fd: Int32

    init() throws(IOError) {
        let fd = cs_epoll_create()
        guard fd >= 0 else { throw IOError(call: "epoll_create1", errno: errno) }
        self.fd = fd
    }

    deinit { _ = Glibc.close(fd) }

    /// Watches `descriptor`, tagging its events with `token`.
    func add(_ descriptor: Int32, events: UInt32, token: UInt64) throws(IOError) {
        guard cs_epoll_add(fd, descriptor, events, token) == 0 else { throw IOError(call: "epoll_ctl(ADD)", errno: errno) }
    }

    /// Stops watching `descriptor` (closing it does the same; this is for descriptors handed elsewhere).
    func remove(_ descriptor: Int32) {
        _ = cs_epoll_del(fd, descriptor)
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever) and fills `events`; returns how many arrived.
    func wait(into events: UnsafeMutablePointer<cs_epoll_event>, capacity: Int, timeoutMilliseconds: Int32) -> Int {
        let n = cs_epoll_wait(fd, events, Int32(capacity), timeoutMilliseconds)
        return n < 0 ? 0 : Int(n)  // EINTR: treat as a spurious wake-up
    }
}
