"""Daily job: complaint deadlines on the working-day calendar. Those who handle a complaint are
reminded once a day while its deadline is near or passed (the handler, or the area's reviewers
while it waits for acceptance); an overdue complaint is escalated to the city administrators once
per deadline. Switched by Tuoyu Reminder Settings.remind_complaint_sla."""

from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate, today

from tuoyu_frappe.complaints import clock
from tuoyu_frappe.complaints import rules as r
from tuoyu_frappe.filing import notify
from tuoyu_frappe.reminders.settings import enabled
from tuoyu_frappe.utils import in_site_language

COMPLAINT = "Tuoyu Complaint"
CLOCK_FIELDS = ("accept_due", "conclude_due", "working_days_left", "sla_status", "clock_note")


@in_site_language
def daily() -> None:
	if not enabled("remind_complaint_sla"):
		return
	run(getdate(today()))


def run(on: date) -> dict[str, list[str]]:
	"""Refresh every open complaint's clock as of `on`; returns the names reminded and escalated."""
	done = {"warned": [], "escalated": []}
	# A system job over open complaints; nothing is returned to a user.
	for name in frappe.get_all(COMPLAINT, filters={"workflow_state": ("in", r.OPEN_STATES)}, pluck="name"):
		doc = frappe.get_doc(COMPLAINT, name)
		if doc.workflow_state == r.NEW and not doc.accept_due:
			clock.set_accept_due(doc)  # a calendar year entered since
		elif doc.workflow_state != r.NEW and not doc.conclude_due and doc.accepted_at:
			clock.set_conclude_due(doc, getdate(doc.accepted_at))
		clock.refresh(doc, on)
		values = {f: doc.get(f) for f in CLOCK_FIELDS}
		days_left = doc.working_days_left if clock.current_due(doc) else None
		stage = r.clock_stage(doc.workflow_state)
		escalated_field = "accept_escalated_on" if stage == "accept" else "conclude_escalated_on"
		actions = r.sla_actions(
			days_left, getdate(doc.warned_on) if doc.warned_on else None, bool(doc.get(escalated_field)), on
		)
		due = clock.current_due(doc)
		if actions.warn:
			users = [doc.handler] if doc.handler else notify.area_reviewers(doc.area)
			if stage == "accept":
				subject = _("Complaint {0} must be accepted by {1}").format(doc.name, due)
			else:
				subject = _("Complaint {0} must be concluded by {1}").format(doc.name, due)
			notify.send(users, subject, doc)
			values["warned_on"] = on
			done["warned"].append(name)
		if actions.escalate:
			subject = _("Complaint {0} in {1} is overdue ({2}, due {3})").format(
				doc.name, doc.area, _(doc.workflow_state), due
			)
			notify.send(notify.city_admins(), subject, doc)
			values[escalated_field] = on
			done["escalated"].append(name)
		values["working_days_left"] = values["working_days_left"] or 0
		frappe.db.set_value(COMPLAINT, name, values, update_modified=False)
	return done
