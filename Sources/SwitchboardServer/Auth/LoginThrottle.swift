import Synchronization
import SwitchboardDomain
import SwitchboardNet
import SwitchboardSync

/// Login attempt limits, per username and per client address: a few failures are free, then each further one makes
/// the next attempt wait (1 s, 2 s, 4 s … at most a minute), and at the lockout count the username or the address is
/// locked for a while. The username is counted whether or not such a user exists, and the refusal is the same, so the
/// limits tell nothing about which usernames exist. A success clears its username's count (not the address's).
///
/// The address limits are far higher than the username's (DECISIONS.md): an office behind one NAT logs everyone in
/// from one address, so a forgotten password there must not lock out the whole floor.
public final class LoginThrottle: Sendable {
    /// The limits (`serve --login-…` flags).
    public struct Limits: Sendable, Equatable {
        /// Failures per username before attempts wait.
        public var usernameFree = 5
        /// Failures per username that lock it.
        public var usernameLockout = 10
        /// Failures per address before attempts wait.
        public var addressFree = 100
        /// Failures per address that lock it.
        public var addressLockout = 500
        /// How long a lockout lasts, in seconds.
        public var lockoutSeconds: Int64 = 15 * 60
        /// A count with no failure for this long starts again from zero, in seconds.
        public var forgetSeconds: Int64 = 15 * 60
        /// The longest wait between two attempts before the lockout, in seconds.
        public var maximumBackoffSeconds: Int64 = 60

        public init() {}
    }

    /// Whether an attempt may go on.
    public enum Verdict: Sendable, Equatable {
        case allowed
        /// Refused: try again after this many seconds (at least 1).
        case wait(seconds: Int64)
    }

    /// What a lockout that just started locks.
    public enum Lockout: Sendable, Equatable {
        case username(String)
        case address(PeerAddress)
    }

    /// One key's failures.
    struct Count {
        var failures = 0
        var lastFailure = Timestamp(milliseconds: 0)
        /// Set while locked out.
        var lockedUntil: Timestamp?
    }

    private struct State {
        var usernames: [String: Count] = [:]
        var addresses: [PeerAddress: Count] = [:]
    }

    /// Counts kept before the stale ones are dropped (a spray of random usernames cannot grow the table forever).
    public static let pruneAbove = 10_000

    public let limits: Limits
    private let clock: any WallClock
    private let state = Locked<State>(State())
    /// Attempts refused and lockouts started since start (metrics).
    public let refusals = Atomic<Int>(0)
    public let lockouts = Atomic<Int>(0)

    /// A throttle with `limits`, timed by `clock`.
    public init(limits: Limits = Limits(), clock: any WallClock) {
        self.limits = limits
        self.clock = clock
    }

    /// The name a username is counted under (usernames compare without case, as the store does).
    static func key(_ username: String) -> String { username.lowercased() }

    /// Whether an attempt for `username` from `address` may be checked now.
    public func check(username: String, address: PeerAddress) -> Verdict {
        let now = clock.now()
        let milliseconds = state.withLock { state -> Int64 in
            max(wait(state.usernames[Self.key(username)], free: limits.usernameFree, now: now),
                wait(state.addresses[address], free: limits.addressFree, now: now))
        }
        if milliseconds <= 0 { return .allowed }
        refusals.add(1, ordering: .relaxed)
        return .wait(seconds: (milliseconds + 999) / 1000)
    }

    /// Counts a failed attempt.
    /// - Returns: the lockouts it started (to audit).
    @discardableResult
    public func failed(username: String, address: PeerAddress) -> [Lockout] {
        let now = clock.now()
        let started = state.withLock { state -> [Lockout] in
            var started: [Lockout] = []
            if count(&state.usernames[Self.key(username), default: Count()], lockout: limits.usernameLockout, now: now) {
                started.append(.username(Self.key(username)))
            }
            if count(&state.addresses[address, default: Count()], lockout: limits.addressLockout, now: now) {
                started.append(.address(address))
            }
            if state.usernames.count > Self.pruneAbove { state.usernames = state.usernames.filter { !stale($0.value, now: now) } }
            if state.addresses.count > Self.pruneAbove { state.addresses = state.addresses.filter { !stale($0.value, now: now) } }
            return started
        }
        if !started.isEmpty { lockouts.add(started.count, ordering: .relaxed) }
        return started
    }

    /// How many usernames and addresses are counted (tests: the table stays bounded).
    public var trackedCount: Int { state.withLock { $0.usernames.count + $0.addresses.count } }

    /// A successful login clears its username's failures.
    public func succeeded(username: String) {
        _ = state.withLock { $0.usernames.removeValue(forKey: Self.key(username)) }
    }

    // MARK: - Counting

    /// Milliseconds until `count` allows another attempt (0 or less: now).
    private func wait(_ count: Count?, free: Int, now: Timestamp) -> Int64 {
        guard let count, !stale(count, now: now) else { return 0 }
        if let until = count.lockedUntil { return until.milliseconds - now.milliseconds }
        guard count.failures >= free else { return 0 }
        let exponent = min(count.failures - free, 20)
        let backoff = min(Int64(1) << exponent, limits.maximumBackoffSeconds) * 1000
        return count.lastFailure.milliseconds + backoff - now.milliseconds
    }

    /// Whether `count` no longer matters: its lockout ended, or it was forgotten.
    private func stale(_ count: Count, now: Timestamp) -> Bool {
        if let until = count.lockedUntil { return until <= now }
        return count.lastFailure.adding(seconds: limits.forgetSeconds) <= now
    }

    /// Adds a failure; true when it starts a lockout.
    private func count(_ count: inout Count, lockout: Int, now: Timestamp) -> Bool {
        if stale(count, now: now) { count = Count() }
        count.failures += 1
        count.lastFailure = now
        guard count.failures >= lockout, count.lockedUntil == nil else { return false }
        count.lockedUntil = now.adding(seconds: limits.lockoutSeconds)
        return true
    }
}
