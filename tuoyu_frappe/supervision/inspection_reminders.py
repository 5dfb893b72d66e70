"""Daily: remind the operators of filed points that owe a self-inspection (举办者自查).

A point owes one when it never had one, or its last is older than its rule set's
`self_inspection_interval_months`. Each reminder is recorded (Tuoyu Inspection Reminder), so a
point is reminded at most once per interval. The scheduler commits after the job.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Max
from frappe.utils import cint, getdate, today

from tuoyu_frappe.filing import notify
from tuoyu_frappe.reminders.settings import enabled
from tuoyu_frappe.supervision import inspection_rules as r
from tuoyu_frappe.utils import in_site_language

DEFAULT_INTERVAL_MONTHS = 12  # yearly, when a rule set does not say


@in_site_language
def daily() -> dict:
	if not enabled("remind_self_inspections"):
		return {"disabled": True}
	on = getdate(today())
	# A system job over every filed point; each reminder goes only to that point's operators.
	intervals = {
		row.name: cint(row.self_inspection_interval_months) or DEFAULT_INTERVAL_MONTHS
		for row in frappe.get_all("Tuoyu Rule Set", fields=["name", "self_inspection_interval_months"])
	}
	points = frappe.get_all(
		"Tuoyu Point",
		filters={"status": "已备案"},
		fields=["name", "point_name", "rule_set", "last_self_inspection"],
	)
	reminder = frappe.qb.DocType("Tuoyu Inspection Reminder")
	last_reminded = dict(
		frappe.qb.from_(reminder).select(reminder.point, Max(reminder.sent_on)).groupby(reminder.point).run()
	)
	operators: dict[str, list[str]] = {}
	for row in frappe.get_all(
		"Tuoyu Point Operator", filters={"parenttype": "Tuoyu Point"}, fields=["parent", "user"]
	):
		operators.setdefault(row.parent, []).append(row.user)
	sent = 0
	for point in points:
		interval = intervals.get(point.rule_set, DEFAULT_INTERVAL_MONTHS)
		last = getdate(point.last_self_inspection) if point.last_self_inspection else None
		if not r.self_inspection_due(last, on, interval):
			continue
		reminded = last_reminded.get(point.name)
		if not r.reminder_allowed(getdate(reminded) if reminded else None, on, interval):
			continue
		users = sorted(set(operators.get(point.name, [])))
		remind(point, users, last, interval, on)
		sent += 1
	return {"reminded": sent}


def remind(point, users: list[str], last, interval: int, on) -> None:
	if last:
		subject = _("{0}: the last self-inspection was on {1}; one is due every {2} months").format(
			point.point_name, last, interval
		)
	else:
		subject = _("{0} has no self-inspection on record; one is due every {1} months").format(
			point.point_name, interval
		)
	notify.send(users, subject, frappe.get_doc("Tuoyu Point", point.name))
	frappe.get_doc(
		{
			"doctype": "Tuoyu Inspection Reminder",
			"point": point.name,
			"sent_on": on,
			"last_self_inspection": last,
			"recipients": "\n".join(users),
		}
	).insert(ignore_permissions=True)
