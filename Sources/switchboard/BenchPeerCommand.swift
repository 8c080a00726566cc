import ArgumentParser
import Logging
import SwitchboardNet
import SwitchboardServer

/// `switchboard bench-peer --port P`: the benchmark protocol of ../shared/bench on the network core.
struct BenchPeerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-peer",
        abstract: "Serve the benchmark protocol (/ws echo + broadcast, /echo verbatim, /healthz) on the network core."
    )

    @Option(help: "Port to listen on.") var port: Int = 9001
    @Option(help: "Address to bind.") var host: String = "127.0.0.1"
    @Option(help: "Event loops (default: one per CPU in the affinity mask).") var loops: Int?
    @Option(help: "PEM certificate chain: serve https/wss.") var tlsCert: String?
    @Option(help: "PEM private key for --tls-cert.") var tlsKey: String?
    @Flag(inversion: .prefixedNo, help: "Negotiate permessage-deflate when a client offers it.") var deflate = true
    @Option(help: "Largest WebSocket message in bytes.") var maxMessageSize: Int = 16 << 20
    @Option(help: "Microseconds a loop polls without sleeping after accepting connections (0: never).")
    var acceptBusyPoll: UInt64 = NetworkServerConfiguration().acceptBusyPollMicroseconds

    func run() throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var configuration = NetworkServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.loopCount = loops
        configuration.maxMessageSize = maxMessageSize
        configuration.acceptBusyPollMicroseconds = acceptBusyPoll
        configuration.deflate.enabled = deflate
        configuration.deflate.maxInflatedMessageSize = maxMessageSize
        if let tlsCert, let tlsKey {
            configuration.tls = try TLSContext(configuration: TLSConfiguration(certificateChainPath: tlsCert, privateKeyPath: tlsKey))
        } else if tlsCert != nil || tlsKey != nil {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        let reference = ServerReference()
        let topics = TopicRegistry()
        let server = NetworkServer(configuration: configuration, delegate: BenchPeerDelegate(topics: topics, server: reference), topics: topics)
        reference.set(server)
        SignalWaiter.install()
        try server.start()
        SignalWaiter.waitForTermination { try? configuration.tls?.reload() }
        let counts = server.upgradeCounts
        Logger(label: "switchboard.bench-peer").info("WebSocket upgrades: \(counts.total), permessage-deflate negotiated on \(counts.deflate)")
        server.shutdown()
    }
}
