import CSwitchboard
import Glibc

/// The outcome of a non-blocking call: it did something, or the kernel would have blocked.
@usableFromInline
enum IOResult<T> {
    case processed(T)
    case wouldBlock
}

/// Runs a system call that returns -1 and sets errno on failure: retries on EINTR, maps
/// EAGAIN to `.wouldBlock` and anything else to `IOError`.
/// Never route close(2) through this: Linux releases the descriptor even on EINTR.
@inline(__always)
func syscall<T: FixedWidthInteger>(_ call: StaticString, _ body: () -> T) throws(IOError) -> IOResult<T> {
    while true {
        let result = body()
        if result != -1 { return .processed(result) }
        let code = Glibc.errno
        switch code {
        case EINTR: continue
        case EAGAIN: return .wouldBlock
        default: throw IOError(call: "\(call)", errno: code)
        }
    }
}
