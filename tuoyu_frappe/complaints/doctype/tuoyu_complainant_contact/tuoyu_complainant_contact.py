# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

# Who the contact belongs to and who may read it are the server's (tuoyu_frappe.complaints.access).
SERVER_FIELDS = ("complaint", "area", "handler")


class TuoyuComplainantContact(Document):
	def validate(self):
		before = None if self.is_new() else self.get_doc_before_save()
		if before is not None:
			for field in SERVER_FIELDS:
				self.set(field, before.get(field))
		elif not self.flags.ignore_permissions:
			frappe.throw(_("Contact details are recorded with the complaint"), frappe.PermissionError)
		for field, limit in (("contact_name", 40), ("phone", 30), ("other_contact", 200)):
			if len(self.get(field) or "") > limit:
				frappe.throw(
					_("{0} may have at most {1} characters").format(_(self.meta.get_label(field)), limit)
				)

	def on_trash(self):
		if frappe.session.user != "Administrator":
			frappe.throw(_("Contact details are deleted only with their complaint"), frappe.PermissionError)
