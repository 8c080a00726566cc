"""The login page in a real headless Chromium against a real server: a refusal that does not tell whether the
user exists, each role's landing page, logout ending the session for good, and the lockout after repeated
failures (the server started with low limits)."""
import re
import time

import pytest
from playwright.sync_api import expect

from support import PASSWORD, Server, shot

# The browser logs the refused logins (401, 429) the tests provoke on purpose.
REFUSED = re.compile(r"Failed to load resource: the server responded with a status of (401|429)")
WIDE = {"width": 1440, "height": 900}
WRONG = "That username and password do not match. Check them and try again."
LOCKED = "Too many failed attempts: logging in is locked for 15 min. Try again later."
WAIT = re.compile(r"^Too many attempts\. Try again in \d+ s\.$")


@pytest.fixture(scope="module")
def server():
    # Two failures are free (then an attempt waits a second), the third locks the username for 15 minutes.
    s = Server(agents=("ana", "beto", "carla"),
               serve_args=["--login-user-free", "2", "--login-user-lockout", "3", "--login-lockout-minutes", "15"])
    s.seed_campaign()
    yield s
    s.remove()


@pytest.fixture()
def page(browser, server, errors):
    context = browser.new_context(base_url=server.base, locale="en-US", viewport=WIDE)
    page = context.new_page()
    page.on("console", lambda m: errors.append(f"{m.text} {m.location}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()


def log_in(page, username, password):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_a_wrong_password_and_an_unknown_user_get_the_same_clear_refusal(page, server):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/$"))
    log_in(page, "carla", "not the password")
    alert = page.get_by_role("alert")
    expect(alert).to_have_text(WRONG)
    wrong_password = alert.text_content()
    shot(page, "login-error.png")
    log_in(page, "nobody-by-this-name", "not the password")
    expect(page.get_by_role("button", name="Log in")).to_be_enabled()
    expect(alert).to_have_text(wrong_password)
    # Neither the password nor the username went into the address; the page stays on login.
    assert page.url.endswith("/login/")
    # Empty fields are caught on the page, without a request.
    page.get_by_label("Username").fill("")
    page.get_by_role("button", name="Log in").click()
    expect(alert).to_have_text("Enter your username and password.")
    expect(page.get_by_label("Username")).to_be_focused()


def test_each_role_lands_on_its_page(browser, server, page):
    page.goto("/login/")
    shot(page, "login.png")
    for username, landing in (("root", r"/admin/$"), ("sam", r"/wallboard/$"), ("ana", r"/inbox/$")):
        context = browser.new_context(base_url=server.base, viewport=WIDE)
        other = context.new_page()
        other.goto("/login/")
        log_in(other, username, PASSWORD)
        expect(other).to_have_url(re.compile(landing))
        # Logged in, the site's root sends it to the same page.
        other.goto("/")
        expect(other).to_have_url(re.compile(landing))
        context.close()


def test_the_page_comes_back_after_login_when_it_asked_for_it(page, server):
    page.goto("/recordings/?q=refund")
    expect(page).to_have_url(re.compile(r"/login/\?next=%2Frecordings%2F%3Fq%3Drefund"))
    log_in(page, "sam", PASSWORD)
    expect(page).to_have_url(re.compile(r"/recordings/\?q=refund$"))
    # A `next` naming another site is ignored.
    page.context.clear_cookies()
    page.goto("/login/?next=//evil.example/")
    log_in(page, "sam", PASSWORD)
    expect(page).to_have_url(re.compile(r"/wallboard/$"))


def test_logout_returns_to_login_and_the_old_session_is_dead(page, server):
    page.goto("/login/")
    log_in(page, "sam", PASSWORD)
    expect(page).to_have_url(re.compile(r"/wallboard/$"))
    expect(page.locator("#live-indicator")).to_have_attribute("data-state", "live")
    old = next(c["value"] for c in page.context.cookies() if c["name"] == "sb_session")
    assert server.request("GET", "/api/me", session=old)[0] == 200
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    assert server.request("GET", "/api/me", session=old)[0] == 401
    # The browser dropped the cookie; put back by hand, it opens nothing.
    assert all(c["name"] != "sb_session" or c["value"] == "" for c in page.context.cookies())
    page.context.add_cookies([{"name": "sb_session", "value": old, "url": server.base}])
    page.goto("/wallboard/")
    expect(page).to_have_url(re.compile(r"/login/\?next=%2Fwallboard%2F"))
    expect(page.get_by_role("status")).to_have_text("Your session ended. Log in again to go back to your page.")


def fail_until_locked(page, username):
    """Wrong passwords for `username` until the page says it is locked; returns the refusals seen, in order. After
    the free failures each attempt waits a second (the page says so) before the next one counts."""
    seen = []
    deadline = time.monotonic() + 20
    while LOCKED not in seen:
        assert time.monotonic() < deadline, seen
        log_in(page, username, f"guess {len(seen)}")
        # The refusal is painted after the answer; the button is enabled again with it.
        expect(page.get_by_role("button", name="Log in")).to_be_enabled()
        page.wait_for_function("() => document.getElementById('login-error').textContent !== ''")
        text = page.get_by_role("alert").text_content()
        assert text in (WRONG, LOCKED) or WAIT.match(text), text
        seen.append(text)
        if WAIT.match(text):
            time.sleep(0.3)
    return seen


def test_repeated_failures_lock_the_username_with_a_clear_message(page, server):
    page.goto("/login/")
    seen = fail_until_locked(page, "beto")
    # Three failures counted (each a plain refusal, the third starting the lockout), then the lockout in words.
    assert seen.count(WRONG) == 3 and seen[-1] == LOCKED, seen
    # Even the right password is refused now.
    log_in(page, "beto", PASSWORD)
    expect(page.get_by_role("button", name="Log in")).to_be_enabled()
    expect(page.get_by_role("alert")).to_have_text(LOCKED)
    assert page.url.endswith("/login/")
    assert server.request("POST", "/api/login", {"username": "beto", "password": PASSWORD})[0] == 429
    shot(page, "login-locked.png")
    # A username nobody has is refused and locked the same way (the lockout tells nothing about who exists).
    seen = fail_until_locked(page, "no-such-agent")
    assert seen.count(WRONG) == 3 and seen[-1] == LOCKED, seen
    # Other users are not affected; the audit log has both lockouts.
    log_in(page, "ana", PASSWORD)
    expect(page).to_have_url(re.compile(r"/inbox/$"))
    status, audit, _ = server.request("GET", "/api/audit?action=login.lockout", session=server.admin)
    assert status == 200
    assert sorted(e["target"] for e in audit["items"]) == ["username:beto", "username:no-such-agent"]


def test_spanish_labels(page, server):
    page.goto("/login/")
    page.get_by_label("Language").select_option("es")
    expect(page.get_by_role("button", name="Iniciar sesión")).to_be_visible()
    expect(page.get_by_label("Usuario")).to_be_visible()
    expect(page.get_by_label("Contraseña")).to_be_visible()
    log_in_es = page.get_by_role("button", name="Iniciar sesión")
    page.get_by_label("Usuario").fill("nadie")
    page.get_by_label("Contraseña").fill("no es")
    log_in_es.click()
    expect(page.get_by_role("alert")).to_have_text("El usuario y la contraseña no coinciden. Revíselos e intente de nuevo.")
    shot(page, "login-es.png")
