# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate

from tuoyu_frappe.filing.clock import calendar_changed, fill_missing_due_dates
from tuoyu_frappe.workdays import MAKEUP_WORKDAY


class TuoyuCalendarYear(Document):
	def validate(self):
		# Int fields reach validate uncast (the form sends "2027"; naming by field leaves a str).
		self.year = cint(self.year)
		if not 2000 <= self.year <= 2100:
			frappe.throw(_("Enter a year between 2000 and 2100"))
		if not self.is_new() and self.has_value_changed("year"):
			frappe.throw(_("The year of a saved calendar cannot be changed; add a new calendar year instead"))
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
		calendar_changed()
		# Filings submitted while this year was missing get their due dates now.
		fill_missing_due_dates()

	def on_trash(self):
		calendar_changed()
