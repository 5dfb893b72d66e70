# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class TuoyuHireRefusalLog(Document):
	"""A refused hire of a banned person (tuoyu_frappe.safety.bans.log_refusal): written by the
	server only, read by city administrators only, never changed."""

	def validate(self):
		if not self.is_new():
			frappe.throw(_("A refusal log entry cannot be changed"), frappe.PermissionError)
