import SwitchboardDomain
import SwitchboardStore

/// A live session as administrators see it (`GET /api/users/:id/sessions`): never the token or its full hash — its
/// id is the first 16 bytes of the hash in hex, enough to name it for `DELETE /api/sessions/:id` and useless to log in.
struct SessionView: Encodable, Sendable {
    let id: String
    let userId: Int64
    let createdAt: Int64
    let expiresAt: Int64
    let lastSeenAt: Int64
    let openSockets: Int
    /// Whether this is the session the caller itself is using.
    let current: Bool

    init(_ record: SessionRecord, lastSeen: Timestamp, sockets: Int, current: Bool) {
        id = Self.publicID(record.tokenHash)
        userId = record.userID.rawValue
        createdAt = record.createdAt.milliseconds
        expiresAt = record.expiresAt.milliseconds
        lastSeenAt = lastSeen.milliseconds
        openSockets = sockets
        self.current = current
    }

    /// The public id of a token hash.
    static func publicID(_ tokenHash: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in tokenHash.prefix(16) { text.append(digits[Int(byte >> 4)]); text.append(digits[Int(byte & 15)]) }
        return String(decoding: text, as: UTF8.self)
    }
}
