"""Tuoyu Complaint.accept_working_days and handling_working_days for complaints closed before the
fields existed (投诉办理时效 takes their medians), and the index on concluded_at the report filters
on (declared search_index; ensured here too, as for the scope indexes).

Acceptance: working days from receipt to acceptance, or to not accepting it (不予受理); handling:
from acceptance to conclusion (已办结 only); -1 where unknown. Working days are counted once per
distinct pair of days and written by name."""

import frappe

from tuoyu_frappe.complaints import rules as r
from tuoyu_frappe.filing.clock import UNKNOWN_WORKING_DAYS, elapsed_working_days

COMPLAINT = "Tuoyu Complaint"


def execute():
	if not frappe.db.get_column_index(f"tab{COMPLAINT}", "concluded_at", unique=False):
		frappe.db.add_index(COMPLAINT, ["concluded_at"], index_name="concluded_at_index")
	rows = frappe.db.sql(
		"""select name, workflow_state, date(received_at) as received, date(accepted_at) as accepted,
			date(concluded_at) as concluded
		from `tabTuoyu Complaint` where docstatus = 1 and workflow_state in %(closed)s""",
		{"closed": (r.CLOSED, r.REJECTED)},
		as_dict=True,
	)
	counted: dict[tuple, int] = {}

	def days(start, end) -> int:
		if (start, end) not in counted:
			counted[start, end] = elapsed_working_days(start, end)
		return counted[start, end]

	for row in rows:
		rejected = row.workflow_state == r.REJECTED
		values = {
			"accept_working_days": days(row.received, row.concluded if rejected else row.accepted),
			"handling_working_days": UNKNOWN_WORKING_DAYS if rejected else days(row.accepted, row.concluded),
		}
		frappe.db.set_value(COMPLAINT, row.name, values, update_modified=False)
