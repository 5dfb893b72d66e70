"""备案审核时效: filings decided in a period (Tuoyu Filing.decided_on), by area, and how many were
decided within their statutory clock, with the median working days to a decision.

The clock runs from the (last) receipt of complete materials (received_on; a return for correction
restarts it on resubmission) to the decision: an approval, with its receipt (备案回执), within the rule
set's receipt period (5 working days), a refusal, with its notice, within the notice period (15). The
workflow stores the working days and the limit on the filing when it decides (decision_working_days,
decision_limit_working_days; -1 when a calendar year in between was not loaded: counted apart, never
as in time). Counted in SQL, GROUP BY area, the medians by MariaDB's MEDIAN() window function, under
the user's own row conditions (build_match_conditions)."""

from datetime import date, datetime, time, timedelta

import frappe
from frappe import _
from frappe.desk.reportview import build_match_conditions
from frappe.utils import cint, flt, getdate, today

from tuoyu_frappe.filing import states as s
from tuoyu_frappe.oversight.report.county_filing_progress.county_filing_progress import (
	percent,
	visible_areas,
)

FILING = "Tuoyu Filing"


@frappe.read_only()
def execute(filters=None):
	filters = frappe._dict(filters or {})
	frappe.has_permission(FILING, "report", throw=True)
	start, end = period(filters)
	rows, overall_median = timeliness_rows(start, end, filters.get("area"))
	return columns(), rows, None, chart(rows), summary(rows, overall_median)


def period(filters) -> tuple[date, date]:
	"""From and to dates; by default the year to date."""
	end = getdate(filters.get("to_date") or today())
	start = getdate(filters.get("from_date") or date(end.year, 1, 1))
	if start > end:
		frappe.throw(_("The from date must not be after the to date"))
	return start, end


def period_bounds(start: date, end: date) -> dict:
	"""Query parameters for a Datetime column in the period: >= start and < the day after end."""
	return {
		"start": datetime.combine(start, time.min),
		"after": datetime.combine(end + timedelta(days=1), time.min),
	}


def area_columns() -> list[dict]:
	"""The county area (the Link every report carries, CONVENTIONS §6) and its name."""
	return [
		{
			"fieldname": "area",
			"label": _("County Area"),
			"fieldtype": "Link",
			"options": "Tuoyu Area",
			"width": 110,
		},
		{"fieldname": "area_name", "label": _("Area Name"), "fieldtype": "Data", "width": 130},
	]


def decided_by_area(start: date, end: date, area: str | None) -> tuple[dict[str, dict], float | None]:
	"""({area: counts and median}, the median over every area) of the filings decided in the period."""
	match = build_match_conditions(FILING)
	rows = frappe.db.sql(
		f"""
		select d.area as area, count(*) as decided,
			coalesce(sum(d.workflow_state = %(filed)s), 0) as approved,
			coalesce(sum(d.workflow_state = %(refused)s), 0) as refused,
			coalesce(sum(d.days >= 0 and d.days <= d.limit_days), 0) as in_time,
			coalesce(sum(d.days > d.limit_days), 0) as late,
			coalesce(sum(d.days < 0), 0) as unknown,
			max(d.median_days) as median_days, max(d.days) as longest,
			max(d.overall_median) as overall_median
		from (
			select `tabTuoyu Filing`.area as area, `tabTuoyu Filing`.workflow_state as workflow_state,
				`tabTuoyu Filing`.decision_working_days as days,
				`tabTuoyu Filing`.decision_limit_working_days as limit_days,
				median(if(`tabTuoyu Filing`.decision_working_days >= 0,
					`tabTuoyu Filing`.decision_working_days, null)) over (partition by `tabTuoyu Filing`.area)
					as median_days,
				median(if(`tabTuoyu Filing`.decision_working_days >= 0,
					`tabTuoyu Filing`.decision_working_days, null)) over () as overall_median
			from `tabTuoyu Filing`
			where `tabTuoyu Filing`.docstatus = 1
				and `tabTuoyu Filing`.workflow_state in %(decided)s
				and `tabTuoyu Filing`.decided_on between %(start)s and %(end)s
				{"and `tabTuoyu Filing`.area = %(area)s" if area else ""}
				{"and " + match if match else ""}
		) d
		group by d.area
		""",
		{
			"filed": s.FILED,
			"refused": s.REFUSED,
			"decided": s.DECISION_STATES,
			"start": start,
			"end": end,
			"area": area,
		},
		as_dict=True,
	)
	overall = next((r.overall_median for r in rows if r.overall_median is not None), None)
	return {r.area: r for r in rows}, (flt(overall, 1) if overall is not None else None)


def timeliness_rows(start: date, end: date, area: str | None = None) -> tuple[list[dict], float | None]:
	"""(one row per visible county area, zeros included; the median over all of them)."""
	decided, overall = decided_by_area(start, end, area)
	rows = []
	for a in visible_areas(area):
		got = decided.get(a.name) or {}
		in_time, late = cint(got.get("in_time")), cint(got.get("late"))
		median = got.get("median_days")
		rows.append(
			{
				"area": a.name,
				"area_name": a.area_name,
				"decided": cint(got.get("decided")),
				"approved": cint(got.get("approved")),
				"refused": cint(got.get("refused")),
				"in_time": in_time,
				"late": late,
				"unknown": cint(got.get("unknown")),
				"in_time_rate": percent(in_time, in_time + late),
				"median_days": flt(median, 1) if median is not None else None,
				"longest": cint(got.get("longest")) if in_time + late else None,
			}
		)
	return rows, overall


def columns() -> list[dict]:
	return [
		*area_columns(),
		{"fieldname": "decided", "label": _("Filings Decided"), "fieldtype": "Int", "width": 100},
		{"fieldname": "approved", "label": _("Filings Approved"), "fieldtype": "Int", "width": 90},
		{"fieldname": "refused", "label": _("Filings Refused"), "fieldtype": "Int", "width": 90},
		{"fieldname": "in_time", "label": _("Decided in Time"), "fieldtype": "Int", "width": 100},
		{"fieldname": "late", "label": _("Decided Late"), "fieldtype": "Int", "width": 100},
		{"fieldname": "unknown", "label": _("Calendar Not Loaded"), "fieldtype": "Int", "width": 110},
		{"fieldname": "in_time_rate", "label": _("In-Time Rate (%)"), "fieldtype": "Percent", "width": 110},
		{
			"fieldname": "median_days",
			"label": _("Median Working Days to Decision"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 140,
		},
		{"fieldname": "longest", "label": _("Longest (Working Days)"), "fieldtype": "Int", "width": 110},
	]


def chart(rows: list[dict]) -> dict:
	return {
		"data": {
			"labels": [r["area_name"] for r in rows],
			"datasets": [
				{"name": _("Decided in Time"), "values": [r["in_time"] for r in rows]},
				{"name": _("Decided Late"), "values": [r["late"] for r in rows]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#29cd42", "#e24c4c"],
	}


def summary(rows: list[dict], median: float | None) -> list[dict]:
	decided = sum(r["decided"] for r in rows)
	in_time = sum(r["in_time"] for r in rows)
	late = sum(r["late"] for r in rows)
	return [
		{"value": decided, "label": _("Filings Decided"), "indicator": "Blue", "datatype": "Int"},
		{"value": in_time, "label": _("Decided in Time"), "indicator": "Green", "datatype": "Int"},
		{
			"value": late,
			"label": _("Decided Late"),
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
			"value": median if median is not None else 0,
			"label": _("Median Working Days to Decision"),
			"indicator": "Blue",
			"datatype": "Float",
		},
	]
