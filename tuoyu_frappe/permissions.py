"""Row-level isolation by county-level area and by operator.

Scope of a user (see `get_scope`):
- city administrators (and System Managers) see every row;
- a district reviewer sees the rows of the areas assigned to them in `Tuoyu Reviewer Assignment`;
- an operator sees the points whose `operators` table lists them, and those points' staff.

Both Frappe hooks are registered for every scoped DocType: `*_query_conditions` filters lists,
Report View, counts, group-by and link search; `has_*_permission` guards single documents,
prints and attachments. Shares are checked against the same scope, because a share would
otherwise widen a list query (Frappe ORs shared names into list conditions).
"""

from dataclasses import dataclass

import frappe
from frappe import _

CITY_ADMIN = "Tuoyu City Admin"
REVIEWER = "Tuoyu District Reviewer"
OPERATOR = "Tuoyu Operator"
TUOYU_ROLES = (OPERATOR, REVIEWER, CITY_ADMIN)
ALL_ROWS_ROLES = {CITY_ADMIN, "System Manager"}

# DocType → (area column, point column) for scoped DocTypes.
SCOPED_DOCTYPES = {
	"Tuoyu Point": ("area", "name"),
	"Tuoyu Staff": ("area", "point"),
	"Tuoyu Staff Identity": ("area", "point"),
	"Tuoyu Filing": ("area", "point"),
}


@dataclass(frozen=True)
class Scope:
	all_rows: bool = False
	areas: frozenset[str] = frozenset()
	points: frozenset[str] = frozenset()

	def allows(self, area: str | None, point: str | None) -> bool:
		return self.all_rows or (bool(area) and area in self.areas) or (bool(point) and point in self.points)


def get_scope(user: str | None = None) -> Scope:
	user = user or frappe.session.user
	if user == "Administrator":
		return Scope(all_rows=True)
	roles = set(frappe.get_roles(user))
	if roles & ALL_ROWS_ROLES:
		return Scope(all_rows=True)
	areas: list[str] = []
	points: list[str] = []
	# Internal look-ups of the user's own assignments; nothing here is returned to the user.
	if REVIEWER in roles:
		areas = frappe.get_all(
			"Tuoyu Reviewer Assignment", filters={"reviewer": user, "enabled": 1}, pluck="area"
		)
	if OPERATOR in roles:
		points = frappe.get_all(
			"Tuoyu Point Operator", filters={"user": user, "parenttype": "Tuoyu Point"}, pluck="parent"
		)
	return Scope(areas=frozenset(areas), points=frozenset(points))


def _in_list(values: frozenset[str]) -> str:
	return ", ".join(frappe.db.escape(v) for v in sorted(values))


def scope_condition(doctype: str, user: str | None = None) -> str:
	scope = get_scope(user)
	if scope.all_rows:
		return ""
	area_column, point_column = SCOPED_DOCTYPES[doctype]
	parts = []
	if scope.areas:
		parts.append(f"`tab{doctype}`.`{area_column}` in ({_in_list(scope.areas)})")
	if scope.points:
		parts.append(f"`tab{doctype}`.`{point_column}` in ({_in_list(scope.points)})")
	return "(" + " or ".join(parts) + ")" if parts else "1=0"


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions of every scoped DocType (Frappe passes the DocType)."""
	return scope_condition(doctype, user)


def file_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Frappe lists private files attached to any DocType the user can read at all; files of our
	scoped rows are listed only when the row itself is in the user's scope."""
	scope = get_scope(user)
	if scope.all_rows:
		return ""
	scoped = ", ".join(frappe.db.escape(dt) for dt in SCOPED_DOCTYPES)
	parts = [f"ifnull(`tabFile`.`attached_to_doctype`, '') not in ({scoped})"]
	for dt in SCOPED_DOCTYPES:
		parts.append(
			f"(`tabFile`.`attached_to_doctype` = {frappe.db.escape(dt)} and `tabFile`.`attached_to_name` in "
			f"(select `name` from `tab{dt}` where {scope_condition(dt, user)}))"
		)
	return "(" + " or ".join(parts) + ")"


def county_of(area: str | None) -> str | None:
	"""The county-level area of any area (a township resolves to its county)."""
	if not area:
		return None
	return frappe.db.get_value("Tuoyu Area", area, "county_area") or area


def point_area(doc) -> str | None:
	return doc.get("area") or county_of(doc.get("township"))


def has_point_permission(doc, ptype=None, user=None, debug=False) -> bool:
	scope = get_scope(user)
	if scope.all_rows:
		return True
	if doc.is_new() and ptype == "create" and OPERATOR in frappe.get_roles(user):
		# An operator registers their own point; they become its operator on insert.
		return True
	return scope.allows(point_area(doc), None if doc.is_new() else doc.name)


def has_point_row_permission(doc, ptype=None, user=None, debug=False) -> bool:
	"""has_permission of rows that belong to a point: staff, staff identities, filings."""
	scope = get_scope(user)
	if scope.all_rows:
		return True
	area = doc.get("area") or (doc.get("point") and frappe.db.get_value("Tuoyu Point", doc.point, "area"))
	return scope.allows(area, doc.get("point"))


def user_may_access(doctype: str, name: str, user: str) -> bool:
	"""Whether `user`'s scope (not shares) reaches this row."""
	area_column, point_column = SCOPED_DOCTYPES[doctype]
	area, point = frappe.db.get_value(doctype, name, [area_column, point_column]) or (None, None)
	return get_scope(user).allows(area, point)


def validate_share(doc, method=None):
	if doc.share_doctype not in SCOPED_DOCTYPES:
		return
	if doc.everyone or not doc.user or not user_may_access(doc.share_doctype, doc.share_name, doc.user):
		frappe.throw(
			_("This record cannot be shared with or assigned to a user outside its area or point"),
			frappe.PermissionError,
		)


def validate_file(doc, method=None):
	if doc.attached_to_doctype in SCOPED_DOCTYPES and not doc.is_private:
		frappe.throw(_("Attachments of points and staff must be private files"))
