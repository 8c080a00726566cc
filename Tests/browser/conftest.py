"""The browser every test file shares: Debian's Chromium under Playwright, one per test module."""
import os

import pytest
from playwright.sync_api import sync_playwright

from support import Server


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian's chromium is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture()
def server():
    """A server with an admin, a supervisor and two agents (a test module with other needs defines its own)."""
    s = Server()
    yield s
    s.remove()


@pytest.fixture()
def errors(request):
    """The console errors of the test's pages: none may be left but those the module's `REFUSED` pattern allows
    (the refusals a test provokes on purpose)."""
    collected = []
    yield collected
    refused = getattr(request.module, "REFUSED", None)
    unexpected = [e for e in collected if not (refused and refused.search(e))]
    assert unexpected == [], f"console errors: {unexpected}"
