"""Daily: staff health certificates and qualifications that expire within the lead time of the
point's rule set (`cert_reminder_days`) are reminded to the point's operators; once expired, to
its area's reviewers too. Each certificate, expiry date and stage once (Tuoyu Reminder Log)."""

from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import getdate, today

from tuoyu_frappe.reminders import base
from tuoyu_frappe.reminders import rules as r
from tuoyu_frappe.reminders.settings import enabled

STAFF, QUALIFICATION = "Tuoyu Staff", "Tuoyu Staff Qualification"
ACTIVE = "在职"


@base.in_site_language
def daily(commit: bool = True) -> dict:
	if not enabled("remind_certificates"):
		return {"disabled": True}
	on = getdate(today())
	points = base.Points()
	horizon = on + timedelta(days=points.max_cert_lead_days())
	sent = 0
	for rows in base.in_chunks(
		STAFF,
		[["employment_status", "=", ACTIVE], ["health_cert_expiry", "<=", horizon]],
		["name", "staff_name", "point", "health_cert_expiry"],
		"health_cert_expiry",
	):
		items = [(row, row.name, r.HEALTH_CERT, getdate(row.health_cert_expiry)) for row in rows]
		sent += remind(items, points, on)
		base.end_of_chunk(commit)
	for rows in base.in_chunks(
		QUALIFICATION,
		[["parenttype", "=", STAFF], ["parentfield", "=", "qualifications"], ["expiry_date", "<=", horizon]],
		["name", "parent", "qualification_type", "expiry_date"],
		"expiry_date",
	):
		staff = {
			row.name: row
			for row in frappe.get_all(
				STAFF,
				filters={"name": ("in", sorted({q.parent for q in rows})), "employment_status": ACTIVE},
				fields=["name", "staff_name", "point"],
			)
		}
		items = [
			(staff[q.parent], q.name, q.qualification_type or _("Qualification"), getdate(q.expiry_date))
			for q in rows
			if q.parent in staff
		]
		sent += remind(items, points, on, key_item=True)
		base.end_of_chunk(commit)
	return {"reminded": sent}


def remind(items, points: base.Points, on, key_item: bool = False) -> int:
	"""items: (staff row, reference for the key, certificate label, expiry date)."""
	points.load(row.point for row, *_rest in items)
	due = []
	for staff, ref, label, expiry in items:
		if not points.active(staff.point):
			continue
		stage = r.stage(expiry, on, points.cert_lead_days(staff.point))
		if stage:
			# A qualification row is its own reminder; the health certificate is the staff's.
			item = ref if key_item else label
			due.append((staff, label, item, expiry, stage))
	sent_before = base.already_sent(
		r.reminder_key(r.CERTIFICATE, staff.name, item, expiry, stage)
		for staff, _l, item, expiry, stage in due
	)
	sent = 0
	for staff, label, item, expiry, stage in due:
		if r.reminder_key(r.CERTIFICATE, staff.name, item, expiry, stage) in sent_before:
			continue
		point = points.points[staff.point]
		subject = (
			_("{0} at {1}: the {2} expired on {3}")
			if stage == r.OVERDUE
			else _("{0} at {1}: the {2} expires on {3}")
		).format(staff.staff_name, point.point_name, label, expiry)
		sent += base.send_once(
			kind=r.CERTIFICATE,
			stage=stage,
			point=staff.point,
			point_name=point.point_name,
			doctype=STAFF,
			name=staff.name,
			item=label,
			key_part=item,
			due=expiry,
			on=on,
			users=points.recipients(staff.point, stage),
			subject=subject,
		)
	return sent
