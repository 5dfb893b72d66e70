"""Daily: open rectifications (整改中) whose deadline falls within the next
`rectification_lead_working_days` working days (Tuoyu Reminder Settings) are reminded to the
point's operators, once per deadline. Overdue ones are not: supervision/escalation.py escalates
them to the area and the city."""

from frappe import _
from frappe.utils import getdate, today

from tuoyu_frappe.filing.clock import load_calendar
from tuoyu_frappe.reminders import base
from tuoyu_frappe.reminders import rules as r
from tuoyu_frappe.reminders.settings import enabled, rectification_lead_working_days
from tuoyu_frappe.supervision.enforcement_rules import R_OPEN

RECTIFICATION = "Tuoyu Rectification"


@base.in_site_language
def daily(commit: bool = True) -> dict:
	if not enabled("remind_rectification_deadlines"):
		return {"disabled": True}
	on = getdate(today())
	lead = rectification_lead_working_days()
	calendar = load_calendar()
	horizon = r.workday_horizon(calendar, on, lead)
	points = base.Points()
	sent = 0
	for rows in base.in_chunks(
		RECTIFICATION,
		[
			["workflow_state", "=", R_OPEN],
			["docstatus", "=", 0],
			["deadline", ">=", on],
			["deadline", "<=", horizon],
		],
		["name", "point", "point_name", "deadline"],
		"deadline",
	):
		points.load(row.point for row in rows)
		sent_before = base.already_sent(
			r.reminder_key(r.RECTIFICATION, row.name, "", getdate(row.deadline), r.DUE_SOON) for row in rows
		)
		for row in rows:
			deadline = getdate(row.deadline)
			if not points.active(row.point) or (
				r.reminder_key(r.RECTIFICATION, row.name, "", deadline, r.DUE_SOON) in sent_before
			):
				continue
			left = r.working_days_left(calendar, on, deadline)
			subject = _("Rectification {0} of {1} is due on {2}: {3} working days left").format(
				row.name, row.point_name, deadline, left
			)
			sent += base.send_once(
				kind=r.RECTIFICATION,
				stage=r.DUE_SOON,
				point=row.point,
				point_name=row.point_name,
				doctype=RECTIFICATION,
				name=row.name,
				item="",
				due=deadline,
				on=on,
				users=points.operators.get(row.point, []),
				subject=subject,
			)
		base.end_of_chunk(commit)
	return {"reminded": sent}
