/// A connection's TLS session and the ciphertext not yet taken by the socket.
final class TLSConnectionState {
    var session: TLSSession
    var ciphertext: [UInt8] = []
    var ciphertextOffset = 0

    init(context: TLSContext) throws(TLSError) {
        session = try TLSSession(context: context)
    }
}

@available(*, unavailable) extension TLSConnectionState: Sendable {}
