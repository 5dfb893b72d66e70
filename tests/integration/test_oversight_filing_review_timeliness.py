"""备案审核时效 against a hand count: decided filings of 兰山区 (points A, B) and 罗庄区 (point C) with
known working days, as the 兰山区 reviewer, the 罗庄区 reviewer and the city admin; and the decision
clock (decided_on, working days, limit) set by the workflow itself and never by a user."""

from unittest import mock

import frappe
import pytest

from tests import seed
from tests.integration.test_filing_workflow import act, in_review, new_filing, pass_all_materials
from tests.oversight_helpers import run_report
from tuoyu_frappe.filing import states as s
from tuoyu_frappe.oversight.report.filing_review_timeliness.filing_review_timeliness import execute

FILING = "Tuoyu Filing"
PERIOD = {"from_date": "2021-03-01", "to_date": "2021-03-31"}
HEDONG = "371312"
CONTROLLER = "tuoyu_frappe.filing.doctype.tuoyu_filing.tuoyu_filing"

# (point, state, decided_on, working days to decision, limit): the history a hand count is made of.
HISTORY = [
	("A", s.FILED, "2021-03-05", 3, 5),  # in time
	("A", s.FILED, "2021-03-10", 7, 5),  # late
	("B", s.REFUSED, "2021-03-12", 12, 15),  # in time (the notice period)
	("B", s.FILED, "2021-03-15", -1, 5),  # a calendar year was not loaded: counted apart
	("A", s.REFUSED, "2021-03-31", 1, 15),  # in time, the period's last day
	("A", s.FILED, "2021-04-01", 2, 5),  # after the period
	("B", s.IN_REVIEW, None, 0, 0),  # not decided
	("C", s.REFUSED, "2021-03-01", 16, 15),  # late, the period's first day
	("C", s.FILED, "2021-03-20", 5, 5),  # in time, on the last day of the clock
]
# By hand, for March 2021: (decided, approved, refused, in time, late, unknown, rate, median, longest)
EXPECTED = {
	seed.LANSHAN: (5, 3, 2, 3, 1, 1, 75.0, 5.0, 12),  # median of 1, 3, 7, 12
	seed.LUOZHUANG: (2, 1, 1, 1, 1, 0, 50.0, 10.5, 16),  # median of 5, 16
}
FIELDS = (
	"decided",
	"approved",
	"refused",
	"in_time",
	"late",
	"unknown",
	"in_time_rate",
	"median_days",
	"longest",
)


@pytest.fixture
def history(db):
	frappe.set_user("Administrator")
	for i, (key, state, decided_on, days, limit) in enumerate(HISTORY):
		point = db.point[key]
		frappe.get_doc(
			{
				"doctype": FILING,
				"name": f"TEST-FRT-{i:02d}",
				"filing_type": s.NEW,
				"point": point,
				"point_name": key,
				"area": frappe.db.get_value("Tuoyu Point", point, "area"),
				"workflow_state": state,
				"docstatus": s.STATE_DOCSTATUS[state],
				"received_on": "2021-02-20",
				"decided_on": decided_on,
				"decision_working_days": days,
				"decision_limit_working_days": limit,
			}
		).db_insert()
	return db


def report(user, **filters):
	return run_report(execute, user, **{**PERIOD, **filters})


def in_time_and_late(chart: dict, area_name: str) -> tuple[int, int]:
	"""The two bars (in time, late) of an area in a timeliness report's chart."""
	labels = chart["data"]["labels"]
	in_time, late = (d["values"] for d in chart["data"]["datasets"])
	return in_time[labels.index(area_name)], late[labels.index(area_name)]


def figures(row):
	return tuple(row[f] for f in FIELDS)


def test_the_city_admin_sees_every_area_with_the_hand_count(history):
	columns, rows, chart, summary = report(seed.CITY)
	assert "area" in [c["fieldname"] for c in columns]
	for area, expected in EXPECTED.items():
		assert figures(rows[area]) == expected, area
	assert len(rows) == 13  # every county area, with zeros where nothing was decided
	assert figures(rows[HEDONG]) == (0, 0, 0, 0, 0, 0, None, None, None)
	assert summary == {
		"已审结备案": 7,
		"按时办结": 4,
		"超时办结": 2,
		"按时办结率（%）": 66.7,
		"办结用时中位数（工作日）": 6.0,  # median of 1, 3, 5, 7, 12, 16
	}
	assert in_time_and_late(chart, "兰山区")[0] == 3 and in_time_and_late(chart, "罗庄区")[1] == 1


def test_the_area_filter_keeps_one_area(history):
	_columns, rows, _chart, summary = report(seed.CITY, area=seed.LUOZHUANG)
	assert list(rows) == [seed.LUOZHUANG]
	assert summary["办结用时中位数（工作日）"] == 10.5


@pytest.mark.parametrize(
	"reviewer, own, other",
	[(seed.REV_LS, seed.LANSHAN, seed.LUOZHUANG), (seed.REV_LZ, seed.LUOZHUANG, seed.LANSHAN)],
)
def test_a_reviewer_sees_only_their_own_area(history, reviewer, own, other):
	_columns, rows, _chart, summary = report(reviewer)
	assert list(rows) == [own]
	assert figures(rows[own]) == EXPECTED[own]
	assert summary["已审结备案"] == EXPECTED[own][0]
	assert summary["办结用时中位数（工作日）"] == EXPECTED[own][7]
	_columns, rows, _chart, summary = report(reviewer, area=other)  # asking for the other area
	assert rows == {} and summary["已审结备案"] == 0


def test_an_operator_may_not_run_it(history):
	frappe.set_user(seed.OP_A)
	with pytest.raises(frappe.PermissionError):
		frappe.get_attr("frappe.desk.query_report.run")("Filing Review Timeliness", filters=PERIOD)


def test_a_period_with_the_from_date_after_the_to_date_is_refused(history):
	frappe.set_user(seed.CITY)
	with pytest.raises(frappe.ValidationError):
		execute({"from_date": "2021-04-01", "to_date": "2021-03-01"})


# --- the decision clock, set by the workflow ------------------------------------------------------


def decide_on(site, day: str, received_on: str, action: str):
	"""A filing received (complete) on `received_on` and decided on `day` by the 兰山区 reviewer."""
	with mock.patch(f"{CONTROLLER}.today", return_value=day):
		filing = in_review(site)
		frappe.db.set_value(FILING, filing.name, "received_on", received_on, update_modified=False)
		if action == s.APPROVE:
			return act(pass_all_materials(filing), seed.REV_LS, s.APPROVE)
		frappe.set_user(seed.REV_LS)
		doc = frappe.get_doc(FILING, filing.name)
		doc.decision_reason = "场所为地下室，不符合设置标准"
		doc.save()
		return act(doc, seed.REV_LS, s.REFUSE)


def test_an_approval_stores_its_day_working_days_and_the_receipt_period(db):
	# Working days in (2026-11-24, 2026-12-02]: 25, 26, 27, 30 November, 1 and 2 December.
	filing = decide_on(db, "2026-12-02", "2026-11-24", s.APPROVE)
	stored = frappe.db.get_value(
		FILING, filing.name, ["decided_on", "decision_working_days", "decision_limit_working_days"]
	)
	assert (str(stored[0]), stored[1], stored[2]) == ("2026-12-02", 6, 5)


def test_a_refusal_stores_the_notice_period_and_counts_over_a_holiday(db):
	# (2026-09-28, 2026-10-12]: 29, 30 September; 1–7 October are 国庆节 holidays, 8 October too
	# (中秋 and 国庆 2026: 1–7 October off, 10 October a make-up workday), then 9, 10 (make-up), 12.
	from tuoyu_frappe.filing.clock import load_calendar

	expected = load_calendar().working_days_between(
		frappe.utils.getdate("2026-09-28"), frappe.utils.getdate("2026-10-12")
	)
	filing = decide_on(db, "2026-10-12", "2026-09-28", s.REFUSE)
	stored = frappe.db.get_value(
		FILING, filing.name, ["decided_on", "decision_working_days", "decision_limit_working_days"]
	)
	assert (str(stored[0]), stored[2]) == ("2026-10-12", 15)
	assert stored[1] == expected and expected < 10  # the holidays do not count


def test_a_missing_calendar_year_stores_minus_one(db):
	with mock.patch(f"{CONTROLLER}.clock.load_calendar") as calendar:
		from tuoyu_frappe.workdays import CalendarNotLoaded

		calendar.return_value.working_days_between.side_effect = CalendarNotLoaded(2027)
		calendar.return_value.add_working_days.side_effect = CalendarNotLoaded(2027)
		from tuoyu_frappe.filing.doctype.tuoyu_filing.tuoyu_filing import decision_working_days

		assert decision_working_days("2026-12-20", "2027-01-05") == -1
	assert decision_working_days(None, "2027-01-05") == -1


def test_users_cannot_write_the_decision_clock(db):
	filing = new_filing(db)  # the operator's draft
	filing.decided_on, filing.decision_working_days, filing.decision_limit_working_days = "2026-01-01", 1, 99
	filing.save()
	stored = frappe.db.get_value(
		FILING, filing.name, ["decided_on", "decision_working_days", "decision_limit_working_days"]
	)
	assert stored == (None, 0, 0)
	frappe.set_user("Administrator")
	frappe.delete_doc(FILING, filing.name, force=True)
	filing = in_review(db)
	frappe.set_user(seed.REV_LS)  # the reviewer, during review
	doc = frappe.get_doc(FILING, filing.name)
	doc.decided_on, doc.decision_working_days = "2026-01-01", 1
	doc.save()
	assert frappe.db.get_value(FILING, filing.name, ["decided_on", "decision_working_days"]) == (None, 0)
	approved = act(pass_all_materials(filing), seed.REV_LS, s.APPROVE)
	assert str(approved.decided_on) == frappe.utils.today()
	doc = frappe.get_doc(FILING, approved.name)  # after the decision Frappe refuses any change
	doc.decision_working_days = approved.decision_working_days + 7
	with pytest.raises(frappe.ValidationError):
		doc.save()


def test_the_patch_fills_the_clock_of_filings_decided_before_it(db):
	from tuoyu_frappe.patches.v1_3 import fill_filing_decision_clock

	rule_set = frappe.db.get_value("Tuoyu Point", db.point["A"], "rule_set")
	rows = {
		"TEST-FRP-1": (s.FILED, "2026-11-24", "2026-12-02"),  # approved: its filed_on; 6 working days
		"TEST-FRP-2": (s.REFUSED, "2026-11-24", None),  # refused: the day of the decision's comment
		"TEST-FRP-3": (s.IN_REVIEW, "2026-11-24", None),  # undecided: untouched
	}
	for name, (state, received_on, filed_on) in rows.items():
		frappe.get_doc(
			{
				"doctype": FILING,
				"name": name,
				"filing_type": s.NEW,
				"point": db.point["A"],
				"area": seed.LANSHAN,
				"rule_set": rule_set,
				"workflow_state": state,
				"docstatus": s.STATE_DOCSTATUS[state],
				"received_on": received_on,
				"filed_on": filed_on,
			}
		).db_insert()
	comment = frappe.get_doc(
		{
			"doctype": "Comment",
			"comment_type": "Workflow",
			"reference_doctype": FILING,
			"reference_name": "TEST-FRP-2",
			"content": s.REFUSED,
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value("Comment", comment.name, "creation", "2026-11-27 16:00:00", update_modified=False)
	fill_filing_decision_clock.execute()
	got = {
		r.name: (
			str(r.decided_on) if r.decided_on else None,
			r.decision_working_days,
			r.decision_limit_working_days,
		)
		for r in frappe.get_all(
			FILING,
			filters={"name": ("like", "TEST-FRP-%")},
			fields=["name", "decided_on", "decision_working_days", "decision_limit_working_days"],
		)
	}
	assert got == {
		"TEST-FRP-1": ("2026-12-02", 6, 5),
		"TEST-FRP-2": ("2026-11-27", 3, 15),  # 25, 26, 27 November
		"TEST-FRP-3": (None, 0, 0),
	}
