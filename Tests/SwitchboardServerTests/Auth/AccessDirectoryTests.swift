import SwitchboardDomain
import SwitchboardServer
import SwitchboardStore
import SwitchboardSync
import Testing
import TestSupport

@Suite("Access directory: session expiry, idle expiry, revocation")
struct AccessDirectoryTests {
    let clock = ManualClock()
    let user = UserRecord(id: UserID(7), username: "ana", displayName: "Ana", role: .agent, monitorScreen: false,
                          supervisorScopes: [], createdAt: Timestamp(milliseconds: 0))

    /// A directory with `user` and one session per token, created now with a 12-hour lifetime; ended sessions are
    /// collected in `ended`.
    func directory(idle: Int64? = 30 * 60, tokens: [String], ended: Locked<[AccessDirectory.EndedSession]>) -> AccessDirectory {
        let access = AccessDirectory(clock: clock, idleSeconds: idle)
        access.updated(user)
        access.observe { sessions in ended.withLock { $0 += sessions } }
        for token in tokens {
            access.added(SessionRecord(tokenHash: SessionToken(value: token).hash, userID: user.id, createdAt: clock.now(),
                                       expiresAt: clock.now().adding(seconds: 12 * 3600), revokedAt: nil))
        }
        return access
    }

    @Test func aSessionEndsAtItsAbsoluteExpiryEvenWhileUsed() {
        let ended = Locked<[AccessDirectory.EndedSession]>([])
        let access = directory(tokens: ["t1"], ended: ended)
        for _ in 0..<47 {   // a request every 15 minutes keeps it from idling, not from expiring
            clock.advance(seconds: 15 * 60)
            #expect(access.user(forToken: "t1")?.id == user.id)
        }
        clock.advance(seconds: 15 * 60)
        #expect(access.user(forToken: "t1") == nil)
        #expect(ended.withLock { $0 } == [.init(tokenHash: SessionToken(value: "t1").hash, user: user.id, reason: .expired)])
        #expect(access.user(forToken: "t1") == nil)
    }

    @Test func aSessionNobodyUsesEndsAfterTheIdleTime() {
        let ended = Locked<[AccessDirectory.EndedSession]>([])
        let access = directory(tokens: ["t1", "t2"], ended: ended)
        clock.advance(seconds: 29 * 60)
        #expect(access.user(forToken: "t1") != nil)   // activity: t1's idle time starts again
        clock.advance(seconds: 60)
        #expect(access.user(forToken: "t2") == nil)   // 30 minutes untouched
        clock.advance(seconds: 28 * 60)
        #expect(access.user(forToken: "t1") != nil)
        #expect(ended.withLock { $0.map(\.reason) } == [.idle])
    }

    @Test func anOpenLiveSocketCountsAsActivityUntilTheAbsoluteExpiry() {
        let ended = Locked<[AccessDirectory.EndedSession]>([])
        let access = directory(tokens: ["wall"], ended: ended)
        let hash = SessionToken(value: "wall").hash
        access.socketOpened(tokenHash: hash)
        clock.advance(seconds: 6 * 3600)
        #expect(access.expire().isEmpty)
        #expect(access.user(forToken: "wall") != nil)
        // The sweep closes a wallboard left open past the absolute expiry, though it sends nothing.
        clock.advance(seconds: 6 * 3600)
        #expect(access.expire() == [.init(tokenHash: hash, user: user.id, reason: .expired)])
        #expect(ended.withLock { $0.count } == 1)
    }

    @Test func theIdleTimeStartsWhenTheLastSocketCloses() {
        let ended = Locked<[AccessDirectory.EndedSession]>([])
        let access = directory(tokens: ["page"], ended: ended)
        let hash = SessionToken(value: "page").hash
        access.socketOpened(tokenHash: hash)
        access.socketOpened(tokenHash: hash)
        clock.advance(seconds: 3600)
        access.socketClosed(tokenHash: hash)
        clock.advance(seconds: 3600)
        #expect(access.expire().isEmpty)   // one socket still open
        access.socketClosed(tokenHash: hash)
        clock.advance(seconds: 29 * 60)
        #expect(access.expire().isEmpty)
        clock.advance(seconds: 60)
        #expect(access.expire().map(\.reason) == [.idle])
    }

    @Test func withoutAnIdleTimeOnlyTheAbsoluteExpiryEndsASession() {
        let ended = Locked<[AccessDirectory.EndedSession]>([])
        let access = directory(idle: nil, tokens: ["t1"], ended: ended)
        clock.advance(seconds: 11 * 3600)
        #expect(access.user(forToken: "t1") != nil)
    }

    @Test func revocationEndsTheNamedSessionsAndKeepsTheOneAsked() {
        let ended = Locked<[AccessDirectory.EndedSession]>([])
        let access = directory(tokens: ["a", "b", "c"], ended: ended)
        access.revoked(tokenHash: SessionToken(value: "a").hash)
        #expect(access.user(forToken: "a") == nil)
        access.revokedAll(of: user.id, reason: .passwordChanged, except: SessionToken(value: "c").hash)
        #expect(access.user(forToken: "b") == nil)
        #expect(access.user(forToken: "c") != nil)
        #expect(ended.withLock { $0.map(\.reason) } == [.loggedOut, .passwordChanged])
        access.removed(user.id)
        #expect(access.user(forToken: "c") == nil)
        #expect(ended.withLock { $0.last?.reason } == .userRemoved)
    }

    @Test func aKioskLinkNeverIdlesNorExpiresAndEndsWhenRevoked() {
        let ended = Locked<[AccessDirectory.EndedSession]>([])
        let access = directory(tokens: [], ended: ended)
        let link = KioskLinkRecord(id: 3, name: "Floor 2 TV", tokenHash: SessionToken(value: "kiosk-token").hash, campaigns: [CampaignID(5)],
                                   createdBy: user.id, createdAt: clock.now())
        access.loadKioskLinks([link, KioskLinkRecord(id: 4, name: "Old", tokenHash: SessionToken(value: "old").hash, campaigns: [CampaignID(5)],
                                                     createdBy: nil, createdAt: clock.now(), revokedAt: clock.now())])
        #expect(access.user(forToken: "old") == nil)   // loaded revoked: opens nothing
        clock.advance(seconds: 30 * 86_400)   // a month on a wall, no request for weeks
        #expect(access.expire().isEmpty)
        let kiosk = access.user(forToken: "kiosk-token")
        #expect(kiosk?.role == .kiosk && kiosk?.id == UserID(-3) && kiosk?.supervisorScopes == [CampaignID(5)])
        #expect(AccessDirectory.caller(for: kiosk!) == Caller(user: UserID(-3), role: .kiosk, campaigns: [CampaignID(5)]))
        access.kioskLinkRevoked(link)
        #expect(access.user(forToken: "kiosk-token") == nil)
        #expect(ended.withLock { $0 } == [.init(tokenHash: link.tokenHash, user: UserID(-3), reason: .revoked)])
    }
}
