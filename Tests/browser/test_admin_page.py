"""The administration page (/admin, issue 13) in a real headless Chromium against a real server: an administrator
sets up providers of both kinds, a campaign with advanced settings and canned responses, its members and a
supervisor with a scope, all through the page; the API is asked afterwards what was stored."""
import re

from playwright.sync_api import expect

import support
from support import logged_in_page

WIDE = {"width": 1440, "height": 1000}
# The browser logs every refused request (a 422 or 409 that the test provokes on purpose) as a console error.
REFUSED = re.compile(r"Failed to load resource: the server responded with a status of (409|422)")


def shot(page, name):
    support.shot(page, name, full_page=True)


def admin_page(browser, server, errors, section="campaigns", locale="en-US"):
    page = logged_in_page(browser, server, "root", errors, locale=locale, viewport=WIDE)
    page.goto(f"/admin/#{section}")
    expect(page.locator("html")).to_have_attribute("data-ready", "true")
    return page


def section(page, name):
    page.get_by_role("navigation", name="Administration").get_by_role("link", name=name).click()


def create_cloud_provider(page, name="HeyNow Cloud", number="+59899000100"):
    section(page, "Providers")
    form = page.locator("#provider-form")
    form.get_by_label("Cloud API").check()
    form.get_by_label("Name", exact=True).fill(name)
    form.get_by_label("API base URL").fill("https://graph.example.test/v19.0")
    form.get_by_label("WhatsApp numbers (one per line)").fill(f"{number}\n+59899000101")
    form.get_by_label("Phone number ID").fill("109876543210")
    form.get_by_label("Access token", exact=True).fill("EAAG-token")
    form.get_by_label("App secret", exact=True).fill("cloud-app-secret")
    form.get_by_label("Verify token", exact=True).fill("verify-me-please")
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#provider-list")).to_contain_text(name)
    expect(form.get_by_role("heading", level=1)).to_have_text(f"Provider {name}")


def test_an_administrator_sets_up_providers_a_campaign_members_and_a_supervisor(browser, server, errors):
    page = admin_page(browser, server, errors, "providers")
    wallboard = logged_in_page(browser, server, "root", errors, viewport=WIDE)
    wallboard.goto("/wallboard/")
    expect(wallboard.locator("#live-indicator")).to_have_attribute("data-state", "live")

    # Providers: one of each kind; secrets are write-only, the webhook URL and verify token are there to copy.
    create_cloud_provider(page)
    form = page.locator("#provider-form")
    cloud = next(p for p in server.request("GET", "/api/providers", session=server.admin)[1] if p["kind"] == "cloud")
    expect(page.locator("#provider-webhook-url")).to_have_text(f"{server.base}/webhooks/cloud/{cloud['id']}")
    expect(page.locator("#provider-verify-shown")).to_have_text("verify-me-please")
    expect(form.get_by_role("button", name="Copy URL")).to_be_visible()
    expect(form.get_by_label("App secret", exact=True)).to_be_hidden()   # set: shown as "Set" with a Change button
    expect(form.locator('[data-secret="appSecret"] .secret-set')).to_have_text("Set")
    assert "cloud-app-secret" not in page.content()
    shot(page, "admin-providers.png")

    form.get_by_role("button", name="New provider").click()
    form.get_by_label("Classic API").check()
    expect(form.get_by_label("Account SID", exact=True)).to_be_visible()
    expect(form.get_by_label("Phone number ID")).to_be_hidden()
    form.get_by_label("Name", exact=True).fill("HeyNow Classic")
    form.get_by_label("API base URL").fill("https://api.example.test")
    form.get_by_label("WhatsApp numbers (one per line)").fill("+14155550100")
    form.get_by_label("Account SID", exact=True).fill("AC0123456789")
    form.get_by_label("Auth token", exact=True).fill("classic-auth-token")
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#provider-list")).to_contain_text("HeyNow Classic")
    expect(page.locator("#provider-webhook-url")).to_have_text(re.compile(r"/webhooks/classic/\d+$"))
    providers = server.request("GET", "/api/providers", session=server.admin)[1]
    assert sorted(p["kind"] for p in providers) == ["classic", "cloud"]

    # A campaign with advanced settings and canned responses.
    section(page, "Campaigns")
    form = page.locator("#campaign-form")
    form.get_by_label("Name", exact=True).fill("Cobranzas")
    form.get_by_label("Provider").select_option(label="HeyNow Cloud (Cloud API)")
    form.get_by_label("WhatsApp number").select_option("+59899000101")
    expect(form.get_by_label("Maximum interactions per agent")).to_be_hidden()   # advanced: collapsed by default
    form.get_by_text("Advanced configuration").click()
    form.get_by_label("Maximum interactions per agent").fill("2")
    form.get_by_label("Longest wait warning").fill("30")
    form.get_by_label("Longest wait critical").fill("90")
    form.get_by_label("Service-level target (%)").fill("85")
    form.get_by_label("Auto-assign").check()
    form.get_by_label("Time zone").fill("America/Montevideo")
    form.get_by_label("Dispositions (one per line)").fill("Paid\nPromise to pay\nWrong number")
    form.get_by_role("button", name="Add canned response").click()
    form.get_by_label("Title of response 1").fill("Greeting")
    form.get_by_label("Text of response 1").fill("Hello! How can we help?")
    form.get_by_role("button", name="Add canned response").click()
    form.get_by_label("Title of response 2").fill("Bank details")
    form.get_by_label("Text of response 2").fill("Account 123-456\nBank of Example")
    expect(page.locator("#canned-preview-bubble")).to_have_text("Account 123-456\nBank of Example")
    form.get_by_role("button", name="Move response 2 up").click()
    expect(form.get_by_label("Title of response 1")).to_have_value("Bank details")
    shot(page, "admin-campaign.png")
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#campaign-list")).to_contain_text("Cobranzas")
    expect(form.get_by_role("heading", level=1)).to_have_text("Campaign Cobranzas")
    campaign = next(c for c in server.request("GET", "/api/campaigns", session=server.admin)[1] if c["name"] == "Cobranzas")
    assert campaign["number"] == "+59899000101" and campaign["maxInteractionsPerAgent"] == 2
    assert campaign["thresholds"] == {"longestWaitWarning": 30, "longestWaitCritical": 90}
    assert campaign["serviceLevelTarget"] == 85 and campaign["autoAssign"] is True
    assert campaign["timeZone"] == "America/Montevideo"
    assert campaign["dispositions"] == ["Paid", "Promise to pay", "Wrong number"]
    assert [c["title"] for c in campaign["cannedResponses"]] == ["Bank details", "Greeting"]

    # The open wallboard shows the new campaign without a reload.
    expect(wallboard.locator(".tile", has=wallboard.get_by_role("heading", name="Cobranzas"))).to_be_visible()

    # Members: searchable, with the seed's hint.
    section(page, "Members")
    members = page.locator("#section-members")
    members.get_by_label("Campaign", exact=True).select_option(label="Cobranzas")
    expect(members).to_contain_text("voice campaigns")
    members.get_by_label("Search agents").fill("an")
    expect(members.get_by_role("button", name="Add Beto")).to_be_hidden()
    members.get_by_role("button", name="Add Ana").click()
    expect(page.locator("#members-in")).to_contain_text("Ana")
    members.get_by_label("Search agents").fill("")
    members.get_by_role("button", name="Add Beto").click()
    expect(page.locator("#members-in")).to_contain_text("Beto")
    members.get_by_role("button", name="Remove Beto").click()
    expect(page.locator("#members-out")).to_contain_text("Beto")
    shot(page, "admin-members.png")
    campaign = server.request("GET", f"/api/campaigns/{campaign['id']}", session=server.admin)[1]
    assert campaign["members"] == [server.users["ana"]["id"]]

    # A supervisor with a scope; an agent's monitor-screen flag.
    section(page, "Users")
    form = page.locator("#user-form")
    form.get_by_label("Username").fill("sofia")
    form.get_by_label("Display name").fill("Sofía")
    form.get_by_label("Role").select_option("supervisor")
    form.get_by_label("Password").fill("a long password")
    expect(form.get_by_label("Monitor screen")).to_be_hidden()
    form.get_by_label("Cobranzas").check()
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#user-list")).to_contain_text("Sofía")
    sofia = next(u for u in server.request("GET", "/api/users", session=server.admin)[1] if u["username"] == "sofia")
    assert sofia["role"] == "supervisor" and sofia["supervisorScopes"] == [campaign["id"]]
    page.locator("#user-list").get_by_role("button", name=re.compile("^Ana")).click()
    form.get_by_label("Monitor screen").check()
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#user-list")).to_contain_text("Monitor screen")
    assert server.request("GET", f"/api/users/{server.users['ana']['id']}", session=server.admin)[1]["monitorScreen"] is True
    shot(page, "admin-users.png")
    # The new supervisor logs in with the password set on the page.
    assert server.request("POST", "/api/login", {"username": "sofia", "password": "a long password"})[0] == 200


def test_a_wrong_field_shows_its_message_beside_it_and_keeps_the_form(browser, server, errors):
    page = admin_page(browser, server, errors, "providers")
    form = page.locator("#provider-form")
    form.get_by_label("Name", exact=True).fill("Typo Provider")
    form.get_by_label("API base URL").fill("ftp://graph.example.test")
    form.get_by_label("WhatsApp numbers (one per line)").fill("+59899000100\n12ab")
    form.get_by_label("Phone number ID").fill("1098")
    form.get_by_label("Access token", exact=True).fill("EAAG-token")
    form.get_by_label("App secret", exact=True).fill("secret")
    form.get_by_label("Verify token", exact=True).fill("verify")
    form.get_by_role("button", name="Save").click()
    expect(form.locator('[data-error-for="baseUrl"]')).to_have_text("must be an http or https URL")
    expect(form.locator('[data-error-for="numbers"]')).to_contain_text("Line 2: must be a phone number")
    expect(form.get_by_role("alert")).to_contain_text("Some fields need a change")
    expect(form.get_by_label("Name", exact=True)).to_have_value("Typo Provider")
    expect(form.get_by_label("App secret", exact=True)).to_have_value("secret")
    expect(form.get_by_label("API base URL")).to_have_attribute("aria-invalid", "true")
    shot(page, "admin-field-error.png")
    form.get_by_label("API base URL").fill("https://graph.example.test")
    form.get_by_label("WhatsApp numbers (one per line)").fill("+59899000100")
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#provider-list")).to_contain_text("Typo Provider")
    expect(form.locator('[data-error-for="baseUrl"]')).to_have_text("")

    # A campaign whose critical level is under its warning level: the message opens the advanced settings.
    section(page, "Campaigns")
    form = page.locator("#campaign-form")
    form.get_by_label("Name", exact=True).fill("Ventas")
    form.get_by_text("Advanced configuration").click()
    form.get_by_label("ASA warning").fill("60")
    form.get_by_label("ASA critical").fill("20")
    form.get_by_text("Advanced configuration").click()   # collapse it again: the error must reopen it
    form.get_by_role("button", name="Save").click()
    expect(form.locator('[data-error-for="thresholds.asaCritical"]')).to_have_text("must be at least the warning level")
    expect(form.get_by_label("ASA critical")).to_be_visible()
    expect(form.get_by_label("Name", exact=True)).to_have_value("Ventas")
    expect(form.get_by_label("ASA warning")).to_have_value("60")
    assert server.request("GET", "/api/campaigns", session=server.admin)[1] == []


def test_deleting_a_provider_in_use_is_refused_with_the_campaign_named(browser, server, errors):
    server.seed_campaign(name="Ventas")
    page = admin_page(browser, server, errors, "providers")
    page.locator("#provider-list").get_by_role("button", name=re.compile("^HeyNow Cloud")).click()
    page.locator("#provider-form").get_by_role("button", name="Delete").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Delete provider HeyNow Cloud?")
    dialog.get_by_role("button", name="Delete").click()
    expect(dialog.get_by_role("alert")).to_contain_text("Ventas")
    shot(page, "admin-provider-in-use.png")
    dialog.get_by_role("button", name="Cancel").click()
    assert len(server.request("GET", "/api/providers", session=server.admin)[1]) == 1


def test_a_supervisor_cannot_reach_administration(browser, server, errors):
    page = logged_in_page(browser, server, "sam", errors, viewport=WIDE)
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Administration is for administrators")).to_be_visible()
    expect(page.get_by_role("link", name="Go to your page")).to_have_attribute("href", "/wallboard/")
    expect(page.locator("#admin")).to_be_hidden()
    sam = server.login("sam")
    assert server.request("GET", "/api/providers", session=sam)[0] == 403
    assert server.request("POST", "/api/campaigns", {"name": "X", "providerId": 1, "number": "+1234"}, session=sam)[0] == 403
    assert server.request("PUT", "/api/pause-reasons", {"pauseReasons": ["Nap"]}, session=sam)[0] == 403


def test_pause_reasons_and_the_page_in_spanish(browser, server, errors):
    server.seed_campaign(name="Ventas")
    page = admin_page(browser, server, errors, "pause-reasons", locale="es-UY")
    expect(page.get_by_role("heading", name="Motivos de pausa")).to_be_visible()
    page.get_by_label("Motivos (uno por línea)").fill("Almuerzo\nCapacitación\nalmuerzo")
    page.get_by_role("button", name="Guardar").click()
    expect(page.locator('[data-error-for="pauseReasons"]')).to_contain_text("Línea 3")
    page.get_by_label("Motivos (uno por línea)").fill("Almuerzo\nCapacitación")
    page.get_by_role("button", name="Guardar").click()
    expect(page.locator("#reasons-state")).to_have_text("Guardado")
    assert server.request("GET", "/api/pause-reasons", session=server.admin)[1] == {"pauseReasons": ["Almuerzo", "Capacitación"]}
    section(page, "Campañas")
    page.locator("#campaign-list").get_by_role("button", name=re.compile("^Ventas")).click()
    expect(page.locator("#campaign-form").get_by_role("heading", level=1)).to_have_text("Campaña Ventas")
    page.get_by_text("Configuración avanzada").click()
    expect(page.get_by_label("Máximo de interacciones por agente")).to_have_value("3")
    expect(page.get_by_role("navigation", name="Pages").get_by_role("link", name="Auditoría")).to_have_attribute("href", "/admin/audit/")
    shot(page, "admin-es.png")
