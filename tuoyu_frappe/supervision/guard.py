"""What the rectification and enforcement controllers share: who acts for the supervising side, who
for the point, and which fields a save changed (Frappe v15 enforces none of this on the server)."""

import frappe
from frappe import _
from frappe.model import no_value_fields, table_fields
from frappe.model.document import Document
from frappe.utils import flt, get_datetime, getdate

from tuoyu_frappe.permissions import CITY_ADMIN, OPERATOR, REVIEWER, get_scope
from tuoyu_frappe.supervision.enforcement_rules import Problem, find_transition

# Set by the server from the point on every save, never compared.
DERIVED_FIELDS = {"area", "point_name", "workflow_state", "amended_from"}


def problems_text(problems: list[Problem]) -> str:
	return "<br>".join(_(message).format(**params) for message, params in problems)


def throw_problems(problems: list[Problem], title: str) -> None:
	if problems:
		frappe.throw(problems_text(problems), title=title)


def operates(user: str, point: str) -> bool:
	return OPERATOR in frappe.get_roles(user) and point in get_scope(user).points


def is_supervisor_of(user: str, area: str | None) -> bool:
	"""A city administrator, or a reviewer assigned to the area."""
	if user == "Administrator":
		return True
	roles = set(frappe.get_roles(user))
	if CITY_ADMIN in roles:
		return True
	return REVIEWER in roles and bool(area) and area in get_scope(user).areas


def locked_document(doctype: str, name, missing: str):
	"""The stored document, its row locked for the transaction (two clicks must not open two
	follow-ups); `missing` is the message when there is no such document."""
	if not isinstance(name, str) or not frappe.db.exists(doctype, name):
		frappe.throw(missing, frappe.DoesNotExistError)
	frappe.db.get_value(doctype, name, "name", for_update=True)
	return frappe.get_doc(doctype, name)


def require_supervisor(doc, user: str, what: str) -> None:
	"""Reviewers of the area and city administrators act for the authority; nobody acts on a point
	they operate. `what` is the translated name of the act."""
	if not is_supervisor_of(user, doc.area):
		frappe.throw(
			_("Only reviewers of the area and city administrators may {0}").format(what),
			frappe.PermissionError,
		)
	if user != "Administrator" and operates(user, doc.point):
		frappe.throw(_("Nobody may supervise a point they operate"), frappe.PermissionError)


def require_operator(doc, user: str) -> None:
	if user != "Administrator" and not operates(user, doc.point):
		frappe.throw(_("Only the point's operators may do this"), frappe.PermissionError)


def has_role_for(transition, user: str) -> bool:
	return bool(set(transition.roles) & set(frappe.get_roles(user)))


def _norm(df, value):
	"""One form per value: a REST body sends dates and numbers as strings, the database returns
	typed values."""
	if value in (None, ""):
		return None
	if df.fieldtype == "Date":
		return str(getdate(value))
	if df.fieldtype == "Datetime":
		return str(get_datetime(value))
	if df.fieldtype in ("Int", "Check", "Float", "Currency", "Percent"):
		return flt(value) or None
	return str(value)


def _row_values(row, child_meta) -> tuple:
	return tuple(
		_norm(df, row.get(df.fieldname)) for df in child_meta.fields if df.fieldtype not in no_value_fields
	)


def changed_fields(doc, before) -> set[str]:
	"""Fields whose value differs from the stored document (tables compared row by row)."""
	changed = set()
	for df in doc.meta.fields:
		if df.fieldname in DERIVED_FIELDS:
			continue
		if df.fieldtype in table_fields:
			child_meta = frappe.get_meta(df.options)
			now = [_row_values(r, child_meta) for r in doc.get(df.fieldname)]
			then = [_row_values(r, child_meta) for r in before.get(df.fieldname)]
			if now != then:
				changed.add(df.fieldname)
		elif df.fieldtype not in no_value_fields:
			if _norm(df, doc.get(df.fieldname)) != _norm(df, before.get(df.fieldname)):
				changed.add(df.fieldname)
	return changed


def refuse_changes(changed: set[str], allowed: set[str], doc) -> None:
	if extra := sorted(changed - allowed):
		labels = ", ".join(_(doc.meta.get_label(f)) for f in extra)
		frappe.throw(
			_("You may not change {0} in the state {1}").format(labels, _(doc.workflow_state)),
			frappe.PermissionError,
		)


class SupervisedDocument(Document):
	"""Base of the rectification and enforcement controllers: area and point name from the point,
	and the workflow guard (Frappe v15 checks neither the target state's docstatus, nor who may
	edit what in which state, nor self-approval). Subclasses name their states and transitions
	and say who starts, edits and moves the document."""

	TRANSITIONS: tuple = ()
	STATE_DOCSTATUS: dict = {}
	FIRST_STATE = ""
	NOT_THROUGH_WORKFLOW = MAY_NOT_MOVE = None  # the subclass's messages (frappe._lt)

	def set_from_point(self):
		point = frappe.db.get_value("Tuoyu Point", self.point, ["area", "point_name"], as_dict=True)
		if not point:
			frappe.throw(_("Point {0} does not exist").format(self.point))
		self.area, self.point_name = point.area, point.point_name

	def guard_state_and_edits(self):
		before = self.get_doc_before_save()
		user = frappe.session.user
		state = self.workflow_state or self.FIRST_STATE
		if before is None:
			self.start(state, user)
			return
		if state not in self.STATE_DOCSTATUS or self.docstatus != self.STATE_DOCSTATUS[state]:
			frappe.throw(str(self.NOT_THROUGH_WORKFLOW), frappe.PermissionError)
		changed = changed_fields(self, before) - {"docstatus"}
		if "point" in changed:
			frappe.throw(_("The point cannot be changed"), frappe.PermissionError)
		old_state = before.workflow_state
		if old_state == state:
			if changed:
				self.require_may_edit(state, user, changed)
			return
		transition = find_transition(self.TRANSITIONS, old_state, state)
		if not transition or not has_role_for(transition, user):
			frappe.throw(str(self.MAY_NOT_MOVE).format(_(old_state), _(state)), frappe.PermissionError)
		# An action moves the state only; what it needs was saved before (apply_workflow reloads).
		refuse_changes(changed, set(), self)
		self.require_actor(transition, user)
		self.enter_state(transition, user)

	def start(self, state: str, user: str):
		raise NotImplementedError

	def require_may_edit(self, state: str, user: str, changed: set[str]):
		raise NotImplementedError

	def require_actor(self, transition, user: str):
		raise NotImplementedError

	def enter_state(self, transition, user: str):
		raise NotImplementedError
