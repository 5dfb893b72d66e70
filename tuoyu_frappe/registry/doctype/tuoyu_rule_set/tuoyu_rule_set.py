# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from tuoyu_frappe.supervision.reevaluation_rules import changed_assessed_fields

IN_FORCE_FIELDS = ("enabled", "effective_from", "effective_to")


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
		self.set_version()

	def set_version(self):
		"""The version counts changes of the values points are assessed by; it is the server's
		(read-only fields are writable over REST), and a label or clause edit leaves it."""
		before = None if self.is_new() else self.get_doc_before_save()
		if not before:
			self.version, self.flags.assessed_changes = 1, []
			return
		self.flags.assessed_changes = changed_assessed_fields(before.as_dict(), self.as_dict())
		self.version = (before.version or 1) + (1 if self.flags.assessed_changes else 0)

	def on_update(self):
		frappe.clear_document_cache(self.doctype, self.name)
		from tuoyu_frappe.supervision import reevaluation

		if self.flags.assessed_changes and reevaluation.is_effective(self.name):
			reevaluation.start(self.name, reevaluation.VALUES_CHANGED, self.flags.assessed_changes)
			frappe.msgprint(
				_("Version {0}: every point assessed under this rule set is being re-evaluated").format(
					self.version
				),
				alert=True,
				indicator="blue",
			)
		elif any(self.has_value_changed(f) for f in IN_FORCE_FIELDS):
			# Enabled or re-dated: if another rule set is now in force, its points follow today.
			reevaluation.daily()
