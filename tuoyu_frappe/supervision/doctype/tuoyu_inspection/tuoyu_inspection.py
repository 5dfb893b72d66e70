# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, getdate, now_datetime

from tuoyu_frappe.filing import notify
from tuoyu_frappe.permissions import get_scope
from tuoyu_frappe.supervision import inspection_rules as r

# Copied from the template version at creation; nobody changes them afterwards.
COPIED_FIELDS = r.ITEM_FIELDS
RECORDED_FIELDS = ("result", "note", "photo")


def problems_text(problems: list[r.Problem]) -> str:
	return "<br>".join(_(message).format(**params) for message, params in problems)


def site_language() -> str:
	return frappe.get_system_settings("language") or "en"


class TuoyuInspection(Document):
	def validate(self):
		self.set_from_point()
		if self.is_new():
			self.prepare_new()
		self.guard_state_and_edits()
		self.compute_outcome()

	def before_update_after_submit(self):
		frappe.throw(_("A completed inspection cannot be changed"), frappe.PermissionError)

	def before_cancel(self):
		frappe.throw(_("A completed inspection cannot be cancelled"), frappe.PermissionError)

	def on_trash(self):
		if frappe.session.user == "Administrator":
			return
		if self.workflow_state != r.PLANNED or self.random_draw:
			frappe.throw(
				_("Only a planned inspection that was not drawn at random can be deleted"),
				frappe.PermissionError,
			)
		self.require_recorder(frappe.session.user)

	def on_submit(self):
		self.apply_completion()

	# --- set-up ---------------------------------------------------------------------------

	def set_from_point(self):
		point = frappe.db.get_value("Tuoyu Point", self.point, ["area", "point_name", "status"], as_dict=True)
		if not point:
			frappe.throw(_("Point {0} does not exist").format(self.point))
		self.area, self.point_name = point.area, point.point_name
		if self.is_new() and point.status == "已注销":
			frappe.throw(_("A cancelled point cannot be inspected"))

	def prepare_new(self):
		self.workflow_state = self.workflow_state or r.PLANNED
		template = self.pick_template()
		self.template, self.template_version = template.name, template.version
		self.set(
			"results",
			[{f: item.get(f) for f in COPIED_FIELDS} for item in template.items],
		)
		for field in ("score", "max_score", "failed_count", "veto_failed", "findings", "conclusion"):
			self.set(field, None)
		self.completed_by = None

	def pick_template(self):
		"""The template named on the inspection, if it serves the type, else the first enabled
		template that does (internal look-up of shared reference data)."""
		candidates = frappe.get_all(
			"Tuoyu Checklist Template",
			filters={"enabled": 1},
			fields=["name", "inspection_types"],
			order_by="creation asc, name asc",
		)
		serving = [
			c.name for c in candidates if self.inspection_type in r.parse_inspection_types(c.inspection_types)
		]
		if self.template and self.template not in serving:
			frappe.throw(
				_("Checklist template {0} is not enabled for {1}").format(
					self.template, _(self.inspection_type)
				)
			)
		if not serving:
			frappe.throw(_("No enabled checklist template serves {0}").format(_(self.inspection_type)))
		return frappe.get_doc("Tuoyu Checklist Template", self.template or serving[0])

	# --- who may record it ----------------------------------------------------------------

	def point_operators(self) -> frozenset[str]:
		return frozenset(notify.point_operators(self.point))

	def actor(self, user: str) -> r.Actor:
		return r.Actor(
			roles=frozenset(frappe.get_roles(user)),
			operates_point=user in self.point_operators(),
			reviews_area=self.area in get_scope(user).areas,
			point_is_member=bool(frappe.db.get_value("Tuoyu Point", self.point, "association_member")),
		)

	def require_recorder(self, user: str):
		if user == "Administrator":
			return
		if problems := r.recorder_problems(self.inspection_type, self.actor(user)):
			frappe.throw(problems_text(problems), frappe.PermissionError)

	def inspector_rows(self) -> list[r.InspectorRow]:
		rows = []
		for row in self.inspectors:
			values = frappe.db.get_value(
				"Tuoyu Inspector",
				row.inspector,
				["enabled", "certificate_no", "user", "full_name"],
				as_dict=True,
			)
			if not values:
				frappe.throw(_("Inspector {0} does not exist").format(row.inspector))
			# Shown from the register, whatever a request sent.
			row.full_name, row.certificate_no = values.full_name, values.certificate_no
			rows.append(
				r.InspectorRow(
					row.inspector, bool(values.enabled), values.certificate_no or "", values.user or ""
				)
			)
		return rows

	def check_inspectors(self, require_count: bool):
		problems = r.inspector_problems(
			self.inspection_type, self.inspector_rows(), self.point_operators(), require_count=require_count
		)
		if problems:
			frappe.throw(problems_text(problems), title=_("Inspectors"))

	# --- the server-side guard (Frappe v15 leaves these to the browser) ----------------------

	def guard_state_and_edits(self):
		before = self.get_doc_before_save()
		user = frappe.session.user
		state = self.workflow_state or r.PLANNED
		if before is None:
			if state != r.PLANNED or self.docstatus != 0:
				frappe.throw(_("A new inspection starts as planned"), frappe.PermissionError)
			self.require_recorder(user)
			if self.random_draw and not self.flags.created_by_draw and user != "Administrator":
				frappe.throw(
					_("Inspections of a random draw are created by the draw"), frappe.PermissionError
				)
			self.check_inspectors(require_count=False)
			return
		if state not in r.STATE_DOCSTATUS or self.docstatus != r.STATE_DOCSTATUS[state]:
			frappe.throw(
				_("Inspections are completed only through the workflow actions"), frappe.PermissionError
			)
		self.require_recorder(user)
		self.require_unchanged_record(before)
		old_state = before.workflow_state
		if old_state != state and (old_state, state) not in r.NEXT_STATE:
			frappe.throw(
				_("You may not move this inspection from {0} to {1}").format(_(old_state), _(state)),
				frappe.PermissionError,
			)
		self.require_allowed_edits(before, old_state)
		if state == r.IN_PROGRESS and old_state == r.PLANNED:
			self.check_inspectors(require_count=True)
		elif state == r.COMPLETED:
			self.enter_completed(user)
		else:
			self.check_inspectors(require_count=old_state == r.IN_PROGRESS)

	def require_unchanged_record(self, before):
		"""Fields the server sets, and the checklist copied from the template version."""
		for fieldname in ("template", "template_version", "random_draw", "inspection_type", "point"):
			if str(self.get(fieldname) or "") != str(before.get(fieldname) or ""):
				frappe.throw(
					_("{0} cannot be changed").format(_(self.meta.get_label(fieldname))),
					frappe.PermissionError,
				)
		self.completed_by = before.completed_by
		if copied_items(self.results) != copied_items(before.results):
			frappe.throw(
				_("The checklist items are copied from the template and cannot be changed"),
				frappe.PermissionError,
			)

	def require_allowed_edits(self, before, old_state: str):
		recorded = [tuple(row.get(f) or "" for f in RECORDED_FIELDS) for row in self.results]
		recorded_before = [tuple(row.get(f) or "" for f in RECORDED_FIELDS) for row in before.results]
		if old_state == r.PLANNED and recorded != recorded_before:
			frappe.throw(_("Start the inspection before recording results"), frappe.PermissionError)
		if old_state == r.PLANNED and (self.inspected_at or "") != (before.inspected_at or ""):
			frappe.throw(_("Start the inspection before recording results"), frappe.PermissionError)
		if self.random_draw and [i.inspector for i in self.inspectors] != [
			i.inspector for i in before.inspectors
		]:
			frappe.throw(_("The inspectors of a random draw are the ones drawn"), frappe.PermissionError)
		for row in self.results:
			if row.photo and not row.photo.startswith("/private/files/"):
				frappe.throw(_("Photos of inspections must be private files"))
		if self.inspected_at and get_datetime(self.inspected_at) > now_datetime():
			frappe.throw(_("The inspection time cannot be in the future"))
		if self.propose_suspension and not (self.suspension_reason or "").strip():
			frappe.throw(_("Give the reason for proposing suspension"))

	def enter_completed(self, user: str):
		self.check_inspectors(require_count=True)
		rows = self.result_rows()
		outcome = r.outcome(rows, bool(self.propose_suspension))
		problems = r.completion_problems(rows) + r.suspension_proposal_problems(
			bool(self.propose_suspension), self.suspension_reason or "", outcome.failed_count
		)
		if problems:
			frappe.throw(problems_text(problems), title=_("The inspection cannot be completed yet"))
		self.inspected_at = self.inspected_at or now_datetime()
		self.completed_by = user

	# --- outcome --------------------------------------------------------------------------------

	def result_rows(self) -> list[r.ResultRow]:
		return [
			r.ResultRow(
				item_code=row.item_code,
				item_text=row.item_text,
				legal_source=row.legal_source or "",
				clause=row.clause or "",
				severity=row.severity,
				photo_required=bool(row.photo_required),
				points=int(row.points or 0),
				result=row.result or "",
				note=row.note or "",
				photo=row.photo or "",
			)
			for row in self.results
		]

	def compute_outcome(self):
		"""Score, findings and conclusion are the server's, whatever a request sent."""
		outcome = r.outcome(self.result_rows(), bool(self.propose_suspension))
		self.score, self.max_score = outcome.score, outcome.max_score
		self.failed_count, self.veto_failed = outcome.failed_count, int(outcome.veto_failed)
		self.findings = findings_text(outcome.findings)
		answered = any(row.result for row in self.results)
		self.conclusion = outcome.conclusion if answered else None

	# --- completion -----------------------------------------------------------------------------

	def apply_completion(self):
		inspected_on = getdate(self.inspected_at)
		if self.inspection_type == r.SELF:
			last = frappe.db.get_value("Tuoyu Point", self.point, "last_self_inspection")
			if not last or getdate(last) < inspected_on:
				# A server-set field at permlevel 1: written without the operator's write right.
				frappe.db.set_value(
					"Tuoyu Point", self.point, "last_self_inspection", inspected_on, update_modified=False
				)
		point = frappe.get_doc("Tuoyu Point", self.point)
		point.add_comment(
			"Info",
			_("Inspection {0} ({1}) completed: {2}, score {3}/{4}", lang=site_language()).format(
				self.name,
				_(self.inspection_type, lang=site_language()),
				_(self.conclusion, lang=site_language()),
				self.score,
				self.max_score,
			),
		)
		subject = _("Inspection {0} of {1} ({2}) is complete: {3}").format(
			self.name, self.point_name, _(self.inspection_type), _(self.conclusion)
		)
		if self.inspection_type == r.SELF:
			if self.conclusion != r.PASS:
				notify.send(notify.area_reviewers(self.area), subject, self)
		else:
			notify.send(notify.point_operators(self.point), subject, self)


def copied_items(rows) -> list[tuple]:
	"""The rows as copied from the template: same rows, same order, same items."""
	return [(row.name, r.items_signature([row.as_dict()])) for row in rows]


def findings_text(findings: list[r.Finding]) -> str:
	"""One line a failed item, each citing its clause (stored, so in the site's language)."""
	lang = site_language()
	lines = []
	for n, f in enumerate(findings, 1):
		line = _("{0}. [{1}] {2} {3} — basis: {4} {5}", lang=lang).format(
			n, _(f.severity, lang=lang), f.item_code, f.item_text, f.legal_source, f.clause
		)
		if f.note:
			line += _("; found: {0}", lang=lang).format(f.note)
		lines.append(line)
	return "\n".join(lines)
