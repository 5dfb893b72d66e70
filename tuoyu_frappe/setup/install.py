"""Idempotent install of roles and reference data.

Reference rows are inserted only when missing, so a city administrator's later edits
(renamed areas, changed rule values) survive every migrate.
"""

import csv
import json
from pathlib import Path

import frappe

from tuoyu_frappe.permissions import CITY_ADMIN, REVIEWER, TUOYU_ROLES

DATA = Path(__file__).resolve().parent.parent / "data"
LEVELS = {"city": "市", "county": "县区", "township": "乡镇街道"}


def after_install():
	ensure_reference_data()


def after_migrate():
	ensure_reference_data()


def ensure_reference_data():
	ensure_roles()
	ensure_import_permissions()
	ensure_areas()
	ensure_rule_sets()


# Bulk import of points and staff through Frappe's Data Import, for city admins and reviewers.
# Each sees only the imports they created (if_owner): an import log holds row data.
IMPORT_ROLES = (CITY_ADMIN, REVIEWER)
IMPORT_RIGHTS = ("read", "write", "create", "if_owner")


def ensure_import_permissions():
	from frappe.permissions import add_permission, update_permission_property

	for role in IMPORT_ROLES:
		if frappe.db.exists("Custom DocPerm", {"parent": "Data Import", "role": role, "permlevel": 0}):
			continue
		add_permission("Data Import", role, 0)  # copies Frappe's own rows to Custom DocPerm first
		for right in IMPORT_RIGHTS:
			update_permission_property("Data Import", role, 0, right, 1, validate=False)


def ensure_roles():
	for role in TUOYU_ROLES:
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 1}).insert(
				ignore_permissions=True
			)


def read_divisions() -> list[dict]:
	with open(DATA / "linyi_divisions.csv", encoding="utf-8") as f:
		return list(csv.DictReader(f))


def ensure_areas():
	existing = set(frappe.get_all("Tuoyu Area", pluck="name"))
	# Parents first: the CSV lists the city, then counties, then townships.
	order = {"city": 0, "county": 1, "township": 2}
	for row in sorted(read_divisions(), key=lambda r: (order[r["level"]], r["code"])):
		if row["code"] in existing:
			continue
		frappe.get_doc(
			{
				"doctype": "Tuoyu Area",
				"area_code": row["code"],
				"area_name": row["name"],
				"level": LEVELS[row["level"]],
				"parent_area": row["parent_code"] or None,
				"enabled": 1,
			}
		).insert(ignore_permissions=True)


def ensure_rule_sets():
	with open(DATA / "rule_sets.json", encoding="utf-8") as f:
		rule_sets = json.load(f)
	for values in rule_sets:
		if not frappe.db.exists("Tuoyu Rule Set", values["rule_set_name"]):
			frappe.get_doc({"doctype": "Tuoyu Rule Set", **values}).insert(ignore_permissions=True)


def before_uninstall():
	"""Remove what install code created outside our DocTypes; the DocTypes go with the app."""
	frappe.db.delete("Custom DocPerm", {"parent": "Data Import", "role": ("in", IMPORT_ROLES)})
	if frappe.db.count("Custom DocPerm", {"parent": "Data Import"}) and not frappe.db.exists(
		"Custom DocPerm", {"parent": "Data Import", "role": ("not in", ("System Manager",))}
	):
		# Only the copies of Frappe's own rows are left: drop them so the standard rows apply again.
		frappe.db.delete("Custom DocPerm", {"parent": "Data Import"})
	frappe.clear_cache(doctype="Data Import")
	for role in TUOYU_ROLES:
		frappe.db.delete("Has Role", {"role": role})
		if frappe.db.exists("Role", role):
			frappe.delete_doc("Role", role, ignore_permissions=True, force=True)
