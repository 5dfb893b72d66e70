"""县区备案进度: filed points and places of each county-level area against its target for a year.

A point counts for a year when it was filed (Tuoyu Point.filed_on, copied from the approving filing)
by the year's end and its filing had not ended by then: not revoked (revoked_on) and not cancelled
(the approved 注销备案 filing's filed_on). 停业整改 keeps the filing, so a suspended point counts.
Counted in SQL, GROUP BY area, under the user's own row conditions (build_match_conditions applies
our permission_query_conditions); targets come through frappe.get_list, scoped the same way.
"""

from datetime import date

import frappe
from frappe import _
from frappe.desk.reportview import build_match_conditions
from frappe.utils import cint, flt, getdate, today

from tuoyu_frappe.oversight.targets import COUNTY
from tuoyu_frappe.permissions import get_scope

CANCEL = "注销备案"
APPROVED = "已备案"
ENDED_WITHOUT_DATE = ("已注销", "已撤销备案")


@frappe.read_only()
def execute(filters=None):
	filters = frappe._dict(filters or {})
	frappe.has_permission("Tuoyu Point", "report", throw=True)
	frappe.has_permission("Tuoyu District Target", "read", throw=True)
	year = cint(filters.get("year")) or getdate(today()).year
	if not 2000 <= year <= 2100:
		frappe.throw(_("Enter a year between 2000 and 2100"))
	rows = progress_rows(year, filters.get("area"))
	return columns(), rows, None, chart(rows), summary(rows)


def year_end(year: int) -> date:
	return date(year, 12, 31)


# A point's filing stood at %(end)s: filed by then, not revoked by then, not cancelled by then (the
# approved 注销备案 filing's filed_on), and not ended without a date. SQL over `tabTuoyu Point` and
# CANCELLED_JOIN, with FILED_PARAMS and "end" as parameters; shared with 监管检查覆盖.
CANCELLED_JOIN = """left join (
			select point, min(filed_on) as ended_on from `tabTuoyu Filing`
			where filing_type = %(cancel)s and workflow_state = %(approved)s and docstatus = 1
			group by point
		) cancelled on cancelled.point = `tabTuoyu Point`.name"""
FILED_AT_END = """(`tabTuoyu Point`.filed_on <= %(end)s
			and (`tabTuoyu Point`.revoked_on is null or `tabTuoyu Point`.revoked_on > %(end)s)
			and (cancelled.ended_on is null or cancelled.ended_on > %(end)s)
			and not (`tabTuoyu Point`.status in %(ended)s
				and coalesce(`tabTuoyu Point`.revoked_on, cancelled.ended_on) is null))"""
FILED_PARAMS = {"cancel": CANCEL, "approved": APPROVED, "ended": ENDED_WITHOUT_DATE}


def filed_by_area(end: date, area: str | None) -> dict[str, dict]:
	"""{area: {"points", "places"}} of points whose filing stood at `end`, in the user's scope."""
	match = build_match_conditions("Tuoyu Point")
	area_cond = "and `tabTuoyu Point`.area = %(area)s" if area else ""
	rows = frappe.db.sql(
		f"""
		select `tabTuoyu Point`.area as area, count(*) as points,
			coalesce(sum(`tabTuoyu Point`.capacity), 0) as places
		from `tabTuoyu Point`
		{CANCELLED_JOIN}
		where {FILED_AT_END}
			{area_cond}
			{"and " + match if match else ""}
		group by `tabTuoyu Point`.area
		""",
		{"end": end, **FILED_PARAMS, "area": area},
		as_dict=True,
	)
	return {r.area: r for r in rows}


def visible_areas(area: str | None) -> list[dict]:
	"""County-level areas the user's rows belong to: all for the city, their own for a reviewer.
	(Reference rows, read directly: get_all's query builder cost a report more than its own SQL.)"""
	scope = get_scope()
	names = None if scope.all_rows else set(scope.areas)
	if area:
		names = {area} & names if names is not None else {area}
	if names is not None and not names:
		return []
	return frappe.db.sql(
		f"""select name, area_name from `tabTuoyu Area`
		where level = %(level)s and enabled = 1 {"and name in %(names)s" if names is not None else ""}
		order by name""",
		{"level": COUNTY, "names": tuple(sorted(names or ()))},
		as_dict=True,
	)


def progress_rows(year: int, area: str | None = None) -> list[dict]:
	filed = filed_by_area(year_end(year), area)
	targets = {
		t.area: t
		for t in frappe.get_list(
			"Tuoyu District Target",
			filters={"year": year, **({"area": area} if area else {})},
			fields=["area", "target_points", "target_places"],
		)
	}
	rows = []
	for a in visible_areas(area):
		got, target = filed.get(a.name) or {}, targets.get(a.name) or {}
		points, places = cint(got.get("points")), cint(got.get("places"))
		target_points, target_places = cint(target.get("target_points")), cint(target.get("target_places"))
		rows.append(
			{
				"area": a.name,
				"area_name": a.area_name,
				"year": year,
				"filed_points": points,
				"target_points": target_points,
				"points_rate": percent(points, target_points),
				"filed_places": places,
				"target_places": target_places,
				"places_rate": percent(places, target_places),
				"gap": max(target_points - points, 0),
				"status": status(points, target_points),
			}
		)
	return rows


def percent(value: int, target: int) -> float | None:
	return flt(100.0 * value / target, 1) if target else None


def status(points: int, target: int) -> str:
	if not target:
		return _("No Target")
	return _("On Target") if points >= target else _("Behind Target")


def columns() -> list[dict]:
	return [
		{
			"fieldname": "area",
			"label": _("County Area"),
			"fieldtype": "Link",
			"options": "Tuoyu Area",
			"width": 110,
		},
		{"fieldname": "area_name", "label": _("Area Name"), "fieldtype": "Data", "width": 150},
		{"fieldname": "year", "label": _("Year"), "fieldtype": "Int", "width": 70},
		{"fieldname": "filed_points", "label": _("Filed Points"), "fieldtype": "Int", "width": 100},
		{"fieldname": "target_points", "label": _("Target Filed Points"), "fieldtype": "Int", "width": 110},
		{"fieldname": "points_rate", "label": _("Points Achieved (%)"), "fieldtype": "Percent", "width": 120},
		{"fieldname": "gap", "label": _("Points Short of Target"), "fieldtype": "Int", "width": 110},
		{"fieldname": "filed_places", "label": _("Filed Places"), "fieldtype": "Int", "width": 100},
		{"fieldname": "target_places", "label": _("Target Places"), "fieldtype": "Int", "width": 100},
		{"fieldname": "places_rate", "label": _("Places Achieved (%)"), "fieldtype": "Percent", "width": 120},
		{"fieldname": "status", "label": _("Progress"), "fieldtype": "Data", "width": 100},
	]


def chart(rows: list[dict]) -> dict:
	return {
		"data": {
			"labels": [r["area_name"] for r in rows],
			"datasets": [
				{"name": _("Filed Points"), "values": [r["filed_points"] for r in rows]},
				{"name": _("Target Filed Points"), "values": [r["target_points"] for r in rows]},
			],
		},
		"type": "bar",
		"colors": ["#2490ef", "#e24c4c"],
	}


def summary(rows: list[dict]) -> list[dict]:
	points = sum(r["filed_points"] for r in rows)
	target = sum(r["target_points"] for r in rows)
	behind = sum(1 for r in rows if r["target_points"] and r["filed_points"] < r["target_points"])
	return [
		{"value": points, "label": _("Filed Points"), "indicator": "Blue", "datatype": "Int"},
		{"value": target, "label": _("Target Filed Points"), "indicator": "Grey", "datatype": "Int"},
		{
			"value": percent(points, target) or 0,
			"label": _("Points Achieved (%)"),
			"indicator": "Green" if points >= target else "Orange",
			"datatype": "Percent",
		},
		{
			"value": behind,
			"label": _("Areas Behind Target"),
			"indicator": "Red" if behind else "Green",
			"datatype": "Int",
		},
		{
			"value": sum(r["filed_places"] for r in rows),
			"label": _("Filed Places"),
			"indicator": "Blue",
			"datatype": "Int",
		},
	]
