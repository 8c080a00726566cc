import SwitchboardDomain

// MARK: - Providers

extension StoreDatabase {
    private static let providerColumns = """
        id, name, kind, base_url, phone_number_id, access_token, app_secret, verify_token, account_sid, auth_token, created_at
        """

    private static func numbers(of provider: Int64, _ c: SQLiteConnection) throws(StoreError) -> [String] {
        try c.with("SELECT number FROM provider_numbers WHERE provider_id = ? ORDER BY position") { s throws(StoreError) in
            s.bind(1, provider)
            var result: [String] = []
            while try s.step() { result.append(s.text(0)) }
            return result
        }
    }

    private static func readProvider(_ s: SQLiteStatement, _ c: SQLiteConnection) throws(StoreError) -> ProviderCredentials {
        let id = s.int64(0)
        let settings: ProviderSettings = s.text(2) == ProviderKind.cloud.rawValue
            ? .cloud(phoneNumberID: s.text(4), accessToken: s.optionalText(5), appSecret: s.optionalText(6),
                     verifyToken: s.optionalText(7))
            : .classic(accountSID: s.text(8), authToken: s.optionalText(9))
        return ProviderCredentials(id: ProviderID(id), name: s.text(1), baseURL: s.text(3), numbers: try numbers(of: id, c),
                                   settings: settings)
    }

    private static func publicView(_ p: ProviderCredentials, createdAt: Timestamp) -> ProviderRecord {
        switch p.settings {
        case .cloud(let phoneNumberID, let accessToken, let appSecret, let verifyToken):
            let set = [("accessToken", accessToken), ("appSecret", appSecret), ("verifyToken", verifyToken)]
                .filter { $0.1 != nil }.map(\.0)
            return ProviderRecord(id: p.id, name: p.name, kind: .cloud, baseURL: p.baseURL, numbers: p.numbers,
                                  phoneNumberID: phoneNumberID, accountSID: nil, secretsSet: set, createdAt: createdAt,
                                  verifyToken: verifyToken)
        case .classic(let accountSID, let authToken):
            return ProviderRecord(id: p.id, name: p.name, kind: .classic, baseURL: p.baseURL, numbers: p.numbers,
                                  phoneNumberID: nil, accountSID: accountSID, secretsSet: authToken == nil ? [] : ["authToken"],
                                  createdAt: createdAt)
        }
    }

    private static func providers(where clause: String, _ values: [SQLiteValue], _ c: SQLiteConnection)
        throws(StoreError) -> [(ProviderCredentials, Timestamp)] {
        try c.with("SELECT \(providerColumns) FROM providers \(clause) ORDER BY name") { s throws(StoreError) in
            s.bind(values)
            var result: [(ProviderCredentials, Timestamp)] = []
            while try s.step() { result.append((try readProvider(s, c), Timestamp(milliseconds: s.int64(10)))) }
            return result
        }
    }

    private static func validate(_ input: ProviderInput, creating: Bool) throws(StoreError) {
        if input.name.isEmpty { throw .invalidArgument("provider name is empty") }
        if input.baseURL.isEmpty { throw .invalidArgument("provider base URL is empty") }
        if input.numbers.isEmpty || input.numbers.contains(where: \.isEmpty) {
            throw .invalidArgument("a provider needs at least one WhatsApp number")
        }
        guard creating else { return }
        switch input.settings {
        case .cloud(_, let accessToken, let appSecret, let verifyToken):
            if accessToken == nil || appSecret == nil || verifyToken == nil {
                throw .invalidArgument("a cloud provider needs its access token, app secret and verify token")
            }
        case .classic(_, let authToken):
            if authToken == nil { throw .invalidArgument("a classic provider needs its auth token") }
        }
    }

    private static func writeNumbers(_ numbers: [String], of id: Int64, _ c: SQLiteConnection) throws(StoreError) {
        try c.run("DELETE FROM provider_numbers WHERE provider_id = ?", [.integer(id)])
        var seen = Set<String>()
        for number in numbers where seen.insert(number).inserted {
            try c.run("INSERT INTO provider_numbers(provider_id, number, position) VALUES (?, ?, ?)",
                      [.integer(id), .text(number), .integer(Int64(seen.count))])
        }
    }

    /// Creates a provider; every secret of its kind is required.
    /// - Returns: the provider without its secrets.
    /// - Throws: `.invalidArgument` for a missing field or secret, `.conflict` for a taken name.
    public func createProvider(_ input: ProviderInput, at now: Timestamp) async throws(StoreError) -> ProviderRecord {
        try Self.validate(input, creating: true)
        return try await write { c throws(StoreError) in
            var values: [SQLiteValue] = [.text(input.name), .text(input.settings.kind.rawValue), .text(input.baseURL)]
            switch input.settings {
            case .cloud(let phoneNumberID, let accessToken, let appSecret, let verifyToken):
                values += [.text(phoneNumberID), .text(accessToken ?? ""), .text(appSecret ?? ""), .text(verifyToken ?? ""),
                           .null, .null]
            case .classic(let accountSID, let authToken):
                values += [.null, .null, .null, .null, .text(accountSID), .text(authToken ?? "")]
            }
            values.append(.integer(now.milliseconds))
            do throws(StoreError) {
                try c.run("""
                    INSERT INTO providers(name, kind, base_url, phone_number_id, access_token, app_secret, verify_token,
                                          account_sid, auth_token, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, values)
            } catch {
                throw Self.mapConstraint(error, conflict: "provider \(input.name)", missing: "provider")
            }
            let id = c.lastInsertRowID
            try Self.writeNumbers(input.numbers, of: id, c)
            guard let (p, at) = try Self.providers(where: "WHERE id = ?", [.integer(id)], c).first else {
                throw StoreError.notFound("provider \(id)")
            }
            return Self.publicView(p, createdAt: at)
        }
    }

    /// Updates a provider; a nil secret keeps the stored one. The kind cannot change.
    /// - Returns: the provider without its secrets.
    /// - Throws: `.notFound`, `.invalidArgument` (changed kind, empty field), `.conflict` (taken name).
    public func updateProvider(_ id: ProviderID, _ input: ProviderInput) async throws(StoreError) -> ProviderRecord {
        try Self.validate(input, creating: false)
        return try await write { c throws(StoreError) in
            guard let (current, at) = try Self.providers(where: "WHERE id = ?", [.integer(id.rawValue)], c).first else {
                throw StoreError.notFound("provider \(id)")
            }
            let merged: ProviderSettings
            switch (current.settings, input.settings) {
            case (.cloud(_, let a0, let s0, let v0), .cloud(let phone, let a1, let s1, let v1)):
                merged = .cloud(phoneNumberID: phone, accessToken: a1 ?? a0, appSecret: s1 ?? s0, verifyToken: v1 ?? v0)
            case (.classic(_, let t0), .classic(let sid, let t1)):
                merged = .classic(accountSID: sid, authToken: t1 ?? t0)
            default:
                throw StoreError.invalidArgument("a provider's kind cannot change")
            }
            var values: [SQLiteValue] = [.text(input.name), .text(input.baseURL)]
            switch merged {
            case .cloud(let phone, let a, let s, let v):
                values += [.text(phone), .text(a ?? ""), .text(s ?? ""), .text(v ?? ""), .null, .null]
            case .classic(let sid, let t):
                values += [.null, .null, .null, .null, .text(sid), .text(t ?? "")]
            }
            values.append(.integer(id.rawValue))
            do throws(StoreError) {
                try c.run("""
                    UPDATE providers SET name = ?, base_url = ?, phone_number_id = ?, access_token = ?, app_secret = ?,
                        verify_token = ?, account_sid = ?, auth_token = ? WHERE id = ?
                    """, values)
            } catch {
                throw Self.mapConstraint(error, conflict: "provider \(input.name)", missing: "provider")
            }
            try Self.writeNumbers(input.numbers, of: id.rawValue, c)
            return Self.publicView(
                ProviderCredentials(id: id, name: input.name, baseURL: input.baseURL, numbers: input.numbers, settings: merged),
                createdAt: at)
        }
    }

    /// Deletes a provider that no campaign uses.
    /// - Throws: `.providerInUse` naming the campaigns that use it, `.notFound`.
    public func deleteProvider(_ id: ProviderID) async throws(StoreError) {
        try await write { c throws(StoreError) in
            let users = try c.with("SELECT name FROM campaigns WHERE provider_id = ? ORDER BY name") { s throws(StoreError) in
                s.bind(1, id.rawValue)
                var names: [String] = []
                while try s.step() { names.append(s.text(0)) }
                return names
            }
            if !users.isEmpty { throw StoreError.providerInUse(id, campaigns: users) }
            try c.run("DELETE FROM providers WHERE id = ?", [.integer(id.rawValue)])
            if c.changes == 0 { throw StoreError.notFound("provider \(id)") }
        }
    }

    /// Every provider by name, without secrets.
    public func providers() async throws(StoreError) -> [ProviderRecord] {
        try await read { c throws(StoreError) in
            try Self.providers(where: "", [], c).map { Self.publicView($0.0, createdAt: $0.1) }
        }
    }

    /// One provider without secrets, nil when unknown.
    public func provider(_ id: ProviderID) async throws(StoreError) -> ProviderRecord? {
        try await read { c throws(StoreError) in
            try Self.providers(where: "WHERE id = ?", [.integer(id.rawValue)], c).first.map { Self.publicView($0.0, createdAt: $0.1) }
        }
    }

    /// Every provider with its secrets: for the provider code only (signature checks, sending), never for REST.
    public func providerCredentials() async throws(StoreError) -> [ProviderCredentials] {
        try await read { c throws(StoreError) in try Self.providers(where: "", [], c).map(\.0) }
    }

    /// One provider with its secrets (provider code only), nil when unknown.
    public func providerCredentials(_ id: ProviderID) async throws(StoreError) -> ProviderCredentials? {
        try await read { c throws(StoreError) in try Self.providers(where: "WHERE id = ?", [.integer(id.rawValue)], c).first?.0 }
    }
}
