# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import re

import frappe
from frappe import _
from frappe.model.document import Document


def normal_text(value: str | None) -> str:
	"""Trim, collapse inner spaces, full-width spaces and brackets as typed on a phone."""
	value = (value or "").replace("\u3000", " ")
	return re.sub(r"\s+", " ", value).strip()


class TuoyuInspector(Document):
	"""A law-enforcement inspector (执法检查人员) of a county-level area: the pool of patrols and
	双随机 draws. The certificate number (执法证号) identifies them city-wide."""

	def validate(self):
		self.full_name = normal_text(self.full_name)
		self.certificate_no = normal_text(self.certificate_no).replace(" ", "")
		if not self.full_name:
			frappe.throw(_("Enter the inspector's full name"))
		if not self.certificate_no:
			frappe.throw(_("Enter the inspector's law-enforcement certificate number"))
		duplicate = frappe.db.get_value(
			"Tuoyu Inspector", {"certificate_no": self.certificate_no, "name": ("!=", self.name)}, "name"
		)
		if duplicate:
			frappe.throw(
				_("Certificate number {0} already belongs to another inspector").format(self.certificate_no)
			)
		if self.user and not frappe.db.get_value("User", self.user, "enabled"):
			frappe.throw(_("User {0} is not an enabled user").format(self.user))
