import CSwitchboard
import Glibc
import Logging
import Synchronization
import SwitchboardSync

/// The network core: event loops (one per CPU of the affinity mask by default), each with its own
/// SO_REUSEPORT listener, serving HTTP/1.1 and WebSocket (and TLS when configured) to a delegate.
/// Thread-safe: publish, send, subscribe and close may be called from any thread.
public final class NetworkServer: Sendable {
    public let configuration: NetworkServerConfiguration
    /// Interns topic names for `publish`/`subscribe`.
    public let topics: TopicRegistry
    private let delegate: any NetworkServerDelegate
    private let clock: any MonotonicClock
    private let logger: Logger
    private let running = Locked<Running?>(nil)
    /// Set once a connection negotiated permessage-deflate: publications then carry a compressed frame.
    private let deflateInUse = Atomic<Bool>(false)
    /// WebSocket upgrades since start, and those that negotiated permessage-deflate.
    private let upgrades = Atomic<Int>(0)
    private let deflateUpgrades = Atomic<Int>(0)
    /// zlib streams for compressing publications made off the loops (actors, timers).
    private let publisherDeflatePool = Locked(DeflateStreamPool())

    /// Open connections per client address, when `maxConnectionsPerAddress` is set.
    let addressLimiter: AddressConnectionLimiter?

    private struct Running: Sendable {
        var inboxes: [LoopInbox]
        var threads: [UInt]
        var port: Int
        /// Each loop's counters (read on scrape).
        var counters: [LoopCounters] = []
    }

    /// - Parameters:
    ///   - configuration: where to listen and the limits.
    ///   - delegate: the application.
    ///   - topics: the topic registry (shared with a delegate made before the server).
    ///   - clock: monotonic time for timeouts (tests pass a `ManualMonotonicClock`).
    ///   - logger: for errors and lifecycle (nothing per message).
    public init(
        configuration: NetworkServerConfiguration, delegate: any NetworkServerDelegate,
        topics: TopicRegistry = TopicRegistry(), clock: any MonotonicClock = SystemMonotonicClock(),
        logger: Logger = Logger(label: "switchboard.net")
    ) {
        self.topics = topics
        self.configuration = configuration
        self.delegate = delegate
        self.clock = clock
        self.logger = logger
        addressLimiter = configuration.maxConnectionsPerAddress.map { AddressConnectionLimiter(limit: $0) }
    }

    /// The loops' counts summed now (for `/metrics`; zero before `start()`).
    public func counters() -> NetworkCounters {
        var total = NetworkCounters()
        for loop in running.withLock({ $0?.counters ?? [] }) {
            total.connections += loop.connections.load(ordering: .relaxed)
            total.webSockets += loop.webSockets.load(ordering: .relaxed)
            total.refusedPerAddress += loop.refusedPerAddress.load(ordering: .relaxed)
            total.slowConsumersDropped += loop.slowConsumersDropped.load(ordering: .relaxed)
            total.deliveries += loop.deliveries.load(ordering: .relaxed)
        }
        return total
    }

    /// The bound port (useful after binding port 0); nil before `start()`.
    public var port: Int? { running.withLock { $0?.port } }

    /// Number of event loops running.
    public var loopCount: Int { running.withLock { $0?.inboxes.count ?? 0 } }

    /// Binds the listeners and starts the loops. Throws if the address cannot be bound.
    public func start() throws(IOError) {
        _ = cs_ignore_sigpipe()
        let count = max(1, configuration.loopCount ?? Int(cs_affinity_cpu_count()))
        var listeners: [Int32] = []
        var port = Int32(configuration.port)
        for i in 0..<count {
            var bound: Int32 = 0
            let fd = configuration.host.withCString {
                cs_listen_tcp($0, port, configuration.backlog, 1, &bound)
            }
            guard fd >= 0 else {
                for l in listeners { _ = Glibc.close(l) }
                throw IOError(call: "listen \(configuration.host):\(port)", errno: -fd)
            }
            if i == 0 { port = bound }
            listeners.append(fd)
        }
        var inboxes: [LoopInbox] = []
        var loops: [EventLoop] = []
        do {
            for (i, fd) in listeners.enumerated() {
                let inbox = try LoopInbox()
                inboxes.append(inbox)
                loops.append(try EventLoop(
                    index: UInt16(i), listenerFD: fd, server: self, configuration: configuration, delegate: delegate,
                    clock: clock, inbox: inbox, logger: logger
                ))
            }
        } catch {
            if loops.isEmpty { for l in listeners { _ = Glibc.close(l) } }
            throw error
        }
        var threads: [UInt] = []
        for (i, loop) in loops.enumerated() {
            let cpu = cs_affinity_cpu_at(Int32(i))
            let thread = LoopThread.start(name: "sb-loop-\(i)") {
                if cpu >= 0 && count > 1 { _ = cs_pin_current_thread(cpu) }
                cs_set_current_loop(Unmanaged.passUnretained(loop).toOpaque())
                loop.run()
                cs_set_current_loop(nil)
            }
            threads.append(UInt(thread))
        }
        running.withLock { $0 = Running(inboxes: inboxes, threads: threads, port: Int(port), counters: loops.map(\.counters)) }
        logger.info("listening on \(configuration.host):\(port) with \(count) event loop(s)\(configuration.tls != nil ? " (TLS)" : "")")
    }

    /// Closes every connection (WebSockets with `code`), stops accepting, and waits for the loops to end.
    public func shutdown(code: WebSocketCloseCode = .goingAway, graceMilliseconds: UInt64 = 3_000) {
        guard let state = running.withLock({ current -> Running? in
            defer { current = nil }
            return current
        }) else { return }
        for inbox in state.inboxes { inbox.post(.shutdown(code, graceMilliseconds: graceMilliseconds)) }
        for thread in state.threads { LoopThread.join(pthread_t(thread)) }
    }

    private func inboxes() -> [LoopInbox] { running.withLock { $0?.inboxes ?? [] } }

    // MARK: - Publishing

    /// Prepares a message for sending to one or many connections: framed once, and compressed once when
    /// permessage-deflate is in use and the message is above the compression threshold.
    /// - Parameters:
    ///   - opcode: text or binary.
    ///   - payload: the message.
    ///   - compressible: false for a payload that is already compressed (a JPEG frame): deflate would only cost.
    public func makeMessage(_ opcode: WebSocketOpcode, payload: [UInt8], compressible: Bool = true) -> WebSocketOutboundMessage {
        var compressed: [UInt8]?
        if compressible, deflateInUse.load(ordering: .relaxed), payload.count >= configuration.deflate.compressionThreshold {
            let level = Int32(configuration.deflate.compressionLevel)
            if let loop = EventLoop.current {
                compressed = payload.withUnsafeBytes {
                    PerMessageDeflateSession.compressOnce($0, windowBits: 15, level: level, pool: loop.deflatePool)
                }
            } else {
                compressed = publisherDeflatePool.withLock { pool -> [UInt8] in
                    let copy = payload
                    return copy.withUnsafeBytes { PerMessageDeflateSession.compressOnce($0, windowBits: 15, level: level, pool: pool) }
                }
            }
        }
        return WebSocketOutboundMessage(opcode: opcode, payload: payload, compressedPayload: compressed)
    }

    /// A text message prepared for sending.
    public func makeMessage(text: String) -> WebSocketOutboundMessage { makeMessage(.text, payload: Array(text.utf8)) }

    /// Delivers `message` to every subscriber of `topic`, on every loop: one hand-off per loop (none for
    /// the calling loop), and each loop writes each subscriber once per turn.
    public func publish(_ message: WebSocketOutboundMessage, to topic: TopicID, policy: DeliveryPolicy) {
        let current = EventLoop.current
        for (i, inbox) in inboxes().enumerated() {
            if let current, current.index == i {
                current.deliver(message, toSubscribersOf: topic, policy: policy)
            } else {
                inbox.post(.publish(topic, message, policy))
            }
        }
    }

    /// Delivers `message` to one connection.
    public func send(_ message: WebSocketOutboundMessage, to id: ConnectionID, policy: DeliveryPolicy = .lossless) {
        if let loop = EventLoop.current, loop.index == id.loop {
            if let slot = loop.liveSlot(id) { loop.deliver(message, to: slot, policy: policy) }
        } else {
            post(.send(id, message, policy), to: id)
        }
    }

    /// Subscribes a connection to `topic`.
    public func subscribe(_ id: ConnectionID, to topic: TopicID) {
        if let loop = EventLoop.current, loop.index == id.loop {
            if let slot = loop.liveSlot(id) { loop.subscribe(slot, topic) }
        } else {
            post(.subscribe(id, topic), to: id)
        }
    }

    /// Unsubscribes a connection from `topic`.
    public func unsubscribe(_ id: ConnectionID, from topic: TopicID) {
        if let loop = EventLoop.current, loop.index == id.loop {
            if let slot = loop.liveSlot(id) { loop.unsubscribe(slot, topic) }
        } else {
            post(.unsubscribe(id, topic), to: id)
        }
    }

    /// Closes a connection (a WebSocket with a close frame carrying `code` and `reason`, which the page can show).
    public func close(_ id: ConnectionID, code: WebSocketCloseCode = .normalClosure, reason: String = "") {
        if let loop = EventLoop.current, loop.index == id.loop {
            if let slot = loop.liveSlot(id) { loop.closeWebSocket(slot, code: code, reason: reason) }
        } else {
            post(.close(id, code, reason: reason), to: id)
        }
    }

    /// Runs `body` on every loop thread (tests: a barrier that all earlier commands were handled).
    public func runOnEveryLoop(_ body: @escaping @Sendable () -> Void) {
        for inbox in inboxes() { inbox.post(.run(body)) }
    }

    private func post(_ command: LoopCommand, to id: ConnectionID) {
        let all = inboxes()
        guard Int(id.loop) < all.count else { return }
        all[Int(id.loop)].post(command)
    }

    /// WebSocket upgrades since start and how many negotiated permessage-deflate (for logs and metrics).
    public var upgradeCounts: (total: Int, deflate: Int) {
        (upgrades.load(ordering: .relaxed), deflateUpgrades.load(ordering: .relaxed))
    }

    func noteUpgrade(deflate: Bool) {
        upgrades.add(1, ordering: .relaxed)
        if deflate { deflateUpgrades.add(1, ordering: .relaxed) }
    }

    func noteDeflateConnection() {
        if !deflateInUse.load(ordering: .relaxed) { deflateInUse.store(true, ordering: .relaxed) }
    }
}
