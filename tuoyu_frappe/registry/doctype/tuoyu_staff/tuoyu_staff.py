# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from tuoyu_frappe import validation
from tuoyu_frappe.compliance import add_months
from tuoyu_frappe.refusals import ChineseRefusals, referring_doctypes, refuse_markup
from tuoyu_frappe.safety.bans import refuse_if_banned
from tuoyu_frappe.utils import chinese_errors, rule_set_values

MIN_STAFF_AGE = 18
ATTACH_FIELDS = ("health_cert_scan",)
IDENTITY = "Tuoyu Staff Identity"


class TuoyuStaff(ChineseRefusals, Document):
	def validate(self):
		refuse_markup(self, ("staff_name",), {"qualifications": ("certificate_number",)})
		self.id_info = self.resolve_id_number()
		# Before any other check: a banned person gets only the generic refusal (and it is logged).
		refuse_if_banned(self.id_info.number, self)
		if self.id_info.age < MIN_STAFF_AGE:
			frappe.throw(
				_("Staff must be at least {0} years old; this person is {1}").format(
					MIN_STAFF_AGE, self.id_info.age
				)
			)
		self.sex, self.age = self.id_info.sex, self.id_info.age
		self.id_number_masked = validation.mask_id_number(self.id_info.number)
		self.validate_phone()
		self.area = frappe.db.get_value("Tuoyu Point", self.point, "area")
		self.validate_employment()
		self.validate_single_active_post()
		self.set_health_cert_expiry()
		self.validate_private_attachments()

	def on_update(self):
		save_identity(self.name, self.id_info)

	def on_trash(self):
		"""A record entered by mistake is deleted, with its identity, by whoever may correct it (its
		point's operators, the area's reviewers, city admins: the delete right and row scope). A
		record that anything refers to stays: the person is ended (离职) or the record corrected."""
		self.refuse_deletion_if_referred_to()
		if frappe.db.exists(IDENTITY, self.name):
			# Part of this record, so this delete right covers it; no copy of an ID number is kept
			# among Deleted Documents.
			frappe.delete_doc(IDENTITY, self.name, ignore_permissions=True, delete_permanently=True)

	def refuse_deletion_if_referred_to(self):
		referring = referring_doctypes(self.doctype, self.name, ignore={IDENTITY})
		if frappe.db.exists("Tuoyu Background Check", {"parenttype": IDENTITY, "parent": self.name}):
			referring.append("Tuoyu Background Check")
		if referring:
			frappe.throw(
				_(
					"{0} {1} cannot be deleted: {2} refer to it. If the person no longer works at the point, set Employment Status to 离职; if its details are wrong, correct them and save."
				).format(_(self.doctype), self.refusal_title(), "、".join(_(dt) for dt in referring)),
				frappe.LinkExistsError,
				title=_("Cannot Delete"),
			)

	def resolve_id_number(self) -> validation.IdInfo:
		"""The ID number is typed into a plain entry field, checked here and kept only in the
		restricted `Tuoyu Staff Identity` record: operators register staff but never read ID
		numbers back, so the entry field is cleared on every save."""
		entry = validation.normalize(self.id_number_entry)
		self.id_number_entry = None
		stored = (
			None if self.is_new() else frappe.db.get_value("Tuoyu Staff Identity", self.name, "id_number")
		)
		if not entry and not stored:
			frappe.throw(_("ID number is required"), title=_("Invalid Input"))
		with chinese_errors():
			return validation.validate_id_number(entry or stored, getdate(today()))

	def validate_phone(self):
		if validation.normalize(self.phone):
			with chinese_errors():
				self.phone = validation.validate_mobile(self.phone)
		else:
			self.phone = None
		self.phone_masked = validation.mask_mobile(self.phone) if self.phone else None

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
		# Internal check across all points; the message names no other point or area.
		same_person = frappe.get_all(
			"Tuoyu Staff Identity",
			filters={"id_number": self.id_info.number, "staff": ("!=", self.name or "")},
			pluck="staff",
		)
		if same_person and frappe.db.exists(
			"Tuoyu Staff", {"name": ("in", same_person), "employment_status": "在职"}
		):
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

	def validate_private_attachments(self):
		urls = [self.get(f) for f in ATTACH_FIELDS] + [row.scan for row in self.qualifications]
		if any(url and not url.startswith("/private/") for url in urls):
			frappe.throw(_("Certificates and scans must be uploaded as private files"))


def save_identity(staff: str, info: validation.IdInfo) -> None:
	"""Create or update the restricted identity record of a staff member (server-side only)."""
	if frappe.db.exists("Tuoyu Staff Identity", staff):
		identity = frappe.get_doc("Tuoyu Staff Identity", staff)
	else:
		identity = frappe.new_doc("Tuoyu Staff Identity")
		identity.staff = staff
	identity.id_number, identity.birth_date = info.number, info.birth_date
	identity.flags.set_by_staff = True
	identity.save(ignore_permissions=True)
