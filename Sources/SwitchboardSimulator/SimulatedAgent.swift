import Foundation
import Glibc
import SwitchboardNet

/// One simulated agent: logs in over REST (`POST /api/login`), opens `/live`, says it is available, watches its
/// campaigns' waiting lists and its inbox, takes the oldest waiting interaction after a human-like look, answers
/// each customer message after a typing delay, closes with a disposition, and now and then pauses.
///
/// The socket work runs on a thread of its own (blocking in `poll(2)`), never on Swift's cooperative pool.
public final class SimulatedAgent: Sendable {
    public let username: String
    private let password: String
    private let endpoint: HTTPEndpoint
    private let campaigns: [Int64]
    private let behaviour: AgentBehaviour
    private let seed: UInt64
    private let summary: SimulationSummary

    public init(username: String, password: String, target: String, campaigns: [Int64], behaviour: AgentBehaviour, seed: UInt64,
                summary: SimulationSummary) throws(SimulatorError) {
        self.username = username
        self.password = password
        do throws(HTTPClientError) { endpoint = try HTTPEndpoint(target) } catch { throw .badTarget("\(error)") }
        self.campaigns = campaigns
        self.behaviour = behaviour
        self.seed = seed
        self.summary = summary
    }

    /// Logs in and works until `deadline` (monotonic milliseconds, `Simulation.now()`), or until it has closed
    /// `closing` interactions (tests); returns why it stopped.
    public func run(until deadline: Int64, closing: Int? = nil) async -> String {
        let login: (cookie: String, id: Int64)
        do { login = try await logIn() } catch {
            summary.update { $0.agentErrors += 1 }
            return "\(username): login failed: \(error)"
        }
        summary.update { $0.agentsLoggedIn += 1 }
        return await withCheckedContinuation { continuation in
            let thread = Thread { [self] in
                continuation.resume(returning: self.work(cookie: login.cookie, agent: login.id, deadline: deadline, closing: closing))
            }
            thread.name = "sb-sim-agent"
            thread.start()
        }
    }

    private struct LoginFailure: Error, CustomStringConvertible { let description: String }

    private func logIn() async throws -> (cookie: String, id: Int64) {
        let client = try HTTPClient(baseURL: "\(endpoint.isSecure ? "https" : "http")://\(endpoint.hostHeader)")
        let body = try JSONSerialization.data(withJSONObject: ["username": username, "password": password])
        let response = try await client.execute(HTTPClientRequest(
            method: "POST", path: "/api/login", headers: [HTTPField("Content-Type", "application/json")], body: Array(body)))
        guard response.status == 200, let cookie = response.header("Set-Cookie")?.split(separator: ";").first,
              let json = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let user = json["user"] as? [String: Any], let id = (user["id"] as? NSNumber)?.int64Value else {
            throw LoginFailure(description: "HTTP \(response.status) \(String(decoding: response.body.prefix(200), as: UTF8.self))")
        }
        return (String(cookie), id)
    }

    /// What the agent holds.
    private struct Held {
        var campaign: Int64
        var replies = 0
        var target: Int
        var replyAt: Int64?
        var closeAt: Int64?
        var quietSince: Int64
    }

    private enum Pending { case take(Int64, Int64), close, other }

    private func work(cookie: String, agent: Int64, deadline: Int64, closing: Int?) -> String {
        let socket: AgentSocket
        do { socket = try AgentSocket(endpoint: endpoint, path: "/live", cookie: cookie) } catch {
            summary.update { $0.agentErrors += 1 }
            return "\(username): /live failed: \(error)"
        }
        var random = SplitMix64(seed: seed)
        var next = 0
        var pending: [String: Pending] = [:]
        var waiting: [Int64: [(interaction: Int64, enqueuedAt: Int64)]] = [:]
        var held: [Int64: Held] = [:]
        var nextTakeAt = Simulation.now() + millis(behaviour.thinkSeconds, &random)
        var pausedUntil: Int64?
        var takePending = false
        let prefix = "sim\(seed % 100_000)"
        var closedHere = 0

        func command(_ fields: [String: Any], _ kind: Pending = .other) {
            next += 1
            let id = "\(prefix)-\(next)"
            var object = fields
            object["id"] = id
            pending[id] = kind
            if let data = try? JSONSerialization.data(withJSONObject: object) { _ = socket.send(String(decoding: data, as: UTF8.self)) }
        }
        func hold(_ interaction: Int64, campaign: Int64, now: Int64) {
            guard held[interaction] == nil else { return }
            held[interaction] = Held(campaign: campaign, target: Int.random(in: behaviour.repliesBeforeClose, using: &random),
                                     replyAt: now + millis(behaviour.replySeconds, &random), quietSince: now)
        }

        command(["cmd": "login"])
        command(["cmd": "subscribe", "topic": "inbox:\(agent)"])
        for campaign in campaigns { command(["cmd": "subscribe", "topic": "campaign:\(campaign)"]) }

        while Simulation.now() < deadline {
            let text: String?
            do { text = try socket.receive(timeoutMilliseconds: 100) } catch {
                return "\(username): the server closed /live (\(error))"
            }
            let now = Simulation.now()
            if let text, let frame = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] {
                let type = frame["type"] as? String
                let data = frame["data"] as? [String: Any] ?? [:]
                let topic = frame["topic"] as? String ?? ""
                switch type {
                case "snapshot", "delta":
                    let kind = data["kind"] as? String
                    if topic.hasPrefix("campaign:"), let campaign = Int64(topic.dropFirst(9)) {
                        switch kind {
                        case "campaign":
                            waiting[campaign] = (data["waiting"] as? [[String: Any]] ?? []).compactMap(Self.entry)
                        case "queued":
                            if let entry = (data["entry"] as? [String: Any]).flatMap(Self.entry) {
                                waiting[campaign, default: []].removeAll { $0.interaction == entry.interaction }
                                waiting[campaign, default: []].append(entry)
                            }
                        case "dequeued":
                            let gone = Self.int(data["interaction"])
                            waiting[campaign]?.removeAll { $0.interaction == gone }
                        default: break
                        }
                    } else if topic.hasPrefix("inbox:") {
                        var interactions: [[String: Any]] = []
                        if kind == "inbox" { interactions = data["interactions"] as? [[String: Any]] ?? [] }
                        if kind == "interaction", let one = data["interaction"] as? [String: Any] { interactions = [one] }
                        for interaction in interactions {
                            guard let id = Self.int(interaction["id"]), let campaign = Self.int(interaction["campaign"]) else { continue }
                            switch interaction["phase"] as? String {
                            case "reserved": command(["cmd": "take", "interaction": id, "campaign": campaign], .take(id, campaign))
                            case "active": hold(id, campaign: campaign, now: now)
                            default: break
                            }
                        }
                        if kind == "message", let message = data["message"] as? [String: Any],
                           message["author"] as? String == "customer", let id = Self.int(message["interaction"]), var h = held[id] {
                            if h.replyAt == nil && h.closeAt == nil { h.replyAt = now + millis(behaviour.replySeconds, &random) }
                            h.quietSince = now
                            held[id] = h
                        }
                        if kind == "phase", let id = Self.int(data["interaction"]),
                           let phase = data["phase"] as? String, phase != "active" {
                            held[id] = nil
                        }
                    }
                case "ack":
                    let id = frame["id"] as? String ?? ""
                    switch pending.removeValue(forKey: id) {
                    case .take(let interaction, let campaign):
                        takePending = false
                        summary.update { $0.taken += 1 }
                        hold(interaction, campaign: campaign, now: now)
                    case .close:
                        summary.update { $0.closed += 1 }
                        closedHere += 1
                        if let closing, closedHere >= closing {
                            socket.close()
                            return "\(username): closed \(closedHere)"
                        }
                    default: break
                    }
                case "error":
                    let id = frame["id"] as? String ?? ""
                    let code = frame["code"] as? String ?? ""
                    switch pending.removeValue(forKey: id) {
                    case .take(let interaction, _):
                        takePending = false
                        for key in waiting.keys { waiting[key]?.removeAll { $0.interaction == interaction } }
                        if code == "at_maximum" || code == "paused" { nextTakeAt = now + 3_000 }
                        if !["already_taken", "at_maximum", "paused", "unknown_interaction"].contains(code) {
                            summary.update { $0.agentErrors += 1 }
                        }
                    case .some:
                        // A campaign the agent is not a member of (forbidden) is simply not watched.
                        if code != "forbidden" && code != "not_member" { summary.update { $0.agentErrors += 1 } }
                    case nil: break
                    }
                default: break
                }
            }

            // Act: resume after a pause, take the oldest waiting interaction, answer, close.
            if let until = pausedUntil, now >= until {
                pausedUntil = nil
                command(["cmd": "status", "paused": NSNull()])
            }
            if pausedUntil == nil, !takePending, held.count < behaviour.maxHeld, now >= nextTakeAt,
               let oldest = waiting.flatMap({ campaign, entries in entries.map { (campaign, $0) } })
                .min(by: { $0.1.enqueuedAt < $1.1.enqueuedAt }) {
                takePending = true
                waiting[oldest.0]?.removeAll { $0.interaction == oldest.1.interaction }
                command(["cmd": "take", "interaction": oldest.1.interaction, "campaign": oldest.0], .take(oldest.1.interaction, oldest.0))
                nextTakeAt = now + millis(behaviour.thinkSeconds, &random)
            }
            for (id, var h) in held {
                if let at = h.replyAt, now >= at {
                    let answer = AgentBehaviour.answers[Int(random.next() % UInt64(AgentBehaviour.answers.count))]
                    command(["cmd": "send", "interaction": id, "campaign": h.campaign, "text": answer])
                    summary.update { $0.replies += 1 }
                    h.replies += 1
                    h.replyAt = nil
                    h.quietSince = now
                    if h.replies >= h.target { h.closeAt = now + millis(1...3, &random) }
                    held[id] = h
                } else if h.closeAt == nil, h.replyAt == nil, Double(now - h.quietSince) >= behaviour.quietCloseSeconds * 1000 {
                    h.closeAt = now
                    held[id] = h
                }
                if let at = held[id]?.closeAt, now >= at {
                    let disposition = AgentBehaviour.dispositions[Int(random.next() % UInt64(AgentBehaviour.dispositions.count))]
                    command(["cmd": "close", "interaction": id, "campaign": h.campaign, "disposition": disposition], .close)
                    held[id] = nil
                    if random.chance(behaviour.pauseChance) {
                        let reason = AgentBehaviour.pauses[Int(random.next() % UInt64(AgentBehaviour.pauses.count))]
                        command(["cmd": "status", "paused": reason])
                        summary.update { $0.pauses += 1 }
                        pausedUntil = now + millis(behaviour.pauseSeconds, &random)
                    }
                }
            }
        }
        socket.close()
        return "\(username): done"
    }

    private func millis(_ range: ClosedRange<Double>, _ random: inout SplitMix64) -> Int64 {
        Int64((range.lowerBound + random.unit() * (range.upperBound - range.lowerBound)) * 1000)
    }

    private static func int(_ value: Any?) -> Int64? { (value as? NSNumber)?.int64Value }

    private static func entry(_ object: [String: Any]) -> (interaction: Int64, enqueuedAt: Int64)? {
        guard let id = int(object["interaction"]) else { return nil }
        return (id, int(object["enqueuedAt"]) ?? 0)
    }
}
