"""The Oversight number cards, dashboard charts and saved Report Builder reports over HTTP, as the
desk asks for them: every card and chart discovered from the app's JSON files, as the city admin,
each area's reviewer and an operator, against the hand counts of tests/dashboard_helpers.py; the
saved reports through frappe.desk.reportview.get and their export (export_query) keep the user's
rows (the 罗庄区 reviewer: only 罗庄区)."""

import csv
import io
import json
import re

import frappe
import pytest

from tests import dashboard_helpers as dash
from tests import seed

CARD = "/api/method/frappe.desk.doctype.number_card.number_card.get_result"
CHART = "/api/method/frappe.desk.doctype.dashboard_chart.dashboard_chart.get"
VIEW = "/api/method/frappe.desk.reportview.get"
EXPORT = "/api/method/frappe.desk.reportview.export_query"
CARDS, CHARTS, REPORTS = dash.cards(), dash.charts(), dash.builder_reports()


@pytest.fixture(scope="module")
def world(site):
	before = dash.make_world(site)
	frappe.db.commit()
	yield site
	dash.remove_world(site, before)
	frappe.db.commit()


def only_ours(site, doctype: str) -> list:
	return [[doctype, "name", "in", dash.world_names(site, doctype)]]


def form(args: dict) -> dict:
	return {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in args.items()}


@pytest.mark.parametrize("user", dash.USERS)
@pytest.mark.parametrize("name", sorted(CARDS))
def test_each_card_over_http_counts_the_users_own_rows(world, login, name, user):
	card = CARDS[name]
	filters = dash.card_filters(card) + only_ours(world, card["document_type"])
	response = login(user).post(CARD, data={"doc": json.dumps(card), "filters": json.dumps(filters)})
	expected = dash.CARD_FIGURES[name][user]
	if expected is None:
		assert response.status_code == 403, response.text[:300]
		return
	assert response.status_code == 200, response.text[:300]
	assert response.json()["message"] == expected


def chart_figures(chart: dict, message) -> dict | tuple:
	if chart["chart_type"] == "Group By":
		return dict(zip(message["labels"], message["datasets"][0]["values"], strict=True)) if message else {}
	values = message["datasets"][0]["values"]
	return (sum(values), values[-1])


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_each_saved_chart_over_http_is_computed_for_each_user(world, login, name):
	"""In turn, so that a result kept for the chart's name would reach the next user."""
	chart = CHARTS[name]
	filters = json.dumps(json.loads(chart["filters_json"]) + only_ours(world, chart["document_type"]))
	roles = {r["role"] for r in chart["roles"]}
	for user in (seed.CITY, seed.REV_LZ, seed.REV_LS, seed.CITY, seed.OP_A):
		response = login(user).post(CHART, data={"chart_name": name, "filters": filters})
		if not roles & set(frappe.get_roles(user)):
			assert response.status_code == 403, (user, response.text[:300])
			continue
		assert response.status_code == 200, response.text[:300]
		assert chart_figures(chart, response.json()["message"]) == dash.CHART_FIGURES[name][user], user


@pytest.mark.parametrize("user", [seed.CITY, seed.REV_LZ])
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_each_saved_chart_answers_the_workspaces_own_request(world, login, name, user):
	"""As the workspace's chart widget asks: every argument sent, the unset ones empty, and no
	filters when the chart has none (an empty to_date once answered 417 "invalid date")."""
	chart = CHARTS[name]
	data = {"chart_name": name, "refresh": 1, "time_interval": "", "timespan": "", "from_date": ""}
	data |= {"to_date": "", "heatmap_year": ""}
	if json.loads(chart["filters_json"] or "[]"):
		data["filters"] = chart["filters_json"]
	response = login(user).post(CHART, data=data)
	allowed = {r["role"] for r in chart["roles"]} & set(frappe.get_roles(user))
	assert response.status_code == (200 if allowed else 403), response.text[:300]
	if allowed and chart["timeseries"]:  # months in Chinese, not Frappe's "Dec 2025"
		labels = response.json()["message"]["labels"]
		assert labels and all(re.fullmatch(r"\d{4}年\d{1,2}月", label) for label in labels), labels


@pytest.mark.parametrize("user", dash.USERS)
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_each_chart_definition_sent_over_http_is_scoped_by_the_hooks(world, login, name, user):
	chart = CHARTS[name]
	filters = json.dumps(json.loads(chart["filters_json"]) + only_ours(world, chart["document_type"]))
	response = login(user).post(CHART, data={"chart": json.dumps(chart), "filters": filters})
	assert response.status_code == 200, response.text[:300]
	assert chart_figures(chart, response.json()["message"]) == dash.CHART_FIGURES[name][user]


@pytest.mark.parametrize("user", dash.USERS)
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_each_saved_report_over_http_shows_the_users_own_rows(world, login, name, user):
	report = REPORTS[name]
	args = dash.report_args(report, only_ours(world, report["ref_doctype"]))
	response = login(user).post(VIEW, data=form(args))
	assert response.status_code == 200, response.text[:300]
	assert dash.report_rows(report, response.json()["message"]) == dash.REPORT_FIGURES[name][user]


def export(client, report: dict, extra: list | None = None):
	args = dash.report_args(report, extra)
	args.update(file_format_type="CSV", title=report["name"])
	for key in ("start", "page_length", "with_comment_count"):
		args.pop(key)
	return client.post(EXPORT, data=form(args))


def exported(response) -> list[list[str]]:
	assert response.status_code == 200, response.text[:300]
	return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_points_report_exports_only_the_luozhuang_reviewers_area(world, login):
	report = REPORTS["Points by Area and Status"]
	rows = exported(export(login(seed.REV_LZ), report))
	assert rows[0][0] == "序号"  # Frappe's zh has 锶 (strontium) for Sr
	area = rows[0].index(next(label for label in rows[0] if label in ("所属县区", "Area")))
	assert {row[area] for row in rows[1:]} == {seed.LUOZHUANG}
	names = {row[1] for row in rows[1:]}
	assert world.point["C"] in names and dash.PREFIX + "PD" in names and world.point["A"] not in names
	city = exported(export(login(seed.CITY), report))
	assert {seed.LANSHAN, seed.LUOZHUANG} <= {row[area] for row in city[1:]}


@pytest.mark.parametrize("name", sorted(n for n, r in REPORTS.items() if json.loads(r["json"])["group_by"]))
def test_a_grouped_report_exports_the_luozhuang_reviewers_counts(world, login, name):
	report = REPORTS[name]
	rows = exported(export(login(seed.REV_LZ), report, only_ours(world, report["ref_doctype"])))
	counts = {row[1]: int(row[2]) for row in rows[1:]}
	assert counts == dash.REPORT_FIGURES[name][seed.REV_LZ]


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_operators_cannot_export_and_users_without_a_role_cannot_read(world, login, name):
	report = REPORTS[name]
	response = export(login(seed.OP_A), report)
	assert response.status_code == 403 and seed.LUOZHUANG not in response.text
	response = login(seed.NOBODY).post(VIEW, data=form(dash.report_args(report)))
	assert response.status_code == 403 and seed.LUOZHUANG not in response.text
