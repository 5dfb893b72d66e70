"""Chromium for the browser tests (Debian's package; Playwright never downloads a browser)."""

import os

import pytest

CHROMIUM = os.environ.get("TUOYU_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser(server):
	if not os.path.exists(CHROMIUM):
		pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package")
	from playwright.sync_api import sync_playwright

	with sync_playwright() as p:
		browser = p.chromium.launch(
			executable_path=CHROMIUM,
			args=[
				"--no-sandbox",
				"--disable-gpu",
				"--disable-background-networking",
				"--disable-component-update",
				"--disable-sync",
				"--no-first-run",
			],
		)
		yield browser
		browser.close()
