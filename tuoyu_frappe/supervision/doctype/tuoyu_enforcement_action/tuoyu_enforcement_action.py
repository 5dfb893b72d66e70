# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _, _lt
from frappe.utils import getdate, now_datetime, today

from tuoyu_frappe.filing import notify
from tuoyu_frappe.supervision import enforcement_rules as r
from tuoyu_frappe.supervision import guard
from tuoyu_frappe.supervision.doctype.tuoyu_rectification.tuoyu_rectification import point_comment

PROPOSER_FIELDS = {"action_type", "reason", "legal_basis", "decision_no", "rectification", "inspection"}
APPROVER_FIELDS = {"decision_no", "decision_note"}  # the city administrator's part, while 待审批
# Set only by the server; whatever a request sends for them on insert is dropped.
SERVER_FIELDS = (
	"origin",
	"point_status",
	"proposed_by",
	"proposed_on",
	"approved_by",
	"effective_on",
	"decision_note",
)


class TuoyuEnforcementAction(guard.SupervisedDocument):
	TRANSITIONS, STATE_DOCSTATUS, FIRST_STATE = r.ENFORCEMENT_TRANSITIONS, r.E_STATE_DOCSTATUS, r.E_DRAFT
	NOT_THROUGH_WORKFLOW = _lt("Enforcement actions move only through the workflow actions")
	MAY_NOT_MOVE = _lt("You may not move this enforcement action from {0} to {1}")

	def validate(self):
		self.set_from_point()
		self.guard_state_and_edits()
		self.check_links()

	def on_update(self):
		self.after_state_change()

	def on_submit(self):
		if self.workflow_state == r.E_EFFECTIVE:
			self.apply_to_point()

	def before_update_after_submit(self):
		frappe.throw(_("An enforcement decision cannot be changed once it is final"), frappe.PermissionError)

	def before_cancel(self):
		frappe.throw(_("An enforcement decision cannot be cancelled"), frappe.PermissionError)

	def on_trash(self):
		if self.workflow_state != r.E_DRAFT and frappe.session.user != "Administrator":
			frappe.throw(_("Only a draft enforcement action can be deleted"), frappe.PermissionError)

	# --- the server-side guard (guard.SupervisedDocument) -----------------------------------

	def require_actor(self, transition: r.Transition, user: str):
		guard.require_supervisor(self, user, _("propose or decide enforcement actions"))

	def start(self, state: str, user: str):
		if self.docstatus != 0 or state != r.E_DRAFT:
			frappe.throw(_("A new enforcement action starts as a draft"), frappe.PermissionError)
		guard.require_supervisor(self, user, _("propose or decide enforcement actions"))
		for field in SERVER_FIELDS:
			self.set(field, None)
		self.workflow_state = state
		# Only server code sets the flag (the escalation job); a request cannot.
		self.origin = r.ORIGIN_ESCALATION if self.flags.proposed_by_escalation else r.ORIGIN_MANUAL
		self.point_status = frappe.db.get_value("Tuoyu Point", self.point, "status")

	def require_may_edit(self, state: str, user: str, changed: set[str]):
		if state == r.E_DRAFT:
			guard.require_supervisor(self, user, _("propose or decide enforcement actions"))
			guard.refuse_changes(changed, PROPOSER_FIELDS, self)
		elif state == r.E_PROPOSED:
			if r.CITY not in frappe.get_roles(user):
				frappe.throw(
					_("A proposal waiting for approval is changed only by a city administrator"),
					frappe.PermissionError,
				)
			guard.refuse_changes(changed, APPROVER_FIELDS, self)
		else:
			guard.refuse_changes(changed, set(), self)

	def enter_state(self, transition: r.Transition, user: str):
		state = transition.next_state
		self.point_status = frappe.db.get_value("Tuoyu Point", self.point, "status")
		if state == r.E_PROPOSED:
			guard.throw_problems(
				r.proposal_problems(self.action_type, self.reason, self.legal_basis), _("Cannot Propose")
			)
			self.check_ladder()
			self.proposed_by, self.proposed_on = user, now_datetime()
		elif state == r.E_EFFECTIVE:
			if transition.action == r.E_ISSUE:
				guard.throw_problems(r.issue_problems(self.action_type), _("Cannot Issue"))
				self.proposed_by, self.proposed_on = user, now_datetime()
			elif user in {self.proposed_by, self.owner} - {None, "Administrator"}:
				frappe.throw(
					_("Nobody may approve an enforcement action they proposed"), frappe.PermissionError
				)
			guard.throw_problems(
				r.effect_problems(self.action_type, self.decision_no, self.reason, self.legal_basis),
				_("Cannot Take Effect"),
			)
			self.check_ladder()
			self.approved_by, self.effective_on = user, getdate(today())
		elif state == r.E_REJECTED:
			if not (self.decision_note or "").strip():
				frappe.throw(_("Give the reason for rejecting the proposal"), title=_("Cannot Reject"))
			self.approved_by = user

	def check_ladder(self):
		point = frappe.db.get_value("Tuoyu Point", self.point, ["status", "suspended_on"], as_dict=True)
		guard.throw_problems(
			r.ladder_problems(self.action_type, point.status, self.verified_since_suspension(point)),
			_("Not Allowed for This Point"),
		)

	def verified_since_suspension(self, point) -> bool:
		if self.action_type != r.RESTORE or not self.rectification:
			return False
		rect = frappe.db.get_value(
			"Tuoyu Rectification",
			self.rectification,
			["point", "workflow_state", "docstatus", "verified_on"],
			as_dict=True,
		)
		if not rect or rect.point != self.point or rect.workflow_state != r.R_PASSED or rect.docstatus != 1:
			return False
		return r.verified_since(
			getdate(rect.verified_on) if rect.verified_on else None,
			getdate(point.suspended_on) if point.suspended_on else None,
		)

	def check_links(self):
		for fieldname, doctype in (
			("rectification", "Tuoyu Rectification"),
			("inspection", "Tuoyu Inspection"),
		):
			name = self.get(fieldname)
			if name and frappe.db.get_value(doctype, name, "point") != self.point:
				frappe.throw(_("{0} {1} is not about this point").format(_(doctype), name))

	# --- the effect -----------------------------------------------------------------------------

	def apply_to_point(self):
		"""An action in effect changes the point's status (停业整改, 撤销备案, 恢复); every action
		lands on the point's timeline."""
		new_status = r.STATUS_AFTER.get(self.action_type)
		if new_status:
			point = frappe.get_doc("Tuoyu Point", self.point)
			point.status = new_status
			if self.action_type == r.SUSPEND:
				point.suspended_on = self.effective_on
			elif self.action_type == r.REVOKE:
				point.revoked_on = self.effective_on
			point.flags.status_set_by_server = True
			# A suspension or revocation takes effect on a point that breaks the rules, too.
			point.flags.supervision_status_only = True
			point.flags.ignore_permissions = True
			point.save()
		point_comment(
			self.point,
			_("{0} in effect: decision {1} ({2}); {3}").format(
				_(self.action_type), self.decision_no, self.name, self.reason
			),
		)

	def after_state_change(self):
		before = self.get_doc_before_save()
		state = self.workflow_state
		if before is not None and before.workflow_state == state:
			return
		if state == r.E_PROPOSED:
			text = _("{0} of {1} proposed ({2}); waiting for a city administrator's approval").format(
				_(self.action_type), self.point_name, self.name
			)
			point_comment(self.point, text)
			notify.send(notify.city_admins() + notify.area_reviewers(self.area), text, self)
		elif state == r.E_EFFECTIVE:
			text = _("{0} of {1} is in effect: decision {2}").format(
				_(self.action_type), self.point_name, self.decision_no
			)
			notify.send(notify.point_operators(self.point) + notify.area_reviewers(self.area), text, self)
		elif state == r.E_REJECTED:
			text = _("The proposed {0} of {1} was rejected: {2}").format(
				_(self.action_type), self.point_name, self.decision_note
			)
			point_comment(self.point, text)
			notify.send([*notify.area_reviewers(self.area), self.proposed_by], text, self)
