# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from tuoyu_frappe import validation
from tuoyu_frappe.compliance import add_months
from tuoyu_frappe.utils import chinese_errors, has_permlevel_write, rule_set_values

MIN_STAFF_AGE = 18
ATTACH_FIELDS = ("health_cert_scan",)


class TuoyuStaff(Document):
	def validate(self):
		self.staff_name = validation.normalize(self.staff_name)
		self.apply_id_number_entry()
		self.refresh_identity()
		self.validate_phone()
		self.set_area_from_point()
		self.validate_employment()
		self.validate_single_active_post()
		self.set_health_cert_expiry()
		self.guard_background_checks()
		self.last_background_check = max((getdate(r.check_date) for r in self.background_checks), default=None)
		self.validate_private_attachments()

	def apply_id_number_entry(self):
		"""The ID number is typed into a plain field, checked here and stored at permlevel 1.

		Operators may register staff but not read ID numbers afterwards, so the entry field
		is cleared on every save and only the masked number stays visible to them."""
		entry = self.id_number_entry
		self.id_number_entry = None
		if entry and validation.normalize(entry):
			with chinese_errors():
				self.id_number = validation.validate_id_number(entry, getdate(today())).number
		if not self.id_number:
			frappe.throw(_("ID number is required"), title=_("Invalid Input"))

	def refresh_identity(self):
		with chinese_errors():
			info = validation.validate_id_number(self.id_number, getdate(today()))
		if info.age < MIN_STAFF_AGE:
			frappe.throw(_("Staff must be at least {0} years old; this person is {1}").format(MIN_STAFF_AGE, info.age))
		self.birth_date, self.sex, self.age = info.birth_date, info.sex, info.age
		self.id_number_masked = validation.mask_id_number(info.number)

	def validate_phone(self):
		if validation.normalize(self.phone):
			with chinese_errors():
				self.phone = validation.validate_mobile(self.phone)
		else:
			self.phone = None
		self.phone_masked = validation.mask_mobile(self.phone) if self.phone else None

	def set_area_from_point(self):
		self.area = frappe.db.get_value("Tuoyu Point", self.point, "area")

	def validate_employment(self):
		if self.employment_status == "离职" and not self.employment_end:
			self.employment_end = today()
		if self.employment_end and getdate(self.employment_end) < getdate(self.employment_start):
			frappe.throw(_("Employment end cannot be before employment start"))
		for row in self.qualifications:
			if row.issue_date and row.expiry_date and getdate(row.expiry_date) < getdate(row.issue_date):
				frappe.throw(_("Row {0}: a qualification cannot expire before it is issued").format(row.idx))

	def validate_single_active_post(self):
		if self.employment_status != "在职":
			return
		# Internal existence check across all points; the message names no other point or area.
		clash = frappe.db.exists(
			"Tuoyu Staff",
			{"id_number": self.id_number, "employment_status": "在职", "name": ("!=", self.name or "")},
		)
		if clash:
			frappe.throw(
				_(
					"This person is already employed at another childcare point; one person may work at only one point at a time"
				),
				title=_("Duplicate Employment"),
			)

	def set_health_cert_expiry(self):
		if self.health_cert_date and not self.health_cert_expiry:
			rule_set = frappe.db.get_value("Tuoyu Point", self.point, "rule_set")
			months = rule_set_values(rule_set).health_cert_validity_months if rule_set else 12
			self.health_cert_expiry = add_months(getdate(self.health_cert_date), months or 12)
		if (
			self.health_cert_date
			and self.health_cert_expiry
			and getdate(self.health_cert_expiry) < getdate(self.health_cert_date)
		):
			frappe.throw(_("The health certificate cannot expire before it is issued"))

	def guard_background_checks(self):
		"""Background-check results are permlevel 1; refuse API writes by users without it."""
		if has_permlevel_write(self) or self.flags.ignore_permissions:
			return
		before = [] if self.is_new() else frappe.get_all(
			"Tuoyu Background Check",
			filters={"parent": self.name, "parenttype": self.doctype},
			fields=["check_date", "result"],
			order_by="idx",
		)
		now = [{"check_date": getdate(r.check_date), "result": r.result} for r in self.background_checks]
		if now != [{"check_date": getdate(r.check_date), "result": r.result} for r in before]:
			frappe.throw(_("Only district reviewers and city administrators record background checks"), frappe.PermissionError)

	def validate_private_attachments(self):
		urls = [self.get(f) for f in ATTACH_FIELDS] + [row.scan for row in self.qualifications]
		if any(url and not url.startswith("/private/") for url in urls):
			frappe.throw(_("Certificates and scans must be uploaded as private files"))
