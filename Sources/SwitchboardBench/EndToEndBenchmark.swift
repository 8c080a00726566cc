import ArgumentParser
import Foundation
import Glibc
import SwitchboardDomain
import SwitchboardProviders
import SwitchboardServer
import SwitchboardStore

/// `SwitchboardBench e2e`: inbound messages end to end against a separate `switchboard serve` process. The database is
/// prepared directly (providers, campaigns, agents, supervisors, their sessions); agents log in over `/live` and take
/// the conversations the setup webhooks opened, every supervisor spies one of them and subscribes to the wallboard.
/// Then signed cloud webhooks are posted at a paced rate and each one into a spied conversation is timed from the
/// request's first byte sent to the spy frame that carries it — both ends are this process's clock, so the figure
/// includes the client's own socket work and bounds the server's from above. Then closed-loop runs give webhooks per
/// second per server core (cloud and classic). The server's CPU is its /proc utime+stime over each run.
struct EndToEndBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e", abstract: "Webhook to spying supervisor's frame, end to end; webhooks per server core.")

    @Option(help: "The switchboard executable.") var server = ".build/release/switchboard"
    @Option(help: "CPUs the server is pinned to (taskset -c; empty: not pinned).") var serverCpus = "0"
    @Option(help: "Folder for the database.") var dir = "/tmp"
    @Option(help: "Seconds of the paced run (and of each max-rate run).") var seconds = 20.0
    @Option(help: "Webhooks per second in the paced run.") var rate = 1000.0
    @Option(help: "Agents (each takes --per-agent conversations).") var agents = 500
    @Option(help: "Conversations each agent takes.") var perAgent = 3
    @Option(help: "Supervisors (each spies one conversation and watches the wallboard).") var supervisors = 100
    @Option(help: "Campaigns (agents and supervisors spread over them).") var campaigns = 10
    @Option(help: "Every Nth paced webhook goes into a spied conversation.") var spiedEvery = 10
    @Option(help: "Keep-alive connections the paced webhooks are spread over (one request in flight each).") var pool = 64
    @Option(help: "Connections of the closed-loop max-rate runs (each sends again as soon as answered).") var maxConnections = 8
    @Flag(help: "Skip the max-rate runs.") var skipMax = false

    private static let cloudSecret = "bench-app-secret"
    private static let classicToken = "bench-auth-token"
    private static let phoneNumberID = "100200300"
    private static let classicNumber = "+15550009999"
    private static let classicCustomers = 300

    func run() async throws {
        guard campaigns >= 1, perAgent >= 1, supervisors >= 1, supervisors <= agents, spiedEvery >= 1 else {
            throw ValidationError("need a campaign, at least as many agents as supervisors (supervisor s spies agent s's first conversation)")
        }
        let load = Self.loadAverage()
        let path = "\(dir)/sb-e2e-bench.sqlite"
        StoreBenchmark.removeDatabase(path)
        let prepared = try await prepare(path: path)
        let port = Self.freePort()
        let process = try startServer(path: path, port: port)
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            StoreBenchmark.removeDatabase(path)
            unlink(path + ".log")
        }
        Self.log("server \(process.processIdentifier) on port \(port), its log in \(path).log while it runs")
        let driver = try EndToEndDriver(port: port)
        try waitReady(driver)
        let world = try setUp(driver, prepared)
        let paced = try pacedRun(driver, world, pid: process.processIdentifier)
        var maxRuns: [(String, RunResult)] = []
        if !skipMax {
            maxRuns.append(("cloud", try maxRun(driver, world, pid: process.processIdentifier, classic: false)))
            maxRuns.append(("classic", try maxRun(driver, world, pid: process.processIdentifier, classic: true)))
        }
        report(load: load, paced: paced, maxRuns: maxRuns, lostSockets: driver.closedByServer)
    }

    // MARK: - The database

    struct Prepared {
        var cloudProvider: ProviderID
        var classicProvider: ProviderID
        var campaignIDs: [CampaignID]
        var numbers: [String]
        var agentTokens: [String]
        var agentIDs: [UserID]
        var supervisorTokens: [String]
        var adminToken: String
    }

    private func prepare(path: String) async throws -> Prepared {
        let store = try await StoreDatabase.open(StoreConfiguration(path: path))
        let now = SystemWallClock().now()
        let numbers = (0..<campaigns).map { "+1555\(String(format: "%07d", $0))" }
        let cloud = try await store.createProvider(ProviderInput(
            name: "Bench cloud", baseURL: "http://127.0.0.1:9", numbers: numbers,
            settings: .cloud(phoneNumberID: Self.phoneNumberID, accessToken: "token", appSecret: Self.cloudSecret, verifyToken: "bench-verify")), at: now)
        let classic = try await store.createProvider(ProviderInput(
            name: "Bench classic", baseURL: "http://127.0.0.1:9", numbers: [Self.classicNumber],
            settings: .classic(accountSID: "ACbench", authToken: Self.classicToken)), at: now)
        var ids: [CampaignID] = []
        for (n, number) in numbers.enumerated() {
            ids.append(try await store.createCampaign(
                CampaignSettings(name: "Campaign \(n)", providerID: cloud.id, number: number, maxInteractionsPerAgent: perAgent), at: now).id)
        }
        _ = try await store.createCampaign(CampaignSettings(name: "Classic", providerID: classic.id, number: Self.classicNumber), at: now)
        // Setup is not measured: a cheap hash (nobody logs in with a password; sessions are made here).
        let hash = PasswordHasher.hash("bench-password", iterations: 1)
        let expires = now.adding(seconds: 6 * 3600)
        func session(_ user: UserID) async throws -> String {
            let token = SessionToken.generate()
            _ = try await store.createSession(tokenHash: token.hash, user: user, createdAt: now, expiresAt: expires)
            return token.value
        }
        var members: [[AgentID]] = Array(repeating: [], count: campaigns)
        var agentTokens: [String] = [], agentIDs: [UserID] = []
        for a in 0..<agents {
            let user = try await store.createUser(NewUser(username: "agent\(a)", displayName: "Agent \(a)", role: .agent, passwordHash: hash), at: now)
            members[a % campaigns].append(user.id)
            agentIDs.append(user.id)
            agentTokens.append(try await session(user.id))
        }
        for (c, list) in members.enumerated() { try await store.setMembers(list, for: ids[c]) }
        var supervisorTokens: [String] = []
        for s in 0..<supervisors {
            let user = try await store.createUser(NewUser(
                username: "supervisor\(s)", displayName: "Supervisor \(s)", role: .supervisor, passwordHash: hash,
                supervisorScopes: [ids[s % campaigns]]), at: now)
            supervisorTokens.append(try await session(user.id))
        }
        let admin = try await store.createUser(NewUser(username: "admin", displayName: "Admin", role: .admin, passwordHash: hash), at: now)
        let adminToken = try await session(admin.id)
        await store.close()
        return Prepared(cloudProvider: cloud.id, classicProvider: classic.id, campaignIDs: ids, numbers: numbers,
                        agentTokens: agentTokens, agentIDs: agentIDs, supervisorTokens: supervisorTokens, adminToken: adminToken)
    }

    // MARK: - The server

    private func startServer(path: String, port: Int) throws -> Process {
        let process = Process()
        var arguments = [server, "serve", "--db", path, "--port", String(port), "--log-level", "warning", "--session-idle-minutes", "0"]
        if !serverCpus.isEmpty {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
            arguments = ["-c", serverCpus] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: server)
            arguments.removeFirst()
        }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: path + ".log", contents: nil)
        process.standardError = FileHandle(forWritingAtPath: path + ".log")
        try process.run()
        return process
    }

    private func waitReady(_ driver: EndToEndDriver) throws {
        let deadline = EndToEndDriver.now() + 30_000_000_000
        while EndToEndDriver.now() < deadline {
            if let probe = try? driver.connect(role: .webhook, index: -1) {
                var status = 0
                driver.onResponse = { _, code, _ in status = code }
                _ = driver.write(probe, Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:\(driver.port)\r\n\r\n".utf8))
                _ = driver.pump(until: { status != 0 }, seconds: 5)
                driver.close(probe)
                if status == 200 { return }
            }
            usleep(50_000)
        }
        throw ValidationError("the server did not answer /healthz within 30 s")
    }

    // MARK: - Setup over the wire

    struct World {
        var prepared: Prepared
        var pool: [EndToEndDriver.Connection]
        var agentSockets: [EndToEndDriver.Connection]
        var supervisorSockets: [EndToEndDriver.Connection]
        /// Conversation k (held by agent k / perAgent): its interaction and campaign.
        var conversations: [(interaction: Int64, campaign: CampaignID)]
        /// The conversation each supervisor spies.
        var spied: [Int]
        var notSpied: [Int]
    }

    private func customer(_ k: Int) -> String { "+5989\(String(format: "%07d", k))" }

    private func setUp(_ driver: EndToEndDriver, _ prepared: Prepared) throws -> World {
        var acks = 0, errors: [String] = []
        var waiting: [String: Int64] = [:]
        var snapshots = 0
        driver.onText = { _, payload, _ in
            guard let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any] else { return }
            switch object["type"] as? String {
            case "ack": acks += 1
            case "error": errors.append("\(object["id"] ?? "-"): \(object["code"] ?? "?")")
            case "snapshot":
                guard let data = object["data"] as? [String: Any], data["kind"] as? String == "campaign",
                      let list = data["waiting"] as? [[String: Any]] else { return }
                snapshots += 1
                for entry in list {
                    if let number = entry["customer"] as? String, let id = (entry["interaction"] as? NSNumber)?.int64Value { waiting[number] = id }
                }
            default: break
            }
        }
        func expectAcks(_ count: Int, _ what: String) throws {
            let ok = driver.pump(until: { acks >= count || !errors.isEmpty }, seconds: 60)
            guard ok, errors.isEmpty else { throw ValidationError("\(what): \(acks)/\(count) acks, errors \(errors.prefix(5))") }
            acks = 0
        }

        // Sockets.
        var agentSockets: [EndToEndDriver.Connection] = [], supervisorSockets: [EndToEndDriver.Connection] = []
        for a in 0..<agents {
            let c = try driver.connect(role: .agent, index: a)
            guard driver.upgrade(c, token: prepared.agentTokens[a]) else { throw ValidationError("agent \(a): upgrade not sent") }
            agentSockets.append(c)
        }
        for s in 0..<supervisors {
            let c = try driver.connect(role: .supervisor, index: s)
            guard driver.upgrade(c, token: prepared.supervisorTokens[s]) else { throw ValidationError("supervisor \(s): upgrade not sent") }
            supervisorSockets.append(c)
        }
        let admin = try driver.connect(role: .admin, index: 0)
        _ = driver.upgrade(admin, token: prepared.adminToken)
        let all = agentSockets + supervisorSockets + [admin]
        guard driver.pump(until: { all.allSatisfy(\.upgraded) }, seconds: 60) else {
            throw ValidationError("\(all.filter { !$0.upgraded }.count) sockets not upgraded")
        }
        // As the agent's page: presence, its inbox and its campaign's waiting list.
        for (a, c) in agentSockets.enumerated() {
            _ = driver.sendText(c, #"{"cmd":"login","id":"login"}"#)
            _ = driver.sendText(c, #"{"cmd":"subscribe","id":"inbox","topic":"inbox:\#(prepared.agentIDs[a].rawValue)"}"#)
            _ = driver.sendText(c, #"{"cmd":"subscribe","id":"queue","topic":"campaign:\#(prepared.campaignIDs[a % campaigns].rawValue)"}"#)
        }
        try expectAcks(3 * agents, "agent logins and subscriptions")
        Self.log("\(all.count) sockets upgraded, agents logged in and subscribed to their inbox and campaign")

        // The conversations: one customer message each (and the classic customers' first messages).
        var pool: [EndToEndDriver.Connection] = []
        for p in 0..<max(self.pool, maxConnections) { pool.append(try driver.connect(role: .webhook, index: p)) }
        let total = agents * perAgent
        let conversationCampaign = { (k: Int) in (k / perAgent) % campaigns }
        let setupResult = post(driver, pool: pool, count: total + Self.classicCustomers, rate: nil, seconds: nil) { i in
            i < total
                ? cloudRequest(prepared, to: prepared.numbers[conversationCampaign(i)], from: customer(i), id: "wamid.setup.\(i)", text: "hola \(i)")
                : classicRequest(prepared, port: driver.port, from: "+5987\(String(format: "%07d", i - total))", id: "SMsetup\(i)", text: "hola \(i)")
        }
        guard setupResult.non200 == 0, setupResult.latencies.count == total + Self.classicCustomers else {
            throw ValidationError("setup webhooks: \(setupResult.non200) not 200, \(setupResult.latencies.count) answered")
        }
        for (n, id) in prepared.campaignIDs.enumerated() {
            _ = driver.sendText(admin, #"{"cmd":"subscribe","id":"sub-\#(n)","topic":"campaign:\#(id.rawValue)"}"#)
        }
        try expectAcks(campaigns, "administrator's campaign subscriptions")
        driver.close(admin)
        guard waiting.count == total else { throw ValidationError("\(waiting.count) of \(total) conversations in the queues") }
        var conversations: [(interaction: Int64, campaign: CampaignID)] = []
        for k in 0..<total { conversations.append((waiting[customer(k)]!, prepared.campaignIDs[conversationCampaign(k)])) }
        for k in 0..<total {
            let (interaction, campaign) = conversations[k]
            _ = driver.sendText(agentSockets[k / perAgent],
                                #"{"cmd":"take","id":"take-\#(k)","interaction":\#(interaction),"campaign":\#(campaign.rawValue)}"#)
        }
        try expectAcks(total, "takes")
        Self.log("\(total) conversations opened and taken")

        // Supervisor s sees campaign s % campaigns, agent s's campaign, and spies that agent's first conversation.
        var spied: [Int] = []
        for s in 0..<supervisors {
            let k = s * perAgent
            spied.append(k)
            let (interaction, campaign) = conversations[k]
            _ = driver.sendText(supervisorSockets[s], #"{"cmd":"spy","id":"spy","interaction":\#(interaction),"campaign":\#(campaign.rawValue)}"#)
            _ = driver.sendText(supervisorSockets[s], #"{"cmd":"subscribe","id":"wb","topic":"wallboard"}"#)
        }
        try expectAcks(2 * supervisors, "spies and wallboard subscriptions")
        Self.log("supervisors spying and on the wallboard")
        let spiedSet = Set(spied)
        _ = driver.pump(until: { false }, seconds: 1)
        return World(prepared: prepared, pool: pool, agentSockets: agentSockets, supervisorSockets: supervisorSockets,
                     conversations: conversations, spied: spied, notSpied: (0..<total).filter { !spiedSet.contains($0) })
    }

    // MARK: - Requests

    private func cloudRequest(_ prepared: Prepared, to number: String, from: String, id: String, text: String) -> [UInt8] {
        let fromDigits = String(from.dropFirst()), toDigits = String(number.dropFirst())
        let body = Array(("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA1\",\"changes\":[{\"field\":\"messages\","
            + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"\(toDigits)\","
            + "\"phone_number_id\":\"\(Self.phoneNumberID)\"},\"contacts\":[{\"profile\":{\"name\":\"Cliente \(fromDigits.suffix(4))\"},"
            + "\"wa_id\":\"\(fromDigits)\"}],\"messages\":[{\"from\":\"\(fromDigits)\",\"id\":\"\(id)\",\"timestamp\":\"\(time(nil))\","
            + "\"type\":\"text\",\"text\":{\"body\":\"\(text)\"}}]}}]}]}").utf8)
        let head = "POST /webhooks/cloud/\(prepared.cloudProvider.rawValue) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nUser-Agent: facebookexternalua\r\nContent-Length: \(body.count)\r\n"
            + "\(CloudSignature.headerName): \(CloudSignature.header(body: body, appSecret: Self.cloudSecret))\r\n\r\n"
        return Array(head.utf8) + body
    }

    private func classicRequest(_ prepared: Prepared, port: Int, from: String, id: String, text: String) -> [UInt8] {
        let path = "/webhooks/classic/\(prepared.classicProvider.rawValue)"
        let parameters: [(name: String, value: String)] = [
            ("SmsMessageSid", id), ("MessageSid", id), ("SmsSid", id), ("AccountSid", "ACbench"), ("From", "whatsapp:\(from)"),
            ("To", "whatsapp:\(Self.classicNumber)"), ("ProfileName", "Cliente"), ("WaId", String(from.dropFirst())), ("NumSegments", "1"),
            ("ApiVersion", "2010-04-01"), ("Body", text), ("NumMedia", "0"), ("MessageType", "text"),
        ]
        let body = Array(parameters.map { "\(Self.formEscape($0.name))=\(Self.formEscape($0.value))" }.joined(separator: "&").utf8)
        let signature = ClassicSignature.header(url: "http://127.0.0.1:\(port)\(path)", parameters: parameters, authToken: Self.classicToken)
        let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "User-Agent: TwilioProxy/1.1\r\nContent-Length: \(body.count)\r\n\(ClassicSignature.headerName): \(signature)\r\n\r\n"
        return Array(head.utf8) + body
    }

    private static func formEscape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: " "): out.append("+")
            default: out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }

    // MARK: - Posting

    struct PostResult {
        /// Milliseconds from the first byte sent to the response read, per answered webhook.
        var latencies: [Double] = []
        var non200 = 0
        var sent = 0
        /// Paced webhooks sent over 1 ms after their time (no idle connection, or the loop was busy).
        var late = 0
        var seconds = 0.0
    }

    /// Posts webhook `i` = 0, 1, … over `pool` (one in flight per connection): `count` of them, or as many as fit in
    /// `seconds`; paced at `rate` per second, or closed-loop (nil). Waits for every answer (at most 10 s after).
    private func post(_ driver: EndToEndDriver, pool: [EndToEndDriver.Connection], count: Int?, rate: Double?, seconds: Double?,
                      onSent: (Int, UInt64) -> Void = { _, _ in }, request: (Int) -> [UInt8]) -> PostResult {
        var result = PostResult()
        var idle = pool.filter { !$0.closed }
        var inFlight = 0
        driver.onResponse = { connection, status, now in
            result.latencies.append(Double(now - connection.sentAt) / 1e6)
            if status != 200 { result.non200 += 1 }
            connection.inFlight = -1
            inFlight -= 1
            idle.append(connection)
        }
        let start = EndToEndDriver.now()
        let end = seconds.map { start + UInt64($0 * 1e9) } ?? UInt64.max
        var next = 0
        while true {
            let now = EndToEndDriver.now()
            let more = (count.map { next < $0 } ?? true) && now < end
            if !more && inFlight == 0 { break }
            if more {
                while !idle.isEmpty, count.map({ next < $0 }) ?? true {
                    let due = rate.map { start + UInt64(Double(next) / $0 * 1e9) } ?? 0
                    let t = EndToEndDriver.now()
                    guard due <= t, due < end else { break }
                    if rate != nil && t - due > 1_000_000 { result.late += 1 }
                    let connection = idle.removeLast()
                    let bytes = request(next)
                    connection.sentAt = EndToEndDriver.now()
                    connection.inFlight = next
                    onSent(next, connection.sentAt)
                    guard driver.write(connection, bytes) else { continue }
                    inFlight += 1
                    next += 1
                }
            } else if now - start > (seconds.map { UInt64($0 * 1e9) } ?? 600_000_000_000) + 10_000_000_000 {
                break
            }
            var timeout: UInt64 = 10_000_000
            if more, let rate, !idle.isEmpty {
                let due = start + UInt64(Double(next) / rate * 1e9)
                let now = EndToEndDriver.now()
                timeout = due > now ? min(timeout, due - now) : 0
            } else if more && rate == nil && !idle.isEmpty {
                timeout = 0
            }
            driver.pump(timeoutNanoseconds: timeout)
        }
        result.sent = next
        result.seconds = Double(min(EndToEndDriver.now(), end) - start) / 1e9
        return result
    }

    // MARK: - Runs

    struct RunResult {
        var post: PostResult
        var serverCores: Double
        var clientCores: Double
        var spy: [Double] = []
        var spyExpected = 0
        var spyWrongSocket = 0
        var agentFrames = 0
        var supervisorFrames = 0
        /// The server's own store commit times over the run (`switchboard_store_commit_seconds` buckets, from /metrics).
        var commitBuckets: [(le: String, count: Int)] = []
        /// The server's own webhook times over the run, received → committed (`switchboard_webhook_latency_seconds`).
        var webhookBuckets: [(le: String, count: Int)] = []
    }

    /// The histograms read from the server's /metrics (loopback needs no token).
    struct Scrape {
        var commits: [(le: String, count: Int)] = []
        var webhooks: [(le: String, count: Int)] = []

        /// What `after` counted since `before`, bucket by bucket.
        static func delta(_ before: [(le: String, count: Int)], _ after: [(le: String, count: Int)]) -> [(le: String, count: Int)] {
            let earlier = Dictionary(before.map { ($0.le, $0.count) }, uniquingKeysWith: { a, _ in a })
            return after.map { ($0.le, $0.count - (earlier[$0.le] ?? 0)) }
        }
    }

    /// The cumulative buckets of `switchboard_store_commit_seconds` and of `switchboard_webhook_latency_seconds` (its
    /// provider kinds added up) from one scrape of the server's /metrics.
    private func scrape(_ driver: EndToEndDriver, _ world: World) -> Scrape {
        guard let connection = world.pool.first(where: { !$0.closed }) else { return Scrape() }
        var status = 0
        driver.onResponse = { _, code, _ in status = code }
        _ = driver.write(connection, Array("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:\(driver.port)\r\n\r\n".utf8))
        guard driver.pump(until: { status != 0 }, seconds: 5), status == 200 else { return Scrape() }
        let lines = String(decoding: connection.lastBody, as: UTF8.self).split(separator: "\n")
        func buckets(_ name: String) -> [(le: String, count: Int)] {
            var order: [String] = [], counts: [String: Int] = [:]
            for line in lines where line.hasPrefix(name + "_bucket") {
                guard let start = line.range(of: "le=\""), let end = line[start.upperBound...].firstIndex(of: "\""),
                      let count = Double(line.split(separator: " ").last ?? "") else { continue }
                let le = String(line[start.upperBound..<end])
                if counts[le] == nil { order.append(le) }
                counts[le, default: 0] += Int(count)
            }
            return order.map { ($0, counts[$0] ?? 0) }
        }
        return Scrape(commits: buckets("switchboard_store_commit_seconds"), webhooks: buckets("switchboard_webhook_latency_seconds"))
    }

    /// The `q` quantile (0...1) of cumulative buckets, in milliseconds, interpolated linearly inside its bucket (as
    /// Prometheus' histogram_quantile does); nil without observations, the last finite bound when it falls in +Inf.
    static func quantile(_ q: Double, _ buckets: [(le: String, count: Int)]) -> Double? {
        guard let total = buckets.last?.count, total > 0 else { return nil }
        let rank = q * Double(total)
        var lower = 0.0, below = 0
        for (le, count) in buckets {
            guard let upper = Double(le) else { return lower * 1000 }   // +Inf
            if Double(count) >= rank {
                let inside = count - below
                return (lower + (upper - lower) * (inside == 0 ? 0 : (rank - Double(below)) / Double(inside))) * 1000
            }
            lower = upper
            below = count
        }
        return lower * 1000
    }

    private func pacedRun(_ driver: EndToEndDriver, _ world: World, pid: Int32) throws -> RunResult {
        let total = Int(rate * seconds)
        var sentAt = [UInt64](repeating: 0, count: total)
        var spy: [Double] = []
        var wrong = 0, agentFrames = 0, supervisorFrames = 0
        var spiedBy: [Int: Int] = [:]
        for (s, k) in world.spied.enumerated() { spiedBy[k] = s }
        let target = { (i: Int) -> Int in
            i % spiedEvery == 0 ? world.spied[(i / spiedEvery) % world.spied.count] : world.notSpied[i % world.notSpied.count]
        }
        driver.onText = { connection, payload, now in
            guard connection.role == .supervisor else {
                agentFrames += 1
                return
            }
            supervisorFrames += 1
            guard let i = Self.marker(payload), i < total, sentAt[i] != 0 else { return }
            spy.append(Double(now - sentAt[i]) / 1e6)
            if spiedBy[target(i)] != connection.index { wrong += 1 }
        }
        let before = scrape(driver, world)
        let cpu = Self.cpuTicks(pid), client = Self.selfCPU()
        let result = post(driver, pool: world.pool, count: total, rate: rate, seconds: seconds + 0.5,
                          onSent: { i, at in sentAt[i] = at }) { i in
            let k = target(i)
            let c = k / perAgent % campaigns
            return cloudRequest(world.prepared, to: world.prepared.numbers[c], from: customer(k), id: "wamid.bench.\(i)", text: "bench zq\(i)zq")
        }
        _ = driver.pump(until: { spy.count >= (result.sent + spiedEvery - 1) / spiedEvery }, seconds: 5)
        let serverCores = Double(Self.cpuTicks(pid) - cpu) / Double(sysconf(Int32(_SC_CLK_TCK))) / result.seconds
        let clientCores = (Self.selfCPU() - client) / result.seconds
        let after = scrape(driver, world)
        return RunResult(post: result, serverCores: serverCores, clientCores: clientCores, spy: spy,
                         spyExpected: (result.sent + spiedEvery - 1) / spiedEvery, spyWrongSocket: wrong, agentFrames: agentFrames,
                         supervisorFrames: supervisorFrames,
                         commitBuckets: Scrape.delta(before.commits, after.commits),
                         webhookBuckets: Scrape.delta(before.webhooks, after.webhooks))
    }

    private func maxRun(_ driver: EndToEndDriver, _ world: World, pid: Int32, classic: Bool) throws -> RunResult {
        var agentFrames = 0, supervisorFrames = 0
        driver.onText = { connection, _, _ in
            if connection.role == .supervisor { supervisorFrames += 1 } else { agentFrames += 1 }
        }
        let cpu = Self.cpuTicks(pid), client = Self.selfCPU()
        let total = world.conversations.count
        let result = post(driver, pool: Array(world.pool.prefix(maxConnections)), count: nil, rate: nil, seconds: seconds) { i in
            if classic {
                return classicRequest(world.prepared, port: driver.port, from: "+5987\(String(format: "%07d", i % Self.classicCustomers))",
                                      id: "SMmax\(i)", text: "max \(i)")
            }
            let k = i % total
            return cloudRequest(world.prepared, to: world.prepared.numbers[k / perAgent % campaigns], from: customer(k),
                                id: "wamid.max.\(i)", text: "max \(i)")
        }
        let serverCores = Double(Self.cpuTicks(pid) - cpu) / Double(sysconf(Int32(_SC_CLK_TCK))) / result.seconds
        let clientCores = (Self.selfCPU() - client) / result.seconds
        _ = driver.pump(until: { false }, seconds: 1)
        return RunResult(post: result, serverCores: serverCores, clientCores: clientCores, agentFrames: agentFrames,
                         supervisorFrames: supervisorFrames)
    }

    /// The number between "zq" and "zq" in a frame, if any.
    private static func marker(_ payload: ArraySlice<UInt8>) -> Int? {
        var i = payload.startIndex
        let z = UInt8(ascii: "z"), q = UInt8(ascii: "q")
        while i < payload.endIndex - 1 {
            if payload[i] == z && payload[i + 1] == q {
                var j = i + 2, value = 0, digits = 0
                while j < payload.endIndex, payload[j] >= 48, payload[j] <= 57 {
                    value = value * 10 + Int(payload[j] - 48)
                    digits += 1
                    j += 1
                }
                if digits > 0 { return value }
            }
            i += 1
        }
        return nil
    }

    // MARK: - Report

    private func report(load: String, paced: RunResult, maxRuns: [(String, RunResult)], lostSockets: [EndToEndDriver.Role: Int]) {
        print("# End to end: signed webhooks to a spying supervisor's socket\n")
        print("Server: `switchboard serve` (separate process\(serverCpus.isEmpty ? "" : ", pinned to CPU \(serverCpus)"), default durability); "
            + "load average before: \(load). \(agents) agents holding \(agents * perAgent) conversations, \(supervisors) supervisors "
            + "each spying one and subscribed to the wallboard (agents: to their inbox and campaign, as the agent page), \(campaigns) campaigns. Latencies are measured by this process "
            + "(one clock, loopback): from the request's first byte sent to the frame read, so they bound the server's from above.\n")
        let p = paced.post
        print("## Paced: \(Self.fixed(rate, 0)) webhooks/s for \(Self.fixed(seconds, 0)) s, every \(spiedEvery)th into a spied conversation\n")
        print("| figure | value |")
        print("|---|---|")
        print("| webhook first byte → spy frame read, p50 / p99 / max (ms) | \(Self.percentiles(paced.spy)) |")
        print("| spied messages seen / sent (on the wrong socket) | \(paced.spy.count) / \(paced.spyExpected) (\(paced.spyWrongSocket)) |")
        print("| webhooks answered per second (sent; not 200; sent over 1 ms late) | \(Self.fixed(Double(p.latencies.count) / p.seconds, 0)) "
            + "(\(p.sent); \(p.non200); \(p.late)) |")
        print("| webhook first byte → 200 read, p50 / p99 / max (ms) | \(Self.percentiles(p.latencies)) |")
        if let p50 = Self.quantile(0.5, paced.webhookBuckets), let p99 = Self.quantile(0.99, paced.webhookBuckets) {
            print("| the server's own: handler got it → committed, p50 / p99 (ms; from `switchboard_webhook_latency_seconds`, "
                + "interpolated in its buckets; \(paced.webhookBuckets.last?.count ?? 0) webhooks) | \(Self.fixed(p50, 2)) / \(Self.fixed(p99, 2)) |")
        }
        print("| server CPU (cores) | \(Self.fixed(paced.serverCores, 3)) |")
        print("| load generator CPU (cores) | \(Self.fixed(paced.clientCores, 3)) |")
        print("| frames/s read: agents' sockets, supervisors' sockets | \(Self.fixed(Double(paced.agentFrames) / p.seconds, 0)), "
            + "\(Self.fixed(Double(paced.supervisorFrames) / p.seconds, 0)) |")
        print("| sockets the server closed during all runs: agents', supervisors', webhook connections (idle keep-alive) | "
            + "\(lostSockets[.agent] ?? 0), \(lostSockets[.supervisor] ?? 0), \(lostSockets[.webhook] ?? 0) |")
        if let total = paced.commitBuckets.last?.count, total > 0 {
            print("\nThe server's store commits during the paced run (its own timer, `switchboard_store_commit_seconds`), "
                + "\(total) commits, by upper bound: " + zip(paced.commitBuckets, [0] + paced.commitBuckets.map(\.count))
                .filter { $0.0.count > $0.1 }.map { "≤ \($0.0.le) s: \($0.0.count - $0.1)" }.joined(separator: ", ") + ".")
        }
        guard !maxRuns.isEmpty else { return }
        print("\n## Max rate: closed loop, \(maxConnections) connections, \(Self.fixed(seconds, 0)) s each (live sockets still connected)\n")
        print("| webhooks | answered/s | not 200 | p50 / p99 / max to the 200 (ms) | server cores | per server core-second | generator cores |")
        print("|---|---|---|---|---|---|---|")
        for (name, run) in maxRuns {
            let rate = Double(run.post.latencies.count) / run.post.seconds
            print("| \(name) | \(Self.fixed(rate, 0)) | \(run.post.non200) | \(Self.percentiles(run.post.latencies)) | "
                + "\(Self.fixed(run.serverCores, 3)) | \(Self.fixed(rate / max(run.serverCores, 0.001), 0)) | \(Self.fixed(run.clientCores, 3)) |")
        }
    }

    static func percentiles(_ values: [Double]) -> String {
        guard !values.isEmpty else { return "—" }
        let sorted = values.sorted()
        func at(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int((q * Double(sorted.count)).rounded(.up)) - 1)] }
        return "\(fixed(at(0.5), 2)) / \(fixed(at(0.99), 2)) / \(fixed(sorted.last!, 2))"
    }

    static func fixed(_ value: Double, _ digits: Int) -> String { StoreBenchmark.fixed(value, digits) }

    // MARK: - System figures

    /// utime + stime of process `pid`, in clock ticks.
    static func cpuTicks(_ pid: Int32) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = text.lastIndex(of: ")") else { return 0 }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12 else { return 0 }
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
    }

    /// This process's CPU seconds (user + system).
    static func selfCPU() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Progress, on stderr (the report is stdout).
    static func log(_ line: String) {
        var text = "e2e: \(line)\n"
        _ = text.withUTF8 { write(2, $0.baseAddress, $0.count) }
    }

    static func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
