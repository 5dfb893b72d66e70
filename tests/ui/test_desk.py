"""The desk as each role sees it, in Chinese, driven in Debian's Chromium."""

import os
import re

import pytest

from tests import seed
from tests.conftest import PORT

pytestmark = pytest.mark.browser
CHROMIUM = os.environ.get("TUOYU_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = os.environ.get("TUOYU_SCREENSHOTS")  # a folder to keep screenshots in, if set


class ConsoleErrors(list):
	"""Console errors and uncaught exceptions of every page the running test opened (the
	`browser` fixture watches each context; tests/ui/conftest.py judges them after each test)."""

	def __init__(self):
		super().__init__()
		self.expected: list[re.Pattern] = []

	def reset(self) -> None:
		self.clear()
		self.expected.clear()

	def watch(self, context) -> None:
		context.on("console", self._console)
		context.on(
			"weberror", lambda error: self.append(f"uncaught error on {error.page.url}: {error.error}")
		)

	def _console(self, message) -> None:
		if message.type == "error":
			self.append(f"console error ({message.location.get('url', '')}): {message.text}")

	def problems(self) -> list[str]:
		unexpected = [e for e in self if not any(p.search(e) for p in self.expected)]
		missing = [p.pattern for p in self.expected if not any(p.search(e) for e in self)]
		return [f"unexpected {e}" for e in unexpected] + [
			f"expected a console error like {p!r}" for p in missing
		]


CONSOLE_ERRORS = ConsoleErrors()


def expect_console_error(pattern: str) -> None:
	"""The running test provokes a console error matching `pattern` (a refusal it tests): the
	error must occur, and no other is allowed."""
	CONSOLE_ERRORS.expected.append(re.compile(pattern))


def logged_in_page(browser, user: str, **context_options):
	"""A page signed in as `user`, on the desk, with its realtime (socket.io) connection up.
	Console errors of the page fail the test (tests/ui/conftest.py). `context_options` are
	Playwright's (a phone's viewport, touch)."""
	context_options.setdefault("viewport", {"width": 1400, "height": 900})
	context = browser.new_context(locale="zh-CN", **context_options)
	page = context.new_page()
	# The development server shares two cores with the test process: be patient, not flaky.
	page.set_default_navigation_timeout(120000)
	page.set_default_timeout(60000)
	page.goto(f"http://127.0.0.1:{PORT}/login", wait_until="domcontentloaded")
	page.fill("#login_email", user)
	page.fill("#login_password", seed.PASSWORD)
	page.click(".btn-login")
	page.wait_for_url(re.compile(r".*/app.*"), timeout=120000, wait_until="domcontentloaded")
	page.wait_for_function("() => window.frappe?.realtime?.socket?.connected === true")
	return page


def charts_drawn(page, timeout: float = 20000) -> None:
	"""Wait until every chart on the shown page has its data and is drawn (or says 无数据): a chart
	still drawing when the desk moves on is drawn into a hidden page, and frappe-charts then logs
	NaN sizes as console errors."""
	page.wait_for_function(
		"""() => [...document.querySelectorAll('.widget.dashboard-widget-box')]
			.filter((w) => w.offsetParent)
			.every((w) => {
				const states = w.querySelectorAll('.chart-loading-state');
				const loading = states[0], empty = states[1];
				if (loading && loading.offsetParent) return false;
				return (empty && empty.offsetParent) || w.querySelector('.chart-container svg');
			})""",
		timeout=timeout,
	)
	page.wait_for_timeout(400)  # frappe-charts animates its bars in


def open_point_list(page):
	page.goto(
		f"http://127.0.0.1:{PORT}/app/tuoyu-point?point_name=%5B%22like%22%2C%22%25%E6%B5%8B%E8%AF%95%25%22%5D",
		wait_until="domcontentloaded",
	)
	page.wait_for_selector(".list-row-container, .no-result", timeout=60000)
	page.wait_for_timeout(500)


@pytest.mark.parametrize(
	"user, visible, hidden",
	[
		(seed.CITY, ["测试甲托育点", "测试乙托育点", "测试丙托育点"], []),
		(seed.REV_LS, ["测试甲托育点", "测试乙托育点"], ["测试丙托育点"]),
		(seed.OP_A, ["测试甲托育点"], ["测试乙托育点", "测试丙托育点"]),
	],
)
def test_each_role_sees_its_points_in_a_chinese_desk(browser, user, visible, hidden):
	page = logged_in_page(browser, user)
	open_point_list(page)
	body = page.inner_text("body")
	if SCREENSHOTS:
		page.screenshot(path=os.path.join(SCREENSHOTS, f"points-{user.split('@')[0]}.png"))
	for name in visible:
		assert name in body, (user, name)
	for name in hidden:
		assert name not in body, (user, name)
	assert "家庭托育点" in body  # the DocType's Chinese name
	page.context.close()


def test_operator_form_shows_masked_staff_and_compliance(browser, site):
	page = logged_in_page(browser, seed.OP_A)
	page.goto(f"http://127.0.0.1:{PORT}/app/tuoyu-point/{site.point['A']}", wait_until="domcontentloaded")
	page.wait_for_selector("[data-fieldname='point_name']", timeout=60000)
	page.wait_for_timeout(1500)
	body = page.inner_text("body")
	if SCREENSHOTS:
		page.screenshot(path=os.path.join(SCREENSHOTS, "point-form-operator.png"), full_page=True)
	assert "统一社会信用代码" in body
	assert "合规" in body or "符合" in body
	page.goto(f"http://127.0.0.1:{PORT}/app/tuoyu-staff/{site.staff['A']}", wait_until="domcontentloaded")
	page.wait_for_selector("[data-fieldname='id_number_masked']", timeout=60000)
	page.wait_for_timeout(500)
	body = page.inner_text("body")
	assert seed.STAFF_IDS["A"] not in body and "********" in body
	page.context.close()
