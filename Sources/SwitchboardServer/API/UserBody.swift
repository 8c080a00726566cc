import SwitchboardDomain
import SwitchboardStore

/// The body of `POST /api/users` (username, password and role required) and `PUT /api/users/:id` (every field
/// optional: an omitted one keeps its value; the username and password do not change there).
struct UserBody: Decodable {
    var username: String?
    var password: String?
    var displayName: String?
    var role: String?
    var monitorScreen: Bool?
    var supervisorScopes: [Int64]?

    /// What a user's fields become: the checked values over `current` (nil: a new user).
    struct Checked {
        var username: String
        var password: String?
        var displayName: String
        var role: UserRole
        var monitorScreen: Bool
        /// Nil keeps the stored scopes (update only).
        var supervisorScopes: [CampaignID]?
    }

    /// Checks the body against `current` (nil: create) and the campaigns that exist.
    /// - Throws: a 422 naming every problem.
    func checked(current: UserRecord?, campaigns: Set<CampaignID>) throws(APIError) -> Checked {
        var check = APIValidator()
        var username = current?.username ?? ""
        if current == nil {
            if let name = check.text(self.username, "username", maxLength: 64) {
                let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-")
                if name.allSatisfy(allowed.contains) {
                    username = name
                } else {
                    check.fail("username", "may hold only letters, digits and . _ @ -")
                }
            }
            if let password { Self.checkPassword(password, &check) } else { check.fail("password", "is required") }
        } else {
            if self.username != nil { check.fail("username", "cannot change") }
            if password != nil { check.fail("password", "changes through PUT /api/users/{id}/password") }
        }
        var role = current?.role ?? .agent
        var roleKnown = current != nil
        if let raw = self.role {
            let given = UserRole(rawValue: raw).flatMap { UserRole.accountRoles.contains($0) ? $0 : nil }
            roleKnown = given != nil
            if let given { role = given } else { check.fail("role", "must be admin, supervisor or agent") }
        } else if current == nil {
            check.fail("role", "is required")
        }
        let displayName = check.text(self.displayName, "displayName", maxLength: 100, required: false)
            ?? current?.displayName ?? username
        if roleKnown && monitorScreen == true && role != .agent { check.fail("monitorScreen", "applies to agents only") }
        let monitor = role == .agent && (monitorScreen ?? current?.monitorScreen ?? false)
        var scopes: [CampaignID]?
        if let given = supervisorScopes {
            if roleKnown && role != .supervisor && !given.isEmpty { check.fail("supervisorScopes", "apply to supervisors only") }
            for (index, id) in given.enumerated() where !campaigns.contains(CampaignID(id)) {
                check.fail("supervisorScopes.\(index)", "is not a campaign")
            }
            scopes = given.map(CampaignID.init)
        } else if current == nil {
            scopes = []
        }
        try check.finish()
        return Checked(username: username, password: password, displayName: displayName, role: role, monitorScreen: monitor,
                       supervisorScopes: scopes)
    }

    /// Passwords: 8 to 256 characters.
    static func checkPassword(_ password: String, _ check: inout APIValidator) {
        if password.count < 8 { check.fail("password", "must be at least 8 characters") }
        if password.count > 256 { check.fail("password", "must be at most 256 characters") }
    }
}
