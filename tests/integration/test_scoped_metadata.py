"""Isolation follows the model: the scoped DocTypes and their child tables are derived from the
metadata, each has both hooks and indexed scope columns, and every child table lists only the
rows whose parent the user may see. Generated from the metadata, so a DocType or child table
added later is covered the day it is added."""

import frappe
import pytest

from tests import seed
from tests.scoped_world import ScopedWorld
from tuoyu_frappe import hooks, permissions
from tuoyu_frappe.setup.indexes import composite_index_name

USERS = (seed.CITY, seed.REV_LS, seed.REV_LZ, seed.OP_A, seed.OP_B, seed.OP_C, seed.ASSOC, seed.NOBODY)
ALL_ROWS_ROLES = {"Tuoyu City Admin", "System Manager"}


def live_scoped_doctypes() -> tuple[set[str], set[str]]:
	"""The same rule as hooks.py, applied to the live metadata (custom fields included)."""
	modules = frappe.get_module_list("tuoyu_frappe")
	scoped, children = set(), set()
	for name in frappe.get_all(
		"DocType", filters={"module": ("in", modules), "istable": 0, "issingle": 0}, pluck="name"
	):
		meta = frappe.get_meta(name)
		area = meta.get_field("area")
		readers = {p.role for p in meta.permissions if p.read or p.select}
		if area and area.fieldtype == "Link" and area.options == "Tuoyu Area" and readers - ALL_ROWS_ROLES:
			scoped.add(name)
			children |= {df.options for df in meta.get_table_fields()}
	return scoped, children


@pytest.fixture(scope="module")
def world(site):
	built = ScopedWorld(site).build()
	yield built
	built.remove()


def test_hooks_cover_exactly_the_scoped_doctypes_of_the_live_model(db):
	scoped, children = live_scoped_doctypes()
	assert set(hooks._SCOPED) == scoped == set(permissions.scoped_doctypes())
	assert set(hooks._SCOPED_CHILDREN) == children
	assert {"Tuoyu Point", "Tuoyu Staff", "Tuoyu Staff Identity", "Tuoyu Filing"} <= scoped


@pytest.mark.parametrize("doctype", hooks._SCOPED)
def test_every_scoped_doctype_has_both_hooks_and_indexed_scope_columns(db, doctype):
	assert permissions.QUERY_CONDITIONS in frappe.get_hooks("permission_query_conditions").get(doctype, [])
	assert frappe.get_hooks("has_permission").get(doctype), f"{doctype} has no has_permission hook"
	for column in permissions.scope_columns(doctype):
		if column and column != "name":
			assert frappe.db.get_column_index(f"tab{doctype}", column, unique=False), f"{doctype}.{column}"
	# A reviewer's newest rows of their area are read from one index (see setup/indexes.py).
	assert frappe.db.has_index(f"tab{doctype}", composite_index_name(doctype)), doctype


@pytest.mark.parametrize("child", hooks._SCOPED_CHILDREN)
def test_every_child_table_of_a_scoped_doctype_has_a_row_condition(db, child):
	assert permissions.CHILD_QUERY_CONDITIONS in frappe.get_hooks("permission_query_conditions").get(
		child, []
	)
	assert permissions.scoped_parents_of(child)


def test_scope_look_ups_are_indexed(db):
	assert frappe.db.get_column_index("tabTuoyu Point Operator", "user", unique=False)
	assert frappe.db.get_column_index("tabTuoyu Reviewer Assignment", "reviewer", unique=False)


@pytest.mark.parametrize("user", USERS)
def test_child_rows_and_scoped_rows_listed_exactly_within_scope(as_user, world, user):
	as_user(user)
	wrong = []
	for row in world.rows:
		expected = world.in_scope(user, row)
		try:
			if row.parent_doctype:
				names = frappe.get_list(
					row.doctype,
					filters={"name": row.name},
					parent_doctype=row.parent_doctype,
					pluck="name",
				)
			else:
				names = frappe.get_list(row.doctype, filters={"name": row.name}, pluck="name")
		except frappe.PermissionError:
			names = []
		if (row.name in names) != expected:
			wrong.append((row.doctype, row.side, "listed" if names else "hidden"))
	assert not wrong, wrong


@pytest.mark.parametrize("user", USERS)
def test_single_rows_read_exactly_within_scope(as_user, world, user):
	docs = {row: frappe.get_doc(row.doctype, row.name) for row in world.rows}
	as_user(user)
	wrong = [
		(row.doctype, row.side)
		for row, doc in docs.items()
		if frappe.has_permission(row.doctype, "read", doc=doc, user=user) != world.in_scope(user, row)
	]
	assert not wrong, wrong


def test_a_table_added_by_customisation_is_isolated_too(as_user, site):
	"""A Custom Field of type Table attaches a child DocType to a scoped parent after install: the
	`*` condition finds it through the metadata."""
	frappe.set_user("Administrator")
	child = "Tuoyu Rule Material"  # an existing child table, not yet held by any scoped DocType
	assert not permissions.child_query_conditions(seed.REV_LZ, child)
	frappe.get_doc(
		{
			"doctype": "Custom Field",
			"dt": "Tuoyu Point",
			"fieldname": "zz_extra_rows",
			"fieldtype": "Table",
			"options": child,
		}
	).db_insert()
	permissions.forget_child_parents()
	try:
		condition = permissions.other_child_query_conditions(seed.REV_LZ, child)
		assert "`tabTuoyu Point`" in condition and seed.LUOZHUANG in condition
		assert not permissions.other_child_query_conditions(seed.CITY, child)
	finally:
		frappe.db.rollback()
		permissions.forget_child_parents()


@pytest.mark.parametrize("child", hooks._SCOPED_CHILDREN)
def test_every_child_controller_lets_the_parent_decide_single_rows(db, child):
	"""Without it, a child row fetched on its own by name is readable by anyone who may read the
	parent DocType at all (Frappe v15's has_child_permission finds no parent document)."""
	from frappe.model.base_document import get_controller

	assert issubclass(get_controller(child), permissions.ScopedChildDocument), child
