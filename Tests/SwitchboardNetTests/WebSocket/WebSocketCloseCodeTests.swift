import Testing
@testable import SwitchboardNet

@Suite struct WebSocketCloseCodeTests {
    @Test func namedCodesHaveTheirRegisteredValues() {
        let codes: [WebSocketCloseCode] = [
            .normalClosure, .goingAway, .protocolError, .unsupportedData, .noStatusReceived, .abnormalClosure, .invalidPayloadData,
            .policyViolation, .messageTooBig, .mandatoryExtension, .internalError, .serviceRestart, .tryAgainLater,
        ]
        #expect(codes.map(\.rawValue) == [1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013])
    }

    /// Autobahn 7.7.x sends these and expects an echo.
    @Test(arguments: [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999] as [UInt16])
    func acceptsValidCodes(_ raw: UInt16) {
        #expect(WebSocketCloseCode(rawValue: raw).isValidToReceive)
    }

    /// Autobahn 7.9.x and 7.13.x send these and expect a 1002 close.
    @Test(arguments: [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535] as [UInt16])
    func rejectsInvalidCodes(_ raw: UInt16) {
        #expect(!WebSocketCloseCode(rawValue: raw).isValidToReceive)
    }

    @Test func mapsProtocolErrorsToWireCodes() {
        #expect(WebSocketCloseCode(.invalidUTF8) == .invalidPayloadData)
        #expect(WebSocketCloseCode(.messageTooBig) == .messageTooBig)
        let protocolErrors: [WebSocketProtocolError] = [
            .reservedBitsSet, .unknownOpcode(3), .fragmentedControlFrame, .controlFrameTooLong, .unmaskedClientFrame,
            .unexpectedContinuation, .expectedContinuation, .invalidCloseCode(999), .invalidClosePayload, .invalidLength,
        ]
        for error in protocolErrors {
            #expect(WebSocketCloseCode(error) == .protocolError, "\(error)")
        }
    }
}
