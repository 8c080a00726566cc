import Testing
@testable import SwitchboardSimulator

@Suite struct TrafficPlanTests {
    static let providers = [
        SimulatedProvider(kind: .cloud, id: 1, numbers: ["+59899000001"], secret: "s", account: "100"),
        SimulatedProvider(kind: .classic, id: 2, numbers: ["+59899000002", "+59899000003"], secret: "t", account: "AC1"),
    ]

    @Test func sameSeedSamePlanOtherSeedAnother() {
        var profile = TrafficProfile()
        profile.rate = 5
        let a = TrafficPlan.make(seed: 42, profile: profile, bound: .seconds(30), providers: Self.providers)
        let b = TrafficPlan.make(seed: 42, profile: profile, bound: .seconds(30), providers: Self.providers)
        let c = TrafficPlan.make(seed: 43, profile: profile, bound: .seconds(30), providers: Self.providers)
        #expect(!a.isEmpty)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func countBoundGivesExactlyThatManyInTimeOrderWithUniqueIDs() {
        let plan = TrafficPlan.make(seed: 7, profile: TrafficProfile(), bound: .messages(250), providers: Self.providers)
        #expect(plan.count == 250)
        #expect(zip(plan, plan.dropFirst()).allSatisfy { $0.at <= $1.at })
        #expect(Set(plan.map(\.messageID)).count == plan.count)
    }

    @Test func durationBoundKeepsEveryMessageInside() {
        var profile = TrafficProfile()
        profile.rate = 20
        let plan = TrafficPlan.make(seed: 3, profile: profile, bound: .seconds(5), providers: Self.providers)
        #expect(plan.count > 40)
        #expect(plan.allSatisfy { $0.at >= 0 && $0.at < 5_000 })
    }

    @Test func customersHaveConversationsAbandonersMediaAndLocations() {
        let plan = TrafficPlan.make(seed: 11, profile: TrafficProfile(), bound: .messages(2_000), providers: Self.providers)
        let byCustomer = Dictionary(grouping: plan, by: \.from)
        #expect(byCustomer.values.contains { $0.count >= 3 })
        let abandoners = byCustomer.values.filter { $0.first!.abandons }
        #expect(!abandoners.isEmpty)
        #expect(abandoners.allSatisfy { $0.count == 1 })
        #expect(plan.contains { if case .image = $0.content { true } else { false } })
        #expect(plan.contains { if case .document = $0.content { true } else { false } })
        #expect(plan.contains { if case .location = $0.content { true } else { false } })
        // Customers write to the numbers of both kinds and to every number of a provider.
        #expect(Set(plan.map(\.to)) == ["+59899000001", "+59899000002", "+59899000003"])
        // The cloud kind's ids look like Meta's, the classic kind's like Twilio's.
        #expect(plan.filter { $0.provider == 0 }.allSatisfy { $0.messageID.hasPrefix("wamid.") })
        #expect(plan.filter { $0.provider == 1 }.allSatisfy { $0.messageID.hasPrefix("SM") })
    }

    @Test func statusPlansAreDeterministicOrderedAndSometimesFail() {
        let a = StatusPlan.make(for: "wamid.X1", seed: 5, failureShare: 0.05, readShare: 0.8)
        let b = StatusPlan.make(for: "wamid.X1", seed: 5, failureShare: 0.05, readShare: 0.8)
        #expect(a.map(\.status) == b.map(\.status) && a.map(\.afterMilliseconds) == b.map(\.afterMilliseconds))
        var failed = 0
        for n in 0..<1_000 {
            let plan = StatusPlan.make(for: "SM\(n)", seed: 9, failureShare: 0.05, readShare: 0.8)
            #expect(plan.first?.status == .sent)
            #expect(zip(plan, plan.dropFirst()).allSatisfy { $0.afterMilliseconds < $1.afterMilliseconds })
            if plan.last?.status == .failed { failed += 1 }
        }
        #expect((20...90).contains(failed))
    }

    @Test func providerSpecificationsParseAndBadOnesSayWhy() throws {
        let cloud = try SimulatedProvider.parse(.cloud, "id=3,number=59899000001,number=+59899000004,app-secret=S,phone-number-id=100")
        #expect(cloud == SimulatedProvider(kind: .cloud, id: 3, numbers: ["+59899000001", "+59899000004"], secret: "S", account: "100"))
        #expect(cloud.webhookPath == "/webhooks/cloud/3")
        #expect(throws: SimulatorError.badProvider("id=1,number=+1: secret=<app secret or auth token> is required")) {
            try SimulatedProvider.parse(.classic, "id=1,number=+1")
        }
        #expect(throws: SimulatorError.self) { try SimulatedProvider.parse(.classic, "id=x,number=+1,secret=a,account=b") }
        #expect(throws: SimulatorError.self) { try SimulatedProvider.parse(.classic, "id=1,colour=red") }
    }
}
