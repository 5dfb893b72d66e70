# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from tuoyu_frappe.permissions import REVIEWER


class TuoyuReviewerAssignment(Document):
	def validate(self):
		if frappe.db.get_value("Tuoyu Area", self.area, "level") != "县区":
			frappe.throw(_("Reviewers are assigned to a county-level filing area"))
		duplicate = frappe.db.exists(
			"Tuoyu Reviewer Assignment",
			{"reviewer": self.reviewer, "area": self.area, "name": ("!=", self.name or "")},
		)
		if duplicate:
			frappe.throw(_("{0} is already assigned to this area").format(self.reviewer))

	def on_update(self):
		if self.enabled and REVIEWER not in frappe.get_roles(self.reviewer):
			user = frappe.get_doc("User", self.reviewer)
			user.flags.ignore_permissions = True
			user.add_roles(REVIEWER)

	def on_trash(self):
		others = frappe.db.exists(
			"Tuoyu Reviewer Assignment", {"reviewer": self.reviewer, "name": ("!=", self.name)}
		)
		if not others:
			user = frappe.get_doc("User", self.reviewer)
			user.flags.ignore_permissions = True
			user.remove_roles(REVIEWER)
