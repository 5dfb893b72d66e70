"""Row-level isolation by county-level area and by operator.

Scope of a user (see `get_scope`):
- city administrators (and System Managers) see every row;
- a district reviewer sees the rows of the areas assigned to them in `Tuoyu Reviewer Assignment`;
- an operator sees the points whose `operators` table lists them, and those points' staff;
- an association user sees the points that are members of the association (and, where their
  DocPerms allow, those points' rows), city-wide.

Both Frappe hooks are registered for every scoped DocType: `*_query_conditions` filters lists,
Report View, counts, group-by and link search; `has_*_permission` guards single documents,
prints and attachments. Shares are checked against the same scope, because a share would
otherwise widen a list query (Frappe ORs shared names into list conditions).
"""

from dataclasses import dataclass

import frappe
from frappe import _
from frappe.model.document import Document

CITY_ADMIN = "Tuoyu City Admin"
REVIEWER = "Tuoyu District Reviewer"
OPERATOR = "Tuoyu Operator"
ASSOCIATION = "Tuoyu Association"  # 行业协会: supervises the points that are its members
TUOYU_ROLES = (OPERATOR, REVIEWER, CITY_ADMIN, ASSOCIATION)
ALL_ROWS_ROLES = {CITY_ADMIN, "System Manager"}
# Rows addressed to the association itself, read city-wide by it: a point's membership application
# must be decided before the point is a member (the record names the point and its area only; the
# point's own row and staff stay out of reach until it is a member).
ASSOCIATION_WIDE = frozenset({"Tuoyu Association Membership"})

QUERY_CONDITIONS = "tuoyu_frappe.permissions.query_conditions"
CHILD_QUERY_CONDITIONS = "tuoyu_frappe.permissions.child_query_conditions"
SCOPE_CACHE = "tuoyu_scope"  # site cache hash: user → {"areas": [...], "points": [...]}
CHILD_PARENTS_CACHE = "tuoyu_child_parents"  # site cache hash: child DocType → scoped parents


@dataclass(frozen=True)
class Scope:
	all_rows: bool = False
	areas: frozenset[str] = frozenset()
	points: frozenset[str] = frozenset()
	members: bool = False  # the association's member points

	def allows(self, area: str | None, point: str | None) -> bool:
		return (
			self.all_rows
			or (bool(area) and area in self.areas)
			or (bool(point) and point in self.points)
			or (self.members and bool(point) and is_member_point(point))
		)


def is_member_point(point: str) -> bool:
	return bool(frappe.db.get_value("Tuoyu Point", point, "association_member"))


# --- which DocTypes are scoped: derived from the model (see hooks.py), never a hand-kept list ---


def scoped_doctypes() -> list[str]:
	"""DocTypes whose rows are isolated by area and point: those registered with our query
	conditions, which hooks.py derives from the DocType metadata."""
	hooks = frappe.get_hooks("permission_query_conditions")
	return sorted(dt for dt, methods in hooks.items() if QUERY_CONDITIONS in methods)


def scope_columns(doctype: str) -> tuple[str, str | None]:
	"""(area column, point column) of a scoped DocType; a point's own point is its name."""
	if doctype == "Tuoyu Point":
		return "area", "name"
	return "area", "point" if frappe.get_meta(doctype).has_field("point") else None


def scoped_parents_of(child_doctype: str) -> list[str]:
	"""The scoped DocTypes that hold `child_doctype` as a table (standard or custom fields)."""

	def parents() -> list[str]:
		table_types = ("Table", "Table MultiSelect")
		found = set(
			frappe.get_all(
				"DocField",
				filters={"fieldtype": ("in", table_types), "options": child_doctype},
				pluck="parent",
			)
		) | set(
			frappe.get_all(
				"Custom Field",
				filters={"fieldtype": ("in", table_types), "options": child_doctype},
				pluck="dt",
			)
		)
		return sorted(found & set(scoped_doctypes()))

	return frappe.cache.hget(CHILD_PARENTS_CACHE, child_doctype, parents)


# --- a user's scope, cached like Frappe's user permissions ----------------------------------


def get_scope(user: str | None = None) -> Scope:
	user = user or frappe.session.user
	if user == "Administrator":
		return Scope(all_rows=True)
	roles = set(frappe.get_roles(user))
	if roles & ALL_ROWS_ROLES:
		return Scope(all_rows=True)
	assigned = frappe.cache.hget(SCOPE_CACHE, user, lambda: _assigned_rows(user))
	return Scope(
		areas=frozenset(assigned["areas"]) if REVIEWER in roles else frozenset(),
		points=frozenset(assigned["points"]) if OPERATOR in roles else frozenset(),
		members=ASSOCIATION in roles,
	)


def _assigned_rows(user: str) -> dict[str, list[str]]:
	# Internal look-ups of the user's own assignments (indexed columns); nothing is returned to
	# the user. Roles are applied by get_scope, so a role change needs no cache clearing here.
	return {
		"areas": frappe.get_all(
			"Tuoyu Reviewer Assignment", filters={"reviewer": user, "enabled": 1}, pluck="area"
		),
		"points": frappe.get_all(
			"Tuoyu Point Operator", filters={"user": user, "parenttype": "Tuoyu Point"}, pluck="parent"
		),
	}


def clear_scope_cache(users=None) -> None:
	"""Forget the cached scope of `users` (all users when None), now and again when the
	transaction ends: a scope computed from uncommitted rows must not outlive a rollback."""

	def clear():
		if users is None:
			frappe.cache.delete_value(SCOPE_CACHE)
		else:
			for user in {u for u in users if u}:
				frappe.cache.hdel(SCOPE_CACHE, user)

	clear()
	frappe.db.after_commit.add(clear)
	frappe.db.after_rollback.add(clear)


def forget_child_parents(doc=None, method=None) -> None:
	frappe.cache.delete_value(CHILD_PARENTS_CACHE)


def clear_cache() -> None:
	"""`clear_cache` hook: `bench clear-cache` and DocType changes reset what we derived."""
	frappe.cache.delete_value(SCOPE_CACHE)
	frappe.cache.delete_value(CHILD_PARENTS_CACHE)


# --- query conditions --------------------------------------------------------------------------


def _in_list(values: frozenset[str]) -> str:
	return ", ".join(frappe.db.escape(v) for v in sorted(values))


def scope_condition(doctype: str, user: str | None = None, scope: Scope | None = None) -> str:
	scope = scope or get_scope(user)
	if scope.all_rows:
		return ""
	if scope.members and doctype in ASSOCIATION_WIDE:
		return "(1=1)"
	area_column, point_column = scope_columns(doctype)
	parts = []
	if scope.areas:
		parts.append(f"`tab{doctype}`.`{area_column}` in ({_in_list(scope.areas)})")
	if scope.points and point_column:
		parts.append(f"`tab{doctype}`.`{point_column}` in ({_in_list(scope.points)})")
	if scope.members and point_column:
		if doctype == "Tuoyu Point":
			parts.append("`tabTuoyu Point`.`association_member` = 1")
		else:
			members = "select `name` from `tabTuoyu Point` where `association_member` = 1"
			parts.append(f"`tab{doctype}`.`{point_column}` in ({members})")
	return "(" + " or ".join(parts) + ")" if parts else "1=0"


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions of every scoped DocType (Frappe passes the DocType)."""
	return scope_condition(doctype, user)


def child_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions of every child DocType of a scoped DocType. Frappe checks only
	that the user may read the parent DocType at all, then lists every child row of every parent;
	a row is listed here only when its parent row is in the user's scope."""
	scope = get_scope(user)
	parents = scoped_parents_of(doctype)
	if scope.all_rows or not parents:
		return ""
	return rows_of_scoped_owners(f"`tab{doctype}`", "parenttype", "parent", parents, scope)


def other_child_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""The `*` query condition: a child table attached to a scoped DocType after install (a Custom
	Field of type Table) is isolated like the shipped ones. Cheap for every other DocType: one
	cached metadata look-up."""
	hooks = frappe.get_hooks("permission_query_conditions")
	if (
		not doctype
		or CHILD_QUERY_CONDITIONS in hooks.get(doctype, [])
		or not frappe.get_meta(doctype).istable
	):
		return ""
	return child_query_conditions(user, doctype)


def file_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Frappe lists private files attached to any DocType the user can read at all; files of our
	scoped rows are listed only when the row itself is in the user's scope."""
	scope = get_scope(user)
	if scope.all_rows:
		return ""
	return rows_of_scoped_owners(
		"`tabFile`", "attached_to_doctype", "attached_to_name", scoped_doctypes(), scope
	)


def rows_of_scoped_owners(
	table: str, type_column: str, name_column: str, owners: list[str], scope: Scope
) -> str:
	"""Rows that point at an owner row (a child row at its parent, a file at its document) are
	visible when the owner is not scoped, or when the owner row is in the user's scope."""
	parts = [f"ifnull({table}.`{type_column}`, '') not in ({_in_list(frozenset(owners))})"]
	for owner in owners:
		parts.append(
			f"({table}.`{type_column}` = {frappe.db.escape(owner)} and {table}.`{name_column}` in "
			f"(select `name` from `tab{owner}` where {scope_condition(owner, scope=scope)}))"
		)
	return "(" + " or ".join(parts) + ")"


class ScopedChildDocument(Document):
	"""Controller base of every child DocType of a scoped DocType. A child row loaded on its own
	(REST `GET /api/resource/<child>/<name>`, `frappe.client.get`) has no parent document, and
	Frappe v15 then checks only that the user may read the parent DocType at all. Loading the
	parent row lets the parent's has_permission hook decide, as for the parent itself."""

	@property
	def parent_doc(self):
		parent = Document.parent_doc.fget(self)
		if parent is None and self.get("parenttype") and self.get("parent"):
			if frappe.db.exists(self.parenttype, self.parent):
				parent = frappe.get_doc(self.parenttype, self.parent)
				self._parent_doc = parent
		return parent

	@parent_doc.setter
	def parent_doc(self, value):
		self._parent_doc = value

	@parent_doc.deleter
	def parent_doc(self):
		self._parent_doc = None


def county_of(area: str | None) -> str | None:
	"""The county-level area of any area (a township resolves to its county)."""
	if not area:
		return None
	return frappe.db.get_value("Tuoyu Area", area, "county_area") or area


def point_area(doc) -> str | None:
	return doc.get("area") or county_of(doc.get("township"))


def stored_scope_values(doctype: str, name: str) -> tuple[str | None, str | None] | None:
	"""(area, point) of the row as stored, or None for a row not yet saved."""
	area_column, point_column = scope_columns(doctype)
	columns = [area_column, point_column or area_column]
	stored = frappe.db.get_value(doctype, name, columns)
	return (stored[0], stored[1] if point_column else None) if stored else None


def has_point_permission(doc, ptype=None, user=None, debug=False) -> bool:
	scope = get_scope(user)
	if scope.all_rows:
		return True
	if doc.is_new() and ptype == "create" and OPERATOR in frappe.get_roles(user):
		# An operator registers their own point; they become its operator on insert.
		return True
	return _stored_and_submitted_allowed(doc, scope, point_area(doc), None if doc.is_new() else doc.name)


def has_point_row_permission(doc, ptype=None, user=None, debug=False) -> bool:
	"""has_permission of rows that belong to a point: staff, staff identities, filings."""
	scope = get_scope(user)
	if scope.all_rows or (scope.members and doc.doctype in ASSOCIATION_WIDE):
		return True
	area = doc.get("area") or (doc.get("point") and frappe.db.get_value("Tuoyu Point", doc.point, "area"))
	return _stored_and_submitted_allowed(doc, scope, area, doc.get("point"))


def _stored_and_submitted_allowed(doc, scope: Scope, area: str | None, point: str | None) -> bool:
	"""Frappe asks has_permission about a document after a request's values are applied to it
	(REST PUT, frappe.client.save): the row as stored must be in scope, not only the values sent,
	or a reviewer could take another area's row by sending their own area with it."""
	if not doc.is_new():
		stored = stored_scope_values(doc.doctype, doc.name)
		if stored and not scope.allows(*stored):
			return False
	return scope.allows(area, point)


def user_may_access(doctype: str, name: str, user: str) -> bool:
	"""Whether `user`'s scope (not shares) reaches this row."""
	area_column, point_column = scope_columns(doctype)
	point_column = point_column or area_column
	area, point = frappe.db.get_value(doctype, name, [area_column, point_column]) or (None, None)
	return get_scope(user).allows(area, point)


def validate_share(doc, method=None):
	if doc.share_doctype not in scoped_doctypes():
		return
	if doc.everyone or not doc.user or not user_may_access(doc.share_doctype, doc.share_name, doc.user):
		frappe.throw(
			_("This record cannot be shared with or assigned to a user outside its area or point"),
			frappe.PermissionError,
		)


def validate_file(doc, method=None):
	if doc.attached_to_doctype in scoped_doctypes() and not doc.is_private:
		frappe.throw(_("Attachments of points and staff must be private files"))
	# Frappe's upload_file asks for write on the row and ignores the answer: a new attachment of a
	# row of ours needs the uploader to reach the row (server code attaching as the system passes
	# ignore_permissions).
	if doc.is_new() and doc.attached_to_name and not doc.flags.ignore_permissions:
		if _is_app_doctype(doc.attached_to_doctype) and not frappe.has_permission(
			doc.attached_to_doctype, "read", doc.attached_to_name
		):
			frappe.throw(
				_("You cannot attach files to this record"), frappe.PermissionError, title=_("Not Permitted")
			)


def validate_follow(doc, method=None):
	"""Frappe lets anyone follow any row that tracks changes, and its digest then e-mails the row's
	changes and comments: a follower of a row of ours must be able to read it."""
	if _is_app_doctype(doc.ref_doctype) and not frappe.has_permission(
		doc.ref_doctype, "read", doc.ref_docname, user=doc.user
	):
		frappe.throw(
			_("This record cannot be followed by a user who may not read it"), frappe.PermissionError
		)


def _is_app_doctype(doctype) -> bool:
	from tuoyu_frappe.api import is_guarded

	return is_guarded(doctype)


def has_file_permission(doc, ptype=None, user=None, debug=False) -> bool | None:
	"""A new File row that names an existing private `file_url` (upload_file with file_url,
	add_attachments, frappe.client.insert) would make its owner a reader of that file: Frappe serves
	a private file when any File row holding its URL is readable. Asked on create, before Frappe reads
	the content: reusing a URL is allowed only to a user who may already read a File row holding it;
	uploaded content is the user's own. None leaves every other question to Frappe's File hook (in
	v15 the last hook with an answer decides, so this one never answers True)."""
	if ptype != "create" or not doc.is_new() or doc.get("content") or doc.get("is_folder"):
		return None
	url = doc.get("file_url") or ""
	if not url.startswith("/private/files/") or get_scope(user).all_rows:
		return None
	holders = frappe.get_all("File", filters={"file_url": url}, pluck="name")
	readable = holders and frappe.get_list(
		"File", filters={"name": ("in", holders)}, pluck="name", limit=1, user=user
	)
	return False if holders and not readable else None


def tag_link_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Frappe lets every desk user list Tag Link rows, which copy each tagged row's name and title;
	those of our scoped rows are listed only when the row is in the user's scope."""
	scope = get_scope(user)
	if scope.all_rows:
		return ""
	return rows_of_scoped_owners("`tabTag Link`", "document_type", "document_name", scoped_doctypes(), scope)


def document_follow_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Document Follow rows name the rows a user follows: each user lists their own."""
	if get_scope(user).all_rows:
		return ""
	return f"`tabDocument Follow`.`user` = {frappe.db.escape(user or frappe.session.user)}"
