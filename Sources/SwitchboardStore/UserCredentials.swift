/// A user with its password hash: only for the login code, never for the REST layer's responses.
public struct UserCredentials: Sendable, Equatable {
    /// The user.
    public var user: UserRecord
    /// The stored password hash.
    public var passwordHash: String
}
