import SwitchboardNet
import SwitchboardServer
import Testing
import TestSupport

@Suite("Login throttle")
struct LoginThrottleTests {
    let clock = ManualClock()
    let office = PeerAddress(high: 0, low: 0x0102_0304_FFFF_0000)
    let elsewhere = PeerAddress(high: 0, low: 0x0506_0708_FFFF_0000)

    func throttle() -> LoginThrottle {
        var limits = LoginThrottle.Limits()
        limits.usernameFree = 3
        limits.usernameLockout = 6
        limits.addressFree = 10
        limits.addressLockout = 20
        return LoginThrottle(limits: limits, clock: clock)
    }

    @Test func failuresBackOffThenLockTheUsername() {
        let throttle = throttle()
        for _ in 0..<3 {
            #expect(throttle.check(username: "ana", address: office) == .allowed)
            #expect(throttle.failed(username: "ana", address: office).isEmpty)
        }
        // Past the free ones each failure doubles the wait.
        #expect(throttle.check(username: "ana", address: office) == .wait(seconds: 1))
        clock.advance(seconds: 1)
        throttle.failed(username: "Ana", address: office)   // usernames count without case
        #expect(throttle.check(username: "ana", address: office) == .wait(seconds: 2))
        clock.advance(seconds: 2)
        throttle.failed(username: "ana", address: office)
        #expect(throttle.check(username: "ana", address: office) == .wait(seconds: 4))
        clock.advance(seconds: 4)
        #expect(throttle.failed(username: "ana", address: office) == [.username("ana")])
        #expect(throttle.check(username: "ana", address: elsewhere) == .wait(seconds: 15 * 60))
        // Another user, from the same address, is not affected.
        #expect(throttle.check(username: "bob", address: office) == .allowed)
        clock.advance(seconds: 15 * 60)
        #expect(throttle.check(username: "ana", address: office) == .allowed)
        #expect(throttle.lockouts.load(ordering: .relaxed) == 1)
    }

    @Test func aSuccessClearsTheUsernameAndOldFailuresAreForgotten() {
        let throttle = throttle()
        for _ in 0..<3 { throttle.failed(username: "ana", address: office) }
        throttle.succeeded(username: "ana")
        #expect(throttle.check(username: "ana", address: office) == .allowed)
        for _ in 0..<3 { throttle.failed(username: "bob", address: office) }
        clock.advance(seconds: 15 * 60)
        throttle.failed(username: "bob", address: office)
        #expect(throttle.check(username: "bob", address: office) == .allowed)   // the count started again
    }

    @Test func oneAddressTryingManyUsernamesIsLockedByItsOwnCount() {
        let throttle = throttle()
        for index in 0..<10 { throttle.failed(username: "user\(index)", address: office) }
        #expect(throttle.check(username: "someone", address: office) == .wait(seconds: 1))
        #expect(throttle.check(username: "someone", address: elsewhere) == .allowed)
        var started: [LoginThrottle.Lockout] = []
        for index in 10..<20 {
            clock.advance(seconds: 60)
            started += throttle.failed(username: "user\(index)", address: office)
        }
        #expect(started == [.address(office)])
        #expect(throttle.check(username: "someone", address: office) == .wait(seconds: 15 * 60))
    }

    @Test func aSprayOfUsernamesDoesNotGrowTheTableForever() {
        let throttle = throttle()
        for index in 0..<(LoginThrottle.pruneAbove + 1) { throttle.failed(username: "u\(index)", address: PeerAddress(high: 1, low: UInt64(index))) }
        clock.advance(seconds: 16 * 60)
        throttle.failed(username: "last", address: office)
        #expect(throttle.trackedCount <= 2)
    }
}
