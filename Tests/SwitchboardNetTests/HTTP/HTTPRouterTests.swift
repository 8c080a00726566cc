import Testing
@testable import SwitchboardNet

@Suite struct HTTPRouterTests {
    static func router() -> HTTPRouter<String> {
        var router = HTTPRouter<String>()
        router.add(.get, "/api/campaigns", "list")
        router.add(.post, "/api/campaigns", "create")
        router.add(.get, "/api/campaigns/:id", "show")
        router.add(.put, "/api/campaigns/:id", "update")
        router.add(.get, "/api/campaigns/new", "form")
        router.add(.get, "/api/campaigns/:id/agents/:agent", "member")
        router.add(.get, "/api/campaigns/:campaign/queue", "queue")
        router.add(.post, "/api/campaigns/export", "export")
        router.add(.get, "/files/*", "files")
        router.add(.head, "/ping", "ping-head")
        router.add(.get, "/ping", "ping-get")
        return router
    }

    @Test func matchesLiteralsAndParameters() {
        let router = Self.router()
        #expect(router.match(method: .get, path: "/api/campaigns") == .found("list", parameters: [:]))
        #expect(router.match(method: .post, path: "/api/campaigns/") == .found("create", parameters: [:]))
        #expect(router.match(method: .get, path: "/api/campaigns/42") == .found("show", parameters: ["id": "42"]))
        #expect(router.match(method: .get, path: "/api/campaigns/new") == .found("form", parameters: [:]))
        #expect(router.match(method: .get, path: "/api/campaigns/7/agents/a b")
            == .found("member", parameters: ["id": "7", "agent": "a b"]))
        #expect(router.match(method: .get, path: "/api/campaigns/7/queue") == .found("queue", parameters: ["campaign": "7"]))
    }

    @Test func backtracksFromALiteralToAParameter() {
        // "export" is a literal for POST only; GET must fall back to :id.
        #expect(Self.router().match(method: .get, path: "/api/campaigns/export") == .found("show", parameters: ["id": "export"]))
    }

    @Test func matchesATailWildcard() {
        let router = Self.router()
        #expect(router.match(method: .get, path: "/files/a/b/c.txt") == .found("files", parameters: ["*": "a/b/c.txt"]))
        #expect(router.match(method: .get, path: "/files") == .found("files", parameters: ["*": ""]))
    }

    @Test func answersMethodNotAllowedWithTheAllowedList() {
        let router = Self.router()
        #expect(router.match(method: .delete, path: "/api/campaigns/42") == .methodNotAllowed(allowed: [.get, .head, .put]))
        #expect(router.match(method: .delete, path: "/api/campaigns") == .methodNotAllowed(allowed: [.get, .head, .post]))
        #expect(router.match(method: .delete, path: "/api/campaigns/export") == .methodNotAllowed(allowed: [.get, .head, .post, .put]))
        #expect(router.match(method: .get, path: "/nowhere") == .notFound)
        #expect(router.match(method: .get, path: "/api/campaigns/1/agents") == .notFound)
    }

    @Test func fallsBackFromHeadToGet() {
        let router = Self.router()
        #expect(router.match(method: .head, path: "/api/campaigns/9") == .found("show", parameters: ["id": "9"]))
        #expect(router.match(method: .head, path: "/ping") == .found("ping-head", parameters: [:]))
        #expect(router.match(method: .head, path: "/api/campaigns/export") == .found("show", parameters: ["id": "export"]))
    }
}
