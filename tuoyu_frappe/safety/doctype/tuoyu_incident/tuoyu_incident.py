# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _, _lt
from frappe.model.workflow import apply_workflow
from frappe.utils import cint, getdate, now_datetime, today

from tuoyu_frappe.filing import notify
from tuoyu_frappe.refusals import refuse_markup
from tuoyu_frappe.safety import bans, rules
from tuoyu_frappe.supervision import enforcement_rules as er
from tuoyu_frappe.supervision import guard
from tuoyu_frappe.supervision.escalation import open_suspension_of
from tuoyu_frappe.validation import mask_id_number

REPORT_FIELDS = {
	"category",
	"severity",
	"occurred_at",
	"description",
	"children_affected",
	"children_injured",
	"persons",
	"zero_tolerance",
}
INVESTIGATION_FIELDS = REPORT_FIELDS | {
	"findings",
	"judicial_note",
	*rules.ACTION_FIELDS,
}
# Set only by the server; whatever a request sends for them on insert is dropped.
SERVER_FIELDS = (
	"reported_by",
	"reported_on",
	"concluded_by",
	"concluded_on",
	"enforcement_action",
	"bans_proposed",
)


class TuoyuIncident(guard.SupervisedDocument):
	"""An incident at a point: an operator reports it at their own point, or a reviewer of the area
	opens it; reviewers and city administrators investigate and conclude it. Concluding a
	zero-tolerance incident proposes ban entries and an enforcement action for a city administrator.

	Versions are not tracked: a version would copy the responsible persons' ID numbers (permlevel 1)
	to every reader of the incident, operators included; the timeline keeps comments instead."""

	TRANSITIONS, STATE_DOCSTATUS, FIRST_STATE = (
		rules.INCIDENT_TRANSITIONS,
		rules.I_STATE_DOCSTATUS,
		rules.I_REPORTED,
	)
	NOT_THROUGH_WORKFLOW = _lt("Incidents move only through the workflow actions")
	MAY_NOT_MOVE = _lt("You may not move this incident from {0} to {1}")

	def validate(self):
		self.set_from_point()
		refuse_markup(self, (), {"persons": ("person_name",)})
		guard.throw_problems(
			rules.report_problems(self.category, self.severity, self.description, self.children_affected),
			_("Cannot Save Incident"),
		)
		self.zero_tolerance = int(rules.is_zero_tolerance(self.category))
		self.resolve_persons()
		self.guard_state_and_edits()

	def resolve_persons(self):
		"""A responsible person is a staff member of the point (their ID number stays in the staff
		identity) or someone named with an ID number, kept at permlevel 1 (reviewers and city
		administrators) and shown masked."""
		for row in self.persons:
			entry = rules.normalise_id(row.id_number_entry) if row.id_number_entry else None
			if row.id_number_entry and not entry:
				frappe.throw(_("Row {0}: the ID number is not a valid resident ID number").format(row.idx))
			row.id_number_entry = None
			if row.staff:
				staff = frappe.db.get_value(
					"Tuoyu Staff", row.staff, ["point", "staff_name", "id_number_masked"], as_dict=True
				)
				if not staff or staff.point != self.point:
					frappe.throw(_("Row {0}: the staff member does not work at this point").format(row.idx))
				row.person_name, row.id_number_masked, row.id_number = (
					staff.staff_name,
					staff.id_number_masked,
					None,
				)
				continue
			number = entry or (rules.normalise_id(row.id_number) if row.id_number else None)
			if not number:
				frappe.throw(
					_("Row {0}: choose a staff member of the point, or give the person's ID number").format(
						row.idx
					)
				)
			if not (row.person_name or "").strip():
				frappe.throw(_("Row {0}: give the person's name").format(row.idx))
			row.id_number, row.id_number_masked = number, mask_id_number(number)

	def on_update(self):
		before = self.get_doc_before_save()
		if before is None:
			text = _("Incident {0} ({1}) reported at {2}").format(
				self.name, _(self.category), self.point_name
			)
			self.add_comment("Info", text)
			notify.send(notify.area_reviewers(self.area) + notify.city_admins(), text, self)
		elif before.workflow_state != self.workflow_state:
			self.add_comment("Workflow", _(self.workflow_state))

	def on_submit(self):
		self.add_comment("Workflow", _(self.workflow_state))
		self.propose()

	def before_update_after_submit(self):
		frappe.throw(_("A concluded incident cannot be changed"), frappe.PermissionError)

	def before_cancel(self):
		frappe.throw(_("A concluded incident cannot be cancelled"), frappe.PermissionError)

	def on_trash(self):
		if frappe.session.user != "Administrator":
			frappe.throw(_("An incident is never deleted"), frappe.PermissionError)

	# --- the server-side guard (guard.SupervisedDocument) -----------------------------------

	def start(self, state: str, user: str):
		if self.docstatus != 0 or state != rules.I_REPORTED:
			frappe.throw(_("A new incident starts as reported"), frappe.PermissionError)
		if user != "Administrator" and not (
			guard.operates(user, self.point) or guard.is_supervisor_of(user, self.area)
		):
			frappe.throw(
				_("Only the point's operators and the area's reviewers may report an incident"),
				frappe.PermissionError,
			)
		for field in SERVER_FIELDS:
			self.set(field, None)
		if not guard.is_supervisor_of(user, self.area):
			# The investigation is the supervisors' part.
			for field in INVESTIGATION_FIELDS - REPORT_FIELDS:
				self.set(field, None)
		self.workflow_state = state
		self.reported_by, self.reported_on = user, now_datetime()

	def require_may_edit(self, state: str, user: str, changed: set[str]):
		supervisor = guard.is_supervisor_of(user, self.area) and not guard.operates(user, self.point)
		if state == rules.I_REPORTED and supervisor:
			guard.refuse_changes(changed, INVESTIGATION_FIELDS, self)
		elif state == rules.I_REPORTED and guard.operates(user, self.point):
			guard.refuse_changes(changed, REPORT_FIELDS, self)
		elif state == rules.I_INVESTIGATING and supervisor:
			guard.refuse_changes(changed, INVESTIGATION_FIELDS, self)
		elif state == rules.I_INVESTIGATING:
			frappe.throw(
				_("An incident under investigation is changed only by its supervisors"),
				frappe.PermissionError,
			)
		else:
			guard.refuse_changes(changed, set(), self)

	def require_actor(self, transition, user: str):
		guard.require_supervisor(self, user, _("investigate or conclude incidents"))

	def enter_state(self, transition, user: str):
		if transition.next_state == rules.I_CLOSED:
			if self.zero_tolerance and self.persons:
				self.action_ban = 1  # zero tolerance: those responsible are banned for life
			guard.throw_problems(
				rules.conclusion_problems(self.findings, len(self.persons), bool(self.action_ban)),
				_("Cannot Conclude"),
			)
			self.concluded_by, self.concluded_on = user, getdate(today())

	# --- what a conclusion proposes ---------------------------------------------------------------

	def propose(self):
		actions = {field: bool(cint(self.get(field))) for field in rules.ACTION_FIELDS}
		proposals = rules.conclusion_proposals(self.category, actions, len(self.persons))
		reason = _("Incident {0} ({1}) at {2}, concluded on {3}").format(
			self.name, _(self.category), self.point_name, self.concluded_on
		)
		proposed = 0
		if proposals.bans:
			for row in self.persons:
				number = row.id_number or (
					row.staff and frappe.db.get_value(bans.IDENTITY, row.staff, "id_number")
				)
				if number and bans.propose_ban(number, row.person_name, reason, self.name, self.point):
					proposed += 1
		action = self.propose_enforcement(proposals.enforcement, reason) if proposals.enforcement else None
		frappe.db.set_value(
			self.doctype,
			self.name,
			{"bans_proposed": proposed, "enforcement_action": action},
			update_modified=False,
		)
		self.bans_proposed, self.enforcement_action = proposed, action
		if proposed or action:
			text = _(
				"Incident {0} concluded: {1} ban entry(ies) and {2} proposed for a city administrator's confirmation"
			).format(self.name, proposed, _(proposals.enforcement) if action else _("no enforcement action"))
			self.add_comment("Info", text)
			notify.send(notify.city_admins(), text, self)

	def propose_enforcement(self, action_type: str, reason: str) -> str | None:
		"""The enforcement action against the point, proposed by whoever concluded the incident, for
		a city administrator to approve; None when the ladder does not allow it now (the point is not
		filed, or a suspension is already being decided)."""
		status = frappe.db.get_value("Tuoyu Point", self.point, "status")
		if er.ladder_problems(action_type, status, False) or open_suspension_of(self.point):
			self.add_comment(
				"Info",
				_("No {0} proposed: the point's status is {1} or a suspension is already pending").format(
					_(action_type), status
				),
			)
			return None
		action = frappe.get_doc(
			{
				"doctype": "Tuoyu Enforcement Action",
				"action_type": action_type,
				"point": self.point,
				"reason": reason + "。" + (self.findings or ""),
				"legal_basis": rules.ZERO_TOLERANCE_BASIS,
			}
		)
		action.insert()
		apply_workflow(action.as_dict(), er.E_PROPOSE)
		return action.name
