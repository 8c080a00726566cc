import Testing
import SwitchboardStore

@Suite struct StoreErrorTests {
    @Test func describesTheStatement() {
        #expect(StoreError(code: 19, message: "UNIQUE constraint failed", sql: "INSERT").description
            == "SQLite error 19: UNIQUE constraint failed in INSERT")
    }
}
