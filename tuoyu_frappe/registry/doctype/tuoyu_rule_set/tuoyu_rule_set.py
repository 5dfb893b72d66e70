# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate


class TuoyuRuleSet(Document):
	def validate(self):
		if self.effective_to and getdate(self.effective_to) < getdate(self.effective_from):
			frappe.throw(_("A rule set cannot end before it takes effect"))
		if (self.max_capacity or 0) <= 0 or (self.children_per_caregiver or 0) <= 0:
			frappe.throw(_("Max capacity and children per caregiver must be greater than zero"))
		seen = set()
		for row in self.materials:
			if row.material_type in seen:
				frappe.throw(_("Material type {0} is listed twice").format(row.material_type))
			seen.add(row.material_type)

	def on_update(self):
		frappe.clear_document_cache(self.doctype, self.name)
