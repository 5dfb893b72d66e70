"""Chromium for the browser tests (Debian's package; Playwright never downloads a browser).

Every page a browser test opens is watched: a console error (a failed request, the socket.io
connection's included) or an uncaught exception fails the test, after its own assertions. Every
context a test opened is closed when the test's body ends, before its fixtures delete what the
pages show: a page left open would reload a deleted document and blame the next test."""

import os

import pytest

from tests.ui.test_desk import CONSOLE_ERRORS

CHROMIUM = os.environ.get("TUOYU_CHROMIUM", "/usr/bin/chromium")
OPEN_CONTEXTS: list = []  # the running test's browser contexts


def close_open_contexts() -> None:
	while OPEN_CONTEXTS:
		context = OPEN_CONTEXTS.pop()
		try:
			context.close()
		except Exception:  # already closed by the test, or the browser is gone
			pass


class WatchedBrowser:
	"""The browser, with every new context watched for console errors."""

	def __init__(self, browser):
		self._browser = browser

	def new_context(self, **kwargs):
		context = self._browser.new_context(**kwargs)
		CONSOLE_ERRORS.watch(context)
		OPEN_CONTEXTS.append(context)
		return context

	def new_page(self, **kwargs):
		return self.new_context(**kwargs).new_page()

	def __getattr__(self, name):
		return getattr(self._browser, name)


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
		yield WatchedBrowser(browser)
		browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
	"""After the test's own assertions: no console error but those the test expected."""
	CONSOLE_ERRORS.reset()
	try:
		result = yield
	except BaseException:
		if CONSOLE_ERRORS:
			item.add_report_section("call", "console errors", "\n".join(CONSOLE_ERRORS))
		close_open_contexts()
		raise
	problems = CONSOLE_ERRORS.problems()
	close_open_contexts()
	if problems:
		pytest.fail("\n".join(problems), pytrace=False)
	return result
