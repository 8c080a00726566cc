"""TV kiosk links (issue 14) in a real headless Chromium: an administrator creates a link on the administration page,
a TV with no login opens it and shows the chosen campaign's tile (no agent grid, no other campaign), the token
leaves the address bar, and revoking the link blanks the TV at once with a sentence; the link never opens again."""
import re

from playwright.sync_api import expect

from support import logged_in_page, shot

WIDE = {"width": 1440, "height": 900}
TV = {"width": 1920, "height": 1080}
# Refusals the test provokes: an empty form (422) and a revoked link (401).
REFUSED = re.compile(r"Failed to load resource: the server responded with a status of (401|422)")


def tv_page(browser, server, errors):
    """A browser with no login at all, as a wall screen's."""
    context = browser.new_context(base_url=server.base, viewport=TV)
    page = context.new_page()
    page.on("console", lambda m: errors.append(f"tv: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"tv: {e}"))
    return page


def test_a_kiosk_link_opens_the_tv_wallboard_without_a_login_until_it_is_revoked(browser, server, errors):
    sales = server.seed_campaign("Ventas")
    status, classic, _ = server.request("POST", "/api/providers", {
        "name": "HeyNow Classic", "kind": "classic", "baseUrl": "https://api.example.test", "numbers": ["+59899000200"],
        "accountSid": "AC0123456789", "authToken": "classic-token"}, session=server.admin)
    assert status == 201, classic
    status, other, _ = server.request("POST", "/api/campaigns", {"name": "Cobranzas", "providerId": classic["id"],
                                                                 "number": "+59899000200"}, session=server.admin)
    assert status == 201, other
    admin = logged_in_page(browser, server, "root", errors, viewport=WIDE)
    admin.goto("/admin/#kiosks")
    expect(admin.locator("html")).to_have_attribute("data-ready", "true")
    form = admin.locator("#kiosk-form")
    expect(form.get_by_role("heading", name="New TV kiosk link")).to_be_visible()

    # Nothing picked: the page says what is missing and creates nothing.
    form.get_by_role("button", name="Create link").click()
    expect(form.locator('[data-error-for="campaigns"]')).to_have_text("name at least one campaign")
    expect(form.locator('[data-error-for="name"]')).not_to_be_empty()

    form.get_by_label("Name").fill("Floor 2 TV")
    form.get_by_label("Ventas").check()
    form.get_by_role("button", name="Create link").click()
    url = admin.locator("#kiosk-url")
    expect(url).to_have_text(re.compile(rf"^{re.escape(server.base)}/tv/#kiosk=[A-Za-z0-9_-]{{43}}$"))
    link = url.text_content()
    expect(admin.locator("#kiosk-list")).to_contain_text("Floor 2 TV")
    expect(admin.locator("#kiosk-list")).to_contain_text("Active")
    shot(admin, "admin-kiosk-links.png")

    # The TV: no login, the Ventas tile only, no agent grid, and the token gone from the address bar.
    tv = tv_page(browser, server, errors)
    tv.goto(link)
    expect(tv.locator("#live-indicator")).to_have_attribute("data-state", "live")
    expect(tv.get_by_role("heading", name="Ventas")).to_be_visible()
    expect(tv.get_by_role("heading", name="Cobranzas")).to_have_count(0)
    expect(tv).to_have_url(f"{server.base}/tv/")
    assert "Ana" not in tv.locator("body").inner_text()
    # The kiosk's cookie keeps the TV open across a reload (a TV restarts its browser); it may read nothing else.
    tv.reload()
    expect(tv.get_by_role("heading", name="Ventas")).to_be_visible()
    assert tv.request.get(f"{server.base}/api/recordings").status == 403
    assert tv.request.get(f"{server.base}/api/users").status == 403
    shot(tv, "tv-kiosk.png")

    # Revoked from the administration: the TV blanks at once with a sentence, and the link never opens again.
    admin.get_by_role("button", name="Revoke Floor 2 TV").click()
    admin.get_by_role("dialog").get_by_role("button", name="Revoke").click()
    expect(admin.locator("#kiosk-list")).to_contain_text("Revoked")
    expect(tv.get_by_role("alert")).to_have_text("This wallboard was closed: its kiosk link was revoked or the session ended.")
    expect(tv.get_by_role("heading", name="Ventas")).to_be_hidden()
    again = tv_page(browser, server, errors)
    again.goto(link)
    expect(again.get_by_role("alert")).to_have_text(
        "This kiosk link is not valid or was revoked. Ask an administrator for a new one.")
    assert sales["id"] > 0
