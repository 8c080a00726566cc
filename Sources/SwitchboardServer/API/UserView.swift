import SwitchboardStore

/// A user as the API shows it (never the password hash).
public struct UserView: Codable, Sendable, Equatable {
    public let id: Int64
    public let username: String
    public let displayName: String
    public let role: String
    public let monitorScreen: Bool
    public let supervisorScopes: [Int64]
    public let createdAt: Int64

    public init(_ user: UserRecord) {
        id = user.id.rawValue
        username = user.username
        displayName = user.displayName
        role = user.role.rawValue
        monitorScreen = user.monitorScreen
        supervisorScopes = user.supervisorScopes.map(\.rawValue)
        createdAt = user.createdAt.milliseconds
    }
}
