"""Oversight: district targets, the report 县区备案进度 against a hand count on the seeded points, its
row scope (a 罗庄区 reviewer sees only 罗庄区), and the utility-price certificate."""

import frappe
import pytest

from tests import seed
from tests.oversight_helpers import EXPECTED, give_history
from tuoyu_frappe.oversight.certificate import CertificateRefused, tuoyu_utility_certificate
from tuoyu_frappe.oversight.demo import load_oversight_demo
from tuoyu_frappe.oversight.report.county_filing_progress.county_filing_progress import execute
from tuoyu_frappe.oversight.targets import PLAN_TARGETS, county_areas, ensure_plan_targets, target_problems

REPORT = "County Filing Progress"
CERTIFICATE = "Tuoyu Utility Certificate"


@pytest.fixture
def history(db):
	give_history(db)
	return db


def by_area(rows):
	return {r["area"]: r for r in rows}


# --- targets ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def print_without_commit():
	"""A certificate's number is committed when it is first printed, unless Frappe's `in_test` is
	set: set for each test here and put back after it (a flag left set would switch off
	frappe.only_for for every later test of the suite)."""
	in_test, frappe.flags.in_test = frappe.flags.in_test, True
	yield
	frappe.flags.in_test = in_test


def test_the_plan_targets_are_installed_for_each_county_area(db):
	areas = county_areas()
	assert len(areas) == 13
	for year, points in PLAN_TARGETS.items():
		rows = frappe.get_all(
			"Tuoyu District Target", filters={"year": year}, fields=["area", "target_points"]
		)
		assert sorted(r.area for r in rows) == areas
		assert {r.target_points for r in rows} == {points}


def test_install_keeps_a_city_admins_edit_and_adds_what_is_missing(db, as_user):
	name = f"2022-{seed.LANSHAN}"
	as_user(seed.CITY)
	target = frappe.get_doc("Tuoyu District Target", name)
	target.target_points = 9
	target.save()
	frappe.set_user("Administrator")
	frappe.delete_doc("Tuoyu District Target", f"2023-{seed.LUOZHUANG}")
	ensure_plan_targets()
	assert frappe.db.get_value("Tuoyu District Target", name, "target_points") == 9
	assert frappe.db.get_value("Tuoyu District Target", f"2023-{seed.LUOZHUANG}", "target_points") == 15


def test_a_city_admin_adds_a_year_and_the_demo_adds_2026(db, as_user):
	as_user(seed.CITY)
	frappe.get_doc(
		{"doctype": "Tuoyu District Target", "year": 2030, "area": seed.LANSHAN, "target_points": 30}
	).insert()
	with pytest.raises(frappe.ValidationError, match="该县区本年度已设目标"):
		frappe.get_doc(
			{"doctype": "Tuoyu District Target", "year": 2030, "area": seed.LANSHAN, "target_points": 1}
		).insert()
	with pytest.raises(frappe.ValidationError, match="目标只能按县区设置"):
		frappe.get_doc(
			{"doctype": "Tuoyu District Target", "year": 2030, "area": seed.LANSHAN_TOWN, "target_points": 1}
		).insert()
	frappe.set_user("Administrator")
	commit = frappe.db.commit
	frappe.db.commit = lambda: None  # keep the test's transaction: the fixture rolls it back
	try:
		load_oversight_demo()
		load_oversight_demo()
	finally:
		frappe.db.commit = commit
	assert frappe.db.count("Tuoyu District Target", {"year": 2026}) == 13


def test_a_reviewer_reads_but_cannot_change_targets(db, as_user):
	as_user(seed.REV_LZ)
	assert [
		t.area for t in frappe.get_list("Tuoyu District Target", filters={"year": 2023}, fields=["area"])
	] == [seed.LUOZHUANG]
	assert not frappe.has_permission("Tuoyu District Target", "read", doc=f"2023-{seed.LANSHAN}")
	target = frappe.get_doc("Tuoyu District Target", f"2023-{seed.LUOZHUANG}")
	target.target_points = 1
	with pytest.raises(frappe.PermissionError):
		target.save()
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{"doctype": "Tuoyu District Target", "year": 2031, "area": seed.LUOZHUANG, "target_points": 1}
		).insert()


def test_target_rules():
	assert target_problems(2024, "县区", 6, 0, False) == []
	assert target_problems(1999, "乡镇街道", -1, 0, True) == [
		"Enter a year between 2000 and 2100",
		"A target is set for a county-level area",
		"Targets cannot be negative",
		"This area already has a target for this year",
	]


# --- 县区备案进度 ---------------------------------------------------------------------------


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_figures_match_the_hand_count_for_the_city(history, as_user, year):
	as_user(seed.CITY)
	_columns, rows, _message, chart, summary = execute({"year": year})
	rows = by_area(rows)
	assert sorted(rows) == county_areas()
	for area, (points, places) in EXPECTED[year].items():
		assert (rows[area]["filed_points"], rows[area]["filed_places"]) == (points, places), (year, area)
	others = [r for a, r in rows.items() if a not in EXPECTED[year]]
	assert all(r["filed_points"] == 0 for r in others)
	if year in PLAN_TARGETS:
		lanshan = rows[seed.LANSHAN]
		assert lanshan["target_points"] == PLAN_TARGETS[year]
		assert lanshan["points_rate"] == round(100 * lanshan["filed_points"] / PLAN_TARGETS[year], 1)
		assert (
			lanshan["status"] == "未达标" and lanshan["gap"] == PLAN_TARGETS[year] - lanshan["filed_points"]
		)
		cards = {c["label"]: c["value"] for c in summary}
		assert cards["未达标县区数"] == 13
		assert cards["已备案托育点"] == sum(p for p, _ in EXPECTED[year].values())
	assert len(chart["data"]["labels"]) == 13 and len(chart["data"]["datasets"]) == 2


def test_an_area_on_target_stands_out_as_on_target(history, as_user):
	frappe.db.set_value("Tuoyu District Target", f"2022-{seed.LUOZHUANG}", "target_points", 1)
	as_user(seed.CITY)
	rows = by_area(execute({"year": 2022})[1])
	assert rows[seed.LUOZHUANG]["status"] == "已达标" and rows[seed.LUOZHUANG]["points_rate"] == 100.0
	assert rows[seed.LANSHAN]["status"] == "未达标"


def test_a_cancellation_ends_the_count_from_its_date(history, as_user):
	point = history.point["A"]
	frappe.db.set_value("Tuoyu Point", point, "status", "已注销", update_modified=False)
	frappe.db.sql(
		"""insert into `tabTuoyu Filing` (name, point, area, filing_type, workflow_state, docstatus, filed_on)
		values ('ZZ-CANCEL-A', %s, %s, '注销备案', '已备案', 1, '2024-02-01')""",
		(point, seed.LANSHAN),
	)
	as_user(seed.CITY)
	assert by_area(execute({"year": 2023})[1])[seed.LANSHAN]["filed_points"] == 2
	assert by_area(execute({"year": 2024})[1])[seed.LANSHAN]["filed_points"] == 1


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_a_luozhuang_reviewer_sees_only_luozhuang(history, as_user, year):
	as_user(seed.REV_LZ)
	_columns, rows, _message, chart, summary = execute({"year": year})
	assert [r["area"] for r in rows] == [seed.LUOZHUANG]
	assert rows[0]["filed_points"] == EXPECTED[year][seed.LUOZHUANG][0]
	assert summary[0]["value"] == EXPECTED[year][seed.LUOZHUANG][0]
	assert chart["data"]["labels"] == ["罗庄区"]
	# Asking for another area gives nothing of it.
	assert execute({"year": year, "area": seed.LANSHAN})[1] == []
	as_user(seed.REV_LS)
	rows = execute({"year": year})[1]
	assert [(r["area"], r["filed_points"]) for r in rows] == [(seed.LANSHAN, EXPECTED[year][seed.LANSHAN][0])]


def test_operators_and_users_without_a_role_cannot_run_it(history, as_user):
	from frappe.desk.query_report import run

	for user in (seed.OP_A, seed.NOBODY):
		as_user(user)
		with pytest.raises(frappe.PermissionError):
			run(REPORT, filters={"year": 2023})


def test_the_report_is_read_only_for_a_replica():
	import inspect

	from tuoyu_frappe.oversight.report.county_filing_progress import county_filing_progress

	assert "@frappe.read_only()\ndef execute(" in inspect.getsource(county_filing_progress)
	assert execute.__wrapped__  # functools.wraps of frappe.read_only's wrapper


# --- 居民价格用水用电用气证明 ---------------------------------------------------------------


def get_print(name):
	in_test, frappe.flags.in_test = frappe.flags.in_test, True
	try:
		return frappe.get_print("Tuoyu Point", name, print_format=CERTIFICATE)
	finally:
		frappe.flags.in_test = in_test


def test_a_filed_point_gets_a_numbered_certificate_that_keeps_its_number(history, as_user):
	point = history.point["A"]
	as_user(seed.REV_LS)
	html = get_print(point)
	number = frappe.db.get_value(CERTIFICATE, {"point": point}, "certificate_number")
	assert number and number in html
	assert "居民价格用水用电用气证明" in html and "临沂市家庭托育点建设试点方案" in html
	assert "居民供暖价格" in html and 'src="data:image/svg+xml;base64,' in html
	assert "/tuoyu/verify?no=" in tuoyu_utility_certificate(point)["verify_url"]
	as_user(seed.OP_A)
	assert number in get_print(point)
	assert frappe.db.count(CERTIFICATE, {"point": point}) == 1
	frappe.set_user("Administrator")
	other = tuoyu_utility_certificate(history.point["B"])["number"]
	assert other != number


@pytest.mark.parametrize("status", ["筹建中", "停业整改", "已撤销备案", "已注销"])
def test_a_point_that_is_not_filed_is_refused(history, as_user, status):
	point = history.point["A"]
	frappe.db.set_value("Tuoyu Point", point, "status", status, update_modified=False)
	as_user(seed.REV_LS)
	with pytest.raises(frappe.ValidationError, match="居民价格用水用电用气证明仅对已备案的托育点出具"):
		get_print(point)
	with pytest.raises(CertificateRefused):
		tuoyu_utility_certificate(point)
	assert not frappe.db.exists(CERTIFICATE, {"point": point})


def test_users_outside_the_point_cannot_print_it(history, as_user):
	point = history.point["A"]
	for user in (seed.REV_LZ, seed.OP_B, seed.NOBODY):
		as_user(user)
		with pytest.raises(frappe.PermissionError):
			get_print(point)
	assert not frappe.db.exists(CERTIFICATE, {"point": point})
