# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

"""A training session (培训) organised by the association or a district's health bureau. The
session itself names no staff: attendance is recorded per person in Tuoyu Training Attendance,
scoped like the person's point, so nobody reads other points' staff through a session."""

import frappe
from frappe import _
from frappe.model.document import Document

from tuoyu_frappe.association import training
from tuoyu_frappe.association import training_rules as r
from tuoyu_frappe.supervision.guard import problems_text

COPIED = ("topic", "hours", "training_date", "status")  # attendance rows and staff totals follow these


class TuoyuTrainingSession(Document):
	def validate(self):
		if self.organiser_type == r.BY_ASSOCIATION:
			self.organiser_area = None
		problems = r.session_problems(self.hours, self.topic, self.topic_detail)
		if problems:
			frappe.throw(problems_text(problems), title=_("Training Session"))
		if not self.is_new():
			# The stored organiser must be the user's too, or a reviewer could take over another
			# district's session by sending their own district with the change.
			stored = frappe.db.get_value(self.doctype, self.name, ["organiser_type", "organiser_area"])
			training.require_organiser(r.Organiser(*stored))
		training.require_organiser(r.Organiser(self.organiser_type, self.organiser_area))
		if not self.is_new() and self.has_value_changed("organiser_type") | self.has_value_changed(
			"organiser_area"
		):
			if frappe.db.exists("Tuoyu Training Attendance", {"session": self.name}):
				frappe.throw(
					_("The organiser of a session with attendance cannot be changed"),
					title=_("Training Session"),
				)

	def on_update(self):
		if any(self.has_value_changed(f) for f in COPIED):
			training.session_changed(self)

	def on_trash(self):
		training.require_organiser(r.Organiser(self.organiser_type, self.organiser_area))
		if frappe.db.exists("Tuoyu Training Attendance", {"session": self.name}):
			frappe.throw(
				_("A session with attendance is cancelled (Session Status 已取消), not deleted"),
				frappe.LinkExistsError,
				title=_("Training Session"),
			)
