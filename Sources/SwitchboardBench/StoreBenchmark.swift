import ArgumentParser
import Glibc
import Synchronization
import SwitchboardDomain
import SwitchboardStore

/// `SwitchboardBench store`: group-commit write throughput (FTS5 included), recording search latency per filter
/// combination over a large generated file, and CSV export time and peak memory.
struct StoreBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "SwitchboardStore: write throughput, search latency, CSV export.")

    @Option(help: "Folder for the database files (the search file is generated once and reused).")
    var dir = "/tmp"
    @Option(help: "Messages appended in the throughput run.")
    var messages = 1_000_000
    @Option(help: "New customers whose first and then second inbound message are recorded after the appends (default: a tenth of --messages).")
    var inbound: Int?
    @Option(help: "Active interactions the throughput run spreads its messages over (a node's concurrent chats).")
    var active = 1000
    @Option(help: "Interactions in the generated search file.")
    var interactions = 1_000_000
    @Option(help: "Messages per interaction in the generated search file.")
    var messagesPerInteraction = 10
    @Option(help: "Timed queries per filter combination.")
    var queries = 200
    @Option(help: "Interactions exported to CSV.")
    var export = 100_000
    @Flag(help: "Skip the write throughput run.")
    var skipWrite = false
    @Flag(help: "Skip the search and export runs.")
    var skipSearch = false

    mutating func run() async throws {
        print("# SwitchboardStore benchmark\n")
        print("SQLite file folder `\(dir)`, default durability (WAL, synchronous=NORMAL), 2 reader connections.\n")
        if !skipWrite { try await writeThroughput() }
        if !skipSearch {
            let path = "\(dir)/sb-store-bench-search-v\(StoreBulkLoader.schemaVersion)-\(interactions)x\(messagesPerInteraction).sqlite"
            let fixture = try await Self.searchFile(path: path, interactions: interactions, perInteraction: messagesPerInteraction)
            try await searchLatency(path: path, fixture: fixture)
            try await exportRun(path: path, fixture: fixture)
        }
    }

    // MARK: - Write throughput

    private func writeThroughput() async throws {
        let path = "\(dir)/sb-store-bench-write.sqlite"
        Self.removeDatabase(path)
        let db = try await StoreDatabase.open(StoreConfiguration(path: path))
        let t0 = Timestamp(milliseconds: 1_767_225_600_000)
        let provider = try await db.createProvider(Self.provider, at: t0).id
        let campaign = try await db.createCampaign(CampaignSettings(name: "Bench", providerID: provider, number: "+1"), at: t0).id
        let agent = try await db.createUser(NewUser(username: "agent", displayName: "Agent", role: .agent, passwordHash: "x"), at: t0).id
        var opened: [InteractionID] = []
        for n in 0..<active {
            opened.append(try await db.startInteraction(NewInteraction(
                campaignID: campaign, providerID: provider, heyNowNumber: "+5989\(n)", direction: .incoming, state: .active,
                agentID: agent, enqueuedAt: t0)))
        }
        var rng = BenchRandom(seed: 7)
        let bodies = (0..<4096).map { _ in Self.sentence(&rng) }
        let total = messages, producers = 8, chunk = 512
        let failures = Countdown(0)
        let activeIDs = opened
        let before = db.writerStatistics()
        let start = Self.now()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for p in 0..<producers {
                group.addTask {
                    var n = p
                    while n < total {
                        var batch: [NewMessage] = []
                        while batch.count < chunk && n < total {
                            let customer = n % 2 == 0
                            batch.append(NewMessage(
                                interactionID: activeIDs[n % activeIDs.count], sender: customer ? .customer : .agent,
                                agentID: customer ? nil : agent, providerID: provider, providerMessageID: "wamid.\(n)",
                                at: t0.adding(milliseconds: Int64(n)), body: bodies[n % bodies.count]))
                            n += producers
                        }
                        await Self.appendAll(batch, to: db, failures: failures)
                    }
                }
            }
            try await group.waitForAll()
        }
        let seconds = Self.now() - start
        let after = db.writerStatistics()
        let stored = try await db.countRecordings(RecordingQuery())
        _ = stored
        // Inbound path: the open-interaction lookup, then either a new interaction (each customer's first message)
        // or an append to the one it opened (their second), deduplicated by provider message id.
        let customers = max(1, inbound ?? total / 10)
        func recordInbound(turn: Int) async throws -> (seconds: Double, commits: Int, requests: Int) {
            let before = db.writerStatistics()
            let start = Self.now()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for p in 0..<producers {
                    group.addTask {
                        var n = p
                        while n < customers {
                            var batch: [InboundMessage] = []
                            while batch.count < chunk && n < customers {
                                batch.append(InboundMessage(
                                    campaignID: campaign, providerID: provider, providerMessageID: "in.\(turn).\(n)",
                                    heyNowNumber: "+5982\(n)", at: t0.adding(milliseconds: Int64(turn * customers + n)),
                                    body: bodies[(n + turn) % bodies.count]))
                                n += producers
                            }
                            await Self.recordAll(batch, to: db, failures: failures)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let seconds = Self.now() - start, after = db.writerStatistics()
            return (seconds, after.commits - before.commits, after.requests - before.requests)
        }
        let new = try await recordInbound(turn: 0)
        let returning = try await recordInbound(turn: 1)
        await db.close()
        print("## Write throughput (group commit, FTS5 indexing included)\n")
        print("| run | messages | seconds | messages/s | transactions | messages per transaction | failures |")
        print("|---|---|---|---|---|---|---|")
        let commits = after.commits - before.commits, requests = after.requests - before.requests
        print("| appendMessage (\(active) active interactions, dedup by provider id) | \(total) | \(Self.fixed(seconds, 2)) | "
            + "\(Int(Double(total) / seconds)) | \(commits) | \(Self.fixed(Double(requests) / Double(max(1, commits)), 1)) | "
            + "\(failures.remaining.load(ordering: .relaxed)) |")
        for (name, run) in [("new customers (each opens an interaction)", new),
                            ("the same customers again (to the interaction each opened)", returning)] {
            print("| recordInbound, \(name) | \(customers) | \(Self.fixed(run.seconds, 2)) | \(Int(Double(customers) / run.seconds)) | "
                + "\(run.commits) | \(Self.fixed(Double(run.requests) / Double(max(1, run.commits)), 1)) | |")
        }
        print("\n\(producers) producer tasks, \(chunk) requests in flight each (callback API, acknowledged after COMMIT).\n")
        Self.removeDatabase(path)
    }

    /// A countdown shared by one chunk's completions.
    private final class Countdown: Sendable {
        let remaining: Atomic<Int>
        init(_ count: Int) { remaining = Atomic(count) }
    }

    private static func appendAll(_ batch: [NewMessage], to db: StoreDatabase, failures: Countdown) async {
        let failed = Countdown(0)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let left = Countdown(batch.count)
            for message in batch {
                db.appendMessage(message) { result in
                    if case .failure = result { failed.remaining.add(1, ordering: .relaxed) }
                    if left.remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { done.resume() }
                }
            }
        }
        failures.remaining.add(failed.remaining.load(ordering: .relaxed), ordering: .relaxed)
    }

    private static func recordAll(_ batch: [InboundMessage], to db: StoreDatabase, failures: Countdown) async {
        let failed = Countdown(0)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let left = Countdown(batch.count)
            for message in batch {
                db.recordInbound(message) { result in
                    if case .failure = result { failed.remaining.add(1, ordering: .relaxed) }
                    if left.remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { done.resume() }
                }
            }
        }
        failures.remaining.add(failed.remaining.load(ordering: .relaxed), ordering: .relaxed)
    }

    // MARK: - The generated search file

    /// What the generated file holds, to draw realistic filter values from.
    struct SearchFixture: Sendable {
        var campaigns: [CampaignID]
        var agents: [[AgentID]]
        var base: Int64
        var span: Int64
    }

    static let customerCount = 200_000
    static let yearMilliseconds: Int64 = 365 * 86_400_000
    static let subjects = ["Consulta de facturación", "Cambio de plan", "Reclamo por demora", "Baja del servicio", "Portabilidad",
                           "Problema técnico", "Consulta de saldo", "Promoción vigente", "Actualizar datos", "Envío de factura"]

    private static func searchFile(path: String, interactions: Int, perInteraction: Int) async throws -> SearchFixture {
        let base = Timestamp(milliseconds: 1_735_689_600_000)  // 2025-01-01
        if access(path, F_OK) == 0 {
            let db = try await StoreDatabase.open(StoreConfiguration(path: path))
            let campaigns = try await db.campaigns()
            let fixture = SearchFixture(campaigns: campaigns.map(\.id), agents: campaigns.map(\.members), base: base.milliseconds,
                                        span: yearMilliseconds)
            let count = try await db.countRecordings(RecordingQuery())
            await db.close()
            if count == interactions {
                print("Reusing `\(path)` (\(interactions) interactions, \(interactions * perInteraction) messages).\n")
                return fixture
            }
        }
        removeDatabase(path)
        let db = try await StoreDatabase.open(StoreConfiguration(path: path))
        let provider = try await db.createProvider(Self.provider, at: base).id
        var campaigns: [CampaignID] = [], agents: [[AgentID]] = []
        for c in 0..<20 {
            var members: [AgentID] = []
            for a in 0..<20 {
                members.append(try await db.createUser(NewUser(username: "agent\(c)-\(a)", displayName: "Agent \(c)-\(a)", role: .agent,
                                                               passwordHash: "x"), at: base).id)
            }
            campaigns.append(try await db.createCampaign(CampaignSettings(name: "Campaign \(c)", providerID: provider, number: "+1\(c)"),
                                                         members: members, at: base).id)
            agents.append(members)
        }
        await db.close()
        let start = now()
        let loader = try StoreBulkLoader(path: path)
        var rng = BenchRandom(seed: 42)
        let step = yearMilliseconds / Int64(interactions)
        for i in 1...interactions {
            let c = rng.below(campaigns.count)
            let enqueued = base.milliseconds + Int64(i) * step + Int64(rng.below(Int(max(1, step))))
            let roll = rng.below(100)
            let state = roll < 80 ? "closed" : roll < 95 ? "abandoned" : roll < 97 ? "queued" : "active"
            let agent: Int64? = state == "closed" || state == "active" ? agents[c][rng.below(20)].rawValue : nil
            let taken: Int64? = agent == nil ? nil : enqueued + Int64(rng.below(120_000))
            let ended: Int64? = state == "closed" ? (taken ?? enqueued) + Int64(rng.below(900_000))
                : state == "abandoned" ? enqueued + Int64(rng.below(600_000)) : nil
            let number = "+5989" + String(1_000_000 + rng.below(customerCount))
            let count = state == "abandoned" ? 1 : perInteraction
            let bodies = (0..<count).map { _ in sentence(&rng) }
            let subject = state == "closed" && rng.below(2) == 0 ? subjects[rng.below(subjects.count)] : String(bodies[0].prefix(200))
            try loader.addInteraction(
                id: Int64(i), campaign: campaigns[c].rawValue, provider: provider.rawValue, number: number, incoming: rng.below(10) != 0,
                state: state, agent: agent, subject: subject, enqueuedAt: enqueued, takenAt: taken, endedAt: ended, messageCount: count)
            for seq in 1...count {
                let customer = seq % 2 == 1
                try loader.addMessage(interaction: Int64(i), customer: customer, agent: customer ? nil : agent,
                                      providerMessageID: customer ? "wamid.\(i).\(seq)" : nil, provider: provider.rawValue,
                                      at: enqueued + Int64(seq) * 20_000, body: bodies[seq - 1])
            }
        }
        try loader.finish()
        print("Generated `\(path)`: \(interactions) interactions, about \(interactions * perInteraction) messages in "
            + "\(fixed(now() - start, 1)) s (one transaction, indexes built after).\n")
        return SearchFixture(campaigns: campaigns, agents: agents, base: base.milliseconds, span: yearMilliseconds)
    }

    // MARK: - Search latency

    private func searchLatency(path: String, fixture: SearchFixture) async throws {
        let db = try await StoreDatabase.open(StoreConfiguration(path: path))
        var rng = BenchRandom(seed: 99)
        typealias Make = (inout BenchRandom) -> RecordingQuery
        let f = fixture
        func week(_ r: inout BenchRandom) -> (Timestamp, Timestamp) {
            let s = f.base + Int64(r.below(Int(f.span / 86_400_000) - 7)) * 86_400_000
            return (Timestamp(milliseconds: s), Timestamp(milliseconds: s + 7 * 86_400_000))
        }
        func campaign(_ r: inout BenchRandom) -> Int { r.below(f.campaigns.count) }
        func number(_ r: inout BenchRandom) -> String { "+5989" + String(1_000_000 + r.below(Self.customerCount)) }
        let common = Self.commonWords, rare = Self.rareWords
        let combos: [(String, Make)] = [
            ("no filter", { _ in RecordingQuery() }),
            ("date range (1 week)", { r in let w = week(&r); return RecordingQuery(startDate: w.0, finalDate: w.1) }),
            ("campaign", { r in RecordingQuery(campaignIDs: [f.campaigns[campaign(&r)]]) }),
            ("3 campaigns (supervisor scope)", { r in
                RecordingQuery(campaignIDs: [f.campaigns[campaign(&r)], f.campaigns[campaign(&r)], f.campaigns[campaign(&r)]]) }),
            ("agent", { r in let c = campaign(&r); return RecordingQuery(agentID: f.agents[c][r.below(20)]) }),
            ("HeyNow number", { r in RecordingQuery(heyNowNumber: number(&r)) }),
            ("state abandoned", { _ in RecordingQuery(states: [.abandoned]) }),
            ("state queued+active", { _ in RecordingQuery(states: [.queued, .active]) }),
            ("subject", { r in RecordingQuery(subject: String(Self.subjects[r.below(Self.subjects.count)].prefix(12))) }),
            ("text, common word (~5% of messages)", { r in RecordingQuery(text: common[r.below(common.count)]) }),
            ("text, rare word (~0.15%)", { r in RecordingQuery(text: rare[r.below(rare.count)]) }),
            ("text, two rare words", { r in RecordingQuery(text: rare[r.below(rare.count)] + " " + rare[r.below(rare.count)]) }),
            ("campaign + agent + week", { r in
                let c = campaign(&r), w = week(&r)
                return RecordingQuery(startDate: w.0, finalDate: w.1, campaignIDs: [f.campaigns[c]], agentID: f.agents[c][r.below(20)]) }),
            ("campaign + state + week", { r in
                let w = week(&r)
                return RecordingQuery(startDate: w.0, finalDate: w.1, campaignIDs: [f.campaigns[campaign(&r)]], states: [.abandoned]) }),
            ("number + week", { r in let w = week(&r); return RecordingQuery(startDate: w.0, finalDate: w.1, heyNowNumber: number(&r)) }),
            ("campaign + common word", { r in RecordingQuery(campaignIDs: [f.campaigns[campaign(&r)]], text: common[r.below(common.count)]) }),
            ("agent + rare word", { r in
                let c = campaign(&r)
                return RecordingQuery(agentID: f.agents[c][r.below(20)], text: rare[r.below(rare.count)]) }),
            ("week + subject + state closed", { r in
                let w = week(&r)
                return RecordingQuery(startDate: w.0, finalDate: w.1, subject: "factura", states: [.closed]) }),
            ("all filters", { r in
                let c = campaign(&r), w = week(&r)
                return RecordingQuery(startDate: w.0, finalDate: w.1, subject: "a", campaignIDs: [f.campaigns[c]],
                                      agentID: f.agents[c][r.below(20)], states: [.closed], text: common[r.below(common.count)]) }),
            ("campaign, sorted by duration", { r in
                RecordingQuery(campaignIDs: [f.campaigns[campaign(&r)]], sort: .duration) }),
            ("week, sorted by messages", { r in
                let w = week(&r); return RecordingQuery(startDate: w.0, finalDate: w.1, sort: .messageCount) }),
            ("campaign, page 20 (offset 950)", { r in RecordingQuery(campaignIDs: [f.campaigns[campaign(&r)]], offset: 950) }),
        ]
        print("## Recording search: first page (50 rows), \(queries) queries per combination\n")
        print("| filters | p50 ms | p99 ms | max ms | mean rows |")
        print("|---|---|---|---|---|")
        var worst = 0.0
        for (name, make) in combos {
            for _ in 0..<5 { _ = try await db.searchRecordings(make(&rng)) }  // warm the page cache for this access path
            var samples: [Double] = []
            var rows = 0
            for _ in 0..<queries {
                let query = make(&rng)
                let start = Self.now()
                let page = try await db.searchRecordings(query)
                samples.append((Self.now() - start) * 1000)
                rows += page.rows.count
            }
            samples.sort()
            let p99 = samples[min(samples.count - 1, Int(Double(samples.count) * 0.99))]
            worst = max(worst, p99)
            print("| \(name) | \(Self.fixed(samples[samples.count / 2], 2)) | \(Self.fixed(p99, 2)) | "
                + "\(Self.fixed(samples.last ?? 0, 2)) | \(rows / queries) |")
        }
        print("\nWorst p99: \(Self.fixed(worst, 2)) ms. Latency is measured around `searchRecordings` (async hop to a reader thread included).\n")
        await db.close()
    }

    // MARK: - CSV export

    private func exportRun(path: String, fixture: SearchFixture) async throws {
        let db = try await StoreDatabase.open(StoreConfiguration(path: path))
        let perDay = Double(interactions) / 365.0
        let days = Int64((Double(export) / perDay * 86_400_000).rounded())
        let start = Timestamp(milliseconds: fixture.base + 100 * 86_400_000)
        let query = RecordingQuery(startDate: start, finalDate: start.adding(milliseconds: days), sort: .date, descending: false)
        let expected = try await db.countRecordings(query)
        let rssBefore = Self.status("VmRSS")
        Self.resetPeakRSS()
        let devNull = open("/dev/null", O_WRONLY)
        let bytes = Atomic<Int>(0)
        let begin = Self.now()
        let anonBefore = Self.status("RssAnon")
        let anonPeak = Atomic<Int>(anonBefore)
        let rows = try await db.exportRecordingsCSV(query) { line in
            var line = line
            let n = line.withUTF8 { write(devNull, $0.baseAddress, $0.count) }
            if bytes.add(n, ordering: .relaxed).newValue % 1_000_000 < n {  // about every 7,000 rows
                anonPeak.max(Self.status("RssAnon"), ordering: .relaxed)
            }
            return n >= 0
        }
        let seconds = Self.now() - begin
        close(devNull)
        let peak = Self.status("VmHWM")
        await db.close()
        print("## CSV export\n")
        print("| rows | bytes | seconds | rows/s | RSS before (KiB) | peak RSS (KiB) | anonymous RSS before → peak (KiB) |")
        print("|---|---|---|---|---|---|---|")
        print("| \(rows) (expected \(expected)) | \(bytes.load(ordering: .relaxed)) | \(Self.fixed(seconds, 3)) | "
            + "\(Int(Double(rows) / seconds)) | \(rssBefore) | \(peak) | \(anonBefore) → \(anonPeak.load(ordering: .relaxed)) |")
        print("\nPeak RSS is VmHWM after resetting it (`/proc/self/clear_refs` = 5) just before the export; it includes the "
            + "readers' memory-mapped file pages (shared, reclaimable). Anonymous RSS (heap) is sampled every ~1 MB of "
            + "output. The sink writes each line to /dev/null.\n")
    }

    // MARK: - Helpers

    static let provider = ProviderInput(name: "Bench", baseURL: "http://127.0.0.1:9", numbers: ["+1"],
                                        settings: .cloud(phoneNumberID: "1", accessToken: "t", appSecret: "s", verifyToken: "v"))

    static let commonWords = ["hola", "gracias", "factura", "plan", "consulta", "saldo", "ayuda", "precio", "servicio", "cuenta",
                              "pago", "internet", "linea", "equipo", "problema", "cambio", "tarjeta", "envio", "numero", "datos"]
    static let rareWords: [String] = (0..<5000).map { n in
        let syllables = ["ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ru", "sa", "te", "vi", "zo", "qua", "tri"]
        var word = "", v = n + 17
        for _ in 0..<4 {
            word += syllables[v % syllables.count]
            v /= syllables.count
        }
        return word + String(n % 7)
    }

    /// A message text: 6 to 11 words, about one in eight of them common.
    static func sentence(_ rng: inout BenchRandom) -> String {
        var words: [String] = []
        for _ in 0..<(6 + rng.below(6)) {
            words.append(rng.below(8) == 0 ? commonWords[rng.below(commonWords.count)] : rareWords[rng.below(rareWords.count)])
        }
        return words.joined(separator: " ")
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((value * scale).rounded())
        let whole = scaled / Int64(scale), fraction = String(abs(scaled % Int64(scale)))
        return digits == 0 ? String(whole) : "\(whole).\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
    }

    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    }

    /// A `/proc/self/status` field in KiB (VmRSS, VmHWM).
    static func status(_ field: String) -> Int {
        let fd = open("/proc/self/status", O_RDONLY)
        guard fd >= 0 else { return -1 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 8192)
        let n = read(fd, &buffer, buffer.count)
        guard n > 0 else { return -1 }
        let text = String(decoding: buffer[0..<n], as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.dropFirst(field.count + 1).filter(\.isNumber)) ?? -1
        }
        return -1
    }

    /// Resets VmHWM to the current RSS (Linux ≥ 4.0).
    static func resetPeakRSS() {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return }
        _ = write(fd, "5", 1)
        close(fd)
    }
}

/// SplitMix64: reproducible data and queries.
struct BenchRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
}

extension StoreBenchmark {
    /// `SwitchboardBench store-crash-writer --db PATH` (hidden; used by the crash test): records inbound
    /// messages as fast as it can, re-sending every seventh id, and prints `ack <id>` for each one once its
    /// COMMIT is done, until it is killed.
    struct CrashWriter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "store-crash-writer", abstract: "Crash-test writer.",
                                                        shouldDisplay: false)

        @Option(help: "Database file.")
        var db: String

        mutating func run() async throws {
            let store = try await StoreDatabase.open(StoreConfiguration(path: db, maxBatchSize: 64))
            let t0 = Timestamp(milliseconds: 1_767_225_600_000)
            let provider = try await store.createProvider(StoreBenchmark.provider, at: t0).id
            let campaign = try await store.createCampaign(CampaignSettings(name: "Crash", providerID: provider, number: "+1"), at: t0).id
            Self.emit("ready")
            var n = 0
            while true {
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    let chunk = 64
                    let left = StoreBenchmark.Countdown(chunk)
                    for k in 0..<chunk {
                        let index = n + k
                        let id = index % 7 == 6 ? "crash-\(index / 2)" : "crash-\(index)"
                        let message = InboundMessage(campaignID: campaign, providerID: provider, providerMessageID: id,
                                                     heyNowNumber: "+598\(index % 500)", at: t0.adding(milliseconds: Int64(index)),
                                                     body: "mensaje número \(index)")
                        store.recordInbound(message) { result in
                            if case .success(let outcome) = result {
                                if case .duplicate = outcome { Self.emit("ack \(id) duplicate") } else { Self.emit("ack \(id)") }
                            }
                            if left.remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { done.resume() }
                        }
                    }
                }
                n += 64
            }
        }

        /// Writes one line straight to fd 1: unbuffered, and one write(2) under PIPE_BUF is atomic on a pipe.
        static func emit(_ line: String) {
            var text = line + "\n"
            _ = text.withUTF8 { write(1, $0.baseAddress, $0.count) }
        }
    }
}
