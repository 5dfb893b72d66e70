"""Training hours and required topics of staff, kept by the server from confirmed attendance
(Tuoyu Training Attendance); the organiser checks the session controllers share."""

import frappe
from frappe import _

from tuoyu_frappe.association import training_rules as r
from tuoyu_frappe.permissions import get_scope
from tuoyu_frappe.supervision.guard import problems_text

ATTENDANCE, SESSION, STAFF = "Tuoyu Training Attendance", "Tuoyu Training Session", "Tuoyu Staff"
STAFF_FIELDS = ("training_hours", "training_topics_met", "training_topics_missing")


def reviewer_areas(user: str | None = None) -> frozenset[str]:
	return get_scope(user).areas


def require_organiser(organiser: r.Organiser) -> None:
	if frappe.session.user == "Administrator":
		return
	problems = r.organiser_problems(organiser, set(frappe.get_roles()), reviewer_areas())
	if problems:
		frappe.throw(problems_text(problems), frappe.PermissionError, title=_("Training Session"))


def staff_summary(staff: str) -> r.TrainingSummary:
	"""Internal aggregation over one person's attendance rows (indexed by staff); what it returns is
	written to that person's own record, which only readers of the record see."""
	rows = frappe.get_all(
		ATTENDANCE,
		filters={"staff": staff, "attended": 1},
		fields=["topic", "hours", "session"],
	)
	cancelled = set(
		frappe.get_all(
			SESSION,
			filters={"name": ("in", list({row.session for row in rows}) or [""]), "status": r.CANCELLED},
			pluck="name",
		)
	)
	return r.training_summary((row.topic, row.hours) for row in rows if row.session not in cancelled)


def summary_values(summary: r.TrainingSummary) -> dict:
	return {
		"training_hours": summary.hours,
		"training_topics_met": "、".join(summary.met),
		"training_topics_missing": "、".join(summary.missing),
	}


def refresh_staff(staff: str) -> None:
	"""Written straight to the row: the staff controller (ID checks, re-evaluation) has nothing to
	do with hours, and a person's training must count even while their record has other problems."""
	if frappe.db.exists(STAFF, staff):
		frappe.db.set_value(STAFF, staff, summary_values(staff_summary(staff)), update_modified=False)


def session_changed(session) -> None:
	"""A session's topic, hours, date or cancellation changes what its attendance counts."""
	rows = frappe.get_all(ATTENDANCE, filters={"session": session.name}, fields=["name", "staff"])
	for row in rows:
		frappe.db.set_value(
			ATTENDANCE,
			row.name,
			{"topic": session.topic, "hours": session.hours, "training_date": session.training_date},
			update_modified=False,
		)
	for staff in {row.staff for row in rows}:
		refresh_staff(staff)


def keep_staff_training_fields(doc, method=None) -> None:
	"""`validate` of Tuoyu Staff: training hours and topics come from attendance only; whatever a
	form, REST request or import sends for them is replaced by the computed values."""
	summary = r.training_summary(()) if doc.is_new() else staff_summary(doc.name)
	doc.update(summary_values(summary))


# --- who reads which sessions ------------------------------------------------------------------
# A session is read by those who organise or may attend it: the association its own; a reviewer
# their districts' and the association's; an operator their points' districts', and the
# association's while one of their points is a member. City admins read all.


def _session_scope(user: str | None) -> tuple[bool, bool, frozenset[str]]:
	"""(all rows, association sessions, districts) the user reads sessions of."""
	from tuoyu_frappe.permissions import ASSOCIATION, REVIEWER

	scope = get_scope(user)
	if scope.all_rows:
		return True, True, frozenset()
	roles = set(frappe.get_roles(user))
	districts = set(scope.areas)
	association = ASSOCIATION in roles or (REVIEWER in roles and bool(scope.areas))
	if scope.points:
		# Internal look-up of the user's own points (their scope); nothing is returned to the user.
		rows = frappe.get_all(
			"Tuoyu Point", filters={"name": ("in", list(scope.points))}, fields=["area", "association_member"]
		)
		districts |= {row.area for row in rows if row.area}
		association = association or any(row.association_member for row in rows)
	return False, association, frozenset(districts)


def session_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	all_rows, association, districts = _session_scope(user)
	if all_rows:
		return ""
	parts = []
	if association:
		parts.append(f"`tab{SESSION}`.`organiser_type` = {frappe.db.escape(r.BY_ASSOCIATION)}")
	if districts:
		areas = ", ".join(frappe.db.escape(a) for a in sorted(districts))
		parts.append(f"`tab{SESSION}`.`organiser_area` in ({areas})")
	return "(" + " or ".join(parts) + ")" if parts else "1=0"


def has_session_permission(doc, ptype=None, user=None, debug=False) -> bool:
	all_rows, association, districts = _session_scope(user)
	if all_rows:
		return True
	if doc.is_new():
		return True  # whether the user may organise it is decided by the controller
	stored = frappe.db.get_value(SESSION, doc.name, ["organiser_type", "organiser_area"]) or (None, None)
	for kind, area in (stored, (doc.organiser_type, doc.organiser_area)):
		if not ((kind == r.BY_ASSOCIATION and association) or (area and area in districts)):
			return False
	return True
