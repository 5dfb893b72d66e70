# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

"""A point's membership of the association (行业协会会员): the point's operator applies, the
association approves it with a member number and start date, rejects it with a reason, or ends it
with a date and reason. The point's own membership fields follow this record, set by the server."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from tuoyu_frappe.association import membership_rules as r
from tuoyu_frappe.association.membership import sync_point
from tuoyu_frappe.supervision.guard import operates, problems_text

DECISION_FIELDS = ("member_no", "member_since", "decision_reason", "ended_on", "end_reason")
COMPARED_FIELDS = ("application_note", *DECISION_FIELDS)


class TuoyuAssociationMembership(Document):
	def before_validate(self):
		self.area = frappe.db.get_value("Tuoyu Point", self.point, "area")
		self.point_name = frappe.db.get_value("Tuoyu Point", self.point, "point_name")

	def validate(self):
		roles = set(frappe.get_roles())
		stored = (
			None
			if self.is_new()
			else frappe.db.get_value(self.doctype, self.name, ["status", *COMPARED_FIELDS], as_dict=True)
		)
		if self.is_new():
			self.status = r.APPLIED
			self.applied_on = today()
			for field in (*DECISION_FIELDS, "decided_by", "decided_on"):
				self.set(field, None)
		old = stored.status if stored else None
		problems = r.transition_problems(old, self.status, roles, self.decision(), getdate(today()))
		if stored and old == self.status:
			changed = {f for f in COMPARED_FIELDS if _plain(self.get(f)) != _plain(stored.get(f))}
			problems += r.edit_problems(self.status, roles, changed)
		if problems:
			frappe.throw(
				problems_text(problems),
				frappe.PermissionError if _is_role_problem(problems) else frappe.ValidationError,
				title=_("Association Membership"),
			)
		if stored and old != self.status:
			if frappe.session.user != "Administrator" and operates(frappe.session.user, self.point):
				frappe.throw(
					_("Nobody decides on the membership of a point they operate"), frappe.PermissionError
				)
			self.decided_by, self.decided_on = frappe.session.user, today()
		self.validate_single_open_record()
		self.validate_unique_member_no()

	def decision(self) -> r.Decision:
		return r.Decision(
			member_no=self.member_no,
			member_since=getdate(self.member_since) if self.member_since else None,
			decision_reason=self.decision_reason,
			ended_on=getdate(self.ended_on) if self.ended_on else None,
			end_reason=self.end_reason,
		)

	def validate_single_open_record(self):
		if self.status not in r.OPEN_STATUSES:
			return
		# An internal look-up of one point's records (indexed); only the refusal reaches the user.
		other = frappe.db.exists(
			self.doctype,
			{"point": self.point, "status": ("in", list(r.OPEN_STATUSES)), "name": ("!=", self.name or "")},
		)
		if other:
			frappe.throw(
				_("The point already has an open membership application or membership"),
				title=_("Association Membership"),
			)

	def validate_unique_member_no(self):
		if self.status != r.MEMBER or not self.member_no:
			return
		self.member_no = self.member_no.strip()
		if frappe.db.exists(
			self.doctype, {"member_no": self.member_no, "status": r.MEMBER, "name": ("!=", self.name)}
		):
			frappe.throw(_("Member number {0} is already given to another member").format(self.member_no))

	def on_update(self):
		if self.status in (r.MEMBER, r.ENDED) and self.has_value_changed_for_point():
			sync_point(self.point, r.point_fields(self.status, self.decision()))

	def has_value_changed_for_point(self) -> bool:
		return any(self.has_value_changed(f) for f in ("status", "member_no", "member_since"))

	def on_trash(self):
		if self.status == r.MEMBER:
			frappe.throw(_("A membership is ended, not deleted"), title=_("Association Membership"))

	# --- the association's decisions (buttons on the form) ------------------------------------

	@frappe.whitelist()
	def approve(self, member_no: str, member_since: str):
		self.decide(r.MEMBER, member_no=member_no, member_since=member_since)

	@frappe.whitelist()
	def reject(self, reason: str):
		self.decide(r.REJECTED, decision_reason=reason)

	@frappe.whitelist()
	def end_membership(self, ended_on: str, reason: str):
		self.decide(r.ENDED, ended_on=ended_on, end_reason=reason)

	def decide(self, status: str, **values):
		self.check_permission("write")
		self.update(values)
		self.status = status
		self.save()


def _plain(value) -> str:
	return "" if value in (None, "") else str(value).strip()


def _is_role_problem(problems) -> bool:
	return any(message == "Only the association decides on memberships" for message, _ in problems)
