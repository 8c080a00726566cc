import SwitchboardDomain
import SwitchboardNet
import SwitchboardStore

/// `POST /api/login`, `POST /api/logout`, `GET /api/me`.
enum SessionRoutes {
    struct Login: Decodable {
        let username: String
        let password: String
    }

    struct LoginAnswer: Encodable {
        let user: UserView
        let expiresAt: Int64
    }

    static func add(to router: inout APIRouter, store: StoreDatabase, access: AccessDirectory, clock: any WallClock, lifetimeSeconds: Int64,
                    throttle: LoginThrottle, metrics: SwitchboardMetrics? = nil) {
        router.add(.post, "/api/login") { request throws(APIError) in
            let login = try request.decode(Login.self)
            var problems: [String: String] = [:]
            if login.username.isEmpty { problems["username"] = "is required" }
            if login.password.isEmpty { problems["password"] = "is required" }
            guard problems.isEmpty else { throw .validation(problems) }
            let address = request.http.peer
            // Checked before the password, the same way for every username: a throttled answer says nothing about
            // whether the user exists or the password was right.
            if case .wait(let seconds) = throttle.check(username: login.username, address: address) {
                metrics?.loginWasThrottled()
                throw .tooManyAttempts(retryAfter: seconds)
            }
            let credentials = try await storing { () throws(StoreError) in try await store.credentials(username: login.username) }
            // The same answer, after the same work, for an unknown user and a wrong password: no user enumeration.
            let verified = credentials.map { PasswordHasher.verify(login.password, against: $0.passwordHash) }
                ?? PasswordHasher.verifyNothing(login.password)
            guard let credentials, verified else {
                let target = "username:\(String(login.username.prefix(64)))"
                await APIAudit.record(store, clock, request, "login.failure", target, actor: credentials?.user)
                for lockout in throttle.failed(username: login.username, address: address) {
                    metrics?.loginLockedOut()
                    switch lockout {
                    case .username(let name): await APIAudit.record(store, clock, request, "login.lockout", "username:\(name.prefix(64))")
                    case .address(let peer): await APIAudit.record(store, clock, request, "login.lockout", "address:\(peer)")
                    }
                }
                throw APIError(status: .unauthorized, code: "bad_credentials", message: "Wrong username or password.")
            }
            throttle.succeeded(username: login.username)
            let token = SessionToken.generate()
            let now = clock.now()
            let session = try await storing { () throws(StoreError) in
                try await store.createSession(
                    tokenHash: token.hash, user: credentials.user.id, createdAt: now, expiresAt: now.adding(seconds: lifetimeSeconds))
            }
            access.added(session)
            access.updated(credentials.user)
            await APIAudit.record(store, clock, request, "login", "user:\(credentials.user.id)", actor: credentials.user)
            var response = APIJSON.response(LoginAnswer(user: UserView(credentials.user), expiresAt: session.expiresAt.milliseconds))
            response.headers.add("Set-Cookie", cookie(token.value, maxAge: lifetimeSeconds, secure: request.http.isSecure))
            return response
        }
        router.add(.post, "/api/logout") { request throws(APIError) in
            if let token = request.sessionToken {
                let hash = SessionToken(value: token).hash
                _ = try await storing { () throws(StoreError) in try await store.revokeSession(tokenHash: hash, at: clock.now()) }
                access.revoked(tokenHash: hash)
                await APIAudit.record(store, clock, request, "logout", "user:\(request.requiredUser.id)")
            }
            var response = HTTPResponse.status(.noContent)
            response.headers.add("Set-Cookie", cookie("", maxAge: 0, secure: request.http.isSecure))
            return response
        }
        router.add(.get, "/api/me") { request throws(APIError) in
            APIJSON.response(UserView(request.requiredUser))
        }
    }

    /// The session cookie: never readable by scripts, never sent cross-site, Secure under TLS.
    static func cookie(_ value: String, maxAge: Int64, secure: Bool) -> String {
        "\(AppDelegate.sessionCookie)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict\(secure ? "; Secure" : "")"
    }
}
