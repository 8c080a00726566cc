"""The browser every test file shares: Debian's Chromium under Playwright, one per test module."""
import os

import pytest
from playwright.sync_api import sync_playwright


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian's chromium is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        yield b
        b.close()
