"""整改与执法 against a hand count: rectification notices and enforcement actions of 兰山区 (points A,
B) and 罗庄区 (point C) with known dates and states, as the 兰山区 reviewer, the 罗庄区 reviewer and the
city admin; overdue and in time as the escalation job sees them; and a notice driven through the
workflow landing in the report."""

from datetime import date, timedelta

import frappe
import pytest
from frappe.utils import getdate, today

from tests import seed
from tests.integration import enforcement_helpers as steps
from tests.oversight_helpers import run_report
from tuoyu_frappe.oversight.report.rectification_and_enforcement.rectification_and_enforcement import execute
from tuoyu_frappe.supervision import enforcement_rules as r

YEAR_2023 = {"from_date": "2023-01-01", "to_date": "2023-12-31"}
HEDONG = "371312"
NOT_DUE = str(date.today() + timedelta(days=10))  # at import: no site yet

# (point, notice_date, deadline, state, submitted_on)
RECTIFICATIONS = [
	("A", "2023-02-01", "2023-02-22", r.R_PASSED, "2023-02-20 10:00:00"),  # in time
	("A", "2023-03-01", "2023-03-22", r.R_PASSED, "2023-03-22 18:00:00"),  # in time, on the deadline
	("B", "2023-04-01", "2023-04-21", r.R_PASSED, "2023-04-24 09:00:00"),  # late
	("B", "2023-05-01", "2023-05-22", r.R_OPEN, None),  # overdue
	("A", "2023-12-31", NOT_DUE, r.R_OPEN, None),  # not yet due; the period's last day
	("B", "2023-06-01", "2023-06-21", r.R_AWAITING, "2023-06-20 09:00:00"),  # awaiting verification
	("A", "2022-12-31", "2023-01-20", r.R_PASSED, "2023-01-10 09:00:00"),  # before the period
	("A", "2024-01-01", "2024-01-20", r.R_OPEN, None),  # after the period
	("C", "2023-01-01", "2023-01-20", r.R_FAILED, "2023-01-19 09:00:00"),  # failed; the first day
	("C", "2023-07-01", None, r.R_OPEN, None),  # no deadline (calendar not loaded): not overdue
	("C", "2023-08-01", "2023-08-21", r.R_PASSED, "2023-08-21 08:00:00"),  # in time
	("C", "2023-09-01", "2023-09-20", r.R_OPEN, None),  # overdue
]
# (point, action_type, state, effective_on, proposed_on)
ACTIONS = [
	("A", r.GUIDANCE, r.E_EFFECTIVE, "2023-02-25", "2023-02-25 09:00:00"),
	("A", r.ORDER, r.E_EFFECTIVE, "2023-03-05", "2023-03-05 09:00:00"),
	("B", r.SUSPEND, r.E_EFFECTIVE, "2023-05-30", "2023-05-28 09:00:00"),
	("B", r.RESTORE, r.E_EFFECTIVE, "2023-12-31", "2023-12-30 09:00:00"),  # the period's last day
	("B", r.SUSPEND, r.E_PROPOSED, None, "2023-06-25 10:00:00"),  # awaiting approval
	("A", r.GUIDANCE, r.E_EFFECTIVE, "2022-12-31", "2022-12-31 09:00:00"),  # before the period
	("A", r.REVOKE, r.E_REJECTED, None, "2023-07-01 09:00:00"),  # rejected: not counted
	("B", r.GUIDANCE, r.E_DRAFT, None, None),  # a draft: not counted
	("C", r.REVOKE, r.E_EFFECTIVE, "2023-06-30", "2023-06-20 09:00:00"),
	("C", r.SUSPEND, r.E_EFFECTIVE, "2023-01-01", "2022-12-28 09:00:00"),  # the period's first day
	("C", r.GUIDANCE, r.E_EFFECTIVE, "2024-01-01", "2024-01-01 09:00:00"),  # after the period
]
FIELDS = (
	"opened",
	"passed_in_time",
	"passed_late",
	"failed",
	"awaiting",
	"open_not_due",
	"overdue",
	"in_time_rate",
	"actions",
	"guidance",
	"order",
	"suspend",
	"revoke",
	"restore",
	"pending",
)
# By hand, for 2023.
EXPECTED = {
	seed.LANSHAN: (6, 2, 1, 0, 1, 1, 1, 50.0, 4, 1, 1, 1, 0, 1, 1),  # 2 of 2 + 1 + 0 + 1
	seed.LUOZHUANG: (4, 1, 0, 1, 0, 1, 1, 33.3, 2, 0, 0, 1, 1, 0, 0),  # 1 of 1 + 0 + 1 + 1
}


@pytest.fixture
def history(db):
	frappe.set_user("Administrator")
	for i, (key, notice, deadline, state, submitted) in enumerate(RECTIFICATIONS):
		point = db.point[key]
		frappe.get_doc(
			{
				"doctype": "Tuoyu Rectification",
				"name": f"TEST-RE-R{i:02d}",
				"point": point,
				"area": frappe.db.get_value("Tuoyu Point", point, "area"),
				"workflow_state": state,
				"docstatus": r.R_STATE_DOCSTATUS[state],
				"notice_date": notice,
				"deadline": deadline,
				"submitted_on": submitted,
				"verification_result": {r.R_PASSED: r.VERDICT_PASSED, r.R_FAILED: r.VERDICT_FAILED}.get(
					state
				),
			}
		).db_insert()
	for i, (key, action_type, state, effective, proposed) in enumerate(ACTIONS):
		point = db.point[key]
		frappe.get_doc(
			{
				"doctype": "Tuoyu Enforcement Action",
				"name": f"TEST-RE-E{i:02d}",
				"action_type": action_type,
				"point": point,
				"area": frappe.db.get_value("Tuoyu Point", point, "area"),
				"workflow_state": state,
				"docstatus": r.E_STATE_DOCSTATUS[state],
				"reason": "测试",
				"legal_basis": "测试",
				"effective_on": effective,
				"proposed_on": proposed,
			}
		).db_insert()
	return db


def report(user, **filters):
	return run_report(execute, user, **filters)


def figures(row):
	return tuple(row[f] for f in FIELDS)


def test_the_city_admin_sees_every_area_with_the_hand_count(history):
	columns, rows, chart, summary = report(seed.CITY, **YEAR_2023)
	assert "area" in [c["fieldname"] for c in columns]
	for area, expected in EXPECTED.items():
		assert figures(rows[area]) == expected, area
	assert len(rows) == 13  # every county area, with zeros where nothing happened
	assert figures(rows[HEDONG]) == (0,) * 7 + (None,) + (0,) * 7
	assert summary == {
		"下达整改通知": 10,
		"按期整改并验收通过": 3,
		"逾期未整改": 2,
		"按期整改率（%）": 42.9,  # 3 of 3 + 1 + 1 + 2
		"已生效执法措施": 6,
		"停业整改": 2,
		"撤销备案": 1,
	}
	rungs = [
		c["label"] for c in columns if c["fieldname"] in ("guidance", "order", "suspend", "revoke", "restore")
	]
	assert rungs == list(r.ACTION_TYPES)
	labels = chart["data"]["labels"]
	series = {d["name"]: d["values"] for d in chart["data"]["datasets"]}
	assert series["逾期未整改"][labels.index("罗庄区")] == 1
	assert series["已生效执法措施"][labels.index("兰山区")] == 4


def test_overdue_and_in_time_are_what_the_escalation_job_sees(history):
	"""Each notice of the period counted as overdue is one escalation_reason calls overdue today, and
	each passed in time is one that was not overdue on the day its evidence was handed in."""
	in_period = [x for x in RECTIFICATIONS if "2023-01-01" <= x[1] <= "2023-12-31"]

	def deadline_of(x):
		return getdate(x[2]) if x[2] else None

	overdue = [
		x
		for x in in_period
		if r.escalation_reason(x[3], deadline_of(x), getdate(today()), False) == r.OVERDUE
	]
	in_time = [
		x
		for x in in_period
		if x[3] == r.R_PASSED
		and r.escalation_reason(r.R_OPEN, deadline_of(x), getdate(x[4]), False) != r.OVERDUE
	]
	_columns, rows, _chart, _summary = report(seed.CITY, **YEAR_2023)
	for area, keys in ((seed.LANSHAN, "AB"), (seed.LUOZHUANG, "C")):
		assert rows[area]["overdue"] == sum(1 for x in overdue if x[0] in keys)
		assert rows[area]["passed_in_time"] == sum(1 for x in in_time if x[0] in keys)


def test_a_shorter_period_and_the_area_filter(history):
	_columns, rows, _chart, summary = report(seed.CITY, from_date="2023-01-01", to_date="2023-01-01")
	assert figures(rows[seed.LUOZHUANG])[:9] == (1, 0, 0, 1, 0, 0, 0, 0.0, 1)
	assert rows[seed.LANSHAN]["opened"] == 0 and rows[seed.LANSHAN]["actions"] == 0
	_columns, rows, _chart, summary = report(seed.CITY, area=seed.LANSHAN, **YEAR_2023)
	assert list(rows) == [seed.LANSHAN] and summary["已生效执法措施"] == 4


@pytest.mark.parametrize(
	"reviewer, own, other",
	[(seed.REV_LS, seed.LANSHAN, seed.LUOZHUANG), (seed.REV_LZ, seed.LUOZHUANG, seed.LANSHAN)],
)
def test_a_reviewer_sees_only_their_own_area(history, reviewer, own, other):
	_columns, rows, chart, summary = report(reviewer, **YEAR_2023)
	assert list(rows) == [own]
	assert figures(rows[own]) == EXPECTED[own]
	assert summary["下达整改通知"] == EXPECTED[own][0] and summary["已生效执法措施"] == EXPECTED[own][8]
	assert chart["data"]["labels"] == [rows[own]["area_name"]]
	_columns, rows, _chart, summary = report(reviewer, area=other, **YEAR_2023)
	assert rows == {} and summary["下达整改通知"] == 0


def test_bad_periods_are_refused_and_operators_may_not_run_it(history):
	frappe.set_user(seed.CITY)
	with pytest.raises(frappe.ValidationError):
		execute({"from_date": "2023-07-01", "to_date": "2023-01-01"})
	frappe.set_user(seed.OP_A)
	with pytest.raises(frappe.PermissionError):
		frappe.get_attr("frappe.desk.query_report.run")("Rectification and Enforcement", filters=YEAR_2023)


def test_a_notice_through_the_workflow_lands_in_the_report(db):
	"""Opened from a failed inspection, evidence handed in at once and passed: in time; then the
	point suspended: one 停业整改 in effect. Counted for this year, by the 兰山区 reviewer."""
	this_year = {"from_date": f"{date.today().year}-01-01", "to_date": today()}
	_columns, before, _chart, _summary = report(seed.REV_LS, **this_year)
	point = steps.filed_point("REPORT", 71)
	rectification = steps.open_rectification(point)
	steps.submit_evidence(rectification)
	steps.verify(rectification, seed.CITY, passed=True)
	steps.suspend(point)
	_columns, after, _chart, _summary = report(seed.REV_LS, **this_year)
	delta = {
		f: after[seed.LANSHAN][f] - before[seed.LANSHAN][f]
		for f in ("opened", "passed_in_time", "actions", "suspend")
	}
	assert delta == {"opened": 1, "passed_in_time": 1, "actions": 1, "suspend": 1}
