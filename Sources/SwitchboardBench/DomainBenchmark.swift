import ArgumentParser
import Glibc
import Synchronization
import SwitchboardDomain

/// `SwitchboardBench domain`: domain events per second through the campaign and agent actors, statistics and the hub.
/// A domain event is one of enqueue, take, customer or agent message, close, abandon, agent state change, counted once
/// fully applied (actor state, statistics, hub publication handed to the sink). Refused events are not counted.
struct DomainBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "domain", abstract: "Domain events per second (actors, statistics, hub).")

    /// Campaigns.
    @Option(help: "Campaigns.") var campaigns = 1_000
    @Option(help: "Agents per campaign (each a member of its campaign; every 10th also of the next one).") var agentsPerCampaign = 10
    @Option(help: "Interactions per batch (one actor call applies a whole batch).") var batchInteractions = 10
    @Option(help: "Seconds to run.") var seconds = 5.0
    @Option(help: "Concurrent driver tasks.") var workers = 8

    /// Wall clock from CLOCK_REALTIME (the server has its own; the domain only sees `WallClock`).
    struct SystemClock: WallClock {
        /// Now.
        func now() -> Timestamp {
            var ts = timespec()
            clock_gettime(CLOCK_REALTIME, &ts)
            return Timestamp(milliseconds: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
        }
    }

    /// Counts publications as the server's sink would receive them (it would encode and enqueue each); counters are
    /// striped by thread so the count itself does not bounce one cache line between the cores.
    final class CountingSink: PublicationSink, DomainEffectSink {
        /// One thread's counters (padded apart).
        final class Stripe: Sendable {
            /// Publications.
            let publications = Atomic<Int>(0)
            /// Effects.
            let effects = Atomic<Int>(0)
            /// Keeps stripes on separate cache lines.
            let padding = (0, 0, 0, 0, 0, 0)
        }
        /// The stripes.
        let stripes = (0..<16).map { _ in Stripe() }
        private func stripe() -> Stripe { stripes[Int(truncatingIfNeeded: UInt(pthread_self()) >> 12) & 15] }
        /// Counts a publication.
        func publish(_ publication: Publication) { stripe().publications.add(1, ordering: .relaxed) }
        /// Counts an effect.
        func perform(_ effect: DomainEffect) { stripe().effects.add(1, ordering: .relaxed) }
        /// Publications counted.
        var publications: Int { stripes.reduce(0) { $0 + $1.publications.load(ordering: .relaxed) } }
        /// Effects counted.
        var effects: Int { stripes.reduce(0) { $0 + $1.effects.load(ordering: .relaxed) } }
    }

    /// User + system CPU seconds of the process.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// What one driver task applied.
    struct Tally: Sendable {
        /// Applied events, then per kind.
        var events = 0, enqueues = 0, takes = 0, customerMessages = 0, agentMessages = 0, closes = 0, abandons = 0, stateChanges = 0
        /// Adds another tally.
        mutating func add(_ o: Tally) {
            events += o.events; enqueues += o.enqueues; takes += o.takes; customerMessages += o.customerMessages
            agentMessages += o.agentMessages; closes += o.closes; abandons += o.abandons; stateChanges += o.stateChanges
        }
    }

    /// CLOCK_MONOTONIC in seconds.
    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Builds the contact center, drives it for `seconds`, prints the Markdown tables.
    func run() async throws {
        let sink = CountingSink(), clock = SystemClock()
        let center = ContactCenter(hub: LiveHub(sink: sink), effects: sink, clock: clock)
        let perCampaign = agentsPerCampaign
        func agent(_ c: Int, _ j: Int) -> AgentID { AgentID(Int64(c * perCampaign + j + 1)) }
        for c in 0..<campaigns { for j in 0..<perCampaign { await center.addAgent(agent(c, j), name: "agent") } }
        for c in 0..<campaigns {
            var members = Set((0..<perCampaign).map { agent(c, $0) })
            let previous = (c + campaigns - 1) % campaigns
            for j in stride(from: 0, to: perCampaign, by: 10) { members.insert(agent(previous, j)) }
            var config = CampaignConfiguration(id: CampaignID(Int64(c + 1)), name: "Campaign \(c + 1)", members: members)
            config.maxInteractionsPerAgent = 3
            await center.configure(config)
        }
        for c in 0..<campaigns { for j in 0..<perCampaign { try await center.login(agent(c, j)) } }

        let texts = ["Hola, necesito ayuda con mi pedido", "Gracias!", "¿Cuándo llega?", "Le confirmo en un momento",
                     "Su pedido sale hoy", "Perfecto"]
        let deadline = Self.monotonicSeconds() + seconds
        let start = Self.monotonicSeconds()
        let cpuStart = Self.cpuSeconds()
        let stop = Atomic<Bool>(false)
        let workerCount = workers, campaignCount = campaigns, batch = batchInteractions

        // The coalescing flusher: campaign figures and the wallboard every 100 ms, as the server's timer would.
        let flusher = Task {
            while !stop.load(ordering: .relaxed) {
                await center.flush()
                try? await Task.sleep(for: .milliseconds(100))
            }
        }

        let total = await withTaskGroup(of: Tally.self) { group in
            for w in 0..<workerCount {
                group.addTask {
                    var tally = Tally()
                    var events: [CampaignEvent] = []
                    events.reserveCapacity(batch * 12)
                    var round = 0
                    let mine = Array(stride(from: w, to: campaignCount, by: workerCount))
                    let actors = mine.map { center.directory.campaign(CampaignID(Int64($0 + 1)))! }
                    while Self.monotonicSeconds() < deadline {
                        for (k, c) in mine.enumerated() {
                            // One batch: `batch` interactions; 1 in 10 is abandoned after one message, the rest go
                            // enqueue → customer message → take → (agent, customer) × 2 → agent message → close.
                            events.removeAll(keepingCapacity: true)
                            let base = Int64(c + 1) << 40 | Int64(round * batch)
                            var counts = Tally()
                            for n in 0..<batch {
                                let id = InteractionID(base + Int64(n))
                                events.append(.enqueue(id, customer: "+5491100000000"))
                                events.append(.customerMessage(id, text: texts[0]))
                                counts.enqueues += 1; counts.customerMessages += 1
                            }
                            for n in 0..<batch {
                                let id = InteractionID(base + Int64(n))
                                if n % 10 == 9 { events.append(.customerGone(id)); counts.abandons += 1; continue }
                                let a = agent(c, n % perCampaign)
                                events.append(.take(id, agent: a))
                                events.append(.agentMessage(id, agent: a, text: texts[3]))
                                events.append(.customerMessage(id, text: texts[2]))
                                events.append(.agentMessage(id, agent: a, text: texts[4]))
                                events.append(.customerMessage(id, text: texts[1]))
                                events.append(.agentMessage(id, agent: a, text: texts[5]))
                                events.append(.close(id, agent: a))
                                counts.takes += 1; counts.agentMessages += 3; counts.customerMessages += 2; counts.closes += 1
                            }
                            let applied = await actors[k].apply(events)
                            if applied == events.count { tally.add(counts) }
                            tally.events += applied
                            if round % 4 == k % 4 {
                                // An agent state change pair: pause and resume one agent between its batches.
                                let a = center.directory.agent(agent(c, round % perCampaign))!
                                do {
                                    try await a.pause(reason: "break")
                                    try await a.resume()
                                    tally.events += 2
                                    tally.stateChanges += 2
                                } catch {}
                            }
                        }
                        round += 1
                    }
                    return tally
                }
            }
            var total = Tally()
            for await t in group { total.add(t) }
            return total
        }
        let elapsed = Self.monotonicSeconds() - start
        let cpu = Self.cpuSeconds() - cpuStart
        stop.store(true, ordering: .relaxed)
        await flusher.value

        let rate = Double(total.events) / elapsed
        let published = sink.publications
        func share(_ n: Int) -> String {
            let p = total.events > 0 ? Double(n) * 100 / Double(total.events) : 0
            return "\(Int(p.rounded()))%"
        }
        print("## Domain events per second")
        print("")
        print("| parameter | value |")
        print("|---|---|")
        print("| campaigns | \(campaigns) |")
        print("| agents | \(campaigns * agentsPerCampaign) (\(agentsPerCampaign) per campaign, every 10th also in the next campaign) |")
        print("| max interactions per agent | 3 |")
        print("| interactions per actor batch | \(batchInteractions) |")
        print("| driver tasks | \(workers) |")
        print("| duration | \(format3(elapsed)) s |")
        print("")
        print("| event | count | share |")
        print("|---|---|---|")
        print("| enqueue | \(total.enqueues) | \(share(total.enqueues)) |")
        print("| take | \(total.takes) | \(share(total.takes)) |")
        print("| customer message | \(total.customerMessages) | \(share(total.customerMessages)) |")
        print("| agent message | \(total.agentMessages) | \(share(total.agentMessages)) |")
        print("| close | \(total.closes) | \(share(total.closes)) |")
        print("| abandon | \(total.abandons) | \(share(total.abandons)) |")
        print("| agent state change | \(total.stateChanges) | \(share(total.stateChanges)) |")
        print("| **all (applied)** | **\(total.events)** | |")
        print("")
        print("| result | value |")
        print("|---|---|")
        print("| domain events / s | **\(Int(rate))** |")
        print("| hub publications | \(published) (\(Int(Double(published) / elapsed)) / s) |")
        print("| effects (persist, audit…) | \(sink.effects) |")
        print("| process CPU time | \(format3(cpu)) s (\(format3(cpu / elapsed)) cores busy on average) |")
        print("| domain events / CPU second | \(Int(Double(total.events) / cpu)) |")
    }

    /// Three decimals.
    func format3(_ x: Double) -> String { "\(Double(Int(x * 1000)) / 1000)" }
}
