# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

from frappe.model.document import Document


class TuoyuReminderLog(Document):
	"""Written by the daily reminder jobs only (in_create; city admins read it)."""
