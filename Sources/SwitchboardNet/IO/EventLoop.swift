import CSwitchboard
import Glibc
import Logging

/// One event loop: one thread, one epoll instance, its own SO_REUSEPORT listener, its connections
/// and their timers. Nothing else touches its connections; other threads reach it through `inbox`.
///
/// A turn: wait for readiness, read and parse what arrived (handlers run here and queue frames),
/// run inbox commands (publications from other threads), expire timers, then flush every connection
/// that got frames this turn with one writev each (corking), and release the connections closed.
final class EventLoop {
    let index: UInt16
    let inbox: LoopInbox
    let configuration: NetworkServerConfiguration
    let delegate: any NetworkServerDelegate
    let clock: any MonotonicClock
    unowned(unsafe) let server: NetworkServer
    /// The server's per-address counts, held strongly: closes run in `forceCloseAll` while the server may be going away.
    let addressLimiter: AddressConnectionLimiter?
    let logger: Logger

    private let epoll: Epoll
    private let listenerFD: Int32
    var table = ConnectionTable<Connection>()
    private var wheel: TimingWheel
    private var nextGeneration: UInt32 = 1

    /// The loop's receive buffer: every read lands here and is parsed in place.
    let receiveBuffer: UnsafeMutableRawBufferPointer
    /// Plaintext out of TLS sessions, parsed in place like `receiveBuffer`.
    let plaintextBuffer: UnsafeMutableRawBufferPointer
    /// Frames made during this turn; reset at its end (what outlives it is copied out).
    var arena: [UInt8] = []
    /// Plaintext of several frames gathered for one SSL_write.
    var tlsGather: [UInt8] = []
    /// Connections with queued frames this turn.
    private var dirty: [UInt32] = []
    /// Connections closed this turn, released once the turn is done.
    private var released: [UInt32] = []
    /// Connections whose reading was paused and whose queue drained this turn: read again after the flush.
    private var resumed: [UInt32] = []
    private var commands: [LoopCommand] = []
    /// Which of this loop's connections want which topic.
    var subscriptions: [TopicID: Set<UInt32>] = [:]
    private var iovecs: UnsafeMutablePointer<iovec>
    private static let iovecCapacity = 64
    /// What epoll_wait reports, for the turn's wait and the polls between flush slices.
    private let events: UnsafeMutablePointer<cs_epoll_event>
    private static let eventCapacity = 1024
    /// When a large flush (a fan-out) waits to gather more frames.
    private var gathering: FanOutGathering
    /// Streams for permessage-deflate borrowed per message.
    let deflatePool = DeflateStreamPool()
    private var running = true
    private var acceptPaused = false
    /// Until when (monotonic ns) `pollBriefly` spins instead of sleeping: set by each turn that accepted.
    private var busyPollUntil: UInt64 = 0
    private var shutdownDeadline: UInt64?
    var responseEncoder = HTTPResponseEncoder()
    /// This loop's counts for `/metrics`.
    let counters = LoopCounters()

    private static let listenerToken = UInt64.max - 1
    private static let wakeupToken = UInt64.max

    init(
        index: UInt16, listenerFD: Int32, server: NetworkServer, configuration: NetworkServerConfiguration,
        delegate: any NetworkServerDelegate, clock: any MonotonicClock, inbox: LoopInbox, logger: Logger
    ) throws(IOError) {
        self.index = index
        self.listenerFD = listenerFD
        self.server = server
        self.addressLimiter = server.addressLimiter
        self.configuration = configuration
        self.gathering = FanOutGathering(limitMicroseconds: configuration.fanOutGatherLimitMicroseconds)
        self.delegate = delegate
        self.clock = clock
        self.logger = logger
        self.inbox = inbox
        epoll = try Epoll()
        wheel = TimingWheel(now: clock.nanoseconds())
        receiveBuffer = .allocate(byteCount: configuration.receiveBufferSize, alignment: 16)
        plaintextBuffer = .allocate(byteCount: configuration.receiveBufferSize, alignment: 16)
        iovecs = .allocate(capacity: Self.iovecCapacity)
        events = .allocate(capacity: Self.eventCapacity)
        try epoll.add(listenerFD, events: Epoll.readable | Epoll.edgeTriggered, token: Self.listenerToken)
        try epoll.add(inbox.wakeupFD, events: Epoll.readable | Epoll.edgeTriggered, token: Self.wakeupToken)
    }

    deinit {
        for slot in table.allSlots where table.pointer(slot).pointee != nil {
            _ = Glibc.close(table.pointer(slot).pointee!.fd)
        }
        _ = Glibc.close(listenerFD)
        receiveBuffer.deallocate()
        plaintextBuffer.deallocate()
        iovecs.deallocate()
        events.deallocate()
    }

    // MARK: - The turn

    /// Runs turns until shut down.
    func run() {
        while running {
            let now = clock.nanoseconds()
            let wheelTimeout = wheel.millisecondsUntilNextTick(now: now) ?? -1
            var timeout = dirty.isEmpty && resumed.isEmpty ? wheelTimeout : 0
            if resumed.isEmpty, let wait = gatherMilliseconds() {
                timeout = wheelTimeout < 0 ? wait : min(wait, wheelTimeout)
            }
            var count = timeout != 0 ? pollBriefly(into: events) : 0
            if count == 0 {
                count = epoll.wait(into: events, capacity: Self.eventCapacity, timeoutMilliseconds: timeout)
            }
            dispatch(count)
            expireTimers()
            if gatherMilliseconds() == nil { flushDirty() }
            resumePausedReads()
            releaseClosed()
            if let deadline = shutdownDeadline, table.count == 0 || clock.nanoseconds() >= deadline {
                forceCloseAll()
                running = false
            }
        }
    }

    /// Whether this turn's flush waits (and for how many ms at most): see `FanOutGathering`. Real time, like the busy poll.
    private func gatherMilliseconds() -> Int32? {
        guard dirty.count >= gathering.threshold else { return nil }
        return gathering.wait(dirty: dirty.count, now: cs_monotonic_ns())
    }

    /// Handles the first `count` entries of `events`.
    private func dispatch(_ count: Int) {
        for i in 0..<count {
            let event = events[i]
            switch event.data {
            case Self.listenerToken:
                acceptConnections()
                busyPollUntil = cs_monotonic_ns() + configuration.acceptBusyPollMicroseconds * 1_000
            case Self.wakeupToken: runInbox()
            default: handle(event: event.events, token: event.data)
            }
        }
    }

    /// While connections are arriving, polls without sleeping for a short while: waking a sleeping loop costs
    /// the connecting side an inter-processor interrupt per event (measured on loopback in a VM: 0.75 per
    /// handshake, ~10 % of the client's CPU during a reconnect storm). Real time, not the injected clock.
    private func pollBriefly(into events: UnsafeMutablePointer<cs_epoll_event>) -> Int {
        while cs_monotonic_ns() < busyPollUntil {
            let count = epoll.wait(into: events, capacity: 1024, timeoutMilliseconds: 0)
            if count > 0 { return count }
        }
        return 0
    }

    private func handle(event: UInt32, token: UInt64) {
        let slot = UInt32(truncatingIfNeeded: token)
        let generation = UInt32(truncatingIfNeeded: token >> 32)
        // Through the pointer, never a copy of the record (a copy retains every reference it holds).
        guard table.contains(slot), let phase = table.pointer(slot).pointee?.phase,
              table.pointer(slot).pointee!.generation == generation, phase != .closed else { return }
        if event & (Epoll.error | Epoll.hangup) != 0 && event & Epoll.readable == 0 {
            close(slot, reason: "socket error")
            return
        }
        if event & Epoll.writable != 0 {
            let connection = table.pointer(slot)
            if connection.pointee!.tls != nil, connection.pointee!.tls!.ciphertextOffset < connection.pointee!.tls!.ciphertext.count {
                flushTLS(slot)
            } else if !connection.pointee!.outbound.isEmpty {
                flush(slot)
            }
        }
        if event & (Epoll.readable | Epoll.readHangup | Epoll.hangup) != 0, !table.pointer(slot).pointee!.readPaused {
            // With the peer's FIN in this event, read to the end: edge-triggered epoll will not report it again.
            readAvailable(slot, toEnd: event & (Epoll.readHangup | Epoll.hangup) != 0)
        }
    }

    // MARK: - Accepting

    private func acceptConnections() {
        guard !acceptPaused else { return }
        while true {
            var peer: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            let fd = withUnsafeMutableBytes(of: &peer) { cs_accept_peer(listenerFD, $0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
            if fd < 0 {
                let code = errno
                switch code {
                case EAGAIN, EINTR, ECONNABORTED: if code == EAGAIN { return } else { continue }
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors: stop accepting until a connection closes, instead of spinning.
                    logger.warning("accept paused: \(IOError(call: "accept4", errno: code))")
                    acceptPaused = true
                    epoll.remove(listenerFD)
                    return
                default:
                    logger.error("\(IOError(call: "accept4", errno: code))")
                    return
                }
            }
            open(fd, peer: PeerAddress(bytes: peer))
        }
    }

    private func open(_ fd: Int32, peer: PeerAddress) {
        if let limiter = addressLimiter, !limiter.admit(peer) {
            LoopCounters.add(counters.refusedPerAddress, 1)
            _ = Glibc.close(fd)
            return
        }
        // TCP_NODELAY comes from the listener (accepted sockets inherit it on Linux).
        let now = clock.nanoseconds()
        let generation = nextGeneration
        nextGeneration &+= 1
        if nextGeneration == 0 { nextGeneration = 1 }
        var connection = Connection(fd: fd, generation: generation, now: now, peer: peer)
        connection.http = HTTPConnectionState(limits: configuration.httpLimits)
        if let context = configuration.tls {
            do {
                connection.tls = try TLSConnectionState(context: context)
            } catch {
                logger.error("TLS session: \(error)")
                _ = Glibc.close(fd)
                addressLimiter?.release(peer)
                return
            }
        }
        let slot = table.insert(connection)
        let token = UInt64(slot) | UInt64(generation) << 32
        do {
            try epoll.add(fd, events: Epoll.readable | Epoll.writable | Epoll.readHangup | Epoll.edgeTriggered, token: token)
        } catch {
            logger.error("\(error)")
            table.remove(slot)
            _ = Glibc.close(fd)
            addressLimiter?.release(peer)
            return
        }
        LoopCounters.add(counters.connections, 1)
        setDeadline(slot, now + configuration.headerTimeoutMilliseconds * 1_000_000)
    }

    // MARK: - Reading

    private func readAvailable(_ slot: UInt32, toEnd: Bool) {
        // Paused for backpressure: what arrives waits in the socket (the resume reads it, FIN included).
        if table.pointer(slot).pointee!.readPaused { return }
        let fd = table.pointer(slot).pointee!.fd
        while true {
            let n = Glibc.read(fd, receiveBuffer.baseAddress, receiveBuffer.count)
            if n > 0 {
                table.pointer(slot).pointee!.lastReceived = clock.nanoseconds()
                received(slot, UnsafeMutableRawBufferPointer(rebasing: receiveBuffer[0..<n]))
                guard let phase = table.pointer(slot).pointee?.phase, phase != .closed else { return }
                if table.pointer(slot).pointee!.outbound.byteCount > configuration.outboundLimitBytes {
                    // Backpressure: a peer that sends faster than it reads its answers is not read further
                    // (its socket buffers fill and its sends block) until the queue drains.
                    table.pointer(slot).pointee!.readPaused = true
                    return
                }
                // A short read drained the socket; edge-triggered epoll reports the next arrival. With the
                // peer's FIN already reported nothing more can arrive, so the end is here: no read for the 0.
                if n < receiveBuffer.count {
                    if toEnd { peerClosed(slot) }
                    return
                }
            } else if n == 0 {
                peerClosed(slot)
                return
            } else {
                let code = errno
                if code == EINTR { continue }
                if code != EAGAIN { close(slot, reason: "read: \(IOError(call: "read", errno: code))") }
                return
            }
        }
    }

    /// Bytes from the socket: decrypted first under TLS, then parsed.
    private func received(_ slot: UInt32, _ bytes: UnsafeMutableRawBufferPointer) {
        if table.pointer(slot).pointee!.tls != nil {
            receivedCiphertext(slot, UnsafeRawBufferPointer(bytes))
        } else {
            receivedPlaintext(slot, bytes)
        }
    }

    /// Parses plaintext: a kept tail first gets the new bytes appended, so a head or frame is always
    /// parsed from one contiguous buffer; what stays incomplete is kept (copied) for the next read.
    func receivedPlaintext(_ slot: UInt32, _ bytes: UnsafeMutableRawBufferPointer) {
        let connection = table.pointer(slot)
        if connection.pointee!.phase == .lingering { return }
        if connection.pointee!.inboundTail.isEmpty {
            let used = parse(slot, bytes)
            if used < bytes.count, let phase = connection.pointee?.phase, phase == .http || phase == .webSocket {
                connection.pointee!.inboundTail = Array(UnsafeRawBufferPointer(rebasing: bytes[used...]))
            }
        } else {
            // Take the tail out while parsing: handlers may touch the connection meanwhile.
            var tail = connection.pointee!.inboundTail
            connection.pointee!.inboundTail = []
            tail.append(contentsOf: UnsafeRawBufferPointer(bytes))
            let used = tail.withUnsafeMutableBytes { parse(slot, $0) }
            guard let phase = connection.pointee?.phase, phase == .http || phase == .webSocket else { return }
            if phase == .http, tail.count - used > maxPendingHTTPBytes {
                // Pipelined requests far beyond what one request may hold, while an answer is pending.
                close(slot, reason: "too much pipelined input")
                return
            }
            if used == tail.count {
                connection.pointee!.inboundTail = []
            } else {
                tail.removeFirst(used)
                connection.pointee!.inboundTail = tail
            }
        }
    }

    /// Parses what the phase expects; returns the bytes consumed.
    private func parse(_ slot: UInt32, _ bytes: UnsafeMutableRawBufferPointer) -> Int {
        var used = 0
        // Not `while used < count`: a step may produce an event from no new bytes (a request's end).
        while true {
            let rest = UnsafeMutableRawBufferPointer(rebasing: bytes[used...])
            let step: (consumed: Int, proceed: Bool)
            switch table.pointer(slot).pointee!.phase {
            case .http: step = parseHTTP(slot, rest)
            case .webSocket: step = parseWebSocket(slot, rest)
            case .lingering, .closed: return bytes.count
            }
            used += step.consumed
            if !step.proceed { break }
        }
        return used
    }

    func peerClosed(_ slot: UInt32) {
        let connection = table.pointer(slot)
        switch connection.pointee!.phase {
        case .webSocket:
            if connection.pointee!.webSocket!.closing == .done && connection.pointee!.closeAfterFlush {
                // The peer's close frame came with its FIN: it may still read (a half-close), so the answer
                // queued for it goes out before TCP closes.
                return
            }
            // TCP closed without a close frame: 1006 to the application.
            closeWebSocketAbruptly(slot)
        case .http:
            // A half-close after a request (`nc -N`): answer what was asked, then close.
            let awaiting = connection.pointee!.http?.awaitingResponse ?? false
            if awaiting || !connection.pointee!.outbound.isEmpty {
                connection.pointee!.closeAfterFlush = true
            } else {
                close(slot, reason: nil)
            }
        case .lingering, .closed:
            close(slot, reason: nil)
        }
    }

    /// Unparsed HTTP input a connection may hold while its request is being answered.
    private var maxPendingHTTPBytes: Int { configuration.httpLimits.maxHeadBytes + configuration.httpLimits.maxBodyBytes + (64 << 10) }

    // MARK: - Writing

    /// Queues bytes made this turn (copied into the turn arena; no allocation in the steady state).
    func enqueue(_ slot: UInt32, arenaBytes count: Int, _ write: (UnsafeMutableRawBufferPointer) -> Void) {
        let offset = arena.count
        arena.append(contentsOf: repeatElement(0, count: count))
        arena.withUnsafeMutableBytes { write(UnsafeMutableRawBufferPointer(rebasing: $0[offset..<(offset + count)])) }
        enqueue(slot, .arena(offset: offset, count: count))
    }

    /// Queues a chunk and puts the connection on this turn's flush list.
    func enqueue(_ slot: UInt32, _ chunk: OutboundQueue.Chunk) {
        let connection = table.pointer(slot)
        connection.pointee!.outbound.append(chunk)
        if !connection.pointee!.isDirty {
            connection.pointee!.isDirty = true
            dirty.append(slot)
        }
    }

    /// Marks a connection for flushing without new bytes (TLS handshake records, a close after flush).
    func markDirty(_ slot: UInt32) {
        let connection = table.pointer(slot)
        if !connection.pointee!.isDirty {
            connection.pointee!.isDirty = true
            dirty.append(slot)
        }
    }

    /// Writes every connection with queued frames. A large flush (a broadcast to many connections) is timed:
    /// the next large one waits as long as this one took (see `shouldGather`).
    private func flushDirty() {
        let large = gathering.isLarge(dirty.count)
        let started = large ? cs_monotonic_ns() : 0
        defer { if large { gathering.flushed(started: started, ended: cs_monotonic_ns()) } }
        var i = 0
        // flush() may make more connections dirty (e.g. a coalesced frame released by a drained queue).
        while i < dirty.count {
            let slot = dirty[i]
            i += 1
            guard let phase = table.pointer(slot).pointee?.phase else { continue }
            table.pointer(slot).pointee!.isDirty = false
            guard phase != .closed else { continue }
            flush(slot)
        }
        dirty.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: arena.capacity <= 1 << 20)
    }

    /// Writes what the connection has queued: one writev for everything, more only if it holds more
    /// than 64 chunks. What the kernel does not take stays queued (detached from the arena) for EPOLLOUT.
    func flush(_ slot: UInt32) {
        if table.pointer(slot).pointee!.tls != nil {
            flushTLS(slot)
            return
        }
        let connection = table.pointer(slot)
        let fd = connection.pointee!.fd
        while !connection.pointee!.outbound.isEmpty {
            let written: Int = arena.withUnsafeBytes { arenaBytes in
                var count = 0
                connection.pointee!.outbound.forEach { chunk in
                    iovecs[count] = Self.iovec(for: chunk, arena: arenaBytes)
                    count += 1
                    return count < Self.iovecCapacity
                }
                return cs_writev(fd, iovecs, Int32(count))
            }
            // The iovecs point into chunks that stay alive until consume() below drops them.
            if written > 0 {
                connection.pointee!.outbound.consume(written)
                continue
            }
            let code = written < 0 ? errno : EAGAIN
            if code == EINTR { continue }
            if code == EAGAIN {
                arena.withUnsafeBytes { connection.pointee!.outbound.detachFromArena($0) }
                return
            }
            close(slot, reason: nil)
            return
        }
        afterFullFlush(slot)
    }

    private static func iovec(for chunk: OutboundQueue.Chunk, arena: UnsafeRawBufferPointer) -> iovec {
        switch chunk {
        case .arena(let offset, let count):
            return Glibc.iovec(iov_base: UnsafeMutableRawPointer(mutating: arena.baseAddress! + offset), iov_len: count)
        case .shared(let frame, let offset):
            return frame.bytes.withUnsafeBytes {
                Glibc.iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress! + offset), iov_len: $0.count - offset)
            }
        case .owned(let bytes, let offset):
            return bytes.withUnsafeBytes {
                Glibc.iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress! + offset), iov_len: $0.count - offset)
            }
        }
    }

    /// Everything queued is written: resume reading, release coalesced state frames, or finish a close.
    func afterFullFlush(_ slot: UInt32) {
        let connection = table.pointer(slot)
        if connection.pointee!.http?.stream != nil { acknowledgeStream(slot) }
        if connection.pointee!.readPaused {
            connection.pointee!.readPaused = false
            resumed.append(slot)
        }
        if connection.pointee!.webSocket != nil, !connection.pointee!.webSocket!.pendingLatest.isEmpty {
            releaseCoalesced(slot)
            return
        }
        if connection.pointee!.closeAfterFlush {
            connection.pointee!.closeAfterFlush = false
            beginLingering(slot)
        }
    }

    /// Reads again from connections whose paused reads can resume (edge-triggered epoll will not report the
    /// data already waiting), then writes what that produced.
    /// One round per turn, so a peer that sends and reads at full speed cannot hold the loop; the next turn
    /// does not wait in epoll while connections are left to resume.
    private func resumePausedReads() {
        guard !resumed.isEmpty else { return }
        let slots = resumed
        resumed.removeAll(keepingCapacity: true)
        for slot in slots {
            guard let connection = table.pointer(slot).pointee, connection.phase != .closed, !connection.readPaused else { continue }
            readAvailable(slot, toEnd: false)
        }
        flushDirty()
    }

    // MARK: - Closing

    /// Shuts our write side and waits (bounded) for the peer's FIN before closing, so the peer reads
    /// everything we sent instead of a reset.
    func beginLingering(_ slot: UInt32) {
        let connection = table.pointer(slot)
        guard connection.pointee!.phase != .closed, connection.pointee!.phase != .lingering else { return }
        if connection.pointee!.phase == .webSocket { notifyWebSocketClosed(slot) }
        connection.pointee!.phase = .lingering
        connection.pointee!.http?.stream?.connectionGone()
        connection.pointee!.http = nil
        connection.pointee!.inboundTail = []
        sendCloseNotify(slot)
        guard table.pointer(slot).pointee!.phase != .closed else { return }
        _ = cs_shutdown_write(connection.pointee!.fd)
        setDeadline(slot, clock.nanoseconds() + 2_000_000_000)
        // Whatever already arrived is discarded now; EPOLLIN brings the rest or the FIN.
        drainLingering(slot)
    }

    private func drainLingering(_ slot: UInt32) {
        let fd = table.pointer(slot).pointee!.fd
        while true {
            let n = Glibc.read(fd, receiveBuffer.baseAddress, receiveBuffer.count)
            if n > 0 { continue }
            if n == 0 || (errno != EAGAIN && errno != EINTR) { close(slot, reason: nil) }
            return
        }
    }

    /// Closes now: the slot is released at the end of the turn (ids held elsewhere go stale).
    func close(_ slot: UInt32, reason: String?) {
        let connection = table.pointer(slot)
        guard connection.pointee!.phase != .closed else { return }
        if connection.pointee!.phase == .webSocket { notifyWebSocketClosed(slot) }
        connection.pointee!.http?.stream?.connectionGone()
        if let reason { logger.debug("closing \(slot): \(reason)") }
        connection.pointee!.phase = .closed
        released.append(slot)
    }

    private func releaseClosed() {
        guard !released.isEmpty else { return }
        for slot in released {
            guard let connection = table.remove(slot) else { continue }
            if let ws = connection.webSocket { ws.topics.forEach { removeSubscriber(slot, $0) } }
            LoopCounters.add(counters.connections, -1)
            addressLimiter?.release(connection.peer)
            // close() also drops the descriptor from epoll (never duplicated): no epoll_ctl(DEL) needed.
            _ = Glibc.close(connection.fd)
        }
        released.removeAll(keepingCapacity: true)
        if acceptPaused {
            acceptPaused = false
            try? epoll.add(listenerFD, events: Epoll.readable | Epoll.edgeTriggered, token: Self.listenerToken)
            acceptConnections()
        }
    }

    private func forceCloseAll() {
        for slot in table.allSlots where table.pointer(slot).pointee != nil {
            close(slot, reason: nil)
        }
        releaseClosed()
    }

    // MARK: - Timers

    /// Sets the connection's next timeout; files a wheel entry only when the deadline moves earlier.
    func setDeadline(_ slot: UInt32, _ deadline: UInt64) {
        let connection = table.pointer(slot)
        connection.pointee!.deadline = deadline
        let tick = wheel.tick(for: deadline)
        if connection.pointee!.wheelTick == 0 || tick < connection.pointee!.wheelTick {
            connection.pointee!.wheelTick = wheel.schedule(slot: slot, generation: connection.pointee!.generation, deadline: deadline)
        }
    }

    private func expireTimers() {
        let now = clock.nanoseconds()
        var due: [TimingWheel.Entry] = []
        wheel.expire(upTo: now) { due.append($0) }
        for entry in due {
            guard table.contains(entry.slot), let phase = table.pointer(entry.slot).pointee?.phase, phase != .closed else { continue }
            let connection = table.pointer(entry.slot)
            guard connection.pointee!.generation == entry.generation, connection.pointee!.wheelTick == entry.tick else { continue }
            connection.pointee!.wheelTick = 0
            let deadline = connection.pointee!.deadline
            if deadline == 0 { continue }
            if deadline > now {
                setDeadline(entry.slot, deadline)
            } else {
                table.pointer(entry.slot).pointee!.deadline = 0
                timedOut(entry.slot, now: now)
            }
        }
    }

    private func timedOut(_ slot: UInt32, now: UInt64) {
        switch table.pointer(slot).pointee!.phase {
        case .http: httpTimedOut(slot, now: now)
        case .webSocket: webSocketTimedOut(slot, now: now)
        case .lingering: close(slot, reason: nil)
        case .closed: break
        }
    }

    // MARK: - Inbox

    private func runInbox() {
        inbox.take(swappingWith: &commands)
        for command in commands {
            switch command {
            case .publish(let topic, let message, let policy):
                deliver(message, toSubscribersOf: topic, policy: policy)
            case .send(let id, let message, let policy):
                if let slot = liveSlot(id) { deliver(message, to: slot, policy: policy) }
            case .subscribe(let id, let topic):
                if let slot = liveSlot(id) { subscribe(slot, topic) }
            case .unsubscribe(let id, let topic):
                if let slot = liveSlot(id) { unsubscribe(slot, topic) }
            case .respond(let id, let response):
                if let slot = liveSlot(id) { respond(slot, response) }
            case .streamStart(let id, let head, let writer):
                if let slot = liveSlot(id) { startStream(slot, head, writer) } else { writer.connectionGone() }
            case .streamChunk(let id, let bytes):
                if let slot = liveSlot(id) { streamChunk(slot, bytes) }
            case .streamEnd(let id):
                if let slot = liveSlot(id) { streamEnd(slot) }
            case .close(let id, let code, let reason):
                if let slot = liveSlot(id) { closeWebSocket(slot, code: code, reason: reason) }
            case .shutdown(let code, let grace):
                beginShutdown(code: code, graceMilliseconds: grace)
            case .run(let body):
                body()
            }
        }
        commands.removeAll(keepingCapacity: true)
    }

    /// The slot of `id` if it still names a live connection of this loop.
    func liveSlot(_ id: ConnectionID) -> UInt32? {
        guard id.loop == index, table.contains(id.slot), let phase = table.pointer(id.slot).pointee?.phase,
              phase != .closed, table.pointer(id.slot).pointee!.generation == id.generation else { return nil }
        return id.slot
    }

    func connectionID(_ slot: UInt32) -> ConnectionID {
        ConnectionID(loop: index, slot: slot, generation: table.pointer(slot).pointee!.generation)
    }

    private func beginShutdown(code: WebSocketCloseCode, graceMilliseconds: UInt64) {
        epoll.remove(listenerFD)
        acceptPaused = true
        for slot in table.allSlots {
            guard let connection = table.pointer(slot).pointee else { continue }
            switch connection.phase {
            case .webSocket: closeWebSocket(slot, code: code)
            case .http:
                if connection.outbound.isEmpty { close(slot, reason: nil) } else { table.pointer(slot).pointee!.closeAfterFlush = true }
            case .lingering, .closed: break
            }
        }
        shutdownDeadline = clock.nanoseconds() + graceMilliseconds * 1_000_000
    }
}

@available(*, unavailable) extension EventLoop: Sendable {}
