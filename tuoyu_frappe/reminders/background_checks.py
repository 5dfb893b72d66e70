"""Daily: staff whose background re-check (every `background_check_interval_months` of the point's
rule set, yearly by default) falls due within the rule set's `cert_reminder_days` are reminded to
the point's operators; overdue or never checked, to its area's reviewers too. The date is
Tuoyu Staff.last_background_check, kept from the restricted identity record's checks, so no
identity record is read and no ID number goes into any message."""

from datetime import timedelta

from frappe import _
from frappe.utils import getdate, today

from tuoyu_frappe.reminders import base
from tuoyu_frappe.reminders import rules as r
from tuoyu_frappe.reminders.settings import enabled

STAFF = "Tuoyu Staff"
ACTIVE = "在职"
NEVER = "-"


@base.in_site_language
def daily(commit: bool = True) -> dict:
	if not enabled("remind_background_checks"):
		return {"disabled": True}
	on = getdate(today())
	points = base.Points()
	horizon = on + timedelta(days=points.max_cert_lead_days())
	latest = r.latest_check_for_horizon(horizon, points.shortest_background_interval())
	fields = ["name", "staff_name", "point", "last_background_check"]
	sent = 0
	for condition in (["last_background_check", "<=", latest], ["last_background_check", "is", "not set"]):
		for rows in base.in_chunks(
			STAFF, [["employment_status", "=", ACTIVE], condition], fields, "last_background_check"
		):
			sent += remind(rows, points, on)
			base.end_of_chunk(commit)
	return {"reminded": sent}


def remind(rows, points: base.Points, on) -> int:
	points.load(row.point for row in rows)
	due = []
	for row in rows:
		if not points.active(row.point):
			continue
		interval = points.background_interval(row.point)
		if interval <= 0:
			continue  # this rule set asks for no re-checks
		last = getdate(row.last_background_check) if row.last_background_check else None
		due_on = r.background_due(last, interval)
		stage = r.stage(due_on, on, points.cert_lead_days(row.point))
		if stage:
			due.append((row, due_on, stage))
	sent_before = base.already_sent(
		r.reminder_key(r.BACKGROUND, row.name, NEVER, due_on, stage) for row, due_on, stage in due
	)
	sent = 0
	for row, due_on, stage in due:
		if r.reminder_key(r.BACKGROUND, row.name, NEVER, due_on, stage) in sent_before:
			continue
		point_name = points.points[row.point].point_name
		if due_on is None:
			subject = _("{0} at {1} has no background check on record").format(row.staff_name, point_name)
		elif stage == r.OVERDUE:
			subject = _("{0} at {1}: the background re-check was due on {2} and is overdue").format(
				row.staff_name, point_name, due_on
			)
		else:
			subject = _("{0} at {1}: the background re-check is due on {2}").format(
				row.staff_name, point_name, due_on
			)
		sent += base.send_once(
			kind=r.BACKGROUND,
			stage=stage,
			point=row.point,
			point_name=point_name,
			doctype=STAFF,
			name=row.name,
			item=_("Background Check"),
			key_part=NEVER,
			due=due_on,
			on=on,
			users=points.recipients(row.point, stage),
			subject=subject,
		)
	return sent
