import SwitchboardStore

/// The body of `POST /api/providers` and `PUT /api/providers/:id`: the common fields, then the `cloud` fields
/// (phone-number id, access token, app secret, verify token) or the `classic` ones (account SID, auth token).
struct ProviderBody: Decodable {
    var name: String?
    var kind: String?
    var baseUrl: String?
    var numbers: [String]?
    var phoneNumberId: String?
    var accessToken: String?
    var appSecret: String?
    var verifyToken: String?
    var accountSid: String?
    var authToken: String?

    /// The store's input, every field checked. Creating (`current` nil) needs every secret; updating keeps an
    /// omitted secret and refuses a change of kind.
    /// - Throws: a 422 naming every problem.
    func input(current: ProviderKind?) throws(APIError) -> ProviderInput {
        var check = APIValidator()
        let name = check.text(self.name, "name", maxLength: 100)
        let baseURL = check.url(baseUrl, "baseUrl")
        var numbers: [String] = []
        if let given = self.numbers {
            if given.isEmpty { check.fail("numbers", "needs at least one WhatsApp number") }
            if given.count > 50 { check.fail("numbers", "must hold at most 50 numbers") }
            for (index, number) in given.enumerated() {
                if let number = check.phoneNumber(number, "numbers.\(index)") { numbers.append(number) }
            }
        } else {
            check.fail("numbers", "is required")
        }
        var kind: ProviderKind?
        if let raw = self.kind {
            kind = ProviderKind(rawValue: raw)
            if kind == nil { check.fail("kind", "must be cloud or classic") }
        } else if current == nil {
            check.fail("kind", "is required")
        }
        if let current, let kind, kind != current { check.fail("kind", "cannot change (it is \(current.rawValue))") }
        let creating = current == nil
        func secret(_ value: String?, _ field: String) -> String? {
            guard let value else {
                if creating { check.fail(field, "is required") }
                return nil
            }
            return check.check(value, field, maxLength: 4096)
        }
        var settings: ProviderSettings?
        switch kind ?? current {
        case .cloud:
            for (value, field) in [(accountSid, "accountSid"), (authToken, "authToken")] where value != nil {
                check.fail(field, "is only for classic providers")
            }
            let phone = check.text(phoneNumberId, "phoneNumberId", maxLength: 100)
            let token = secret(accessToken, "accessToken")
            let appSecret = secret(self.appSecret, "appSecret")
            let verify = secret(verifyToken, "verifyToken")
            if let phone { settings = .cloud(phoneNumberID: phone, accessToken: token, appSecret: appSecret, verifyToken: verify) }
        case .classic:
            for (value, field) in [(phoneNumberId, "phoneNumberId"), (accessToken, "accessToken"), (appSecret, "appSecret"),
                                   (verifyToken, "verifyToken")] where value != nil {
                check.fail(field, "is only for cloud providers")
            }
            let sid = check.text(accountSid, "accountSid", maxLength: 100)
            let token = secret(authToken, "authToken")
            if let sid { settings = .classic(accountSID: sid, authToken: token) }
        case nil:
            break
        }
        try check.finish()
        guard let name, let baseURL, let settings else { throw .validation(["body": "is incomplete"]) }
        return ProviderInput(name: name, baseURL: baseURL, numbers: numbers, settings: settings)
    }
}
