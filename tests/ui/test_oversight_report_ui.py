"""县区备案进度 in the Chinese desk: the city admin opens it for 2023 and sees all 13 county-level
areas against their targets, with the chart and the summary cards; the 罗庄区 reviewer opens the same
report and sees only 罗庄区 (its figure from the seeded history, by hand: 0 filed of 15)."""

import frappe
import pytest

from tests import seed
from tests.conftest import PORT
from tests.oversight_helpers import give_history, restore
from tests.ui.test_desk import SCREENSHOTS, logged_in_page

pytestmark = pytest.mark.browser
URL = f"http://127.0.0.1:{PORT}/app/query-report/County%20Filing%20Progress?year=2023"


@pytest.fixture
def history(site):
	frappe.set_user("Administrator")
	before = give_history(site)
	frappe.db.commit()
	yield site
	frappe.set_user("Administrator")
	restore(site, before)
	frappe.db.commit()


def open_report(browser, user: str):
	page = logged_in_page(browser, user)
	page.goto(URL, wait_until="domcontentloaded")
	page.locator(".dt-row-filter, .dt-scrollable .dt-row").first.wait_for()
	page.wait_for_function("() => frappe.query_report && frappe.query_report.data?.length > 0")
	return page


def shown_rows(page) -> list[dict]:
	return page.evaluate(
		"() => frappe.query_report.data.map((r) => ({area: r.area, name: r.area_name, filed: r.filed_points,"
		" target: r.target_points, status: r.status}))"
	)


def test_the_city_admin_sees_every_area_against_its_target_with_a_chart(browser, history):
	page = open_report(browser, seed.CITY)
	assert "县区备案进度" in page.title() or "县区备案进度" in page.inner_text(".page-head")
	rows = shown_rows(page)
	assert len(rows) == 13 and all(r["target"] == 15 for r in rows)
	by_area = {r["area"]: r for r in rows}
	assert by_area[seed.LANSHAN]["filed"] == 2 and by_area[seed.LUOZHUANG]["filed"] == 0
	grid = page.inner_text(".report-wrapper")
	assert "兰山区" in grid and "罗庄区" in grid and "未达标" in grid
	page.locator(".chart-container svg, .frappe-chart").first.wait_for()
	summary = page.inner_text(".report-summary")
	assert "未达标县区数" in summary, summary
	if SCREENSHOTS:
		page.screenshot(path=f"{SCREENSHOTS}/county-filing-progress-city.png", full_page=True)


def test_the_luozhuang_reviewer_sees_only_luozhuang(browser, history):
	page = open_report(browser, seed.REV_LZ)
	rows = shown_rows(page)
	assert [r["area"] for r in rows] == [seed.LUOZHUANG]
	assert (rows[0]["filed"], rows[0]["target"]) == (0, 15)
	grid = page.inner_text(".report-wrapper")
	assert "罗庄区" in grid and "兰山区" not in grid
