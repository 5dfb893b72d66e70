"""The saved Report Builder reports of Oversight in the Chinese desk (`/app/<doctype>/view/report/
<name>`, where v15 opens a saved Report Builder report): each opens, titled in Chinese, for the 罗庄区
reviewer with only 罗庄区's rows (and their counts, by hand: tests/dashboard_helpers.py), and the
points report shows the city admin both areas."""

import json
from urllib.parse import quote

import frappe
import pytest

from tests import dashboard_helpers as dash
from tests import seed
from tests.conftest import PORT
from tests.ui.test_desk import logged_in_page

pytestmark = pytest.mark.browser
REPORTS = dash.builder_reports()


@pytest.fixture(scope="module")
def world(site):
	before = dash.make_world(site)
	frappe.db.commit()
	yield site
	dash.remove_world(site, before)
	frappe.db.commit()


def open_saved_report(browser, user: str, report: dict):
	slug = report["ref_doctype"].lower().replace(" ", "-")
	page = logged_in_page(browser, user)
	page.goto(
		f"http://127.0.0.1:{PORT}/app/{slug}/view/report/{quote(report['name'])}",
		wait_until="domcontentloaded",
	)
	page.wait_for_function(
		"(name) => window.cur_list && cur_list.report_name === name && cur_list.data?.length > 0",
		arg=report["name"],
	)
	return page


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_the_luozhuang_reviewer_opens_each_saved_report_with_only_luozhuang(browser, world, name):
	report = REPORTS[name]
	page = open_saved_report(browser, seed.REV_LZ, report)
	frappe.local.lang = "zh"
	assert frappe._(name) in page.inner_text(".page-head")
	data = page.evaluate("() => cur_list.data")
	group = json.loads(report["json"])["group_by"]
	if group:
		field = group["group_by"].split(".")[1].strip("`")
		shown = {r[field]: r["_aggregate_column"] for r in data}
		# exactly 罗庄区's rows, counted without permissions with the area named
		plain = frappe.get_all(
			report["ref_doctype"],
			filters=[
				*json.loads(report["json"])["filters"],
				[report["ref_doctype"], "area", "=", seed.LUOZHUANG],
			],
			fields=[field, "count(*) as n"],
			group_by=field,
		)
		assert shown == {r[field]: r.n for r in plain}
		for value, count in dash.REPORT_FIGURES[name][seed.REV_LZ].items():
			assert shown.get(value, 0) >= count, (value, shown)
	else:
		assert {r["area"] for r in data} == {seed.LUOZHUANG}
		grid = page.inner_text(".report-view")
		assert seed.LUOZHUANG in grid and seed.LANSHAN not in grid


def test_the_city_admin_sees_both_areas_in_the_points_report(browser, world):
	page = open_saved_report(browser, seed.CITY, REPORTS["Points by Area and Status"])
	areas = set(page.evaluate("() => cur_list.data.map((r) => r.area)"))
	assert {seed.LANSHAN, seed.LUOZHUANG} <= areas
