# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _, _lt
from frappe.utils import now_datetime

from tuoyu_frappe.filing import notify
from tuoyu_frappe.supervision import enforcement_rules as r
from tuoyu_frappe.supervision import guard

OPERATOR_FIELDS = {"evidence_text", "evidence"}  # the operator's part, while 整改中
VERIFIER_FIELDS = {"verification_reason"}  # the reviewer's part, while 待验收


class TuoyuRectification(guard.SupervisedDocument):
	TRANSITIONS, STATE_DOCSTATUS, FIRST_STATE = r.RECTIFICATION_TRANSITIONS, r.R_STATE_DOCSTATUS, r.R_OPEN
	NOT_THROUGH_WORKFLOW = _lt("Rectifications move only through the workflow actions")
	MAY_NOT_MOVE = _lt("You may not move this rectification from {0} to {1}")

	def onload(self):
		"""What the form offers the current user (the server checks again on save)."""
		user = frappe.session.user
		supervisor = guard.is_supervisor_of(user, self.area) and not guard.operates(user, self.point)
		self.set_onload(
			"can",
			{
				"edit_evidence": self.workflow_state == r.R_OPEN and guard.operates(user, self.point),
				"propose_restore": supervisor
				and self.workflow_state == r.R_PASSED
				and frappe.db.get_value("Tuoyu Point", self.point, "status") == r.SUSPENDED,
			},
		)

	def validate(self):
		self.set_from_point()
		self.guard_state_and_edits()
		self.check_evidence_files()

	def on_update(self):
		self.after_state_change()

	def on_submit(self):
		if self.workflow_state == r.R_FAILED:
			from tuoyu_frappe.supervision.escalation import escalate

			# A failed verification escalates at once; the daily job would find it too.
			self.enforcement_action = escalate(self.name) or self.enforcement_action

	def before_update_after_submit(self):
		frappe.throw(_("A verified rectification cannot be changed"), frappe.PermissionError)

	def before_cancel(self):
		frappe.throw(_("A verified rectification cannot be cancelled"), frappe.PermissionError)

	def on_trash(self):
		if frappe.session.user != "Administrator":
			frappe.throw(_("A rectification notice cannot be deleted"), frappe.PermissionError)

	# --- the server-side guard (guard.SupervisedDocument) -----------------------------------

	def start(self, state: str, user: str):
		# Opened only by rectification.open_rectification, which checks the source and sets the
		# deadline; a request cannot set the flag.
		if not self.flags.opened_by_server or state != r.R_OPEN or self.docstatus != 0:
			frappe.throw(
				_("A rectification notice is opened from a completed inspection, a complaint or an incident"),
				frappe.PermissionError,
			)
		guard.require_supervisor(self, user, _("order a rectification"))

	def require_actor(self, transition: r.Transition, user: str):
		if r.OPERATOR in transition.roles:
			guard.require_operator(self, user)
			return
		guard.require_supervisor(self, user, _("verify a rectification"))
		if user == self.submitted_by:
			frappe.throw(_("Nobody may verify a rectification they submitted"), frappe.PermissionError)

	def require_may_edit(self, state: str, user: str, changed: set[str]):
		if state == r.R_OPEN:
			guard.require_operator(self, user)
			guard.refuse_changes(changed, OPERATOR_FIELDS, self)
		elif state == r.R_AWAITING:
			guard.require_supervisor(self, user, _("verify a rectification"))
			guard.refuse_changes(changed, VERIFIER_FIELDS, self)
		else:
			guard.refuse_changes(changed, set(), self)

	def enter_state(self, transition: r.Transition, user: str):
		state = transition.next_state
		if state == r.R_AWAITING:
			files = [row.file for row in self.evidence]
			guard.throw_problems(
				r.evidence_problems(self.evidence_text, files), _("The rectification cannot be submitted yet")
			)
			self.submitted_by, self.submitted_on = user, now_datetime()
			self.verification_reason = None
			return
		guard.throw_problems(
			r.verdict_problems(state, self.verification_reason), _("Cannot Record the Verification")
		)
		if state == r.R_OPEN:
			return  # sent back for more evidence; the reason stays until the next submission
		self.verification_result = r.VERDICT_PASSED if state == r.R_PASSED else r.VERDICT_FAILED
		self.verified_by, self.verified_on = user, now_datetime()

	def check_evidence_files(self):
		"""Evidence files are private uploads to this rectification, not links to other files."""
		for row in self.evidence:
			if not row.file:
				continue
			attached = frappe.db.get_value(
				"File",
				{"file_url": row.file, "attached_to_doctype": self.doctype, "attached_to_name": self.name},
				"is_private",
			)
			if not attached:
				frappe.throw(
					_("Row {0}: upload the evidence file to this rectification as a private file").format(
						row.idx
					)
				)

	# --- timeline and notifications -------------------------------------------------------------

	def after_state_change(self):
		before = self.get_doc_before_save()
		if before is None:
			notify.send(
				notify.point_operators(self.point),
				_("Rectification notice {0}: rectify {1} item(s) by {2}").format(
					self.name, len(self.items), self.deadline or "—"
				),
				self,
			)
			return
		if before.workflow_state == self.workflow_state:
			return
		state = self.workflow_state
		comment = {
			r.R_AWAITING: _("Rectification {0}: the operator submitted the rectification for verification"),
			r.R_OPEN: _("Rectification {0} was sent back for more evidence: {1}"),
			r.R_PASSED: _("Rectification {0} passed verification"),
			r.R_FAILED: _("Rectification {0} failed verification: {1}"),
		}[state].format(self.name, self.verification_reason or "")
		point_comment(self.point, comment)
		if state == r.R_AWAITING:
			notify.send(notify.area_reviewers(self.area), comment, self)
		else:
			notify.send(notify.point_operators(self.point), comment, self)


def point_comment(point: str, text: str) -> None:
	"""Everything about a point lands on its timeline."""
	doc = frappe.get_doc("Tuoyu Point", point)
	doc.add_comment("Info", text)
