import CSwitchboard
import Glibc
import SwitchboardSync

/// Turns SIGTERM, SIGINT and SIGHUP into events a thread waits for: the handlers only write the
/// signal number to a pipe (async-signal-safe), whatever thread the kernel picks, and
/// `waitForTermination` reads it — so shutdown runs as ordinary code, never inside a handler.
public enum SignalWaiter {
    private static let pipe = Locked<Int32>(-1)

    /// Installs the handlers (idempotent). Call before starting the server.
    public static func install() {
        pipe.withLock { fd in
            if fd < 0 { fd = cs_signal_pipe_install() }
        }
    }

    /// Blocks the calling thread until SIGTERM or SIGINT and returns the signal number; SIGHUP calls
    /// `onHangup` (certificate reload) and keeps waiting.
    @discardableResult
    public static func waitForTermination(onHangup: () -> Void = {}) -> Int32 {
        install()
        let fd = pipe.withLock { $0 }
        while true {
            var byte: UInt8 = 0
            let n = read(fd, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            guard n == 1 else { return SIGTERM }
            if Int32(byte) == SIGHUP { onHangup(); continue }
            return Int32(byte)
        }
    }
}
