"""Marker rows of every scoped DocType and every child DocType of one, in two areas, derived from
the DocType metadata: the isolation tests generated from the read-path inventory run against
them, so a DocType or child table added tomorrow is covered without a new fixture.

Rows that the seed already holds are reused; missing ones are written with `db_insert` (no
controller: these rows only have to exist) under distinctive names, committed for the HTTP server,
and removed again by `remove()`."""

import functools
from dataclasses import dataclass

import frappe
from frappe.utils import now, today

from tests import seed

MARKER = "ZZMARK"
SIDES = {"A": seed.LANSHAN, "C": seed.LUOZHUANG}  # point key → its area
# The complainant's contact is read by the reviewer who accepted the complaint (its handler), not by
# the area: side A's is handled by the area's reviewer, side C's is not accepted yet.
HANDLED_BY = {"Tuoyu Complainant Contact": {"A": seed.REV_LS, "C": None}}
# Written out here, not imported from the permission code: the oracle stays independent of it.
ASSOCIATION_WIDE = frozenset({"Tuoyu Association Membership"})


@dataclass(frozen=True)
class Row:
	doctype: str
	name: str
	side: str  # "A" (兰山区, point A) or "C" (罗庄区, point C)
	parent_doctype: str | None = None
	parent: str | None = None


def scoped_doctypes() -> list[str]:
	from tuoyu_frappe.permissions import scoped_doctypes as derived

	return derived()


CITY_ROLES = frozenset({"Tuoyu City Admin", "System Manager"})


@functools.cache  # asked for every row of every generated test: the files are read once
def city_only_doctypes() -> tuple[str, ...]:
	"""Unscoped DocTypes of the app that only city administrators (and System Managers) read, such as
	the lifetime ban register: read from the DocType files' DocPerms, not from the permission code.
	Every other role must find nothing of them at any read path."""
	import json
	from pathlib import Path

	found = []
	for path in sorted((Path(__file__).resolve().parent.parent / "tuoyu_frappe").glob("*/doctype/*/*.json")):
		model = json.loads(path.read_text(encoding="utf-8"))
		if model.get("doctype") != "DocType" or model.get("istable") or model.get("issingle"):
			continue
		if model.get("autoname") == "autoincrement":
			continue  # a bare number cannot be recognised in a response; such logs have their own tests
		readers = {
			p.get("role")
			for p in model.get("permissions", [])
			if not p.get("permlevel") and (p.get("read") or p.get("select"))
		}
		if readers and readers <= CITY_ROLES:
			found.append(model["name"])
	return tuple(found)


def child_tables(doctype: str) -> list[tuple[str, str]]:
	"""(fieldname, child DocType) of every table field, custom ones included."""
	return [(df.fieldname, df.options) for df in frappe.get_meta(doctype).get_table_fields()]


def dummy_value(df):
	if df.fieldtype in ("Int", "Float", "Currency", "Percent", "Check"):
		return 1 if df.fieldtype != "Check" else 0
	if df.fieldtype == "Date":
		return today()
	if df.fieldtype == "Datetime":
		return now()
	if df.fieldtype == "Select":
		return (df.options or "").split("\n")[0] or None
	return f"{MARKER}-{df.fieldname}"


def _insert(doctype: str, values: dict) -> str:
	meta = frappe.get_meta(doctype)
	if meta.has_field("enabled"):
		values.setdefault("enabled", 1)  # Frappe's link search leaves out disabled rows
	for df in meta.fields:
		if df.reqd and df.fieldname not in values and df.fieldtype not in frappe.model.table_fields:
			values[df.fieldname] = dummy_value(df)
			if df.unique:  # one marker row per side: a unique value of its own
				values[df.fieldname] = f"{values[df.fieldname]}-{values.get('name')}"
	doc = frappe.get_doc({"doctype": doctype, **values})
	doc.db_insert()
	return doc.name


def role_reads(role: str, doctype: str) -> bool:
	"""Whether the DocType's own DocPerms let the role read it at all (rows aside)."""
	return any(
		p.role == role and p.permlevel == 0 and (p.read or p.select)
		for p in frappe.get_meta(doctype).permissions
	)


def belongs_to_a_point(doctype: str) -> bool:
	"""Rows of a point (not of an area only, such as inspectors or random draws)."""
	return doctype == "Tuoyu Point" or frappe.get_meta(doctype).has_field("point")


class ScopedWorld:
	def __init__(self, site):
		self.site = site
		self.created: list[tuple[str, str]] = []
		self.rows: list[Row] = []

	def build(self) -> "ScopedWorld":
		frappe.set_user("Administrator")
		for doctype in scoped_doctypes():
			for side, area in SIDES.items():
				parent = self.parent_row(doctype, side, area)
				self.rows.append(Row(doctype, parent, side))
				for fieldname, child in child_tables(doctype):
					self.rows.append(
						Row(child, self.child_row(doctype, parent, fieldname, child), side, doctype, parent)
					)
		for doctype in city_only_doctypes():
			for side in SIDES:
				name = f"{MARKER}-{frappe.scrub(doctype)}-{side}"
				self.created.append((doctype, _insert(doctype, {"name": name})))
				self.rows.append(Row(doctype, name, side))
		frappe.db.commit()
		return self

	def parent_row(self, doctype: str, side: str, area: str) -> str:
		point = self.site.point[side]
		if doctype == "Tuoyu Point":
			return point
		if doctype in ("Tuoyu Staff", "Tuoyu Staff Identity"):
			return self.site.staff[side]
		# A DocType scoped by area alone (no point field) always gets its own marker row.
		has_point = frappe.get_meta(doctype).has_field("point")
		existing = has_point and frappe.db.get_value(doctype, {"point": point, "area": area})
		if existing:
			return existing
		name = f"{MARKER}-{frappe.scrub(doctype)}-{side}"
		values = {"name": name, "area": area}
		if doctype in HANDLED_BY:
			values["handler"] = HANDLED_BY[doctype][side]
		if has_point:
			values["point"] = point
		self.created.append((doctype, _insert(doctype, values)))
		return name

	def child_row(self, parent_doctype: str, parent: str, fieldname: str, child: str) -> str:
		existing = frappe.db.get_value(
			child, {"parent": parent, "parenttype": parent_doctype, "parentfield": fieldname}
		)
		if existing:
			return existing
		name = f"{MARKER}-{frappe.scrub(child)}-{parent[-12:]}"
		values = {
			"name": name,
			"parent": parent,
			"parenttype": parent_doctype,
			"parentfield": fieldname,
			"idx": 1,
		}
		self.created.append((child, _insert(child, values)))
		return name

	def remove(self) -> None:
		for doctype, name in reversed(self.created):
			frappe.db.delete(doctype, {"name": name})
		frappe.db.commit()

	def disclosed(self, user: str, side: str) -> set[str]:
		"""Values of out-of-scope rows that a row the user may read names by design: a membership
		application names its point (name and title), which the association decides on before the
		point is a member. Nothing else of that point, nor any other row, is disclosed."""
		if user != seed.ASSOC:
			return set()
		cache = self.__dict__.setdefault("_disclosed", {})
		if side not in cache:
			values = set()
			for row in self.rows:
				if row.side == side and row.doctype in ASSOCIATION_WIDE:
					point = frappe.db.get_value(row.doctype, row.name, "point")
					values |= {point, frappe.db.get_value("Tuoyu Point", point, "point_name")} - {None}
			cache[side] = values
		return cache[side]

	def in_scope(self, user: str, row: Row) -> bool:
		"""Independent oracle: the seeded assignments, not the permission code."""
		if user == seed.CITY:
			return True
		if row.doctype in city_only_doctypes():
			return False  # the ban register and its kind: city administrators only
		readable = row.parent_doctype or row.doctype
		if user in (seed.REV_LS, seed.REV_LZ):
			if readable in HANDLED_BY:
				return HANDLED_BY[readable][row.side] == user
			return (row.side == "A") == (user == seed.REV_LS)
		if user == seed.ASSOC:
			if readable in ASSOCIATION_WIDE:
				# Membership applications are addressed to the association: it reads every one,
				# members' or not, to decide on them.
				return True
			# The association reads the rows of member points (point A) of the DocTypes its
			# DocPerms name.
			return (
				row.side in seed.MEMBER_POINTS
				and belongs_to_a_point(readable)
				and role_reads("Tuoyu Association", readable)
			)
		operates = {seed.OP_A: "A", seed.OP_C: "C"}  # OP_B runs point B, which has no marker rows
		if user in (seed.OP_A, seed.OP_B, seed.OP_C):
			# Operators read the rows of their own points, never identities (ID numbers,
			# background checks), nor what belongs to an area only.
			return (
				readable != "Tuoyu Staff Identity"
				and belongs_to_a_point(readable)
				and role_reads("Tuoyu Operator", readable)
				and operates.get(user) == row.side
			)
		return False
