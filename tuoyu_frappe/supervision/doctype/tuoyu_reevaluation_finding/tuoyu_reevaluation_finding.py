# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class TuoyuReevaluationFinding(Document):
	"""Written in bulk by the re-evaluation chunk that found it; never saved through a form."""

	def validate(self):
		frappe.throw(_("A re-evaluation finding is recorded by the server"), frappe.PermissionError)
