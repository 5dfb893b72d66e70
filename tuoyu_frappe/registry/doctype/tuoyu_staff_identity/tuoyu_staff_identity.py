# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate


class TuoyuStaffIdentity(Document):
	"""ID number and background checks of one staff member, readable only by the area's
	reviewers and city administrators (operators have no permission on this DocType)."""

	def validate(self):
		# read_only fields are writable through the API: the identity itself changes only
		# through the staff form, where it is validated.
		if not self.flags.set_by_staff and not self.is_new():
			for field in ("staff", "id_number", "birth_date"):
				if self.has_value_changed(field):
					frappe.throw(_("The ID number is changed in the staff member's form"))
		self.point, self.area = frappe.db.get_value("Tuoyu Staff", self.staff, ["point", "area"])

	def on_update(self):
		latest = max((getdate(row.check_date) for row in self.background_checks), default=None)
		frappe.db.set_value("Tuoyu Staff", self.staff, "last_background_check", latest, update_modified=False)
