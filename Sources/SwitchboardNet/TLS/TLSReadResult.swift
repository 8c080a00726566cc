/// What `TLSSession.read(into:)` produced.
public enum TLSReadResult: Equatable, Sendable {
    /// This many plaintext bytes were written to the front of the buffer; call `read` again, more may be buffered.
    case bytes(Int)
    /// More ciphertext is needed (also while the handshake is in progress); drain ciphertext, then wait for the socket.
    case wantMore
    /// The peer sent close_notify: no more plaintext will come.
    case closed
    /// The handshake or a record failed; drain ciphertext (it may hold an alert for the peer), then close.
    case failed(TLSError)
}
