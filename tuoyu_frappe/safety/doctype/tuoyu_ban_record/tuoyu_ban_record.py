# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from tuoyu_frappe.permissions import CITY_ADMIN
from tuoyu_frappe.refusals import ChineseRefusals, refuse_markup
from tuoyu_frappe.safety import bans, rules
from tuoyu_frappe.supervision.guard import throw_problems
from tuoyu_frappe.validation import mask_id_number


class TuoyuBanRecord(ChineseRefusals, Document):
	"""One entry of the city-wide lifetime ban register, keyed by the normalised ID number.
	Readable and writable by city administrators only (DocPerms); a concluded incident proposes
	entries through the server (bans.propose_ban)."""

	def validate(self):
		if not (self.flags.proposed_by_incident or is_city_admin()):
			frappe.throw(_("Only a city administrator can change the ban register"), frappe.PermissionError)
		refuse_markup(self, ("person_name", "decision_no"))
		number = rules.normalise_id(self.id_number)
		if not number:
			frappe.throw(_("The ID number is not a valid resident ID number"), title=_("Invalid Input"))
		self.id_number, self.id_number_masked = number, mask_id_number(number)
		before = self.get_doc_before_save()
		if self.is_new() or self.has_value_changed("id_number"):
			other = frappe.db.get_value(bans.BAN, {"id_number": number, "name": ("!=", self.name or "")})
			if other:
				frappe.throw(_("The register already holds an entry for this ID number: {0}").format(other))
		if before and before.status != rules.B_PROPOSED and self.has_value_changed("id_number"):
			frappe.throw(_("The ID number of a decided ban cannot be changed"))
		old = before.status if before else None
		throw_problems(
			rules.ban_status_problems(
				old, self.status, self.decision_no, self.decision_date, self.revoke_reason
			),
			_("Cannot Save Ban"),
		)
		if self.status != old:
			if self.status == rules.B_EFFECTIVE:
				self.confirmed_by, self.confirmed_on = frappe.session.user, getdate(today())
				self.revoked_on = None
			elif self.status == rules.B_REVOKED:
				self.revoked_on = getdate(today())
			elif self.status == rules.B_PROPOSED:
				self.confirmed_by = self.confirmed_on = self.revoked_on = None

	def on_update(self):
		before = self.get_doc_before_save()
		old = before.status if before else None
		if self.status == old:
			return
		if self.status == rules.B_EFFECTIVE:
			result = bans.apply_ban(self)
			frappe.msgprint(
				_("{0} staff record(s) flagged; {1} rectification(s) opened").format(
					len(result["flagged"]), len(result["rectifications"])
				),
				alert=True,
			)
		elif old == rules.B_EFFECTIVE:
			bans.lift_ban(self)

	def on_trash(self):
		if self.status != rules.B_PROPOSED:
			frappe.throw(_("A decided ban is revoked, never deleted"), frappe.PermissionError)


def is_city_admin() -> bool:
	return frappe.session.user == "Administrator" or CITY_ADMIN in frappe.get_roles()
