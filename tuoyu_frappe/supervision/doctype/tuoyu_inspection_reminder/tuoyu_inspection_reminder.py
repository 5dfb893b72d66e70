# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

from frappe.model.document import Document


class TuoyuInspectionReminder(Document):
	"""A self-inspection reminder sent by the daily job (tuoyu_frappe.supervision.inspection_reminders)."""
