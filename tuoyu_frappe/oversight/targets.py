"""District targets of the founding plan and their idempotent install.

The plan (临沂市家庭托育点建设试点方案) asks every county-level area for at least 6 filed points by the
end of 2022 and 15 by the end of 2023; it sets no target for places (0 = none). Rows are inserted
only when missing, so a city administrator's later edits survive every migrate.
"""

import frappe

from tuoyu_frappe.validation import _

PLAN_TARGETS = {2022: 6, 2023: 15}
COUNTY = "县区"
MIN_YEAR, MAX_YEAR = 2000, 2100


def target_problems(year, level, target_points, target_places, duplicate: bool) -> list[str]:
	"""Findings (English, translated by the caller) for a target's values; empty when valid."""
	problems = []
	if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
		problems.append(_("Enter a year between 2000 and 2100"))
	if level != COUNTY:
		problems.append(_("A target is set for a county-level area"))
	if (target_points or 0) < 0 or (target_places or 0) < 0:
		problems.append(_("Targets cannot be negative"))
	if duplicate:
		problems.append(_("This area already has a target for this year"))
	return problems


def county_areas() -> list[str]:
	return frappe.get_all(
		"Tuoyu Area", filters={"level": COUNTY, "enabled": 1}, pluck="name", order_by="name"
	)


def ensure_targets(targets: dict[int, int], places: dict[int, int] | None = None) -> int:
	"""Insert the missing (year, area) targets for every county-level area; returns how many."""
	existing = {
		(row.year, row.area) for row in frappe.get_all("Tuoyu District Target", fields=["year", "area"])
	}
	added = 0
	for year, points in targets.items():
		for area in county_areas():
			if (year, area) in existing:
				continue
			frappe.get_doc(
				{
					"doctype": "Tuoyu District Target",
					"year": year,
					"area": area,
					"target_points": points,
					"target_places": (places or {}).get(year, 0),
				}
			).insert(ignore_permissions=True)
			added += 1
	return added


def ensure_plan_targets() -> None:
	"""Install hook (after_install and after_migrate, via tuoyu_frappe.setup.install)."""
	ensure_targets(PLAN_TARGETS)
