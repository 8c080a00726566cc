import Testing
import TestSupport
@testable import SwitchboardDomain

@Suite struct DurationSketchTests {
    @Test func quantilesWithinBinError() {
        var rng = SplitMix64(seed: 42)
        var sketch = DurationSketch()
        var values: [Int64] = []
        for _ in 0..<5_000 {
            let v = Int64.random(in: 0...600_000, using: &rng)
            values.append(v)
            sketch.record(v)
        }
        values.sort()
        for q in [0.5, 0.9, 0.99] {
            let exact = Double(values[Int((q * Double(values.count)).rounded(.up)) - 1])
            let estimate = Double(sketch.quantile(q)!)
            #expect(abs(estimate - exact) <= exact * 0.125 + 1, "q=\(q) exact=\(exact) estimate=\(estimate)")
        }
    }

    @Test func binsCoverEveryValueOnce() {
        for bin in 0..<DurationSketch.binCount - 1 {
            let (low, high) = DurationSketch.bounds(of: bin)
            #expect(DurationSketch.bin(of: low) == bin && DurationSketch.bin(of: high) == bin)
            #expect(DurationSketch.bounds(of: bin + 1).low == high + 1)
        }
        #expect(DurationSketch.bin(of: -5) == 0 && DurationSketch.bin(of: Int64.max) == DurationSketch.binCount - 1)
    }

    @Test func mergeAddsAndEmptyIsNil() {
        var a = DurationSketch(), b = DurationSketch()
        #expect(a.quantile(0.5) == nil)
        a.record(1)
        b.record(3)
        b.record(3)
        a.merge(b)
        #expect(a.count == 3 && a.quantile(0.5) == 3 && a.quantile(0.1) == 1)
    }
}
