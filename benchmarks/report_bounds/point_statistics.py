"""托育点统计: the report's own query without the permission layer (grouped by status, its default)."""

import frappe


def lower_bound(area: str | None) -> str:
	scope = f"where p.area = {frappe.db.escape(area)}" if area else ""
	return f"""select p.area, coalesce(p.status, ''), count(*), coalesce(sum(p.capacity), 0),
			coalesce(sum(p.enrolment), 0)
		from `tabTuoyu Point` p {scope} group by p.area, coalesce(p.status, '')"""
