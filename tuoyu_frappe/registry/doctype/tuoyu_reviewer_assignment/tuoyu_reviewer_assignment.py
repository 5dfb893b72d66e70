# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from tuoyu_frappe.permissions import REVIEWER, clear_scope_cache


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
		self.sync_role(exclude_self=not self.enabled)
		before = self.get_doc_before_save()
		clear_scope_cache({self.reviewer, before.reviewer if before else None})

	def on_trash(self):
		self.sync_role(exclude_self=True)
		clear_scope_cache({self.reviewer})

	def sync_role(self, exclude_self: bool) -> None:
		"""The reviewer role follows the user's enabled assignments."""
		filters = {"reviewer": self.reviewer, "enabled": 1}
		if exclude_self:
			filters["name"] = ("!=", self.name)
		wanted = bool(frappe.db.exists("Tuoyu Reviewer Assignment", filters))
		has_role = REVIEWER in frappe.get_roles(self.reviewer)
		if wanted == has_role:
			return
		user = frappe.get_doc("User", self.reviewer)
		user.flags.ignore_permissions = True
		if wanted:
			user.add_roles(REVIEWER)
		else:
			user.remove_roles(REVIEWER)
