# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.naming import getseries
from frappe.utils import cint, flt, getdate, today

from tuoyu_frappe import compliance
from tuoyu_frappe.filing import clock, notify
from tuoyu_frappe.filing import states as s
from tuoyu_frappe.permissions import get_scope
from tuoyu_frappe.registry.doctype.tuoyu_point.tuoyu_point import evaluate_point
from tuoyu_frappe.utils import translate_finding
from tuoyu_frappe.workdays import CalendarNotLoaded

CAREGIVER_POST = "保育人员"
LONGEST_CLOCK_WORKING_DAYS = 15  # the notice period; far enough to find a missing calendar year
CHANGE_MATERIAL = "变更事项证明材料"
CANCEL_MATERIAL = "注销申请书"
DEFAULT_RECEIPT_WORKING_DAYS, DEFAULT_NOTICE_WORKING_DAYS = 5, 15
# Set by the server when a decision is made (enter_state); whatever a request sends is replaced.
DECISION_CLOCK_FIELDS = ("decided_on", "decision_working_days", "decision_limit_working_days")


def problems_text(problems: list[s.Problem]) -> str:
	return "<br>".join(_(message).format(**params) for message, params in problems)


class TuoyuFiling(Document):
	def validate(self):
		self.keep_decision_clock()
		self.set_from_point()
		if self.is_new():
			self.prepare_new_filing(point_status=frappe.db.get_value("Tuoyu Point", self.point, "status"))
		self.guard_state_and_edits()
		self.fill_change_values()
		self.refresh_clock()

	def on_update(self):
		self.after_state_change()

	def on_trash(self):
		if self.workflow_state != s.DRAFT and frappe.session.user != "Administrator":
			frappe.throw(_("Only a draft filing can be deleted"), frappe.PermissionError)

	def on_submit(self):
		if self.workflow_state == s.FILED:
			apply_to_point(self)

	def after_state_change(self):
		before = self.get_doc_before_save()
		if not before or before.workflow_state == self.workflow_state:
			return
		state, point = self.workflow_state, self.point_name
		if state == s.PENDING:
			notify.send(
				notify.area_reviewers(self.area),
				_("{0} submitted filing {1} for review").format(point, self.name),
				self,
			)
		elif state == s.RETURNED:
			notify.send(
				notify.point_operators(self.point),
				_("Filing {0} was returned for correction").format(self.name),
				self,
			)
		elif state == s.FILED:
			notify.send(
				notify.point_operators(self.point),
				_("Filing {0} was approved; filing number {1}").format(self.name, self.filing_number),
				self,
			)
		elif state == s.REFUSED:
			notify.send(
				notify.point_operators(self.point), _("Filing {0} was refused").format(self.name), self
			)

	def keep_decision_clock(self):
		"""The decision clock is the server's: a request's values give way to the stored ones (a
		decision sets them in enter_state; after submission Frappe refuses any change)."""
		before = None if self.is_new() else self.get_doc_before_save()
		for fieldname in DECISION_CLOCK_FIELDS:
			self.set(fieldname, before.get(fieldname) if before else None)

	# --- set-up ---------------------------------------------------------------------------

	def set_from_point(self):
		point = frappe.db.get_value(
			"Tuoyu Point", self.point, ["area", "point_name", "rule_set"], as_dict=True
		)
		if not point:
			frappe.throw(_("Point {0} does not exist").format(self.point))
		self.area, self.point_name = point.area, point.point_name
		if self.is_new() or not self.rule_set:
			self.rule_set = point.rule_set

	def prepare_new_filing(self, point_status: str):
		self.workflow_state = self.workflow_state or s.DRAFT
		if problems := point_status_problems(self.point, self.filing_type, point_status):
			frappe.throw(problems_text(problems), title=_("Not Allowed for This Point"))
		if frappe.db.exists("Tuoyu Filing", {"point": self.point, "docstatus": 0}):
			frappe.throw(_("This point already has an open filing; finish it or delete the draft first"))
		self.commitment_text = frappe.db.get_single_value("Tuoyu Filing Settings", "commitment_text")
		self.set("materials", [])
		for row in required_materials(self.point, self.rule_set, self.filing_type):
			self.append("materials", {**row, "verdict": s.PENDING_VERDICT})

	def fill_change_values(self):
		if self.filing_type != s.CHANGE:
			return
		if self.docstatus == 0 and self.workflow_state in s.OPERATOR_STATES:
			point = frappe.get_doc("Tuoyu Point", self.point)
			for row in self.changes:
				value = point.get(s.CHANGEABLE_FIELDS[row.point_field])
				row.old_value = "" if value is None else str(value)

	# --- the server-side guard (Frappe v15 leaves these to the browser) ----------------------

	def guard_state_and_edits(self):
		before = self.get_doc_before_save()
		user = frappe.session.user
		new_state = self.workflow_state or s.DRAFT
		if before is None:
			if new_state != s.DRAFT or self.docstatus != 0:
				frappe.throw(_("A new filing starts as a draft"), frappe.PermissionError)
			self.require_operator(user)
			return
		if new_state not in s.STATE_DOCSTATUS or self.docstatus != s.STATE_DOCSTATUS[new_state]:
			frappe.throw(_("Filings are submitted only through the workflow actions"), frappe.PermissionError)
		old_state = before.workflow_state
		if self.has_value_changed("reviewer") and new_state != s.IN_REVIEW:
			frappe.throw(
				_("The reviewer is set by taking the filing or by reassignment"), frappe.PermissionError
			)
		if old_state == new_state:
			self.require_may_edit(old_state, user, before)
			return
		transition = next(
			(t for t in s.TRANSITIONS if t.state == old_state and t.next_state == new_state), None
		)
		if not transition or transition.role not in frappe.get_roles(user):
			frappe.throw(
				_("You may not move this filing from {0} to {1}").format(_(old_state), _(new_state)),
				frappe.PermissionError,
			)
		if transition.role == "Tuoyu Operator":
			self.require_operator(user)
		else:
			self.require_reviewer(user, before.reviewer)
		if new_state in s.DECISION_STATES and user in {self.owner, self.submitted_by, self.confirmed_by}:
			frappe.throw(_("Nobody may decide a filing they created or submitted"), frappe.PermissionError)
		self.enter_state(new_state, user)

	def require_operator(self, user: str):
		if user != "Administrator" and self.point not in get_scope(user).points:
			frappe.throw(
				_("Only the point's operators may prepare and submit its filing"), frappe.PermissionError
			)

	def require_reviewer(self, user: str, assigned: str | None):
		"""A reviewer of the area; once a reviewer has taken (or been reassigned) the filing, only them."""
		if self.area not in get_scope(user).areas:
			frappe.throw(_("Only reviewers of the filing's area may review it"), frappe.PermissionError)
		if assigned and assigned != user:
			frappe.throw(_("This filing is being reviewed by {0}").format(assigned), frappe.PermissionError)

	def require_may_edit(self, state: str, user: str, before):
		if self.docstatus == 1:
			return  # Frappe itself allows only allow_on_submit fields after submission
		if state in s.OPERATOR_STATES:
			self.require_operator(user)
			old_rows = [(m.material_type, m.staff) for m in before.materials]
			if [(m.material_type, m.staff) for m in self.materials] != old_rows:
				frappe.throw(
					_("The list of required materials is set by the rule set"), frappe.PermissionError
				)
		else:
			self.require_reviewer(user, before.reviewer)
			changed = [
				f
				for f in ("commitment_confirmed", "change_description", "point", "filing_type")
				if self.has_value_changed(f)
			]
			attachments_changed = [m.attachment for m in self.materials] != [
				m.attachment for m in before.materials
			]
			if changed or attachments_changed:
				frappe.throw(
					_("The operator's part of the filing cannot be changed during review"),
					frappe.PermissionError,
				)

	def enter_state(self, state: str, user: str):
		materials = [
			s.MaterialRow(m.material_type, bool(m.attachment), m.verdict or s.PENDING_VERDICT, m.reason or "")
			for m in self.materials
		]
		if state == s.PENDING:
			self.enter_pending(materials, user)
		elif state == s.IN_REVIEW:
			self.reviewer = user
		elif state == s.RETURNED:
			if problems := s.return_problems(materials, self.decision_reason):
				frappe.throw(problems_text(problems), title=_("Cannot Return"))
			self.return_count = cint(self.return_count) + 1
		elif state == s.FILED:
			if problems := s.approval_problems(materials):
				frappe.throw(problems_text(problems), title=_("Cannot Approve"))
			self.decision = s.APPROVED
			self.filed_on = today()
			if self.filing_type == s.NEW:
				self.filing_number = next_filing_number(self.area)
			else:
				self.filing_number = frappe.db.get_value("Tuoyu Point", self.point, "filing_number")
			self.set_decision_clock(state)
		elif state == s.REFUSED:
			if not (self.decision_reason or "").strip():
				frappe.throw(_("Give the reasons for refusing the filing"), title=_("Cannot Refuse"))
			self.decision = s.NOT_APPROVED
			self.set_decision_clock(state)

	def enter_pending(self, materials: list[s.MaterialRow], user: str):
		problems = s.submission_problems(materials, bool(self.commitment_confirmed))
		# The point may have been suspended since the draft was made.
		point_status = frappe.db.get_value("Tuoyu Point", self.point, "status")
		problems += point_status_problems(self.point, self.filing_type, point_status)
		findings = evaluate_point(frappe.get_doc("Tuoyu Point", self.point))
		blocking = [f for f in findings if f.severity == compliance.BLOCKING]
		if self.filing_type == s.CANCEL:
			blocking = []  # a closing point need not meet the rules it is leaving
		problems += [(f.message, f.params) for f in blocking]
		if problems:
			frappe.throw(problems_text(problems), title=_("The filing cannot be submitted yet"))
		self.submitted_by = self.confirmed_by = user
		self.decision_reason = None
		for m in self.materials:
			if m.verdict == s.NEEDS_CORRECTION:
				m.verdict = s.PENDING_VERDICT
		self.set("findings", [finding_row(f) for f in findings])
		self.received_on = today()
		self.set_due_dates()

	# --- clocks -------------------------------------------------------------------------------

	def set_due_dates(self):
		receipt_days, notice_days = clock_limits(self.rule_set)
		try:
			calendar = clock.load_calendar()
			start = getdate(self.received_on)
			self.receipt_due = calendar.add_working_days(start, receipt_days)
			self.notice_due = calendar.add_working_days(start, notice_days)
		except CalendarNotLoaded:
			self.receipt_due = self.notice_due = None  # refresh_clock explains which year is missing

	def set_decision_clock(self, state: str):
		"""The decision day, the working days it took from the (last) receipt of complete materials,
		and the clock that applied: the receipt period for an approval, the notice period for a
		refusal (托育机构登记和备案办法 第八条), as the filing's rule set says."""
		self.decided_on = today()
		receipt_days, notice_days = clock_limits(self.rule_set)
		self.decision_limit_working_days = receipt_days if state == s.FILED else notice_days
		self.decision_working_days = decision_working_days(self.received_on, self.decided_on)

	def refresh_clock(self):
		self.working_days_left, self.clock_status, self.clock_note = clock_fields(self)


def site_language() -> str:
	"""The clock note is stored and read by every user: it is written in the site's language, not in
	the language of whoever (or whichever command) happened to save the filing."""
	return frappe.get_system_settings("language") or "en"  # cached: the daily job asks per filing


def clock_fields(filing) -> tuple[int | None, str, str]:
	"""(working days left, clock status, note) of a filing as of today."""
	if filing.workflow_state in s.DECISION_STATES:
		return None, "已办结", ""
	if filing.workflow_state == s.RETURNED:
		return (
			None,
			"",
			_(
				"Waiting for the operator's corrections; the clock restarts on resubmission",
				lang=site_language(),
			),
		)
	if filing.workflow_state not in s.REVIEW_STATES or not filing.received_on:
		return None, "", ""
	if not filing.receipt_due:
		return None, "", missing_calendar_note(getdate(filing.received_on))
	try:
		days_left = clock.working_days_left(
			clock.load_calendar(), getdate(today()), getdate(filing.receipt_due)
		)
	except CalendarNotLoaded as missing:
		return None, "", _(missing.message, lang=site_language()).format(**missing.params)
	note = _("Receipt due {0}; a non-compliance notice is due {1}", lang=site_language()).format(
		filing.receipt_due, filing.notice_due
	)
	return days_left, clock.clock_status(days_left), note


def clock_limits(rule_set: str | None) -> tuple[int, int]:
	"""(receipt, notice) working days of the rule set; the national 5 and 15 where it has none."""
	rules = (
		frappe.db.get_value(
			"Tuoyu Rule Set", rule_set, ["receipt_working_days", "notice_working_days"], as_dict=True
		)
		if rule_set
		else None
	) or frappe._dict()
	return (
		cint(rules.receipt_working_days) or DEFAULT_RECEIPT_WORKING_DAYS,
		cint(rules.notice_working_days) or DEFAULT_NOTICE_WORKING_DAYS,
	)


def decision_working_days(received_on, decided_on) -> int:
	"""Working days in (received_on, decided_on]; -1 when unknown (no receipt date, or a calendar
	year in between is not loaded)."""
	return clock.elapsed_working_days(received_on, decided_on)


def missing_calendar_note(received_on) -> str:
	"""Why a clock has no due date: the first year the deadlines run into that is not loaded."""
	try:
		clock.load_calendar().add_working_days(received_on, LONGEST_CLOCK_WORKING_DAYS)
	except CalendarNotLoaded as missing:
		return _(missing.message, lang=site_language()).format(**missing.params)
	return _("The due dates are computed when the daily job next runs", lang=site_language())


# --- helpers ------------------------------------------------------------------------------------


def point_status_problems(point: str, filing_type: str, point_status: str) -> list[s.Problem]:
	"""s.point_status_problems with the revocation date and the rule set's wait before refiling."""
	refiling_from = None
	if point_status == "已撤销备案":
		from tuoyu_frappe.supervision.enforcement_rules import refiling_allowed_from

		revoked_on, rule_set = frappe.db.get_value("Tuoyu Point", point, ["revoked_on", "rule_set"])
		wait = frappe.db.get_value("Tuoyu Rule Set", rule_set, "refiling_wait_months") if rule_set else 0
		if revoked_on:
			refiling_from = refiling_allowed_from(getdate(revoked_on), cint(wait))
	return s.point_status_problems(filing_type, point_status, refiling_from, getdate(today()))


def required_materials(point: str, rule_set: str, filing_type: str) -> list[dict]:
	if filing_type == s.CHANGE:
		return [{"material_type": CHANGE_MATERIAL}]
	if filing_type == s.CANCEL:
		return [{"material_type": CANCEL_MATERIAL}]
	meals = frappe.db.get_value("Tuoyu Point", point, "meals_prepared")
	# Internal read of the point's caregivers, to list the per-caregiver certificates.
	caregivers = frappe.get_all(
		"Tuoyu Staff",
		filters={"point": point, "employment_status": "在职", "post": CAREGIVER_POST},
		fields=["name", "staff_name"],
		order_by="staff_name",
	)
	rows = []
	for material in frappe.get_cached_doc("Tuoyu Rule Set", rule_set).materials:
		if material.only_if_meals and not meals:
			continue
		if material.per_caregiver:
			rows += [
				{
					"material_type": f"{material.material_type}（{c.staff_name}）",
					"staff": c.name,
					"clause": material.clause,
				}
				for c in caregivers
			]
		else:
			rows.append({"material_type": material.material_type, "clause": material.clause})
	return rows


def finding_row(finding: compliance.Finding) -> dict:
	translated = translate_finding(finding)
	return {
		"rule": finding.rule,
		"severity": "不合规" if finding.severity == compliance.BLOCKING else "提示",
		"message": translated["message"],
		"legal_basis": " ".join(x for x in (finding.legal_source, finding.clause) if x),
	}


def next_filing_number(area: str) -> str:
	from tuoyu_frappe.filing.states import format_filing_number

	settings = frappe.get_cached_doc("Tuoyu Filing Settings")
	year = getdate(today()).year
	area_name = frappe.db.get_value("Tuoyu Area", area, "area_name")
	seq = cint(getseries(f"TUOYU-FILING-{area}-{year}-", 1))
	return format_filing_number(
		settings.filing_number_format, year=year, area_code=area, area_name=area_name, seq=seq
	)


def typed_value(point_meta, fieldname: str, raw: str):
	fieldtype = point_meta.get_field(fieldname).fieldtype
	if fieldtype in ("Int", "Check"):
		return cint(raw)
	if fieldtype == "Float":
		return flt(raw)
	if fieldtype == "Date":
		return getdate(raw) if raw else None
	return raw


def apply_to_point(filing) -> None:
	"""An approved filing changes the point: filed, changed, or closed."""
	point = frappe.get_doc("Tuoyu Point", filing.point)
	if filing.filing_type == s.NEW:
		point.status, point.filing_number, point.filed_on = "已备案", filing.filing_number, filing.filed_on
	elif filing.filing_type == s.CHANGE:
		meta = frappe.get_meta("Tuoyu Point")
		for row in filing.changes:
			fieldname = s.CHANGEABLE_FIELDS[row.point_field]
			point.set(fieldname, typed_value(meta, fieldname, row.new_value))
	elif filing.filing_type == s.CANCEL:
		point.status = "已注销"
	point.flags.status_set_by_server = True
	point.flags.ignore_permissions = True
	point.save()
	point.add_comment("Info", _("Updated by filing {0} ({1})").format(filing.name, _(filing.filing_type)))


@frappe.whitelist()
def reassign_reviewer(filing: str, reviewer: str) -> None:
	"""A city administrator hands an overdue filing to another reviewer of the same area."""
	frappe.only_for(("Tuoyu City Admin", "System Manager"))
	doc = frappe.get_doc("Tuoyu Filing", filing)
	doc.check_permission("write")
	if doc.workflow_state not in s.REVIEW_STATES or clock_fields(doc)[1] != "已超时":
		frappe.throw(_("Only an overdue filing under review can be reassigned"))
	if not frappe.db.exists(
		"Tuoyu Reviewer Assignment", {"reviewer": reviewer, "area": doc.area, "enabled": 1}
	):
		frappe.throw(_("{0} is not a reviewer of this area").format(reviewer))
	previous = doc.reviewer
	doc.db_set("reviewer", reviewer)
	doc.add_comment("Info", _("Reassigned from {0} to {1}").format(previous or "—", reviewer))
	notify.send([reviewer], _("Filing {0} has been reassigned to you").format(doc.name), doc)
