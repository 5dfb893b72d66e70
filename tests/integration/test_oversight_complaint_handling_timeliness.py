"""投诉办理时效 against a hand count: complaints of 兰山区 and 罗庄区 closed with known due dates and working
days, as the 兰山区 reviewer, the 罗庄区 reviewer and the city admin; and the working days each clock took
stored by the workflow itself, never by a user."""

from datetime import datetime
from unittest import mock

import frappe
import pytest

from tests import seed
from tests.complaint_helpers import act, desk_complaint, write
from tests.integration.test_oversight_filing_review_timeliness import in_time_and_late
from tests.oversight_helpers import run_report
from tuoyu_frappe.complaints import rules as r
from tuoyu_frappe.oversight.report.complaint_handling_timeliness.complaint_handling_timeliness import execute

COMPLAINT = "Tuoyu Complaint"
PERIOD = {"from_date": "2021-03-01", "to_date": "2021-03-31"}
HEDONG = "371312"
CONTROLLER = "tuoyu_frappe.complaints.doctype.tuoyu_complaint.tuoyu_complaint"

# (point, state, accepted, accept due, concluded, conclude due, working days to acceptance, to conclusion)
HISTORY = [
	("A", r.CLOSED, "03-02", "03-02", "03-10", "03-20", 1, 6),  # in time, accepted on its last day
	("A", r.CLOSED, "03-04", "03-03", "03-15", "03-25", 2, 7),  # accepted late
	("B", r.CLOSED, "03-05", "03-05", "03-30", "03-26", 1, 17),  # concluded late
	("B", r.REJECTED, None, "03-09", "03-08", None, 3, -1),  # not accepted, in time
	("A", r.CLOSED, "03-11", None, "03-12", None, -1, -1),  # a calendar year not loaded: apart
	("A", r.CLOSED, "03-20", "03-22", "04-02", "04-10", 1, 9),  # closed after the period
	("B", r.CHECKING, "03-03", "03-03", None, "03-18", 0, 0),  # still open
	("C", r.REJECTED, None, "03-10", "03-11", None, 2, -1),  # not accepted, too late
	("C", r.CLOSED, "03-01", "03-01", "03-31", "03-31", 4, 10),  # in time, the period's last day
]
# By hand: (closed, concluded, not accepted, in time, late, accepted late, concluded late, unknown,
# rate, median working days to acceptance, median from acceptance to conclusion)
EXPECTED = {
	seed.LANSHAN: (5, 4, 1, 2, 2, 1, 1, 1, 50.0, 1.5, 7.0),  # medians of 1, 2, 1, 3 and of 6, 7, 17
	seed.LUOZHUANG: (2, 1, 1, 1, 1, 1, 0, 0, 50.0, 3.0, 10.0),  # medians of 2, 4 and of 10
}
FIELDS = (
	"closed",
	"concluded",
	"rejected",
	"in_time",
	"late",
	"accepted_late",
	"concluded_late",
	"unknown",
	"in_time_rate",
	"median_accept",
	"median_handling",
)


def at(day: str | None, hour: int = 10) -> datetime | None:
	return datetime.fromisoformat(f"2021-{day}T{hour:02d}:00:00") if day else None


@pytest.fixture
def history(db):
	frappe.set_user("Administrator")
	for i, (key, state, accepted, accept_due, concluded, conclude_due, aw, hw) in enumerate(HISTORY):
		point = db.point[key]
		frappe.get_doc(
			{
				"doctype": COMPLAINT,
				"name": f"TEST-CHT-{i:02d}",
				"category": "安全",
				"channel": "12345热线",
				"point": point,
				"area": frappe.db.get_value("Tuoyu Point", point, "area"),
				"workflow_state": state,
				"docstatus": r.STATE_DOCSTATUS[state],
				"received_at": at("03-01", 8),
				"accepted_at": at(accepted),
				"concluded_at": at(concluded, 16),
				"accept_due": f"2021-{accept_due}" if accept_due else None,
				"conclude_due": f"2021-{conclude_due}" if conclude_due else None,
				"accept_working_days": aw,
				"handling_working_days": hw,
				"description": "托育点楼梯没有护栏，孩子在楼梯口玩耍很危险。",
				"tracking_hash": f"test-cht-{i:02d}",
			}
		).db_insert()
	return db


def report(user, **filters):
	return run_report(execute, user, **{**PERIOD, **filters})


def figures(row):
	return tuple(row[f] for f in FIELDS)


def test_the_city_admin_sees_every_area_with_the_hand_count(history):
	columns, rows, chart, summary = report(seed.CITY)
	assert "area" in [c["fieldname"] for c in columns]
	for area, expected in EXPECTED.items():
		assert figures(rows[area]) == expected, area
	assert len(rows) == 13
	assert figures(rows[HEDONG]) == (0, 0, 0, 0, 0, 0, 0, 0, None, None, None)
	assert summary == {
		"已结束投诉": 7,
		"按时办理": 3,
		"超时办理": 3,
		"按时办结率（%）": 50.0,
		"受理用时中位数（工作日）": 2.0,  # median of 1, 2, 1, 3, 2, 4
		"受理至办结用时中位数（工作日）": 8.5,  # median of 6, 7, 17, 10
	}
	assert (in_time_and_late(chart, "兰山区")[0], in_time_and_late(chart, "罗庄区")[1]) == (2, 1)


def test_the_area_filter_keeps_one_area(history):
	_columns, rows, _chart, summary = report(seed.CITY, area=seed.LUOZHUANG)
	assert list(rows) == [seed.LUOZHUANG]
	assert summary["受理至办结用时中位数（工作日）"] == 10.0


@pytest.mark.parametrize(
	"reviewer, own, other",
	[(seed.REV_LS, seed.LANSHAN, seed.LUOZHUANG), (seed.REV_LZ, seed.LUOZHUANG, seed.LANSHAN)],
)
def test_a_reviewer_sees_only_their_own_area(history, reviewer, own, other):
	_columns, rows, _chart, summary = report(reviewer)
	assert list(rows) == [own]
	assert figures(rows[own]) == EXPECTED[own]
	assert summary["已结束投诉"] == EXPECTED[own][0]
	assert summary["受理用时中位数（工作日）"] == EXPECTED[own][9]
	_columns, rows, _chart, summary = report(reviewer, area=other)
	assert rows == {} and summary["已结束投诉"] == 0


def test_an_operator_may_not_run_it(history):
	frappe.set_user(seed.OP_A)
	with pytest.raises(frappe.PermissionError):
		frappe.get_attr("frappe.desk.query_report.run")("Complaint Handling Timeliness", filters=PERIOD)


# --- the working days, stored by the workflow ----------------------------------------------------


def at_2026(day: str, hour: int = 10) -> datetime:
	return datetime.fromisoformat(f"2026-{day}T{hour:02d}:00:00")


def test_acceptance_and_conclusion_store_the_working_days_each_clock_took(db):
	with mock.patch(f"{CONTROLLER}.now_datetime", return_value=at_2026("11-24")):
		name = desk_complaint(db.point["A"]).name
	with mock.patch(f"{CONTROLLER}.now_datetime", return_value=at_2026("11-25", 9)):
		act(name, r.ACCEPT, seed.REV_LS)
	write(name, seed.REV_LS, conclusion="属实", public_summary="经核查，楼梯护栏已于当日加装。")
	with mock.patch(f"{CONTROLLER}.now_datetime", return_value=at_2026("12-02", 16)):
		act(name, r.CONCLUDE, seed.REV_LS)
	# (11-24, 11-25]: one working day; (11-25, 12-02]: 26, 27, 30 November, 1, 2 December.
	assert frappe.db.get_value(COMPLAINT, name, ["accept_working_days", "handling_working_days"]) == (1, 5)


def test_not_accepting_stops_the_acceptance_clock_only(db):
	with mock.patch(f"{CONTROLLER}.now_datetime", return_value=at_2026("11-27")):  # a Friday
		name = desk_complaint(db.point["A"]).name
	write(name, seed.REV_LS, rejection_reason="不属于卫健部门职责范围")
	with mock.patch(f"{CONTROLLER}.now_datetime", return_value=at_2026("11-30", 9)):  # the Monday
		act(name, r.REJECT, seed.REV_LS)
	assert frappe.db.get_value(COMPLAINT, name, ["accept_working_days", "handling_working_days"]) == (1, -1)


def test_users_cannot_write_the_working_days(db):
	name = desk_complaint(db.point["A"]).name
	doc = write(name, seed.REV_LS, accept_working_days=9, handling_working_days=9, internal_notes="备注")
	assert frappe.db.get_value(COMPLAINT, name, ["accept_working_days", "handling_working_days"]) == (0, 0)
	assert doc.internal_notes == "备注"


def test_the_patch_fills_complaints_closed_before_it(db):
	from tuoyu_frappe.patches.v1_3 import fill_complaint_working_days

	frappe.set_user("Administrator")
	rows = {
		"TEST-CHP-1": (r.CLOSED, "11-24", "11-25", "12-02"),
		"TEST-CHP-2": (r.REJECTED, "11-27", None, "11-30"),
		"TEST-CHP-3": (r.ACCEPTED, "11-24", "11-25", None),  # open: untouched
	}
	for name, (state, received, accepted, concluded) in rows.items():
		frappe.get_doc(
			{
				"doctype": COMPLAINT,
				"name": name,
				"category": "安全",
				"channel": "12345热线",
				"point": db.point["A"],
				"area": seed.LANSHAN,
				"workflow_state": state,
				"docstatus": r.STATE_DOCSTATUS[state],
				"received_at": at_2026(received),
				"accepted_at": at_2026(accepted) if accepted else None,
				"concluded_at": at_2026(concluded, 16) if concluded else None,
				"description": "托育点楼梯没有护栏，孩子在楼梯口玩耍很危险。",
				"tracking_hash": name,
			}
		).db_insert()
	fill_complaint_working_days.execute()
	got = {
		row.name: (row.accept_working_days, row.handling_working_days)
		for row in frappe.get_all(
			COMPLAINT,
			filters={"name": ("like", "TEST-CHP-%")},
			fields=["name", "accept_working_days", "handling_working_days"],
		)
	}
	assert got == {"TEST-CHP-1": (1, 5), "TEST-CHP-2": (1, -1), "TEST-CHP-3": (0, 0)}
