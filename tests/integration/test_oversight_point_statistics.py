"""托育点统计 against a hand count: the seeded points A, B (兰山区) and C (罗庄区) with known status,
service model, premises type, compliance status, places and enrolment, as the 兰山区 reviewer, the 罗庄区
reviewer and the city admin; every dimension and the status filter."""

import frappe
import pytest

from tests import seed
from tests.oversight_helpers import give_history
from tuoyu_frappe.oversight.report.point_statistics.point_statistics import execute

HEDONG = "371312"
# After give_history: A 已备案, B 已备案 (兰山区), C 已撤销备案 (罗庄区).
VALUES = {
	"A": {
		"service_model": "家庭服务",
		"premises_type": "居民住宅",
		"compliance_status": "合规",
		"capacity": 5,
		"enrolment": 3,
	},
	"B": {
		"service_model": "医育结合",
		"premises_type": "社区用房",
		"compliance_status": "不合规",
		"capacity": 8,
		"enrolment": 6,
	},
	"C": {
		"service_model": "家庭服务",
		"premises_type": "沿街房",
		"compliance_status": "",
		"capacity": 4,
		"enrolment": 1,
	},
}
# By hand: {dimension: {(area, value): (points, share, places, enrolment)}}, zeros left out.
EXPECTED = {
	"status": {
		(seed.LANSHAN, "已备案"): (2, 100.0, 13, 9),
		(seed.LUOZHUANG, "已撤销备案"): (1, 100.0, 4, 1),
	},
	"service_model": {
		(seed.LANSHAN, "家庭服务"): (1, 50.0, 5, 3),
		(seed.LANSHAN, "医育结合"): (1, 50.0, 8, 6),
		(seed.LUOZHUANG, "家庭服务"): (1, 100.0, 4, 1),
	},
	"premises_type": {
		(seed.LANSHAN, "居民住宅"): (1, 50.0, 5, 3),
		(seed.LANSHAN, "社区用房"): (1, 50.0, 8, 6),
		(seed.LUOZHUANG, "沿街房"): (1, 100.0, 4, 1),
	},
	"compliance_status": {
		(seed.LANSHAN, "合规"): (1, 50.0, 5, 3),
		(seed.LANSHAN, "不合规"): (1, 50.0, 8, 6),
		(seed.LUOZHUANG, "未评估"): (1, 100.0, 4, 1),
	},
}
VALUE_COUNT = {"status": 5, "service_model": 4, "premises_type": 4, "compliance_status": 4}


@pytest.fixture
def points(db):
	give_history(db)
	for key, values in VALUES.items():
		frappe.db.set_value("Tuoyu Point", db.point[key], values, update_modified=False)
	return db


def report(user, **filters):
	frappe.set_user(user)
	frappe.local.lang = "zh"
	columns, rows, _message, chart, summary = execute(filters)
	return columns, rows, chart, {c["label"]: c["value"] for c in summary}


def figures(rows):
	"""{(area, value): (points, share, places, enrolment)} of the rows with points."""
	return {
		(r["area"], r["value"]): (r["points"], r["share"], r["places"], r["enrolment"])
		for r in rows
		if r["points"]
	}


@pytest.mark.parametrize("dimension", list(EXPECTED))
def test_the_city_admin_sees_every_area_and_value_with_the_hand_count(points, dimension):
	columns, rows, chart, summary = report(seed.CITY, group_by=dimension)
	assert [c["fieldname"] for c in columns][:3] == ["area", "area_name", "value"]
	assert figures(rows) == EXPECTED[dimension]
	# Every county area, each with every value of the dimension, zeros included.
	assert len(rows) == 13 * VALUE_COUNT[dimension]
	hedong = [r for r in rows if r["area"] == HEDONG]
	assert len(hedong) == VALUE_COUNT[dimension]
	assert all(r["points"] == 0 and r["share"] is None for r in hedong)
	assert summary["托育点数"] == 3 and summary["托位数"] == 17 and summary["在托人数"] == 10
	for (_area, value), (count, *_rest) in EXPECTED[dimension].items():
		assert summary[value] >= count
	labels = chart["data"]["labels"]
	stacks = {d["name"]: d["values"] for d in chart["data"]["datasets"]}
	assert len(stacks) == VALUE_COUNT[dimension]
	for (area, value), (count, *_rest) in EXPECTED[dimension].items():
		name = {seed.LANSHAN: "兰山区", seed.LUOZHUANG: "罗庄区"}[area]
		assert stacks[value][labels.index(name)] == count


def test_the_summary_counts_each_value_across_areas(points):
	_columns, _rows, _chart, summary = report(seed.CITY, group_by="service_model")
	assert summary["家庭服务"] == 2 and summary["医育结合"] == 1 and summary["社区服务"] == 0


def test_the_status_filter_and_the_area_filter(points):
	_columns, rows, _chart, summary = report(seed.CITY, group_by="service_model", status="已备案")
	assert figures(rows) == {
		(seed.LANSHAN, "家庭服务"): (1, 50.0, 5, 3),
		(seed.LANSHAN, "医育结合"): (1, 50.0, 8, 6),
	}
	assert summary["托育点数"] == 2
	_columns, rows, _chart, summary = report(seed.CITY, group_by="premises_type", area=seed.LUOZHUANG)
	assert {r["area"] for r in rows} == {seed.LUOZHUANG}
	assert figures(rows) == {(seed.LUOZHUANG, "沿街房"): (1, 100.0, 4, 1)}


@pytest.mark.parametrize(
	"reviewer, own, other",
	[(seed.REV_LS, seed.LANSHAN, seed.LUOZHUANG), (seed.REV_LZ, seed.LUOZHUANG, seed.LANSHAN)],
)
@pytest.mark.parametrize("dimension", list(EXPECTED))
def test_a_reviewer_sees_only_their_own_area(points, reviewer, own, other, dimension):
	_columns, rows, chart, summary = report(reviewer, group_by=dimension)
	assert {r["area"] for r in rows} == {own}
	assert figures(rows) == {k: v for k, v in EXPECTED[dimension].items() if k[0] == own}
	assert summary["托育点数"] == {seed.LANSHAN: 2, seed.LUOZHUANG: 1}[own]
	assert len(chart["data"]["labels"]) == 1
	_columns, rows, _chart, summary = report(reviewer, group_by=dimension, area=other)
	assert rows == [] and summary["托育点数"] == 0


def test_unknown_dimensions_and_statuses_are_refused(points):
	frappe.set_user(seed.CITY)
	with pytest.raises(frappe.ValidationError):
		execute({"group_by": "uscc"})
	with pytest.raises(frappe.ValidationError):
		execute({"status": "' or 1=1 --"})


def test_an_operator_may_not_run_it(points):
	frappe.set_user(seed.OP_A)
	with pytest.raises(frappe.PermissionError):
		frappe.get_attr("frappe.desk.query_report.run")("Point Statistics", filters={})


@pytest.mark.parametrize(
	"report", ["point_statistics", "inspection_coverage", "rectification_and_enforcement"]
)
def test_the_report_is_read_only_for_a_replica(report):
	import inspect

	module = frappe.get_module(f"tuoyu_frappe.oversight.report.{report}.{report}")
	assert "@frappe.read_only()\ndef execute(" in inspect.getsource(module)
