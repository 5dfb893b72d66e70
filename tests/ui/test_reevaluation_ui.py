"""A city admin starts a re-evaluation from the rule set's form in a Chinese desk: the test stack's
RQ worker runs it, Frappe's progress bar reaches the browser over socket.io, and the summary opens
in a dialog; the point list shows the stored compliance status."""

import frappe
import pytest
from frappe.utils import now_datetime

from tests import seed
from tests.api.test_reevaluation_api import finished_run, rule_set  # noqa: F401 (a fixture)
from tests.conftest import PORT
from tests.ui.test_desk import logged_in_page, open_point_list

pytestmark = pytest.mark.browser

SPY = """() => {
	window.__tuoyu_progress = [];
	const show = frappe.show_progress;
	frappe.show_progress = function (title, count, total, description) {
		window.__tuoyu_progress.push({ title, count, total, description });
		return show.apply(this, arguments);
	};
}"""


def test_a_city_admin_re_evaluates_from_the_rule_set_form_with_progress(browser, rule_set):  # noqa: F811
	page = logged_in_page(browser, seed.CITY)
	page.goto(f"http://127.0.0.1:{PORT}/app/tuoyu-rule-set/{rule_set.name}", wait_until="domcontentloaded")
	button = page.get_by_role("button", name="重新评估托育点")
	button.wait_for()
	page.evaluate(SPY)
	since = now_datetime().replace(microsecond=0)
	button.click()
	page.wait_for_selector(".alert-message, .desk-alert", timeout=60000)  # "重新评估…已排队"

	run = finished_run(rule_set.name, since)
	assert run.status == "已完成", run.error
	summary = frappe.db.get_value("Tuoyu Reevaluation Run", run.name, "summary")
	# The worker's closing dialog and its progress reach this page.
	page.wait_for_function(
		"s => [...document.querySelectorAll('.modal.show .msgprint')].some(e => e.innerText.includes(s))",
		arg=summary[:20],
		timeout=120000,
	)
	progress = page.evaluate("() => window.__tuoyu_progress")
	assert progress and progress[-1]["count"] == 100
	assert all("重新评估" in p["title"] for p in progress)

	open_point_list(page)
	body = page.inner_text("body")
	assert "合规状态" in body and "合规" in body
	page.context.close()
