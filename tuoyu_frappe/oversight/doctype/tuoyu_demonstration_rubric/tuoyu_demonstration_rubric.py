# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

"""示范点评分标准: reference data a city administrator edits (the default ships once, never
overwritten). An application keeps a copy of the items it was scored on."""

import frappe
from frappe import _
from frappe.model.document import Document

from tuoyu_frappe.oversight import demonstration as d


class TuoyuDemonstrationRubric(Document):
	def validate(self):
		items = [(row.item_code, row.max_points) for row in self.items]
		problems = d.rubric_problems(items, self.pass_mark)
		if problems:
			frappe.throw(
				"<br>".join(_(message).format(**params) for message, params in problems),
				title=_("Invalid Rubric"),
			)
		self.total_points = sum(row.max_points or 0 for row in self.items)

	def on_update(self):
		# One active rubric: activating this one retires the others.
		if self.is_active:
			for other in frappe.get_all(
				d.RUBRIC, filters={"is_active": 1, "name": ("!=", self.name)}, pluck="name"
			):
				frappe.db.set_value(d.RUBRIC, other, "is_active", 0)
