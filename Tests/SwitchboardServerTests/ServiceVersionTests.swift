import Testing
import SwitchboardServer

@Suite struct ServiceVersionTests {
    @Test func isSemantic() {
        #expect(ServiceVersion.current.split(separator: ".").count == 3)
    }
}
