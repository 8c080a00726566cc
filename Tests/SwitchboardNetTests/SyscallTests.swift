import Glibc
import Testing
@testable import SwitchboardNet

@Suite struct SyscallTests {
    @Test func mapsEAGAINToWouldBlock() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        defer { close(fds[0]); close(fds[1]) }
        var byte: UInt8 = 0
        let result = try syscall("read") { read(fds[0], &byte, 1) }
        guard case .wouldBlock = result else { Issue.record("an empty non-blocking pipe must give wouldBlock"); return }
    }

    @Test func throwsIOErrorWithErrno() {
        var byte: UInt8 = 0
        #expect(throws: IOError(call: "read", errno: EBADF)) { _ = try syscall("read") { read(-1, &byte, 1) } }
    }
}
