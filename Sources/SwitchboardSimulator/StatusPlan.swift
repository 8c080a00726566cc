/// The status callbacks for one outbound message, with their delays: sent, then delivered and mostly read, or
/// (for a share) failed. Drawn from the run's seed and the message id, so the same run gives the same statuses.
public enum StatusPlan {
    public static func make(for id: String, seed: UInt64, failureShare: Double, readShare: Double) -> [(afterMilliseconds: Int64, status: DeliveryStatus)] {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var random = SplitMix64(seed: seed ^ hash)
        var at = 200 + Int64(random.unit() * 600)
        var plan: [(Int64, DeliveryStatus)] = [(at, .sent)]
        if random.chance(failureShare) {
            at += 500 + Int64(random.unit() * 1_500)
            plan.append((at, .failed))
            return plan
        }
        at += 300 + Int64(random.unit() * 1_200)
        plan.append((at, .delivered))
        if random.chance(readShare) {
            at += 800 + Int64(random.unit() * 3_000)
            plan.append((at, .read))
        }
        return plan
    }
}
