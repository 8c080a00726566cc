import Testing
@testable import SwitchboardNet

@Suite struct WebSocketCloseStateMachineTests {
    @Test func peerInitiatedCloseIsEchoedThenTheConnectionCloses() {
        var machine = WebSocketCloseStateMachine()
        let action1 = machine.receivedClose(code: .goingAway)
        #expect(action1 == .sendCloseThenCloseConnection(.goingAway))
        #expect(machine.state == .closed)
        let action2 = machine.receivedClose(code: .normalClosure)
        #expect(action2 == .doNothing)
        let action3 = machine.initiateClose(code: .normalClosure)
        #expect(action3 == .doNothing)
        let action4 = machine.closeTimeoutFired()
        #expect(action4 == .doNothing)
    }

    @Test func ourCloseWaitsForThePeersClose() {
        var machine = WebSocketCloseStateMachine()
        let action5 = machine.initiateClose(code: .goingAway)
        #expect(action5 == .sendCloseAndStartTimeout(.goingAway))
        #expect(machine.state == .closeSent)
        let action6 = machine.initiateClose(code: .normalClosure)
        #expect(action6 == .doNothing)
        let action7 = machine.receivedClose(code: .normalClosure)
        #expect(action7 == .closeConnection)
        #expect(machine.state == .closed)
        let action8 = machine.closeTimeoutFired()
        #expect(action8 == .doNothing)
    }

    @Test func timeoutClosesTheConnectionWhenThePeerNeverAnswers() {
        var machine = WebSocketCloseStateMachine()
        let action9 = machine.closeTimeoutFired()  // no close under way yet
        #expect(action9 == .doNothing)
        _ = machine.initiateClose(code: .tryAgainLater)
        let action10 = machine.closeTimeoutFired()
        #expect(action10 == .closeConnection)
        #expect(machine.state == .closed)
        let action11 = machine.receivedClose(code: .normalClosure)
        #expect(action11 == .doNothing)
    }

    @Test func failureSendsACloseOnlyIfNoneWasSent() {
        var open = WebSocketCloseStateMachine()
        let action12 = open.fail(code: .protocolError)
        #expect(action12 == .sendCloseThenCloseConnection(.protocolError))
        let action13 = open.fail(code: .protocolError)
        #expect(action13 == .doNothing)
        var closing = WebSocketCloseStateMachine()
        _ = closing.initiateClose(code: .goingAway)
        let action14 = closing.fail(code: .invalidPayloadData)
        #expect(action14 == .closeConnection)
        #expect(closing.state == .closed)
    }
}
