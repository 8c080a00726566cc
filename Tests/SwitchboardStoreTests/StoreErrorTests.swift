import Testing
import SwitchboardDomain
import SwitchboardStore

@Suite struct StoreErrorTests {
    @Test func describesTheStatement() {
        #expect(StoreError(code: 19, message: "UNIQUE constraint failed", sql: "INSERT").description
            == "SQLite error 19: UNIQUE constraint failed in INSERT")
    }

    @Test func namesTheCampaignsThatUseAProvider() {
        #expect(StoreError.providerInUse(ProviderID(3), campaigns: ["Sales", "Support"]).description
            == "provider 3 is used by campaigns: Sales, Support")
    }
}
