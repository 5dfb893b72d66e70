# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from tuoyu_frappe.validation import normalize

PARENT_LEVEL = {"县区": "市", "乡镇街道": "县区"}


class TuoyuArea(Document):
	def validate(self):
		self.area_code = normalize(self.area_code)
		self.area_name = normalize(self.area_name)
		if not self.area_code.isdigit():
			frappe.throw(_("Area code must contain digits only"))
		if self.level == "市":
			self.parent_area = None
		else:
			parent_level = (
				frappe.db.get_value("Tuoyu Area", self.parent_area, "level") if self.parent_area else None
			)
			if parent_level != PARENT_LEVEL[self.level]:
				frappe.throw(
					_("A {0} must be placed under a {1}").format(_(self.level), _(PARENT_LEVEL[self.level]))
				)
		self.county_area = {"县区": self.name or self.area_code, "乡镇街道": self.parent_area}.get(self.level)
