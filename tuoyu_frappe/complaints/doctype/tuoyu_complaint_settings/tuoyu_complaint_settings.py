# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class TuoyuComplaintSettings(Document):
	def validate(self):
		for field in ("accept_working_days", "conclude_working_days"):
			if not 1 <= (self.get(field) or 0) <= 60:
				frappe.throw(
					_("{0} must be between 1 and 60 working days").format(_(self.meta.get_label(field)))
				)
