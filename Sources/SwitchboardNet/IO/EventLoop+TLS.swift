import CSwitchboard
import Glibc

// MARK: - TLS on the loop (OpenSSL over memory BIOs)

extension EventLoop {
    /// Ciphertext from the socket: decrypt everything available and parse the plaintext in place.
    func receivedCiphertext(_ slot: UInt32, _ bytes: UnsafeRawBufferPointer) {
        guard let tls = table.pointer(slot).pointee!.tls else { return }
        tls.session.feed(bytes)
        reading: while true {
            switch tls.session.read(into: plaintextBuffer) {
            case .bytes(let count):
                receivedPlaintext(slot, UnsafeMutableRawBufferPointer(rebasing: plaintextBuffer[0..<count]))
                guard let phase = table.pointer(slot).pointee?.phase, phase == .http || phase == .webSocket else { break reading }
            case .wantMore:
                break reading
            case .closed:
                peerClosed(slot)
                return
            case .failed(let error):
                logger.debug("TLS: \(error)")
                // Send the alert OpenSSL queued, then close.
                sendCiphertextNow(slot, tls)
                close(slot, reason: nil)
                return
            }
        }
        if tls.session.hasPendingCiphertext { markDirty(slot) }
    }

    /// Encrypts everything queued and writes the records with one send.
    func flushTLS(_ slot: UInt32) {
        let connection = table.pointer(slot)
        let tls = connection.pointee!.tls!
        // Encrypt more only once the socket took the earlier records: bytes encrypted ahead would leave the
        // bounded queue for an unbounded ciphertext backlog, and `outboundLimitBytes` would never apply.
        if tls.ciphertextOffset < tls.ciphertext.count, sendCiphertextNow(slot, tls) != .done {
            arena.withUnsafeBytes { connection.pointee!.outbound.detachFromArena($0) }
            return
        }
        var accepted = 0
        if connection.pointee!.outbound.chunkCount > 1 {
            // Several frames this turn: one SSL_write, so they share records instead of one record each.
            tlsGather.removeAll(keepingCapacity: tlsGather.capacity <= 1 << 16)
            arena.withUnsafeBytes { arenaBytes in
                connection.pointee!.outbound.forEach { chunk in
                    switch chunk {
                    case .arena(let offset, let count): tlsGather.append(contentsOf: arenaBytes[offset..<(offset + count)])
                    case .shared(let frame, let offset): tlsGather.append(contentsOf: frame.bytes[offset...])
                    case .owned(let bytes, let offset): tlsGather.append(contentsOf: bytes[offset...])
                    }
                    return true
                }
            }
            accepted = tlsGather.withUnsafeBytes { tls.session.write($0) }
        } else {
            accepted = writeEachChunk(connection, tls)
        }
        connection.pointee!.outbound.consume(accepted)
        if !connection.pointee!.outbound.isEmpty {
            arena.withUnsafeBytes { connection.pointee!.outbound.detachFromArena($0) }
        }
        switch sendCiphertextNow(slot, tls) {
        case .done:
            if connection.pointee!.outbound.isEmpty { afterFullFlush(slot) }
        case .wouldBlock, .failed:
            return
        }
    }

    /// Hands the queued chunks to the session one by one; returns the bytes it took.
    private func writeEachChunk(_ connection: UnsafeMutablePointer<Connection?>, _ tls: TLSConnectionState) -> Int {
        var accepted = 0
        arena.withUnsafeBytes { arenaBytes in
            connection.pointee!.outbound.forEach { chunk in
                let taken: Int
                switch chunk {
                case .arena(let offset, let count):
                    taken = tls.session.write(UnsafeRawBufferPointer(rebasing: arenaBytes[offset..<(offset + count)]))
                case .shared(let frame, let offset):
                    taken = frame.bytes.withUnsafeBytes { tls.session.write(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
                case .owned(let bytes, let offset):
                    taken = bytes.withUnsafeBytes { tls.session.write(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
                }
                accepted += taken
                return taken == chunk.remaining
            }
        }
        return accepted
    }

    enum CiphertextSend { case done, wouldBlock, failed }

    /// Writes the session's pending records; what the socket does not take waits for EPOLLOUT.
    @discardableResult
    func sendCiphertextNow(_ slot: UInt32, _ tls: TLSConnectionState) -> CiphertextSend {
        tls.session.drainCiphertext(into: &tls.ciphertext)
        let fd = table.pointer(slot).pointee!.fd
        while tls.ciphertextOffset < tls.ciphertext.count {
            let n = tls.ciphertext.withUnsafeBytes {
                cs_send(fd, $0.baseAddress! + tls.ciphertextOffset, $0.count - tls.ciphertextOffset)
            }
            if n > 0 {
                tls.ciphertextOffset += n
                continue
            }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN { return .wouldBlock }
            close(slot, reason: nil)
            return .failed
        }
        tls.ciphertext.removeAll(keepingCapacity: false)
        tls.ciphertextOffset = 0
        return .done
    }

    /// Before our write side shuts: a close_notify, best effort.
    func sendCloseNotify(_ slot: UInt32) {
        guard let tls = table.pointer(slot).pointee!.tls else { return }
        tls.session.shutdown()
        sendCiphertextNow(slot, tls)
    }
}
