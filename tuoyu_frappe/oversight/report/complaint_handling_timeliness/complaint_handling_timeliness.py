"""投诉办理时效: complaints closed in a period (concluded_at: 已办结, or 不予受理), by area, and how many
were handled within their clocks, with the median working days of each clock.

A concluded complaint is in time when it was accepted by its accept_due and concluded by its
conclude_due (Tuoyu Complaint Settings: accept within N working days of receipt, conclude within M of
acceptance, set when each clock starts); a complaint not accepted is in time when that decision came
by its accept_due. A complaint whose due date could not be computed (a calendar year not loaded) is
counted apart. The working days each clock took are stored when it stops (accept_working_days,
handling_working_days; -1 when unknown). Counted in SQL, GROUP BY area, the medians by MariaDB's
MEDIAN() window function, under the user's own row conditions (build_match_conditions)."""

from datetime import date

import frappe
from frappe import _
from frappe.desk.reportview import build_match_conditions
from frappe.utils import cint, flt

from tuoyu_frappe.complaints import rules as r
from tuoyu_frappe.oversight.report.county_filing_progress.county_filing_progress import (
	percent,
	visible_areas,
)
from tuoyu_frappe.oversight.report.filing_review_timeliness.filing_review_timeliness import (
	area_columns,
	period,
	period_bounds,
)

COMPLAINT = "Tuoyu Complaint"


@frappe.read_only()
def execute(filters=None):
	filters = frappe._dict(filters or {})
	frappe.has_permission(COMPLAINT, "report", throw=True)
	start, end = period(filters)
	rows, medians = timeliness_rows(start, end, filters.get("area"))
	return columns(), rows, None, chart(rows), summary(rows, medians)


def closed_by_area(start: date, end: date, area: str | None) -> tuple[dict[str, dict], dict]:
	"""({area: counts and medians}, the medians over every area) of the complaints closed in the period."""
	match = build_match_conditions(COMPLAINT)
	t = "`tabTuoyu Complaint`"
	handled = f"if({t}.workflow_state = %(concluded)s and {t}.handling_working_days >= 0, {t}.handling_working_days, null)"
	accepted = f"if({t}.accept_working_days >= 0, {t}.accept_working_days, null)"
	rows = frappe.db.sql(
		f"""
		select c.area as area, count(*) as closed,
			coalesce(sum(c.workflow_state = %(concluded)s), 0) as concluded,
			coalesce(sum(c.workflow_state = %(rejected)s), 0) as rejected,
			coalesce(sum(c.known and c.accept_ok and c.conclude_ok), 0) as in_time,
			coalesce(sum(c.known and not (c.accept_ok and c.conclude_ok)), 0) as late,
			coalesce(sum(c.known and not c.accept_ok), 0) as accepted_late,
			coalesce(sum(c.known and not c.conclude_ok), 0) as concluded_late,
			coalesce(sum(not c.known), 0) as unknown,
			max(c.median_accept) as median_accept, max(c.median_handling) as median_handling,
			max(c.all_accept) as all_accept, max(c.all_handling) as all_handling
		from (
			select {t}.area as area, {t}.workflow_state as workflow_state,
				{t}.accept_due is not null
					and ({t}.workflow_state = %(rejected)s or {t}.conclude_due is not null) as known,
				date(if({t}.workflow_state = %(rejected)s, {t}.concluded_at, {t}.accepted_at))
					<= {t}.accept_due as accept_ok,
				{t}.workflow_state = %(rejected)s or date({t}.concluded_at) <= {t}.conclude_due as conclude_ok,
				median({accepted}) over (partition by {t}.area) as median_accept,
				median({handled}) over (partition by {t}.area) as median_handling,
				median({accepted}) over () as all_accept,
				median({handled}) over () as all_handling
			from {t}
			where {t}.docstatus = 1
				and {t}.workflow_state in %(closed)s
				and {t}.concluded_at >= %(start)s and {t}.concluded_at < %(after)s
				{f"and {t}.area = %(area)s" if area else ""}
				{"and " + match if match else ""}
		) c
		group by c.area
		""",
		{
			"concluded": r.CLOSED,
			"rejected": r.REJECTED,
			"closed": (r.CLOSED, r.REJECTED),
			**period_bounds(start, end),
			"area": area,
		},
		as_dict=True,
	)
	first = rows[0] if rows else {}
	medians = {
		"accept": one_decimal(first.get("all_accept")),
		"handling": one_decimal(first.get("all_handling")),
	}
	return {row.area: row for row in rows}, medians


def one_decimal(value) -> float | None:
	return flt(value, 1) if value is not None else None


def timeliness_rows(start: date, end: date, area: str | None = None) -> tuple[list[dict], dict]:
	"""(one row per visible county area, zeros included; the medians over all of them)."""
	closed, medians = closed_by_area(start, end, area)
	rows = []
	for a in visible_areas(area):
		got = closed.get(a.name) or {}
		in_time, late = cint(got.get("in_time")), cint(got.get("late"))
		rows.append(
			{
				"area": a.name,
				"area_name": a.area_name,
				"closed": cint(got.get("closed")),
				"concluded": cint(got.get("concluded")),
				"rejected": cint(got.get("rejected")),
				"in_time": in_time,
				"late": late,
				"accepted_late": cint(got.get("accepted_late")),
				"concluded_late": cint(got.get("concluded_late")),
				"unknown": cint(got.get("unknown")),
				"in_time_rate": percent(in_time, in_time + late),
				"median_accept": one_decimal(got.get("median_accept")),
				"median_handling": one_decimal(got.get("median_handling")),
			}
		)
	return rows, medians


def columns() -> list[dict]:
	def number(fieldname: str, label: str, width: int = 100, fieldtype: str = "Int") -> dict:
		return {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width}

	return [
		*area_columns(),
		number("closed", _("Complaints Closed")),
		number("concluded", _("Complaints Concluded")),
		number("rejected", _("Not Accepted")),
		number("in_time", _("Handled in Time")),
		number("late", _("Handled Late")),
		number("accepted_late", _("Accepted Late")),
		number("concluded_late", _("Concluded Late")),
		number("unknown", _("Calendar Not Loaded"), 110),
		number("in_time_rate", _("In-Time Rate (%)"), 110, "Percent"),
		{**number("median_accept", _("Median Working Days to Acceptance"), 150, "Float"), "precision": 1},
		{
			**number("median_handling", _("Median Working Days from Acceptance to Conclusion"), 170, "Float"),
			"precision": 1,
		},
	]


def chart(rows: list[dict]) -> dict:
	return {
		"data": {
			"labels": [row["area_name"] for row in rows],
			"datasets": [
				{"name": _("Handled in Time"), "values": [row["in_time"] for row in rows]},
				{"name": _("Handled Late"), "values": [row["late"] for row in rows]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#29cd42", "#e24c4c"],
	}


def summary(rows: list[dict], medians: dict) -> list[dict]:
	in_time = sum(row["in_time"] for row in rows)
	late = sum(row["late"] for row in rows)
	return [
		{
			"value": sum(row["closed"] for row in rows),
			"label": _("Complaints Closed"),
			"indicator": "Blue",
			"datatype": "Int",
		},
		{"value": in_time, "label": _("Handled in Time"), "indicator": "Green", "datatype": "Int"},
		{
			"value": late,
			"label": _("Handled Late"),
			"indicator": "Red" if late else "Green",
			"datatype": "Int",
		},
		{
			"value": percent(in_time, in_time + late) or 0,
			"label": _("In-Time Rate (%)"),
			"indicator": "Green" if not late else "Orange",
			"datatype": "Percent",
		},
		{
			"value": medians["accept"] or 0,
			"label": _("Median Working Days to Acceptance"),
			"indicator": "Blue",
			"datatype": "Float",
		},
		{
			"value": medians["handling"] or 0,
			"label": _("Median Working Days from Acceptance to Conclusion"),
			"indicator": "Blue",
			"datatype": "Float",
		},
	]
