"""Every Oversight number card, dashboard chart and saved Report Builder report (discovered from the
app's JSON files) computed as the city admin (both areas), each area's reviewer (their own area) and
an operator (their own point) against hand counts of rows in two areas (tests/dashboard_helpers.py).

The figures come from the permission hooks, not from per-role copies: Frappe's own card method
(`number_card.get_result`), our chart closure (`security.closures.dashboard_chart_get`) and Report
View (`frappe.desk.reportview.get`) are called as each user."""

import json
import os

import frappe
import pytest
from frappe.desk.doctype.number_card.number_card import get_percentage_difference, get_result

from tests import dashboard_helpers as dash
from tests import seed
from tuoyu_frappe.oversight.dashboards import (
	CITY_WORKSPACE,
	REVIEWER_WORKSPACE,
	WORKSPACE_DASHBOARDS,
	WORKSPACE_REPORTS,
	add_to_workspace,
)
from tuoyu_frappe.security.closures import dashboard_chart_get

CARDS, CHARTS, REPORTS = dash.cards(), dash.charts(), dash.builder_reports()


@pytest.fixture
def world(db):
	dash.make_world(db)
	return db


def only_ours(site, doctype: str) -> list:
	return [[doctype, "name", "in", dash.world_names(site, doctype)]]


# --- what ships --------------------------------------------------------------------------------


def test_every_card_chart_and_report_has_a_hand_count_and_is_a_permission_aware_kind():
	assert set(CARDS) == set(dash.CARD_FIGURES)
	assert set(CHARTS) == set(dash.CHART_FIGURES)
	assert set(REPORTS) == set(dash.REPORT_FIGURES)
	for card in CARDS.values():
		# Document Type cards count through frappe.get_list; a Custom card's method or a Report card
		# would need its own review.
		assert (card["type"], card["is_standard"], card["module"]) == ("Document Type", 1, "Oversight")
		assert not card.get("method")
	for chart in CHARTS.values():
		assert chart["chart_type"] in ("Count", "Sum", "Average", "Group By") and not chart.get("source")
	for report in REPORTS.values():
		assert (report["is_standard"], report["module"]) == ("Yes", "Oversight")
		assert {r["role"] for r in report["roles"]} == {
			"Tuoyu City Admin",
			"Tuoyu District Reviewer",
			"System Manager",
		}


def test_the_cards_charts_and_reports_are_installed_and_named_in_chinese(db):
	frappe.local.lang = "zh"
	for doctype, names in (("Number Card", CARDS), ("Dashboard Chart", CHARTS), ("Report", REPORTS)):
		for name in names:
			assert frappe.db.exists(doctype, name), (doctype, name)
			assert frappe._(name) != name, f"no zh row for {name}"
	for workspace, wanted in WORKSPACE_DASHBOARDS.items():
		assert set(wanted["number_cards"]) <= set(CARDS) and set(wanted["charts"]) <= set(CHARTS)
		assert set(WORKSPACE_REPORTS[workspace]) <= set(REPORTS)


def test_add_to_workspace_adds_each_card_and_chart_once():
	workspace = {"name": "Tuoyu District Review", "content": "[]"}
	once = add_to_workspace(workspace)
	twice = add_to_workspace(json.loads(json.dumps(once)))
	assert twice == once
	wanted = WORKSPACE_DASHBOARDS["Tuoyu District Review"]
	assert [r["number_card_name"] for r in once["number_cards"]] == list(wanted["number_cards"])
	assert [r["chart_name"] for r in once["charts"]] == list(wanted["charts"])
	assert len(json.loads(once["content"])) == len(wanted["number_cards"]) + len(wanted["charts"])


# --- number cards ------------------------------------------------------------------------------


@pytest.mark.parametrize("user", dash.USERS)
@pytest.mark.parametrize("name", sorted(CARDS))
def test_each_card_counts_the_users_own_rows(world, as_user, name, user):
	card = CARDS[name]
	filters = dash.card_filters(card) + only_ours(world, card["document_type"])
	expected = dash.CARD_FIGURES[name][user]
	as_user(user)
	if expected is None:
		with pytest.raises(frappe.PermissionError):
			get_result(card, filters)
		return
	assert get_result(card, filters) == expected


@pytest.mark.parametrize("user,area", [(seed.REV_LZ, seed.LUOZHUANG), (seed.REV_LS, seed.LANSHAN)])
@pytest.mark.parametrize("name", sorted(CARDS))
def test_a_reviewers_card_as_the_desk_asks_it_equals_a_plain_count_of_their_area(
	world, as_user, name, user, area
):
	"""The card as the desk sends it (no restriction to our rows) against a query of the same
	filters with the area named, run without permissions."""
	card = CARDS[name]
	function = {"Count": "count(*)", "Sum": f"sum({card['aggregate_function_based_on']})"}[card["function"]]
	plain = frappe.get_all(
		card["document_type"],
		filters=[*dash.card_filters(card), [card["document_type"], "area", "=", area]],
		fields=[f"{function} as result"],
	)[0].result
	as_user(user)
	assert get_result(card, dash.card_filters(card)) == (plain or 0)


@pytest.mark.parametrize("name", sorted(CARDS))
def test_no_card_shows_percentage_stats(world, as_user, name):
	"""get_percentage_difference loads a saved card by name without a check; ours answer nothing."""
	as_user(seed.REV_LZ)
	assert get_percentage_difference(CARDS[name], dash.card_filters(CARDS[name]), 1) is None


def test_a_card_summing_a_column_of_a_table_not_in_the_query_is_refused(world, as_user):
	as_user(seed.REV_LZ)
	card = {**CARDS["Filed Places"], "aggregate_function_based_on": "`tabTuoyu Staff Identity`.`age`"}
	with pytest.raises(frappe.PermissionError):
		get_result(card, [])


# --- dashboard charts --------------------------------------------------------------------------


def chart_figures(chart: dict, result) -> dict | tuple:
	if chart["chart_type"] == "Group By":
		if not result:
			return {}
		return dict(zip(result["labels"], result["datasets"][0]["values"], strict=True))
	values = result["datasets"][0]["values"]
	return (sum(values), values[-1])


def allowed(chart: dict, user: str) -> bool:
	return bool({r["role"] for r in chart["roles"]} & set(frappe.get_roles(user)))


@pytest.mark.parametrize("user", dash.USERS)
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_each_chart_computed_for_the_user_shows_their_own_rows(world, as_user, name, user):
	chart = CHARTS[name]
	filters = json.loads(chart["filters_json"]) + only_ours(world, chart["document_type"])
	expected = dash.CHART_FIGURES[name][user]
	as_user(user)
	# The definition sent by the desk's chart editor: scoped by the hooks for any reader of the DocType.
	inline = dashboard_chart_get(chart=json.dumps(chart), filters=json.dumps(filters))
	assert chart_figures(chart, inline) == expected
	# The saved chart: only for its roles.
	if allowed(chart, user):
		named = dashboard_chart_get(chart_name=name, filters=json.dumps(filters))
		assert chart_figures(chart, named) == expected
	else:
		with pytest.raises(frappe.PermissionError):
			dashboard_chart_get(chart_name=name, filters=json.dumps(filters))


def test_a_chart_by_area_is_labelled_with_area_names_the_reviewer_may_see(world, as_user):
	as_user(seed.REV_LZ)
	chart = CHARTS["Points by Area"]
	result = dashboard_chart_get(chart=json.dumps(chart))
	assert result["labels"] == ["罗庄区"]


def test_the_operator_cannot_open_the_saved_charts_of_overseers(world, as_user):
	as_user(seed.OP_A)
	for name, chart in CHARTS.items():
		assert not allowed(chart, seed.OP_A), name
		with pytest.raises(frappe.PermissionError):
			dashboard_chart_get(chart_name=name)


# --- saved Report Builder reports --------------------------------------------------------------


def report_view(args: dict) -> dict:
	from frappe.desk import reportview

	frappe.local.form_dict = frappe._dict({k: v for k, v in args.items()})
	try:
		return reportview.get()
	finally:
		frappe.local.form_dict = frappe._dict()


@pytest.mark.parametrize("user", dash.USERS)
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_each_saved_report_shows_the_users_own_rows(world, as_user, name, user):
	report = REPORTS[name]
	args = dash.report_args(report, only_ours(world, report["ref_doctype"]))
	as_user(user)
	assert dash.report_rows(report, report_view(args)) == dash.REPORT_FIGURES[name][user]


def test_the_points_report_as_the_desk_asks_it_holds_only_the_reviewers_area(world, as_user):
	report = REPORTS["Points by Area and Status"]
	as_user(seed.REV_LZ)
	result = report_view(dash.report_args(report))
	areas = {dict(zip(result["keys"], v, strict=True))["area"] for v in result["values"]}
	assert areas == {seed.LUOZHUANG}
	as_user(seed.CITY)
	result = report_view(dash.report_args(report))
	areas = {dict(zip(result["keys"], v, strict=True))["area"] for v in result["values"]}
	assert {seed.LUOZHUANG, seed.LANSHAN} <= areas


def test_a_user_without_a_tuoyu_role_gets_no_report(world, as_user):
	as_user(seed.NOBODY)
	for report in REPORTS.values():
		with pytest.raises(frappe.PermissionError):
			report_view(dash.report_args(report))


def test_a_saved_chart_is_never_served_from_another_users_result(world, as_user):
	"""Frappe keeps one result per chart name for every user (cache_source); the city admin's
	figures must not reach the 罗庄区 reviewer, nor the reviewer's the city admin."""
	chart = CHARTS["Inspections by Conclusion"]
	filters = json.dumps(json.loads(chart["filters_json"]) + only_ours(world, chart["document_type"]))
	for user in (seed.CITY, seed.REV_LZ, seed.CITY):
		as_user(user)
		result = dashboard_chart_get(chart_name=chart["name"], filters=filters)
		assert chart_figures(chart, result) == dash.CHART_FIGURES[chart["name"]][user]
	frappe.set_user("Administrator")
	assert not frappe.cache.get_value(f"chart-data:{chart['name']}")


def test_every_role_that_reads_a_doctype_of_ours_reads_all_its_permission_levels():
	"""A card or chart sent in a request aggregates and filters any column the caller names; Frappe
	drops columns of levels the caller cannot read, but not filters. None of ours needs that check."""
	import glob
	import os

	for path in glob.glob(os.path.join(dash.APP, "*", "doctype", "*", "*.json")):
		with open(path) as f:
			doctype = json.load(f)
		levels = {field.get("permlevel", 0) for field in doctype.get("fields", [])}
		read: dict[str, set] = {}
		for perm in doctype.get("permissions", []):
			if perm.get("read"):
				read.setdefault(perm["role"], set()).add(perm.get("permlevel", 0))
		for role, granted in read.items():
			if 0 in granted:
				assert levels <= granted, (doctype["name"], role, levels - granted)


@pytest.mark.parametrize("name", list(WORKSPACE_DASHBOARDS))
def test_the_shipped_workspace_carries_exactly_the_listed_cards_and_charts(name):
	"""The workspace JSON already holds what add_to_workspace would add (running it changes nothing)."""
	module = "registry"
	path = os.path.join(dash.APP, module, "workspace", frappe.scrub(name), f"{frappe.scrub(name)}.json")
	with open(path) as f:
		shipped = json.load(f)
	assert add_to_workspace(json.loads(json.dumps(shipped))) == shipped


@pytest.mark.parametrize("user", [seed.REV_LZ, seed.CITY])
def test_the_listed_cards_and_charts_load_on_each_roles_workspace(world, as_user, user):
	"""Frappe's workspace loader shows each role its workspace's cards and charts, in order."""
	from frappe.desk.desktop import get_desktop_page

	name = REVIEWER_WORKSPACE if user == seed.REV_LZ else CITY_WORKSPACE
	as_user(user)
	page = get_desktop_page(json.dumps({"name": name, "title": name, "public": 1}))
	assert [c.number_card_name for c in page["number_cards"]["items"]] == list(
		WORKSPACE_DASHBOARDS[name]["number_cards"]
	)
	assert [c.chart_name for c in page["charts"]["items"]] == list(WORKSPACE_DASHBOARDS[name]["charts"])
