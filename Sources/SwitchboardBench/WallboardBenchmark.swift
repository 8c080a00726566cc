import ArgumentParser
import Foundation
import Glibc
import Synchronization
import SwitchboardDomain
import SwitchboardServer
import SwitchboardStore
import SwitchboardSync

/// `SwitchboardBench wallboard`: the whole live path under load. A real app on a temporary database with many
/// campaigns, supervisor WebSockets over real loopback sockets subscribed to the wallboard, and domain events that
/// change every campaign continuously. Measures the wallboard updates each connection receives per second (the
/// hub coalesces to one delta per 100 ms) and the CPU the server spends (process CPU minus the client threads').
struct WallboardBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wallboard", abstract: "Wallboard fan-out: updates/s per socket, server CPU.")

    @Option(help: "Campaigns.") var campaigns = 1_000
    @Option(help: "Supervisor WebSockets.") var connections = 500
    @Option(help: "Campaigns each supervisor sees (0: administrators, every campaign).") var scope = 20
    @Option(help: "Seconds to measure.") var seconds = 10.0
    @Option(help: "Event loops (default: one per CPU).") var loops: Int?
    @Option(help: "Milliseconds between two rounds of events (one enqueue + abandon per campaign per round).") var roundMilliseconds = 50

    func run() async throws {
        let directory = NSTemporaryDirectory() + "switchboard-wallboard-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/public", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = AppConfiguration()
        configuration.port = 0
        configuration.loopCount = loops
        configuration.databasePath = directory + "/bench.db"
        configuration.publicDirectory = directory + "/public"
        let app = try await SwitchboardApp.start(configuration)
        // The benchmark measures the live path; its made-up interactions are not in the store.
        app.live.effects.mute(true)

        let clock = SystemWallClock()
        let provider = try await app.store.createProvider(ProviderInput(
            name: "Bench", baseURL: "https://api.example.test", numbers: (0..<campaigns).map { "+1555\(String(format: "%07d", $0))" },
            settings: .classic(accountSID: "AC0", authToken: "secret")), at: clock.now())
        var ids: [CampaignID] = []
        for n in 0..<campaigns {
            let record = try await app.store.createCampaign(
                CampaignSettings(name: "Campaign \(n)", providerID: provider.id, number: "+1555\(String(format: "%07d", n))"), at: clock.now())
            await app.live.campaignChanged(record.id)
            ids.append(record.id)
        }
        // One supervisor per scope group (or one administrator), each with a session.
        let groups = scope == 0 ? 1 : max(1, campaigns / scope)
        var tokens: [String] = []
        for g in 0..<groups {
            let scopes = scope == 0 ? [] : Array(ids[(g * scope) % campaigns..<min(campaigns, (g * scope) % campaigns + scope)])
            let user = try await app.store.createUser(NewUser(
                username: "sup\(g)", displayName: "Sup \(g)", role: scope == 0 ? .admin : .supervisor, passwordHash: "x",
                supervisorScopes: scopes), at: clock.now())
            app.access.updated(user)
            let token = SessionToken.generate()
            let session = try await app.store.createSession(tokenHash: token.hash, user: user.id, createdAt: clock.now(),
                                                            expiresAt: clock.now().adding(seconds: 3600))
            app.access.added(session)
            tokens.append(token.value)
        }

        // Connect and subscribe every socket, then wait for every snapshot.
        let clients = WallboardClients()
        for n in 0..<connections {
            guard let fd = WallboardClients.connectAndUpgrade(port: app.port, token: tokens[n % tokens.count]) else {
                throw ValidationError("connection \(n) was refused")
            }
            clients.add(fd)
        }
        let readers = min(2, connections)
        for r in 0..<readers { clients.startReader(index: r, of: readers) }
        for fd in clients.fds { WallboardClients.sendText(fd, #"{"cmd":"subscribe","id":"1","topic":"wallboard"}"#) }
        let subscribeStart = ContinuousClock.now
        while clients.snapshots.load(ordering: .relaxed) < connections {
            try await Task.sleep(for: .milliseconds(20))
            if ContinuousClock.now - subscribeStart > .seconds(60) { throw ValidationError("snapshots missing") }
        }

        // Drive events: every round, each campaign gets a new interaction that is abandoned at once.
        let driver = Task { [center = app.live.center, ids, roundMilliseconds] in
            var next: Int64 = 1
            while !Task.isCancelled {
                let roundStart = ContinuousClock.now
                for id in ids {
                    guard let actor = center.directory.campaign(id) else { continue }
                    let interaction = InteractionID(next)
                    next += 1
                    await actor.apply([.enqueue(interaction, customer: "+5491100000000"), .customerGone(interaction)])
                }
                try? await Task.sleep(until: roundStart.advanced(by: .milliseconds(roundMilliseconds)), clock: .continuous)
            }
        }
        try await Task.sleep(for: .seconds(1))   // warm up

        clients.resetCounts()
        let cpuStart = Self.processCPU(), clientStart = clients.clientCPU(), wallStart = ContinuousClock.now
        try await Task.sleep(for: .seconds(seconds))
        let cpuEnd = Self.processCPU(), clientEnd = clients.clientCPU(), wall = ContinuousClock.now - wallStart
        let counts = clients.counts()
        let bytes = clients.bytes.load(ordering: .relaxed)
        driver.cancel()
        _ = await driver.value
        clients.stop()
        await app.shutdown()

        let elapsed = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
        let rates = counts.map { Double($0) / elapsed }.sorted()
        let mean = rates.reduce(0, +) / Double(max(1, rates.count))
        let serverCPU = ((cpuEnd - cpuStart) - (clientEnd - clientStart)) / elapsed
        print("""
            | parameter | value |
            |---|---|
            | campaigns | \(campaigns) |
            | supervisor sockets | \(connections) (\(groups) scope group(s) of \(scope == 0 ? campaigns : scope) campaigns) |
            | event rounds | every \(roundMilliseconds) ms: enqueue + abandon in every campaign (\(Int(Double(campaigns) * 2000 / Double(roundMilliseconds))) events/s) |
            | event loops | \(loops.map(String.init) ?? "one per CPU") |
            | measured | \(String(format: "%.1f", elapsed)) s |

            | result | value |
            |---|---|
            | wallboard updates per socket per second (mean) | \(String(format: "%.2f", mean)) |
            | min / median / max | \(String(format: "%.2f / %.2f / %.2f", rates.first ?? 0, rates[rates.count / 2], rates.last ?? 0)) |
            | updates delivered per second (all sockets) | \(String(format: "%.0f", mean * Double(connections))) |
            | bytes received per second (all sockets) | \(String(format: "%.1f MB", Double(bytes) / elapsed / 1e6)) |
            | server CPU (process minus client threads) | \(String(format: "%.0f %%", serverCPU * 100)) of one core |
            | client threads CPU | \(String(format: "%.0f %%", (clientEnd - clientStart) / elapsed * 100)) of one core |
            """)
    }

    /// User + system CPU seconds of the whole process.
    static func processCPU() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

/// The benchmark's WebSocket clients: blocking connect and upgrade, then reader threads that poll their share of
/// the sockets, split the byte stream into frames and count wallboard deltas per socket.
final class WallboardClients: Sendable {
    private struct State {
        var fds: [Int32] = []
        var counts: [Int] = []
        var threadCPU: [Double] = []
    }

    private let state = Locked(State())
    private let running = Atomic<Bool>(true)
    /// Snapshots received (one per subscribed socket).
    let snapshots = Atomic<Int>(0)
    /// Bytes read in the current window.
    let bytes = Atomic<Int>(0)
    private let threads = Locked<[pthread_t]>([])

    var fds: [Int32] { state.withLock { $0.fds } }

    func add(_ fd: Int32) {
        state.withLock {
            $0.fds.append(fd)
            $0.counts.append(0)
        }
    }

    /// Connects to 127.0.0.1:`port`, upgrades to `/live` with the session cookie; the socket stays blocking for the
    /// handshake, then turns non-blocking.
    static func connectAndUpgrade(port: Int, token: String) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); return nil }
        let request = "GET /live HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nCookie: sb_session=\(token)\r\n\r\n"
        writeAll(fd, Array(request.utf8))
        // Read the 101 head byte by byte (small, once): nothing after it is consumed.
        var head: [UInt8] = []
        var byte: UInt8 = 0
        while !(head.count >= 4 && head.suffix(4) == [13, 10, 13, 10]) {
            guard read(fd, &byte, 1) == 1 else { close(fd); return nil }
            head.append(byte)
        }
        guard String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 101") else { close(fd); return nil }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        return fd
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n > 0 { offset += n } else if errno != EAGAIN && errno != EINTR { return }
        }
    }

    /// Sends one masked text frame (RFC 6455 §5.3; the zero mask keeps the payload as is).
    static func sendText(_ fd: Int32, _ text: String) {
        let payload = Array(text.utf8)
        precondition(payload.count < 126)
        writeAll(fd, [0x81, 0x80 | UInt8(payload.count), 0, 0, 0, 0] + payload)
    }

    /// Starts reader `index` of `count`, handling every `count`-th socket.
    func startReader(index: Int, of count: Int) {
        let box = Unmanaged.passRetained(ReaderContext(clients: self, index: index, count: count))
        var thread = pthread_t()
        pthread_create(&thread, nil, { raw in
            let context = Unmanaged<ReaderContext>.fromOpaque(raw!).takeRetainedValue()
            context.clients.readLoop(index: context.index, count: context.count)
            return nil
        }, box.toOpaque())
        threads.withLock { $0.append(thread) }
    }

    private final class ReaderContext: Sendable {
        let clients: WallboardClients
        let index: Int
        let count: Int

        init(clients: WallboardClients, index: Int, count: Int) {
            self.clients = clients
            self.index = index
            self.count = count
        }
    }

    private static func threadCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    private func readLoop(index: Int, count: Int) {
        let mine = state.withLock { s in stride(from: index, to: s.fds.count, by: count).map { ($0, s.fds[$0]) } }
        var buffers = [[UInt8]](repeating: [], count: mine.count)
        var local = [Int](repeating: 0, count: mine.count)
        var polls = mine.map { pollfd(fd: $0.1, events: Int16(POLLIN), revents: 0) }
        var chunk = [UInt8](repeating: 0, count: 256 << 10)
        let slot = state.withLock { s -> Int in
            s.threadCPU.append(0)
            return s.threadCPU.count - 1
        }
        var lastPublish = ContinuousClock.now
        while running.load(ordering: .relaxed) {
            let ready = poll(&polls, nfds_t(polls.count), 100)
            if ready > 0 {
                for k in polls.indices where polls[k].revents != 0 {
                    while true {
                        let n = chunk.withUnsafeMutableBytes { read(polls[k].fd, $0.baseAddress, $0.count) }
                        if n <= 0 { break }
                        bytes.add(n, ordering: .relaxed)
                        buffers[k].append(contentsOf: chunk[0..<n])
                        local[k] += countFrames(&buffers[k])
                    }
                }
            }
            if ContinuousClock.now - lastPublish > .milliseconds(100) {
                lastPublish = ContinuousClock.now
                let cpu = Self.threadCPU()
                state.withLock { s in
                    for (k, entry) in mine.enumerated() { s.counts[entry.0] += local[k] }
                    s.threadCPU[slot] = cpu
                }
                for k in local.indices { local[k] = 0 }
            }
        }
    }

    /// Splits whole frames off `buffer`; returns how many wallboard deltas it held (snapshots are counted apart).
    private func countFrames(_ buffer: inout [UInt8]) -> Int {
        var offset = 0, deltas = 0
        while buffer.count - offset >= 2 {
            var length = Int(buffer[offset + 1] & 0x7F), header = 2
            if length == 126 {
                guard buffer.count - offset >= 4 else { break }
                length = Int(buffer[offset + 2]) << 8 | Int(buffer[offset + 3])
                header = 4
            } else if length == 127 {
                guard buffer.count - offset >= 10 else { break }
                length = (0..<8).reduce(0) { $0 << 8 | Int(buffer[offset + 2 + $1]) }
                header = 10
            }
            guard buffer.count - offset >= header + length else { break }
            let start = offset + header
            // `{"type":"delta"` vs `{"type":"snapshot"`: the 10th payload byte tells them apart.
            if length > 10 && buffer[offset] & 0x0F == 1 {
                if buffer[start + 9] == UInt8(ascii: "d") { deltas += 1 } else if buffer[start + 9] == UInt8(ascii: "s") {
                    snapshots.add(1, ordering: .relaxed)
                }
            }
            offset = start + length
        }
        if offset > 0 { buffer.removeFirst(offset) }
        return deltas
    }

    func resetCounts() {
        bytes.store(0, ordering: .relaxed)
        state.withLock { s in for i in s.counts.indices { s.counts[i] = 0 } }
    }

    func counts() -> [Int] { state.withLock { $0.counts } }

    /// CPU seconds of the reader threads (as of their last report, every 100 ms).
    func clientCPU() -> Double { state.withLock { $0.threadCPU.reduce(0, +) } }

    func stop() {
        running.store(false, ordering: .relaxed)
        for thread in threads.withLock({ $0 }) { pthread_join(thread, nil) }
        for fd in fds { close(fd) }
    }
}
