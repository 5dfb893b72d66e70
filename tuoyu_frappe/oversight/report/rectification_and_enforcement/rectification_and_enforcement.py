"""整改与执法: the rectification notices (整改通知) issued in a period and what became of them, and the
enforcement actions that took effect in it, rung by rung, by county-level area.

Rectifications are those whose notice_date falls in the period (by default the year to date), seen
today, with the rules of the escalation job (enforcement_rules.escalation_reason):
- overdue (逾期未整改): still 整改中 after its deadline — exactly what the daily job escalates and
  the card 逾期整改 counts; a notice without a deadline (its calendar year not loaded) is not;
- rectified in time: the operator handed in the evidence (the last submission, submitted_on) on
  or before the deadline, so the notice was never overdue; late otherwise. Passed verification
  (已通过) is split into in time and late; 未通过 and 待验收 are counted apart;
- the in-time rate is passed in time ÷ the notices settled or overdue (passed, failed, overdue):
  notices not yet due and those awaiting verification are left out of it.
Enforcement actions count by action_type when they took effect (已生效, effective_on in the period),
and those proposed in the period and still waiting for a city administrator (待审批).

Counted in SQL, GROUP BY area, under the user's own row conditions on each DocType
(build_match_conditions); every county-level area the user may see is a row, with zeros."""

from datetime import date

import frappe
from frappe import _
from frappe.desk.reportview import build_match_conditions
from frappe.utils import cint, getdate, today

from tuoyu_frappe.oversight.report.county_filing_progress.county_filing_progress import (
	percent,
	visible_areas,
)
from tuoyu_frappe.oversight.report.filing_review_timeliness.filing_review_timeliness import (
	area_columns,
	period,
	period_bounds,
)
from tuoyu_frappe.oversight.report.inspection_coverage.inspection_coverage import int_column
from tuoyu_frappe.supervision import enforcement_rules as r

RECTIFICATION = "Tuoyu Rectification"
ACTION = "Tuoyu Enforcement Action"
RUNGS = ("guidance", "order", "suspend", "revoke", "restore")  # fieldnames of r.ACTION_TYPES, in order
# Rectified in time: handed in by the deadline (no deadline: never overdue, so in time).
IN_TIME = (
	"(`tabTuoyu Rectification`.deadline is null"
	" or date(`tabTuoyu Rectification`.submitted_on) <= `tabTuoyu Rectification`.deadline)"
)
RECTIFICATION_FIELDS = (
	"opened",
	"passed_in_time",
	"passed_late",
	"failed",
	"awaiting",
	"open_not_due",
	"overdue",
)


@frappe.read_only()
def execute(filters=None):
	filters = frappe._dict(filters or {})
	frappe.has_permission(RECTIFICATION, "report", throw=True)
	frappe.has_permission(ACTION, "report", throw=True)
	start, end = period(filters)
	rows = report_rows(start, end, filters.get("area"))
	return columns(), rows, None, chart(rows), summary(rows)


def where(doctype: str, area: str | None) -> str:
	conditions = [c for c in (build_match_conditions(doctype),) if c]
	if area:
		conditions.append(f"`tab{doctype}`.area = %(area)s")
	return "".join(" and " + c for c in conditions)


def rectifications_by_area(start: date, end: date, area: str | None) -> dict[str, dict]:
	rows = frappe.db.sql(
		f"""
		select `tabTuoyu Rectification`.area as area, count(*) as opened,
			sum(`tabTuoyu Rectification`.workflow_state = %(passed)s and {IN_TIME}) as passed_in_time,
			sum(`tabTuoyu Rectification`.workflow_state = %(passed)s and not {IN_TIME}) as passed_late,
			sum(`tabTuoyu Rectification`.workflow_state = %(failed)s) as failed,
			sum(`tabTuoyu Rectification`.workflow_state = %(awaiting)s) as awaiting,
			sum(`tabTuoyu Rectification`.workflow_state = %(open)s
				and not coalesce(`tabTuoyu Rectification`.deadline < %(today)s, 0)) as open_not_due,
			sum(`tabTuoyu Rectification`.workflow_state = %(open)s
				and `tabTuoyu Rectification`.deadline < %(today)s) as overdue
		from `tabTuoyu Rectification`
		where `tabTuoyu Rectification`.docstatus < 2
			and `tabTuoyu Rectification`.notice_date between %(start)s and %(end)s
			{where(RECTIFICATION, area)}
		group by `tabTuoyu Rectification`.area
		""",
		{
			"start": start,
			"end": end,
			"today": getdate(today()),
			"passed": r.R_PASSED,
			"failed": r.R_FAILED,
			"awaiting": r.R_AWAITING,
			"open": r.R_OPEN,
			"area": area,
		},
		as_dict=True,
	)
	return {row.area: row for row in rows}


def actions_by_area(start: date, end: date, area: str | None) -> dict[str, dict]:
	rungs = "".join(
		f", sum(`tabTuoyu Enforcement Action`.workflow_state = %(effective)s"
		f" and `tabTuoyu Enforcement Action`.action_type = %({rung})s) as `{rung}`"
		for rung in RUNGS
	)
	rows = frappe.db.sql(
		f"""
		select `tabTuoyu Enforcement Action`.area as area,
			sum(`tabTuoyu Enforcement Action`.workflow_state = %(effective)s) as actions,
			sum(`tabTuoyu Enforcement Action`.workflow_state = %(proposed)s) as pending
			{rungs}
		from `tabTuoyu Enforcement Action`
		where ((`tabTuoyu Enforcement Action`.workflow_state = %(effective)s
				and `tabTuoyu Enforcement Action`.effective_on between %(start)s and %(end)s)
			or (`tabTuoyu Enforcement Action`.workflow_state = %(proposed)s
				and `tabTuoyu Enforcement Action`.proposed_on >= %(start)s
				and `tabTuoyu Enforcement Action`.proposed_on < %(after)s))
			{where(ACTION, area)}
		group by `tabTuoyu Enforcement Action`.area
		""",
		{
			"start": start,
			"end": end,
			"after": period_bounds(start, end)["after"],
			"effective": r.E_EFFECTIVE,
			"proposed": r.E_PROPOSED,
			"area": area,
			**dict(zip(RUNGS, r.ACTION_TYPES, strict=True)),
		},
		as_dict=True,
	)
	return {row.area: row for row in rows}


def report_rows(start: date, end: date, area: str | None = None) -> list[dict]:
	rectifications = rectifications_by_area(start, end, area)
	actions = actions_by_area(start, end, area)
	rows = []
	for a in visible_areas(area):
		got, acted = rectifications.get(a.name) or {}, actions.get(a.name) or {}
		row = {"area": a.name, "area_name": a.area_name}
		for field in RECTIFICATION_FIELDS:
			row[field] = cint(got.get(field))
		row["in_time_rate"] = percent(row["passed_in_time"], settled_or_overdue(row))
		for field in ("actions", "pending", *RUNGS):
			row[field] = cint(acted.get(field))
		rows.append(row)
	return rows


def settled_or_overdue(row: dict) -> int:
	return row["passed_in_time"] + row["passed_late"] + row["failed"] + row["overdue"]


def columns() -> list[dict]:
	return [
		*area_columns(),
		int_column("opened", _("Rectification Notices Issued"), 120),
		int_column("passed_in_time", _("Passed, Rectified in Time"), 120),
		int_column("passed_late", _("Passed, Rectified Late"), 120),
		int_column("failed", _("Failed Verification")),
		int_column("awaiting", _("Awaiting Verification")),
		int_column("open_not_due", _("Being Rectified, Not Yet Due"), 120),
		int_column("overdue", _("Overdue, Not Rectified"), 120),
		{
			"fieldname": "in_time_rate",
			"label": _("Rectified in Time (%)"),
			"fieldtype": "Percent",
			"width": 120,
		},
		int_column("actions", _("Enforcement Actions in Effect"), 120),
		*(int_column(rung, action_type) for rung, action_type in zip(RUNGS, r.ACTION_TYPES, strict=True)),
		int_column("pending", _("Awaiting Approval")),
	]


def chart(rows: list[dict]) -> dict:
	datasets = [
		(_("Passed, Rectified in Time"), "passed_in_time"),
		(_("Passed, Rectified Late"), "passed_late"),
		(_("Overdue, Not Rectified"), "overdue"),
		(_("Enforcement Actions in Effect"), "actions"),
	]
	return {
		"data": {
			"labels": [row["area_name"] for row in rows],
			"datasets": [{"name": name, "values": [row[f] for row in rows]} for name, f in datasets],
		},
		"type": "bar",
		"colors": ["#29cd42", "#ecad4b", "#e24c4c", "#5e64ff"],
	}


def summary(rows: list[dict]) -> list[dict]:
	def total(field: str) -> int:
		return sum(row[field] for row in rows)

	overdue = total("overdue")
	rate = percent(total("passed_in_time"), sum(settled_or_overdue(row) for row in rows))
	return [
		{
			"value": total("opened"),
			"label": _("Rectification Notices Issued"),
			"indicator": "Blue",
			"datatype": "Int",
		},
		{
			"value": total("passed_in_time"),
			"label": _("Passed, Rectified in Time"),
			"indicator": "Green",
			"datatype": "Int",
		},
		{
			"value": overdue,
			"label": _("Overdue, Not Rectified"),
			"indicator": "Red" if overdue else "Green",
			"datatype": "Int",
		},
		{
			"value": rate or 0,
			"label": _("Rectified in Time (%)"),
			"indicator": "Green" if rate in (None, 100.0) else "Orange",
			"datatype": "Percent",
		},
		{
			"value": total("actions"),
			"label": _("Enforcement Actions in Effect"),
			"indicator": "Blue",
			"datatype": "Int",
		},
		{"value": total("suspend"), "label": r.SUSPEND, "indicator": "Orange", "datatype": "Int"},
		{"value": total("revoke"), "label": r.REVOKE, "indicator": "Red", "datatype": "Int"},
	]
