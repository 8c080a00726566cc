import ArgumentParser
import SwitchboardServer

@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Real-time supervisor monitoring for a contact center's WhatsApp channel.",
        version: ServiceVersion.current,
        subcommands: [ServeCommand.self, UserCommand.self, BackupCommand.self, BenchPeerCommand.self, SimulateCommand.self]
    )
}
