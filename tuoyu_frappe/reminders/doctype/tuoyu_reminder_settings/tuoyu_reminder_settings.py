# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint

MAX_LEAD_WORKING_DAYS = 30


class TuoyuReminderSettings(Document):
	def validate(self):
		lead = cint(self.rectification_lead_working_days)
		if lead < 0 or lead > MAX_LEAD_WORKING_DAYS:
			frappe.throw(
				_("The rectification lead time must be between 0 and {0} working days").format(
					MAX_LEAD_WORKING_DAYS
				)
			)
