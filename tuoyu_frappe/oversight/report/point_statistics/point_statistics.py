"""托育点统计: points, places and enrolled children of each county-level area by one dimension of
Tuoyu Point chosen by the user (status, service model, premises type or compliance status).

One row per area and value of the dimension, zeros included, so areas and values compare at a
glance; every county-level area the user may see is listed. Counted in SQL, GROUP BY area and
value, under the user's own row conditions (build_match_conditions applies our
permission_query_conditions)."""

import frappe
from frappe import _
from frappe.desk.reportview import build_match_conditions
from frappe.utils import cint, flt

from tuoyu_frappe.oversight.report.county_filing_progress.county_filing_progress import visible_areas

POINT = "Tuoyu Point"
# The dimensions a user may group by: a fixed list, so the column name in the SQL is never user input.
DIMENSIONS = ("status", "service_model", "premises_type", "compliance_status")


@frappe.read_only()
def execute(filters=None):
	filters = frappe._dict(filters or {})
	frappe.has_permission(POINT, "report", throw=True)
	dimension = filters.get("group_by") or "status"
	if dimension not in DIMENSIONS:
		frappe.throw(_("Choose what to group the points by"))
	status = filters.get("status")
	if status and status not in dimension_values("status"):
		frappe.throw(_("Unknown point status {0}").format(status))
	rows = statistics_rows(dimension, filters.get("area"), status)
	values = list(dict.fromkeys(r["value"] for r in rows))
	return columns(dimension), rows, None, chart(rows, values), summary(rows, values)


def dimension_label(dimension: str) -> str:
	return {
		"status": _("Status"),
		"service_model": _("Service Model"),
		"premises_type": _("Premises Type"),
		"compliance_status": _("Compliance Status"),
	}[dimension]


def dimension_values(dimension: str) -> list[str]:
	"""The Select options of the dimension, in the DocType's order ("" = compliance not evaluated)."""
	values = (frappe.get_meta(POINT).get_field(dimension).options or "").split("\n")
	return values if dimension == "compliance_status" else [v for v in values if v]


def value_label(value: str) -> str:
	return value or _("Not Evaluated")


def counted(dimension: str, area: str | None, status: str | None) -> dict[tuple[str, str], dict]:
	"""{(area, value): {"points", "places", "enrolment"}} in the user's scope."""
	match = build_match_conditions(POINT)
	conditions = [match] if match else []
	if area:
		conditions.append("`tabTuoyu Point`.area = %(area)s")
	if status:
		conditions.append("`tabTuoyu Point`.status = %(status)s")
	rows = frappe.db.sql(
		f"""
		select `tabTuoyu Point`.area as area, coalesce(`tabTuoyu Point`.`{dimension}`, '') as value,
			count(*) as points, coalesce(sum(`tabTuoyu Point`.capacity), 0) as places,
			coalesce(sum(`tabTuoyu Point`.enrolment), 0) as enrolment
		from `tabTuoyu Point`
		{"where " + " and ".join(conditions) if conditions else ""}
		group by `tabTuoyu Point`.area, value
		""",
		{"area": area, "status": status},
		as_dict=True,
	)
	return {(r.area, r.value): r for r in rows}


def statistics_rows(dimension: str, area: str | None = None, status: str | None = None) -> list[dict]:
	got = counted(dimension, area, status)
	# The options in their order, then any value the data holds that the options no longer list.
	values = list(dict.fromkeys([*dimension_values(dimension), *sorted(v for _a, v in got)]))
	area_points: dict[str, int] = {}
	for (row_area, _value), r in got.items():
		area_points[row_area] = area_points.get(row_area, 0) + cint(r.points)
	rows = []
	for a in visible_areas(area):
		total = area_points.get(a.name, 0)
		for value in values:
			r = got.get((a.name, value)) or {}
			points = cint(r.get("points"))
			rows.append(
				{
					"area": a.name,
					"area_name": a.area_name,
					"value": value_label(value),
					"points": points,
					"share": flt(100.0 * points / total, 1) if total else None,
					"places": cint(r.get("places")),
					"enrolment": cint(r.get("enrolment")),
				}
			)
	return rows


def columns(dimension: str) -> list[dict]:
	return [
		{
			"fieldname": "area",
			"label": _("County Area"),
			"fieldtype": "Link",
			"options": "Tuoyu Area",
			"width": 110,
		},
		{"fieldname": "area_name", "label": _("Area Name"), "fieldtype": "Data", "width": 150},
		{"fieldname": "value", "label": dimension_label(dimension), "fieldtype": "Data", "width": 120},
		{"fieldname": "points", "label": _("Point Count"), "fieldtype": "Int", "width": 100},
		{"fieldname": "share", "label": _("Share of Area Points (%)"), "fieldtype": "Percent", "width": 130},
		{"fieldname": "places", "label": _("Care Places"), "fieldtype": "Int", "width": 90},
		{"fieldname": "enrolment", "label": _("Current Enrolment"), "fieldtype": "Int", "width": 100},
	]


def chart(rows: list[dict], values: list[str]) -> dict:
	"""Points of each area, one stacked dataset per value of the dimension."""
	labels = list(dict.fromkeys(r["area_name"] for r in rows))
	points = {(r["area_name"], r["value"]): r["points"] for r in rows}
	return {
		"data": {
			"labels": labels,
			"datasets": [
				{"name": value, "values": [points.get((label, value), 0) for label in labels]}
				for value in values
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
	}


def summary(rows: list[dict], values: list[str]) -> list[dict]:
	cards = [
		{
			"value": sum(r["points"] for r in rows),
			"label": _("Point Count"),
			"indicator": "Blue",
			"datatype": "Int",
		},
		{
			"value": sum(r["places"] for r in rows),
			"label": _("Care Places"),
			"indicator": "Blue",
			"datatype": "Int",
		},
		{
			"value": sum(r["enrolment"] for r in rows),
			"label": _("Current Enrolment"),
			"indicator": "Grey",
			"datatype": "Int",
		},
	]
	for value in values:
		cards.append(
			{
				"value": sum(r["points"] for r in rows if r["value"] == value),
				"label": value,
				"indicator": "Red" if value in ("不合规", "停业整改") else "Grey",
				"datatype": "Int",
			}
		)
	return cards
