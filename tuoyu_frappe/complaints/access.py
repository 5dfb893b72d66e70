"""Who reads a complainant's identity and contact (Tuoyu Complainant Contact): the reviewer who
accepted the complaint (its handler) and city administrators, nobody else — not the area's other
reviewers, at no read path. Registered after the area scope hooks (hooks.py), so both apply:
list conditions are ANDed, and this has_permission answers first (Frappe asks the last hook
first and stops at the first answer)."""

import frappe
from frappe import _

from tuoyu_frappe.permissions import county_of, get_scope

CONTACT = "Tuoyu Complainant Contact"


def contact_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if get_scope(user).all_rows:
		return ""
	return f"`tab{CONTACT}`.`handler` = {frappe.db.escape(user)}"


def has_contact_permission(doc, ptype=None, user=None, debug=False) -> bool | None:
	"""False unless the user handles the complaint (the stored handler, whatever a request sent);
	None leaves the area scope hook to decide the rest."""
	user = user or frappe.session.user
	if get_scope(user).all_rows:
		return None
	handler = doc.get("handler") if doc.is_new() else frappe.db.get_value(CONTACT, doc.name, "handler")
	return None if handler and handler == user else False


def has_complaint_permission(doc, ptype=None, user=None, debug=False) -> bool | None:
	"""A complaint recorded at the desk has no area yet when Frappe asks about `create`: the area
	follows from its point or township, as the controller will set it."""
	if not doc.is_new():
		return None
	scope = get_scope(user)
	if scope.all_rows:
		return True
	area = (doc.get("point") and frappe.db.get_value("Tuoyu Point", doc.point, "area")) or county_of(
		doc.get("township")
	)
	return scope.allows(area, None)


def refuse_contact_share(doc, method=None) -> None:
	"""doc_events validate of DocShare: Frappe ORs shared rows past every list condition, so a share
	(or an assignment, which shares) would hand the complainant's identity to another reviewer."""
	if doc.share_doctype == CONTACT:
		frappe.throw(
			_("The complainant's contact details cannot be shared or assigned"), frappe.PermissionError
		)
