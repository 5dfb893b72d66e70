"""A county-level area's target of filed points (and places) for a year (临沂市家庭托育点建设试点方案)."""

import frappe
from frappe import _
from frappe.model.document import Document

from tuoyu_frappe.oversight.targets import target_problems


class TuoyuDistrictTarget(Document):
	def validate(self):
		level = frappe.db.get_value("Tuoyu Area", self.area, "level") if self.area else None
		duplicate = self.is_new() and frappe.db.exists(
			"Tuoyu District Target", {"year": self.year, "area": self.area}
		)
		if problems := target_problems(
			self.year, level, self.target_points, self.target_places, bool(duplicate)
		):
			frappe.throw("<br>".join(_(p) for p in problems), title=_("Invalid Target"))
