# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

"""示范点申报: the operator applies for their own point, or a reviewer of the area nominates one of
its points; the area's reviewer scores it against the rubric and recommends it (or returns or
declines it); a city administrator, never the one who applied or recommended, designates it for a
year or refuses. Every step is checked here, whatever the channel (Frappe v15 enforces neither
self-approval, nor the target docstatus, nor who edits what in which state)."""

import frappe
from frappe import _, _lt
from frappe.utils import getdate, now_datetime, today

from tuoyu_frappe.filing import notify
from tuoyu_frappe.oversight import demonstration as d
from tuoyu_frappe.oversight import demonstration_service as svc
from tuoyu_frappe.supervision import guard
from tuoyu_frappe.supervision.doctype.tuoyu_rectification.tuoyu_rectification import point_comment

APPLICANT_FIELDS = {"application_text"}  # while 草稿
REVIEWER_FIELDS = {"scores", "total_score", "review_note"}  # while 待评审
CITY_FIELDS = {"decision_note"}  # while 待认定
SCORE_FIXED = ("item_code", "item", "max_points", "deduction_notes", "clause")
# Set only by the server; whatever a request sends for them on insert is dropped.
SERVER_FIELDS = (
	"origin",
	"rubric",
	"pass_mark",
	"total_score",
	"applied_by",
	"applied_on",
	"review_note",
	"recommended_by",
	"recommended_on",
	"decision_note",
	"designated_by",
	"designated_on",
	"valid_until",
	"withdrawn_on",
	"withdrawal_reason",
)


class TuoyuDemonstrationApplication(guard.SupervisedDocument):
	TRANSITIONS, STATE_DOCSTATUS, FIRST_STATE = d.TRANSITIONS, d.STATE_DOCSTATUS, d.DRAFT
	NOT_THROUGH_WORKFLOW = _lt("Demonstration applications move only through the workflow actions")
	MAY_NOT_MOVE = _lt("You may not move this demonstration application from {0} to {1}")

	def validate(self):
		self.set_from_point()
		if not self.is_new():
			self.keep_score_rows()
		self.total_score = d.total_score([row.score for row in self.scores])
		self.guard_state_and_edits()
		guard.throw_problems(
			d.score_problems([(row.item, row.max_points, row.score) for row in self.scores]),
			_("Invalid Scores"),
		)

	def on_update(self):
		self.after_state_change()

	def on_submit(self):
		if self.workflow_state == d.DESIGNATED:
			svc.set_point_designation(self.point, self.name, self.valid_until)

	def before_update_after_submit(self):
		frappe.throw(_("A decided demonstration application cannot be changed"), frappe.PermissionError)

	def before_cancel(self):
		frappe.throw(_("A decided demonstration application cannot be cancelled"), frappe.PermissionError)

	def on_trash(self):
		if self.workflow_state != d.DRAFT and frappe.session.user != "Administrator":
			frappe.throw(_("Only a draft demonstration application can be deleted"), frappe.PermissionError)

	# --- the server-side guard (guard.SupervisedDocument) -----------------------------------

	def start(self, state: str, user: str):
		if self.docstatus != 0 or state != d.DRAFT:
			frappe.throw(_("A new demonstration application starts as a draft"), frappe.PermissionError)
		for field in SERVER_FIELDS:
			self.set(field, None)
		self.workflow_state = state
		if user == "Administrator" or guard.operates(user, self.point):
			self.origin = d.ORIGIN_APPLIED
		elif self.is_area_reviewer(user):
			self.origin = d.ORIGIN_NOMINATED
		else:
			frappe.throw(
				_("Only the point's operators may apply, or a reviewer of its area nominate it"),
				frappe.PermissionError,
			)
		self.refuse_second_application()
		rubric = svc.active_rubric()
		if not rubric:
			frappe.throw(_("There is no active demonstration rubric; ask a city administrator"))
		rubric_doc = frappe.get_doc(d.RUBRIC, rubric)
		self.rubric, self.pass_mark = rubric_doc.name, rubric_doc.pass_mark
		self.set(
			"scores",
			[{field: item.get(field) for field in SCORE_FIXED} | {"score": 0} for item in rubric_doc.items],
		)

	def is_area_reviewer(self, user: str) -> bool:
		return (
			d.REVIEWER in frappe.get_roles(user)
			and guard.is_supervisor_of(user, self.area)
			and not guard.operates(user, self.point)
		)

	def refuse_second_application(self):
		open_one = frappe.db.get_value(
			d.APPLICATION, {"point": self.point, "workflow_state": ("in", d.OPEN_STATES)}, "name"
		)
		if open_one:
			frappe.throw(
				_("Demonstration application {0} of this point is still open").format(open_one),
				frappe.ValidationError,
			)
		until = frappe.db.get_value(
			d.APPLICATION, {"point": self.point, "workflow_state": d.DESIGNATED}, "valid_until"
		)
		if not d.may_apply_again(getdate(until) if until else None, getdate(today())):
			frappe.throw(
				_("The point is a demonstration point until {0}; apply again in its last {1} days").format(
					until, d.RENEWAL_WINDOW_DAYS
				)
			)

	def require_may_edit(self, state: str, user: str, changed: set[str]):
		if state == d.DRAFT:
			self.require_applicant(user)
			guard.refuse_changes(changed, APPLICANT_FIELDS, self)
		elif state == d.REVIEW:
			self.require_reviewer(user)
			guard.refuse_changes(changed, REVIEWER_FIELDS, self)
		elif state == d.AWAITING_CITY:
			self.require_city(user)
			guard.refuse_changes(changed, CITY_FIELDS, self)
		else:
			guard.refuse_changes(changed, set(), self)

	def require_applicant(self, user: str):
		"""A draft is the applicant's: the operators for an application, the area's reviewers for a
		nomination."""
		if user == "Administrator":
			return
		if self.origin == d.ORIGIN_NOMINATED:
			if not self.is_area_reviewer(user):
				frappe.throw(
					_("Only reviewers of the area may change or submit a nomination"), frappe.PermissionError
				)
		else:
			guard.require_operator(self, user)

	def require_reviewer(self, user: str):
		if user == "Administrator":
			return
		if not self.is_area_reviewer(user):
			frappe.throw(
				_("Only reviewers of the area may score and recommend a demonstration point"),
				frappe.PermissionError,
			)

	def require_city(self, user: str):
		if user != "Administrator" and d.CITY not in frappe.get_roles(user):
			frappe.throw(
				_("Only a city administrator may designate a demonstration point"), frappe.PermissionError
			)
		if user != "Administrator" and guard.operates(user, self.point):
			frappe.throw(_("Nobody may supervise a point they operate"), frappe.PermissionError)

	def require_actor(self, transition, user: str):
		if transition.action == d.SUBMIT:
			self.require_applicant(user)
		elif transition.state == d.REVIEW:
			self.require_reviewer(user)
		else:
			self.require_city(user)

	def enter_state(self, transition, user: str):
		action = transition.action
		if action == d.SUBMIT:
			svc.refuse_if_disqualified(self.point, user, _("Cannot Apply"))
			self.applied_by, self.applied_on = user, now_datetime()
		elif action == d.RECOMMEND:
			guard.throw_problems(
				d.recommend_problems(self.total_score, self.pass_mark, self.review_note),
				_("Cannot Recommend"),
			)
			svc.refuse_if_disqualified(self.point, user, _("Cannot Recommend"))
			self.recommended_by, self.recommended_on = user, now_datetime()
		elif action in (d.RETURN, d.DECLINE):
			guard.throw_problems(d.reason_problems(self.review_note), _("Give the Review Opinion"))
		elif action == d.DESIGNATE:
			if d.self_approval(user, self.applied_by, self.recommended_by, self.owner):
				frappe.throw(
					_("Nobody may designate a demonstration point they applied for or recommended"),
					frappe.PermissionError,
				)
			svc.refuse_if_disqualified(self.point, user, _("Cannot Designate"))
			day = getdate(today())
			self.designated_by, self.designated_on, self.valid_until = user, day, d.valid_until(day)
			self.retire_previous_designation()
		elif action == d.REFUSE:
			guard.throw_problems(d.reason_problems(self.decision_note), _("Give the Reason"))
			self.designated_by = user

	def retire_previous_designation(self):
		"""A renewal replaces the designation still in force (in its last days)."""
		previous = frappe.db.get_value(
			d.APPLICATION, {"point": self.point, "workflow_state": d.DESIGNATED, "name": ("!=", self.name)}
		)
		if previous:
			frappe.db.set_value(
				d.APPLICATION, previous, {"workflow_state": d.EXPIRED, "withdrawn_on": getdate(today())}
			)

	def keep_score_rows(self):
		"""The rows come from the rubric and stay: only the score and the note of each are entered."""
		before = self.get_doc_before_save()
		if before is None:
			return
		old = before.get("scores")
		if len(old) != len(self.scores):
			frappe.throw(_("The rubric's items cannot be added or removed"), frappe.PermissionError)
		for row, stored in zip(self.scores, old, strict=True):
			for field in SCORE_FIXED:
				row.set(field, stored.get(field))

	# --- timeline and notifications -------------------------------------------------------------

	def after_state_change(self):
		before = self.get_doc_before_save()
		if before is None or before.workflow_state == self.workflow_state:
			return
		state = self.workflow_state
		text = {
			d.REVIEW: _("Demonstration application {0} of {1} submitted for the area's review"),
			d.AWAITING_CITY: _("{1} recommended as a demonstration point ({0}), score {2}"),
			d.DRAFT: _("Demonstration application {0} of {1} returned for revision: {3}"),
			d.NOT_RECOMMENDED: _("Demonstration application {0} of {1} not recommended: {3}"),
			d.DESIGNATED: _("{1} designated a demonstration point ({0}) until {4}"),
			d.NOT_DESIGNATED: _("Demonstration application {0} of {1} not designated: {5}"),
		}[state].format(
			self.name,
			self.point_name,
			self.total_score,
			self.review_note or "",
			self.valid_until or "",
			self.decision_note or "",
		)
		point_comment(self.point, text)
		if state == d.REVIEW:
			recipients = notify.area_reviewers(self.area)
		elif state == d.AWAITING_CITY:
			recipients = notify.city_admins()
		else:
			recipients = notify.point_operators(self.point) + notify.area_reviewers(self.area)
		notify.send(recipients, text, self)
