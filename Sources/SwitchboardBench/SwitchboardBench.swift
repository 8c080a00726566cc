import ArgumentParser

/// `Scripts/bench NAME` runs `SwitchboardBench NAME`: one subcommand per benchmark, each printing
/// a Markdown table of what it measured and the exact parameters.
@main
struct SwitchboardBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "SwitchboardBench",
        abstract: "Switchboard's benchmarks (run through Scripts/bench).",
        subcommands: [DomainBenchmark.self, StoreBenchmark.self, StoreBenchmark.CrashWriter.self, WallboardBenchmark.self,
                      RebuildBenchmark.self, EndToEndBenchmark.self]
    )
}
