"""人员资质预警: active staff (在职) of points that have not closed (every status but 已注销: a point
being set up needs valid papers to file, and a suspended or revoked point stays under supervision and
may file again) whose papers have run out or run out within N days of a day (by default today and 30):

- a qualification certificate (Tuoyu Staff Qualification.expiry_date);
- the health certificate (health_cert_expiry; none recorded counts as expired);
- the background re-check (last_background_check + the point's rule set's
  background_check_interval_months, the rule set in force for a point without one; never checked
  counts as overdue; a rule set asking for no re-checks asks for none);
- for caregivers, the required training topics not yet met (training_topics_missing).

The stages and the due date of a re-check are those of the daily reminders (reminders/rules.py:
已过期 after the day, 即将到期 up to it; the re-check months added as compliance.add_months does,
clamped to the month's end), computed in SQL. One row per person and problem, the most urgent first,
up to MAX_ROWS; the counts (chart, summary) are GROUP BY WITH ROLLUP over all of them. No ID number is
read (they stay in Tuoyu Staff Identity). Scoped by the user's row conditions on Tuoyu Staff."""

from datetime import date, timedelta

import frappe
from frappe import _
from frappe.desk.reportview import build_match_conditions
from frappe.utils import cint, getdate, today

from tuoyu_frappe.compliance import CAREGIVER_POSTS
from tuoyu_frappe.oversight.report.county_filing_progress.county_filing_progress import visible_areas
from tuoyu_frappe.oversight.report.filing_review_timeliness.filing_review_timeliness import area_columns
from tuoyu_frappe.permissions import get_scope
from tuoyu_frappe.reminders import rules as r
from tuoyu_frappe.utils import rule_set_in_force

STAFF = "Tuoyu Staff"
ACTIVE, CLOSED_POINT = "在职", "已注销"
QUALIFICATION, TRAINING = "资格证书", "必修培训"
PROBLEMS = (QUALIFICATION, r.HEALTH_CERT, r.BACKGROUND, TRAINING)
NOT_MET = "未达标"
STAGES = (r.OVERDUE, r.DUE_SOON, NOT_MET)
DEFAULT_DAYS, MAX_DAYS = 30, 366
MAX_ROWS = 2000


@frappe.read_only()
def execute(filters=None):
	filters = frappe._dict(filters or {})
	frappe.has_permission(STAFF, "report", throw=True)
	on, days = as_of(filters), lead_days(filters)
	problem = filters.get("problem") or None
	if problem and problem not in PROBLEMS:
		frappe.throw(_("Unknown problem {0}").format(problem))
	horizon, area = on + timedelta(days=days), filters.get("area")
	counts = alert_counts(*alerts_sql(on, horizon, area, problem))
	# Each part's own most urgent rows, read in its index order, pay when its index range spans every
	# area (the city, at province scale 0.45 s instead of 0.95 s); in one area the area's rows are few
	# enough to sort at once (a reviewer: 0.50 s instead of 0.65 s).
	per_part = MAX_ROWS if not area and get_scope().all_rows else None
	rows = alert_rows(*alerts_sql(on, horizon, area, problem, limit=per_part))
	message = None
	if counts["total"] > len(rows):
		message = _("Showing the {0} most urgent of {1} alerts; narrow the filters to see the rest").format(
			len(rows), counts["total"]
		)
	areas = visible_areas(filters.get("area"))
	return columns(), rows, message, chart(areas, counts), summary(counts)


def as_of(filters) -> date:
	return getdate(filters.get("as_of") or today())


def lead_days(filters) -> int:
	days = DEFAULT_DAYS if filters.get("days") in (None, "") else cint(filters.get("days"))
	if not 0 <= days <= MAX_DAYS:
		frappe.throw(_("Enter a number of days between 0 and {0}").format(MAX_DAYS))
	return days


def shortest_background_interval() -> int:
	intervals = frappe.get_all("Tuoyu Rule Set", pluck="background_check_interval_months")
	return min([cint(i) for i in intervals if cint(i) > 0] or [r.DEFAULT_BACKGROUND_INTERVAL_MONTHS])


def alerts_sql(
	on: date, horizon: date, area: str | None, problem: str | None, limit: int | None = None
) -> tuple[str, dict]:
	"""The alerts as one UNION ALL (area, point, staff, problem, detail, due_date, sort_key, stage,
	days_left), and its parameters. Each problem is split so that each part reads one index range
	(a missing date apart from a date in range). With `limit`, each part keeps only its `limit` most
	urgent rows, in the order of its index ((date, primary key): `sort_key` is that key), so that the
	list reads a few thousand index entries instead of every alert; the overall most urgent `limit`
	are among them."""
	match = build_match_conditions(STAFF)
	staff = "`tabTuoyu Staff`"
	scope = f"""{staff}.employment_status = %(active)s and p.status != %(closed_point)s
		{f"and {staff}.area = %(area)s" if area else ""} {"and " + match if match else ""}"""
	fields = f"""{staff}.area as area, {staff}.point as point, p.point_name as point_name,
		p.status as point_status, {staff}.name as staff, {staff}.staff_name as staff_name, {staff}.post as post"""
	# straight_join: each part is driven by the table whose indexed condition selects its rows (the
	# staff, or the qualifications), then the point by primary key; left to itself, MariaDB sometimes
	# drove from the 100,000 points instead (measured at province scale: 2.0 s → 1.4 s for the counts).
	from_staff = f"from {staff} straight_join `tabTuoyu Point` p on p.name = {staff}.point"
	rule_set = "left join `tabTuoyu Rule Set` rs on rs.name = coalesce(nullif(p.rule_set, ''), %(in_force)s)"
	interval = f"coalesce(rs.background_check_interval_months, {r.DEFAULT_BACKGROUND_INTERVAL_MONTHS})"
	recheck_due = f"date_add({staff}.last_background_check, interval {interval} month)"
	# (problem, (problem, detail, due date, sort key), from, where, the part's order: its index's)
	parts = [
		(
			QUALIFICATION,
			("%(qualification)s", "q.qualification_type", "q.expiry_date", "q.name"),
			f"""from `tabTuoyu Staff Qualification` q straight_join {staff} on {staff}.name = q.parent
				straight_join `tabTuoyu Point` p on p.name = {staff}.point""",
			"""q.expiry_date <= %(horizon)s and q.parenttype = %(staff_doctype)s
				and q.parentfield = 'qualifications'""",
			"q.expiry_date, q.name",
		),
		(
			r.HEALTH_CERT,
			("%(health)s", "%(no_health_cert)s", "null", f"{staff}.name"),
			from_staff,
			f"{staff}.health_cert_expiry is null",
			f"{staff}.name",
		),
		(
			r.HEALTH_CERT,
			("%(health)s", "null", f"{staff}.health_cert_expiry", f"{staff}.name"),
			from_staff,
			f"{staff}.health_cert_expiry <= %(horizon)s",
			f"{staff}.health_cert_expiry, {staff}.name",
		),
		(
			r.BACKGROUND,
			("%(background)s", "%(never_checked)s", "null", f"{staff}.name"),
			f"{from_staff} {rule_set}",
			f"{staff}.last_background_check is null and {interval} > 0",
			f"{staff}.name",
		),
		(
			r.BACKGROUND,
			("%(background)s", "null", recheck_due, f"{staff}.name"),
			f"{from_staff} {rule_set}",
			f"""{staff}.last_background_check <= %(latest_check)s and {recheck_due} <= %(horizon)s
				and {interval} > 0""",
			f"{recheck_due}, {staff}.name",
		),
		(
			TRAINING,
			("%(training)s", f"{staff}.training_topics_missing", "null", f"{staff}.name"),
			from_staff,
			# `> ''` (not null, not empty) reads the prefix index on the column (setup/indexes.py)
			f"{staff}.training_topics_missing > '' and {staff}.post in %(caregivers)s",
			f"{staff}.name",
		),
	]
	aliases = ("problem", "detail", "due_date", "sort_key")
	selects = [
		f"""(select {fields}, {", ".join(f"{v} as {n}" for v, n in zip(values, aliases, strict=True))}
			{source} where {condition} and {scope}
			{f"order by {order} limit {cint(limit)}" if limit else ""})"""
		for kind, values, source, condition, order in parts
		if not problem or kind == problem
	]
	union = " union all ".join(selects)
	sql = f"""select a.area, a.point, a.point_name, a.point_status, a.staff, a.staff_name, a.post,
			a.problem, a.detail, a.due_date, a.sort_key,
			case when a.problem = %(training)s then %(not_met)s
				when a.due_date is null or a.due_date < %(on)s then %(overdue)s else %(due_soon)s end as stage,
			datediff(a.due_date, %(on)s) as days_left
		from ({union}) a"""
	params = {
		"on": on,
		"horizon": horizon,
		"latest_check": r.latest_check_for_horizon(horizon, shortest_background_interval()),
		"in_force": rule_set_in_force(on) or "",
		"area": area,
		"active": ACTIVE,
		"closed_point": CLOSED_POINT,
		"staff_doctype": STAFF,
		"caregivers": CAREGIVER_POSTS,
		"qualification": QUALIFICATION,
		"health": r.HEALTH_CERT,
		"background": r.BACKGROUND,
		"training": TRAINING,
		"no_health_cert": _("No health certificate recorded"),
		"never_checked": _("No background check on record"),
		"overdue": r.OVERDUE,
		"due_soon": r.DUE_SOON,
		"not_met": NOT_MET,
	}
	return sql, params


def alert_rows(sql: str, params: dict) -> list[dict]:
	"""The most urgent first: expired before due soon before training; nothing on record before the
	earliest date; then each part's own index order (sort_key)."""
	return frappe.db.sql(
		f"""select * from ({sql}) alerts
		order by field(alerts.stage, %(overdue)s, %(due_soon)s, %(not_met)s), alerts.due_date is not null,
			alerts.due_date, alerts.problem, alerts.sort_key
		limit {MAX_ROWS}""",
		params,
		as_dict=True,
	)


def alert_counts(sql: str, params: dict) -> dict:
	"""{"total", "staff", "by_stage": {stage: n}, "by_area_problem": {(area, problem): n}}."""
	rows = frappe.db.sql(
		f"""select alerts.area as area, alerts.problem as problem, alerts.stage as stage, count(*) as n,
			count(distinct alerts.staff) as staff
		from ({sql}) alerts group by alerts.area, alerts.problem, alerts.stage with rollup""",
		params,
		as_dict=True,
	)
	grand = next((row for row in rows if row.area is None), None)
	leaves = [row for row in rows if row.stage is not None]  # (area, problem, stage): at most 13 × 4 × 3
	return {
		"total": cint(grand.n) if grand else 0,
		"staff": cint(grand.staff) if grand else 0,
		"by_stage": {stage: sum(cint(row.n) for row in leaves if row.stage == stage) for stage in STAGES},
		"by_area_problem": {
			(row.area, row.problem): cint(row.n)
			for row in rows
			if row.area is not None and row.problem is not None and row.stage is None
		},
	}


def columns() -> list[dict]:
	return [
		*area_columns(),
		{
			"fieldname": "point",
			"label": _("Point"),
			"fieldtype": "Link",
			"options": "Tuoyu Point",
			"width": 110,
		},
		{"fieldname": "point_name", "label": _("Point Name"), "fieldtype": "Data", "width": 150},
		{"fieldname": "point_status", "label": _("Point Status"), "fieldtype": "Data", "width": 90},
		{"fieldname": "staff", "label": _("Staff"), "fieldtype": "Link", "options": STAFF, "width": 110},
		{"fieldname": "staff_name", "label": _("Staff Name"), "fieldtype": "Data", "width": 100},
		{"fieldname": "post", "label": _("Job Post"), "fieldtype": "Data", "width": 90},
		{"fieldname": "problem", "label": _("Problem"), "fieldtype": "Data", "width": 90},
		{"fieldname": "detail", "label": _("Detail"), "fieldtype": "Data", "width": 180},
		{"fieldname": "due_date", "label": _("Expires or Due On"), "fieldtype": "Date", "width": 110},
		{"fieldname": "stage", "label": _("Alert Stage"), "fieldtype": "Data", "width": 90},
		{"fieldname": "days_left", "label": _("Days Left"), "fieldtype": "Int", "width": 80},
	]


def chart(areas: list[dict], counts: dict) -> dict:
	by = counts["by_area_problem"]
	return {
		"data": {
			"labels": [a.area_name for a in areas],
			"datasets": [
				{"name": problem, "values": [by.get((a.name, problem), 0) for a in areas]}
				for problem in PROBLEMS
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
	}


def summary(counts: dict) -> list[dict]:
	stages = counts["by_stage"]
	return [
		{"value": counts["staff"], "label": _("Staff with Alerts"), "indicator": "Blue", "datatype": "Int"},
		{
			"value": stages.get(r.OVERDUE, 0),
			"label": _("Expired or Overdue"),
			"indicator": "Red" if stages.get(r.OVERDUE) else "Green",
			"datatype": "Int",
		},
		{
			"value": stages.get(r.DUE_SOON, 0),
			"label": _("Due Soon"),
			"indicator": "Orange" if stages.get(r.DUE_SOON) else "Green",
			"datatype": "Int",
		},
		{
			"value": stages.get(NOT_MET, 0),
			"label": _("Required Training Not Met"),
			"indicator": "Orange" if stages.get(NOT_MET) else "Green",
			"datatype": "Int",
		},
	]
