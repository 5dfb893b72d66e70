# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from tuoyu_frappe.permissions import CITY_ADMIN
from tuoyu_frappe.refusals import ChineseRefusals, refuse_markup
from tuoyu_frappe.registry.doctype.tuoyu_identity_access_log.tuoyu_identity_access_log import (
	DELETE,
	ERASE,
	PRINT,
	VIEW,
	log_access,
)
from tuoyu_frappe.validation import mask_id_number

ERASED_FIELDS = ("id_number", "birth_date")  # and on the staff record: what derives from the number
ERASED_STAFF_VALUES = {"id_number_masked": None, "sex": None, "age": 0}  # Int columns are NOT NULL


class TuoyuStaffIdentity(ChineseRefusals, Document):
	"""ID number and background checks of one staff member, readable only by the area's
	reviewers and city administrators (operators have no permission on this DocType). Every
	opening, print, export, deletion and erasure is logged (Tuoyu Identity Access Log)."""

	def validate(self):
		# read_only fields are writable through the API: the identity itself changes only
		# through the staff form, where it is validated, or by erasure.
		if not (self.flags.set_by_staff or self.flags.erasing) and not self.is_new():
			for field in ("staff", "id_number", "birth_date"):
				if self.has_value_changed(field):
					frappe.throw(_("The ID number is changed in the staff member's form"))
		self.point, self.area = frappe.db.get_value("Tuoyu Staff", self.staff, ["point", "area"])
		refuse_markup(self, (), {"background_checks": ("authority",)})

	def on_update(self):
		latest = max((getdate(row.check_date) for row in self.background_checks), default=None)
		frappe.db.set_value("Tuoyu Staff", self.staff, "last_background_check", latest, update_modified=False)

	def apply_fieldlevel_read_permissions(self):
		# Frappe calls this exactly when it hands one document to a user, after the permission
		# check: the desk form, REST GET (v1 and v2) and frappe.client.get.
		super().apply_fieldlevel_read_permissions()
		log_access([self], VIEW)

	def before_print(self, settings=None):
		log_access([self], PRINT)

	def on_trash(self):
		log_access([self], DELETE, _("Deleted with its staff record"))


@frappe.whitelist(methods=["POST"])
def erase_id_number(identity: str, reason: str) -> dict:
	"""A city admin erases an ID number collected by mistake (PIPL Art. 47): the number, the birth
	date and what the staff record derived from them, and the copies Frappe keeps (the identity's
	version history, print pages in the Access Log). The log keeps who, when, which record and why,
	never the number. The staff record then asks for a correct number at its next save."""
	if CITY_ADMIN not in frappe.get_roles() and frappe.session.user != "Administrator":
		frappe.throw(_("Only a city administrator can erase an ID number"), frappe.PermissionError)
	reason = (reason or "").strip()
	if not reason:
		frappe.throw(_("Give the reason for erasing the ID number"))
	doc = frappe.get_doc("Tuoyu Staff Identity", identity)
	doc.check_permission("write")
	number = doc.id_number
	if not number:
		frappe.throw(_("This record holds no ID number"))
	if number in reason.replace(" ", "").upper():
		frappe.throw(_("The reason must not contain the ID number"))

	copies = {number: mask_id_number(number)}
	if doc.birth_date:
		copies[str(doc.birth_date)] = "****-**-**"
	for field in ERASED_FIELDS:
		doc.set(field, None)
	doc.flags.erasing = True
	doc.save(ignore_version=True)  # a version would keep the number it erases
	frappe.db.set_value("Tuoyu Staff", doc.staff, ERASED_STAFF_VALUES, update_modified=False)
	scrub_copies(doc.name, copies)
	log_access([doc], ERASE, reason)
	return {"erased": True}


def scrub_copies(identity: str, copies: dict[str, str]) -> None:
	"""Mask the erased values where Frappe keeps copies: the identity's version history (which
	stays, so the history of background checks is not lost) and printed pages in the Access Log."""
	for version in frappe.get_all(
		"Version",
		filters={"ref_doctype": "Tuoyu Staff Identity", "docname": identity},
		fields=["name", "data"],
	):
		data = version.data or ""
		for value, mask in copies.items():
			data = data.replace(value, mask)
		if data != version.data:
			frappe.db.set_value("Version", version.name, "data", data, update_modified=False)
	number, mask = next(iter(copies.items()))
	frappe.db.sql(
		"update `tabAccess Log` set `page` = replace(`page`, %(number)s, %(mask)s) where `page` like %(like)s",
		{"number": number, "mask": mask, "like": f"%{number}%"},
	)
