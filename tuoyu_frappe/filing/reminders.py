"""Daily: refresh the statutory clocks of filings under review and warn about deadlines.

The scheduler commits after the job (and rolls back if it fails), so the job itself does not.
"""

import frappe
from frappe import _
from frappe.utils import cint

from tuoyu_frappe.filing import clock, notify
from tuoyu_frappe.filing import states as s
from tuoyu_frappe.utils import in_site_language

OVERDUE, DUE_SOON = "已超时", "即将超时"


@in_site_language
def daily() -> dict:
	from tuoyu_frappe.filing.doctype.tuoyu_filing.tuoyu_filing import clock_fields

	clock.fill_missing_due_dates()  # filings submitted before their calendar year was entered
	# A system job over every open filing; each notice goes only to that filing's area.
	open_filings = frappe.get_all(
		"Tuoyu Filing",
		filters={"workflow_state": ("in", s.REVIEW_STATES), "docstatus": 0},
		fields=["name", "area", "point_name", "workflow_state", "received_on", "receipt_due", "notice_due"],
	)
	warned = {DUE_SOON: 0, OVERDUE: 0}
	admins = notify.city_admins()
	for row in open_filings:
		days_left, status, note = clock_fields(row)
		frappe.db.set_value(
			"Tuoyu Filing",
			row.name,
			# An Int column cannot hold "no clock": Frappe stores 0, as a save would.
			{"working_days_left": cint(days_left), "clock_status": status, "clock_note": note},
			update_modified=False,
		)
		if status not in warned:
			continue
		warned[status] += 1
		doc = frappe.get_doc("Tuoyu Filing", row.name)
		subject = (
			_("Filing {0} ({1}) is overdue: the receipt was due {2}")
			if status == OVERDUE
			else _("Filing {0} ({1}) is due within one working day: receipt due {2}")
		).format(row.name, row.point_name, row.receipt_due)
		notify.send(notify.area_reviewers(row.area) + admins, subject, doc)
	return warned
