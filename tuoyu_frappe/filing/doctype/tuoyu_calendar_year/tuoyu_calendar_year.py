# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from tuoyu_frappe.filing.clock import clear_calendar_cache
from tuoyu_frappe.workdays import MAKEUP_WORKDAY


class TuoyuCalendarYear(Document):
	def validate(self):
		if not 2000 <= (self.year or 0) <= 2100:
			frappe.throw(_("Enter a year between 2000 and 2100"))
		seen = set()
		for row in self.days:
			day = getdate(row.day)
			if day.year != self.year:
				frappe.throw(_("Row {0}: {1} is not in {2}").format(row.idx, row.day, self.year))
			if day in seen:
				frappe.throw(_("Row {0}: {1} is listed twice").format(row.idx, row.day))
			if row.kind == MAKEUP_WORKDAY and day.weekday() < 5:
				frappe.throw(
					_("Row {0}: a make-up workday must fall on a Saturday or Sunday").format(row.idx)
				)
			seen.add(day)
		self.days.sort(key=lambda r: getdate(r.day))
		for idx, row in enumerate(self.days, start=1):
			row.idx = idx
		self.day_count = len(self.days)

	def on_update(self):
		clear_calendar_cache()

	def on_trash(self):
		clear_calendar_cache()
