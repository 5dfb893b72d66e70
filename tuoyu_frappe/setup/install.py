"""Idempotent install of roles and reference data.

Reference rows are inserted only when missing, so a city administrator's later edits
(renamed areas, changed rule values) survive every migrate.
"""

import csv
import json
from pathlib import Path

import frappe

from tuoyu_frappe.oversight.targets import ensure_plan_targets
from tuoyu_frappe.permissions import CITY_ADMIN, REVIEWER, TUOYU_ROLES
from tuoyu_frappe.setup.indexes import (
	ensure_prefix_indexes,
	ensure_report_indexes,
	ensure_scope_indexes,
	ensure_statistics_indexes,
)
from tuoyu_frappe.supervision.checklists import ensure_checklist_templates

DATA = Path(__file__).resolve().parent.parent / "data"
LEVELS = {"city": "市", "county": "县区", "township": "乡镇街道"}


def after_install():
	ensure_reference_data()
	ensure_scope_indexes()
	ensure_prefix_indexes()
	ensure_report_indexes()
	ensure_statistics_indexes()


def after_migrate():
	ensure_reference_data()
	# A scoped DocType added by an upgrade gets its composite index with the same migrate.
	ensure_scope_indexes()
	ensure_prefix_indexes()
	ensure_report_indexes()
	ensure_statistics_indexes()


def ensure_reference_data():
	ensure_roles()
	ensure_import_permissions()
	ensure_areas()
	ensure_rule_sets()
	ensure_calendar_years()
	ensure_filing_settings()
	ensure_checklist_templates()
	ensure_plan_targets()


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
	"""Remove what install code and fixtures created outside our DocTypes; the DocTypes go with the app."""
	remove_filing_workflow()
	remove_fixture_workflows()
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


def ensure_calendar_years():
	"""Seed the years chinesecalendar knows; later years are entered by a city admin."""
	from tuoyu_frappe.filing.clock import clear_calendar_cache
	from tuoyu_frappe.workdays import chinesecalendar_years, special_days_from_chinesecalendar

	existing = set(frappe.get_all("Tuoyu Calendar Year", pluck="year"))
	for year in chinesecalendar_years():
		if year in existing:
			continue
		days = [
			{"day": day, "kind": kind, "holiday_name": name}
			for day, kind, name in special_days_from_chinesecalendar(year)
		]
		frappe.get_doc(
			{"doctype": "Tuoyu Calendar Year", "year": year, "source": "chinesecalendar", "days": days}
		).insert(ignore_permissions=True)
	clear_calendar_cache()


DEFAULT_COMMITMENT = (
	"本单位（本人）承诺：所提交的备案材料真实、准确、完整；托育点符合《家庭托育点管理办法（试行）》及临沂市有关"
	"设置标准和管理规范；所有照护人员身体健康、无精神病史，无性侵害、虐待、拐卖、暴力伤害等违法犯罪记录；"
	"视频监控覆盖婴幼儿活动区域并按规定保存录像；自觉接受卫生健康等部门的监督检查。如有不实，愿承担相应法律责任。"
)


def ensure_filing_settings():
	settings = frappe.get_single("Tuoyu Filing Settings")
	if settings.commitment_text and settings.filing_number_format:
		return
	settings.filing_number_format = settings.filing_number_format or "临卫托备〔{year}〕{area_code}-{seq:04d}"
	settings.filing_authority_suffix = settings.filing_authority_suffix or "卫生健康局"
	settings.commitment_text = settings.commitment_text or DEFAULT_COMMITMENT
	settings.flags.ignore_permissions = True
	settings.save()


def remove_filing_workflow():
	"""The workflow, and its states and actions unless another workflow uses them."""
	from tuoyu_frappe.filing import states as s

	if frappe.db.exists("Workflow", s.WORKFLOW_NAME):
		frappe.delete_doc("Workflow", s.WORKFLOW_NAME, ignore_permissions=True, force=True)
	used_states = set(frappe.get_all("Workflow Document State", pluck="state"))
	used_actions = set(frappe.get_all("Workflow Transition", pluck="action"))
	for state in set(s.STATE_DOCSTATUS) - used_states:
		frappe.delete_doc_if_exists("Workflow State", state)
	for action in {t.action for t in s.TRANSITIONS} - used_actions:
		frappe.delete_doc_if_exists("Workflow Action Master", action)


def fixture_names(doctype: str) -> list[str]:
	"""The names a `fixtures` filter of hooks.py ships for `doctype` (filters by name only)."""
	names: list[str] = []
	for fixture in frappe.get_hooks("fixtures", app_name="tuoyu_frappe"):
		if isinstance(fixture, dict) and fixture.get("dt") == doctype:
			for _field, op, value in fixture.get("filters", []):
				names += [value] if op == "=" else list(value)
	return names


def remove_fixture_workflows():
	"""Every workflow the app ships as fixtures (inspections, rectifications, ...), then the states
	and actions it ships unless a workflow left on the site uses them."""
	for name in fixture_names("Workflow"):
		if frappe.db.exists("Workflow", name):
			frappe.delete_doc("Workflow", name, ignore_permissions=True, force=True)
	used_states = set(frappe.get_all("Workflow Document State", pluck="state"))
	used_actions = set(frappe.get_all("Workflow Transition", pluck="action"))
	for state in set(fixture_names("Workflow State")) - used_states:
		frappe.delete_doc_if_exists("Workflow State", state)
	for action in set(fixture_names("Workflow Action Master")) - used_actions:
		frappe.delete_doc_if_exists("Workflow Action Master", action)
