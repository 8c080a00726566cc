extension PerMessageDeflateSession {
    /// Whether this connection can take the broadcast's shared compressed frame: it resets the context
    /// per message and accepts the full 15-bit window, which is how `NetworkServer.makeMessage` compresses.
    var sharesBroadcastFrames: Bool { outgoingNoContextTakeover && outgoingWindowBits == 15 }
}
