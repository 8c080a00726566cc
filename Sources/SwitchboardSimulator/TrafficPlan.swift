/// The whole run's customer traffic, computed up front from a seed: the same seed, profile and bounds give the
/// same messages (ids, numbers, texts, times) on every run, so a demo or a failing test can be replayed.
public enum TrafficPlan {
    /// When the plan ends: after a duration, or after a number of messages.
    public enum Bound: Sendable, Equatable {
        case seconds(Double)
        case messages(Int)
    }

    static let openers = [
        "Hi, I have a question about my order", "Hello! Is anyone there?", "Good morning, my invoice looks wrong",
        "Hola, necesito ayuda con mi cuenta", "I can't log in to the app", "When will my package arrive?",
        "I'd like to change my plan", "The product I received is damaged", "Do you ship to Montevideo?",
        "Can I get a refund?",
    ]
    static let followUps = [
        "The order number is 48213", "Thanks", "It says error 502 when I pay", "Ok, I'll wait",
        "Could you check again please?", "Yes, that's the one", "I already tried restarting it",
        "My email is customer@example.com", "Is there a discount for annual plans?", "Perfect, thank you!",
        "Still waiting…", "Here is more detail: I ordered two but only one came, and the box was open when it arrived.",
    ]
    static let names = ["Ana", "Bruno", "Carla", "Diego", "Elena", "Facundo", "Gabriela", "Hugo", "Inés", "Joaquín",
                        "Karen", "Lucas", "María", "Nicolás", "Olga", "Pablo"]
    static let places = [("Palacio Salvo", "Plaza Independencia 846, Montevideo", -34.9066, -56.1994),
                         ("Mercado del Puerto", "Piedras 237, Montevideo", -34.9063, -56.2126)]

    /// The messages, in time order. `providers` are the numbers (one list per provider) customers write to.
    public static func make(seed: UInt64, profile: TrafficProfile, bound: Bound, providers: [SimulatedProvider]) -> [PlannedMessage] {
        guard !providers.isEmpty, profile.rate > 0 else { return [] }
        var random = SplitMix64(seed: seed)
        var messages: [PlannedMessage] = []
        let limitMillis: Int64 = switch bound {
        case .seconds(let s): Int64(s * 1000)
        case .messages: Int64.max
        }
        let countLimit: Int = switch bound {
        case .seconds: Int.max
        case .messages(let n): n
        }
        var clock = 0.0, customer = 0, inBurst = false, burstEnds = 0.0
        // Conversations start as Poisson arrivals whose rate jumps in bursts; each plans all its turns at once.
        while messages.count < countLimit {
            if clock >= burstEnds {
                inBurst = random.chance(profile.burstShare)
                burstEnds = clock + 2 + random.unit() * 6
            }
            clock += random.exponential(mean: 1 / (profile.rate * (inBurst ? profile.burstFactor : 1)))
            let startMillis = Int64(clock * 1000)
            if startMillis >= limitMillis { break }
            if case .messages = bound, startMillis > 86_400_000 { break }
            customer += 1
            let providerIndex = Int(random.next() % UInt64(providers.count))
            let provider = providers[providerIndex]
            let to = provider.numbers[Int(random.next() % UInt64(provider.numbers.count))]
            let from = "+5989" + String(String(1_000_000 + (random.next() % 9_000_000)).suffix(7))
            let name = names[Int(random.next() % UInt64(names.count))]
            let abandons = random.chance(profile.abandonShare)
            let turns = abandons ? 1 : 1 + Int(random.next() % UInt64(max(1, profile.maxTurns)))
            var at = startMillis
            for turn in 0..<turns {
                if turn > 0 { at += Int64(random.exponential(mean: profile.meanTurnGap) * 1000) + 500 }
                guard at < limitMillis else { break }
                let id = provider.kind == .cloud
                    ? "wamid.SIM\(seed)C\(customer)T\(turn)"
                    : "SM" + String(String(seed &* 1_000_003 &+ UInt64(customer) &* 131 &+ UInt64(turn), radix: 16).suffix(16))
                        + "c\(customer)t\(turn)"
                messages.append(PlannedMessage(at: at, provider: providerIndex, to: to, from: from, name: name, messageID: id,
                                               turn: turn, abandons: abandons, content: content(turn: turn, customer: customer, &random, profile)))
            }
        }
        messages.sort { ($0.at, $0.messageID) < ($1.at, $1.messageID) }
        if messages.count > countLimit { messages.removeLast(messages.count - countLimit) }
        return messages
    }

    private static func content(turn: Int, customer: Int, _ random: inout SplitMix64, _ profile: TrafficProfile) -> CustomerContent {
        let roll = random.unit()
        if turn > 0 && roll < profile.mediaShare {
            return random.chance(0.6)
                ? .image(id: "media-\(customer)-\(turn)", caption: "Photo of the problem")
                : .document(id: "doc-\(customer)-\(turn)", fileName: "invoice-\(customer).pdf")
        }
        if turn > 0 && roll < profile.mediaShare + profile.locationShare {
            let place = places[Int(random.next() % UInt64(places.count))]
            return .location(latitude: place.2, longitude: place.3, name: place.0, address: place.1)
        }
        let list = turn == 0 ? openers : followUps
        return .text(list[Int(random.next() % UInt64(list.count))])
    }
}
