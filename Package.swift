// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "switchboard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // C: one-line forwards to libc / system libraries only.
        .target(name: "CSwitchboard"),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // Locks that ThreadSanitizer can see; pure Swift over pthreads, shared by every layer.
        .target(name: "SwitchboardSync", swiftSettings: strict),
        .target(
            name: "SwitchboardNet",
            dependencies: ["SwitchboardSync", "CSwitchboard", "COpenSSL", "CZlib", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "SwitchboardDomain",
            dependencies: ["SwitchboardSync", .product(name: "DequeModule", package: "swift-collections")],
            swiftSettings: strict
        ),
        .target(
            name: "SwitchboardStore",
            dependencies: ["CSQLite", "SwitchboardDomain", "SwitchboardSync"],
            swiftSettings: strict
        ),
        // The two HeyNow APIs: webhook parsing and signatures (HMAC through the OpenSSL shim).
        .target(
            name: "SwitchboardProviders",
            dependencies: ["SwitchboardNet", "SwitchboardDomain", "COpenSSL"],
            swiftSettings: strict
        ),
        .target(
            name: "SwitchboardServer",
            dependencies: [
                "SwitchboardNet", "SwitchboardDomain", "SwitchboardStore", "SwitchboardProviders", "SwitchboardSync", "COpenSSL",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // Both provider sides and simulated agents over loopback, for Scripts/demo and the end-to-end tests.
        .target(
            name: "SwitchboardSimulator",
            dependencies: ["SwitchboardNet", "SwitchboardProviders", "SwitchboardSync"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "SwitchboardServer", "SwitchboardSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Benchmarks run by Scripts/bench; never part of `swift test`.
        .executableTarget(
            name: "SwitchboardBench",
            dependencies: [
                "SwitchboardNet", "SwitchboardDomain", "SwitchboardStore", "SwitchboardServer", "SwitchboardSync",
                "SwitchboardProviders", "CSwitchboard",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        .target(name: "TestSupport", dependencies: ["SwitchboardDomain", "SwitchboardSync", "SwitchboardNet", "SwitchboardProviders"], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "SwitchboardNetTests", dependencies: ["SwitchboardNet", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "SwitchboardDomainTests", dependencies: ["SwitchboardDomain", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "SwitchboardStoreTests", dependencies: ["SwitchboardStore", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "SwitchboardProvidersTests", dependencies: ["SwitchboardProviders", "SwitchboardNet", "TestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "SwitchboardSimulatorTests", dependencies: ["SwitchboardSimulator", "SwitchboardProviders", "SwitchboardNet"],
                    swiftSettings: strict),
        .testTarget(name: "SwitchboardServerTests", dependencies: ["SwitchboardServer", "SwitchboardSimulator", "TestSupport"], swiftSettings: strict),
    ]
)
