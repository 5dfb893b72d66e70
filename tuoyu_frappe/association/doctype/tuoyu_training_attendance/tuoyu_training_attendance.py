# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

"""One person's attendance of one training session. The point's operator enrols their own staff (or
the organiser enters them); the organiser confirms attendance, and only confirmed attendance of a
session not cancelled counts toward the person's training hours and required topics. Scoped like
the person's point (area and point are set from the staff record)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate, today

from tuoyu_frappe.association import training
from tuoyu_frappe.association import training_rules as r
from tuoyu_frappe.supervision.guard import problems_text

SESSION = "Tuoyu Training Session"


class TuoyuTrainingAttendance(Document):
	def before_validate(self):
		staff = frappe.db.get_value("Tuoyu Staff", self.staff, ["staff_name", "point", "area"], as_dict=True)
		if staff:
			self.staff_name, self.point, self.area = staff.staff_name, staff.point, staff.area
		session = frappe.db.get_value(
			SESSION, self.session, ["topic", "hours", "training_date"], as_dict=True
		)
		if session:
			self.topic, self.hours, self.training_date = session.topic, session.hours, session.training_date

	def validate(self):
		session = frappe.get_doc(SESSION, self.session)
		organiser = r.Organiser(session.organiser_type, session.organiser_area)
		if self.is_new():
			self.validate_enrolment(session, organiser)
		stored_attended = (
			0 if self.is_new() else cint(frappe.db.get_value(self.doctype, self.name, "attended"))
		)
		if cint(self.attended) != stored_attended:
			problems = r.confirmation_problems(
				organiser,
				set(frappe.get_roles()),
				training.reviewer_areas(),
				getdate(session.training_date),
				getdate(today()),
			)
			if problems:
				by_role = problems[0][0] == "Only the organiser of the session confirms attendance"
				frappe.throw(
					problems_text(problems),
					frappe.PermissionError if by_role else frappe.ValidationError,
					title=_("Training Attendance"),
				)
			self.confirmed_by = frappe.session.user if cint(self.attended) else None

	def validate_enrolment(self, session, organiser: r.Organiser):
		employment, point = frappe.db.get_value("Tuoyu Staff", self.staff, ["employment_status", "point"])
		problems = r.enrolment_problems(
			organiser,
			session.status,
			self.area,
			bool(frappe.db.get_value("Tuoyu Point", point, "association_member")),
			employment == "在职",
		)
		if problems:
			frappe.throw(problems_text(problems), title=_("Training Attendance"))
		if frappe.db.exists(self.doctype, {"session": self.session, "staff": self.staff}):
			frappe.throw(
				_("{0} is already on this session's attendance").format(self.staff_name),
				title=_("Training Attendance"),
			)

	def on_update(self):
		training.refresh_staff(self.staff)

	def on_trash(self):
		# Confirmed attendance is the organiser's record: only they remove it (the hours go back).
		if cint(self.attended):
			session = frappe.get_doc(SESSION, self.session)
			training.require_organiser(r.Organiser(session.organiser_type, session.organiser_area))

	def after_delete(self):
		training.refresh_staff(self.staff)
