"""人员资质预警 against a hand count: the seeded staff of points A, B (兰山区) and C (罗庄区) and a few
more, as of 2026-06-01 with 30 days' notice, as the 兰山区 reviewer, the 罗庄区 reviewer and the city
admin; who is left out (staff who left, points closed), and no ID number anywhere."""

from datetime import date

import frappe
import pytest

from tests import seed
from tuoyu_frappe.oversight.report.staff_qualification_alerts.staff_qualification_alerts import execute
from tuoyu_frappe.reminders import rules as r

STAFF = "Tuoyu Staff"
AS_OF = {"as_of": "2026-06-01", "days": 30}
HEDONG = "371312"
OVERDUE, DUE_SOON, NOT_MET = r.OVERDUE, r.DUE_SOON, "未达标"

# The seeded staff, set to known papers (health certificate expiry, last background check, training missing).
SEEDED = {
	"A": ("2027-01-01", "2026-01-10", "急救"),  # only training
	"B": ("2026-06-20", "2025-06-15", ""),  # health certificate and re-check due soon
	"C": (None, "2025-05-01", "消防、急救"),  # no health certificate, re-check overdue, training
}
# More staff: (key, point, post, status, health expiry, last check, training missing, [(type, expiry)])
MORE = [
	(
		"T1",
		"A",
		"保育人员",
		"在职",
		"2026-05-31",
		None,
		"",
		[("保育师", "2026-07-01"), ("育婴员", "2026-07-02"), ("营养师", None)],
	),
	("T2", "A", "保育人员", "离职", "2026-01-01", None, "保育", []),  # has left: no alert
	(
		"T3",
		"B",
		"负责人",
		"在职",
		"2027-01-01",
		"2026-05-20",
		"保育",
		[],
	),  # not a caregiver: no training alert
	("T4", "C", "保育人员", "在职", "2027-01-01", "2026-03-01", "", [("育婴员", "2026-01-01")]),
	("T5", "CLOSED", "保育人员", "在职", None, None, "保育", [("保育师", "2025-01-01")]),  # a closed point
]
# By hand: (staff or key, problem, stage, due date)
EXPECTED = {
	seed.LANSHAN: {
		("A", "必修培训", NOT_MET, None),
		("B", "健康证", DUE_SOON, date(2026, 6, 20)),
		("B", "背景复查", DUE_SOON, date(2026, 6, 15)),
		("T1", "健康证", OVERDUE, date(2026, 5, 31)),
		("T1", "背景复查", OVERDUE, None),  # never checked
		("T1", "资格证书", DUE_SOON, date(2026, 7, 1)),  # the last day of the notice
	},
	seed.LUOZHUANG: {
		("C", "健康证", OVERDUE, None),  # none recorded
		("C", "背景复查", OVERDUE, date(2026, 5, 1)),
		("C", "必修培训", NOT_MET, None),
		("T4", "资格证书", OVERDUE, date(2026, 1, 1)),
	},
}


@pytest.fixture
def staff(db):
	frappe.set_user("Administrator")
	keys = {}
	for key, (health, checked, missing) in SEEDED.items():
		frappe.db.set_value(
			STAFF,
			db.staff[key],
			{
				"health_cert_expiry": health,
				"last_background_check": checked,
				"training_topics_missing": missing,
			},
			update_modified=False,
		)
		keys[db.staff[key]] = key
	# Point C's filing was revoked: it stays under supervision, so its staff stay on the list.
	frappe.db.set_value("Tuoyu Point", db.point["C"], "status", "已撤销备案", update_modified=False)
	frappe.get_doc(
		{
			"doctype": "Tuoyu Point",
			"name": "TEST-SQA-P",
			"point_name": "已注销托育点",
			"area": seed.LUOZHUANG,
			"township": seed.LUOZHUANG_TOWN,
			"status": "已注销",
		}
	).db_insert()
	points = {**db.point, "CLOSED": "TEST-SQA-P"}
	for key, point, post, status, health, checked, missing, qualifications in MORE:
		name = f"TEST-SQA-{key}"
		frappe.get_doc(
			{
				"doctype": STAFF,
				"name": name,
				"staff_name": f"员工{key}",
				"point": points[point],
				"area": frappe.db.get_value("Tuoyu Point", points[point], "area"),
				"post": post,
				"employment_status": status,
				"health_cert_expiry": health,
				"last_background_check": checked,
				"training_topics_missing": missing,
			}
		).db_insert()
		for i, (kind, expiry) in enumerate(qualifications):
			frappe.get_doc(
				{
					"doctype": "Tuoyu Staff Qualification",
					"name": f"{name}-Q{i}",
					"parent": name,
					"parenttype": STAFF,
					"parentfield": "qualifications",
					"idx": i + 1,
					"qualification_type": kind,
					"expiry_date": expiry,
				}
			).db_insert()
		keys[name] = key
	return keys


def alerts(user, **filters):
	"""(columns, rows, chart, {card label: value}): a list, so rows are not keyed by area."""
	frappe.set_user(user)
	frappe.local.lang = "zh"
	columns, rows, _message, chart, summary = execute({**AS_OF, **filters})
	return columns, rows, chart, {c["label"]: c["value"] for c in summary}


def by_area(rows, keys) -> dict[str, set]:
	found: dict[str, set] = {}
	for row in rows:
		found.setdefault(row["area"], set()).add(
			(keys.get(row["staff"], row["staff"]), row["problem"], row["stage"], row["due_date"])
		)
	return found


def test_the_city_admin_gets_the_hand_count_of_both_areas(staff):
	columns, rows, chart, summary = alerts(seed.CITY)
	assert "area" in [c["fieldname"] for c in columns] and all(row["area"] for row in rows)
	assert by_area(rows, staff) == EXPECTED
	assert summary == {"有预警的人员": 5, "已过期或逾期": 5, "即将到期": 3, "必修培训未完成": 2}
	labels = chart["data"]["labels"]
	assert len(labels) == 13  # every county area, with zeros
	health = next(d for d in chart["data"]["datasets"] if d["name"] == "健康证")["values"]
	assert (
		health[labels.index("兰山区")],
		health[labels.index("罗庄区")],
		health[labels.index("河东区")],
	) == (2, 1, 0)


def test_the_stages_are_those_of_the_daily_reminders(staff):
	_columns, rows, _chart, _summary = alerts(seed.CITY)
	for row in rows:
		if row["problem"] != "必修培训":
			assert row["stage"] == r.stage(row["due_date"], date(2026, 6, 1), 30), row
			assert row["days_left"] == (
				(row["due_date"] - date(2026, 6, 1)).days if row["due_date"] else None
			)


def test_the_most_urgent_come_first(staff):
	_columns, rows, _chart, _summary = alerts(seed.CITY)
	stages = [row["stage"] for row in rows]
	assert stages == sorted(stages, key=[OVERDUE, DUE_SOON, NOT_MET].index)
	assert rows[0]["due_date"] is None  # nothing on record comes before the dates


@pytest.mark.parametrize(
	"reviewer, own, other",
	[(seed.REV_LS, seed.LANSHAN, seed.LUOZHUANG), (seed.REV_LZ, seed.LUOZHUANG, seed.LANSHAN)],
)
def test_a_reviewer_sees_only_their_own_area(staff, reviewer, own, other):
	_columns, rows, chart, summary = alerts(reviewer)
	assert by_area(rows, staff) == {own: EXPECTED[own]}
	assert summary["有预警的人员"] == len({key for key, *_rest in EXPECTED[own]})
	assert len(chart["data"]["labels"]) == 1
	_columns, rows, _chart, summary = alerts(reviewer, area=other)
	assert rows == [] and summary["有预警的人员"] == 0


def test_the_days_and_problem_filters(staff):
	_columns, rows, _chart, _summary = alerts(seed.CITY, days=0)
	assert by_area(rows, staff)[seed.LANSHAN] == {a for a in EXPECTED[seed.LANSHAN] if a[2] != DUE_SOON}
	_columns, rows, _chart, _summary = alerts(seed.CITY, problem="健康证")
	assert {(staff.get(row["staff"]), row["area"]) for row in rows} == {
		("B", seed.LANSHAN),
		("T1", seed.LANSHAN),
		("C", seed.LUOZHUANG),
	}
	frappe.set_user(seed.CITY)
	with pytest.raises(frappe.ValidationError):
		execute({**AS_OF, "problem": "身份证"})
	with pytest.raises(frappe.ValidationError):
		execute({**AS_OF, "days": 9999})


def test_no_id_number_is_shown(staff):
	columns, rows, _chart, _summary = alerts(seed.CITY)
	assert not [c for c in columns if "id_number" in c["fieldname"]]
	cells = {str(value) for row in rows for value in row.values()}
	numbers = set(seed.STAFF_IDS.values())
	masked = set(frappe.get_all(STAFF, filters={"name": ("in", list(staff))}, pluck="id_number_masked")) - {
		None,
		"",
	}
	assert not cells & (numbers | masked)
	assert not any(n in cell for n in numbers for cell in cells)


def test_an_operator_may_not_run_it(staff):
	frappe.set_user(seed.OP_A)
	with pytest.raises(frappe.PermissionError):
		frappe.get_attr("frappe.desk.query_report.run")("Staff Qualification Alerts", filters=AS_OF)


def test_a_long_list_is_cut_to_the_most_urgent_and_says_so(staff):
	from unittest import mock

	with mock.patch(
		"tuoyu_frappe.oversight.report.staff_qualification_alerts.staff_qualification_alerts.MAX_ROWS", 3
	):
		frappe.set_user(seed.CITY)
		frappe.local.lang = "zh"
		_columns, rows, message, _chart, summary = execute(AS_OF)
	assert len(rows) == 3 and {row["stage"] for row in rows} == {OVERDUE}
	assert message == "仅显示 10 条预警中最紧急的 3 条；请缩小筛选范围查看其余"
	assert summary[0]["value"] == 5  # the counts are over every alert


def test_the_training_condition_reads_its_prefix_index(db):
	"""Frappe cannot index a Text column: install, migrate and a patch add the prefix index."""
	assert frappe.db.has_index("tabTuoyu Staff", "training_topics_missing_index")
	plan = frappe.db.sql(
		"""explain select name from `tabTuoyu Staff` force index (training_topics_missing_index)
		where training_topics_missing > ''""",
		as_dict=True,
	)
	assert plan[0].key == "training_topics_missing_index"


@pytest.mark.parametrize(
	"report", ["filing_review_timeliness", "complaint_handling_timeliness", "staff_qualification_alerts"]
)
def test_the_report_asks_for_the_read_replica(db, report):
	"""With read_from_replica configured, execute itself switches to the replica (frappe.read_only)."""
	from unittest import mock

	module = frappe.get_module(f"tuoyu_frappe.oversight.report.{report}.{report}")
	frappe.set_user(seed.CITY)
	with (
		mock.patch.dict(frappe.local.conf, {"read_from_replica": 1}),
		mock.patch("frappe.connect_replica", return_value=False) as connect,
	):
		module.execute({})
	connect.assert_called_once()


@pytest.mark.parametrize("cut", [1, 2, 3, 5, 8])
def test_each_parts_own_most_urgent_rows_make_the_same_list(staff, cut):
	"""The city's list reads each part's first rows only: the same rows, in the same order, as
	sorting every alert."""
	from tuoyu_frappe.oversight.report.staff_qualification_alerts import staff_qualification_alerts as sq

	frappe.set_user(seed.CITY)
	on, horizon = date(2026, 6, 1), date(2026, 7, 1)
	with mock_max_rows(cut):
		per_part = sq.alert_rows(*sq.alerts_sql(on, horizon, None, None, limit=cut))
		everything = sq.alert_rows(*sq.alerts_sql(on, horizon, None, None))
	assert len(per_part) == cut and per_part == everything


def mock_max_rows(n: int):
	from unittest import mock

	return mock.patch(
		"tuoyu_frappe.oversight.report.staff_qualification_alerts.staff_qualification_alerts.MAX_ROWS", n
	)
