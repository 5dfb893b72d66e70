"""县区备案进度: the report's own query without the permission layer."""

from datetime import date

import frappe


def lower_bound(area: str | None) -> str:
	year_end = f"'{date.today().year}-12-31'"
	scope = f"and p.area = {frappe.db.escape(area)}" if area else ""
	return f"""select p.area, count(*), coalesce(sum(p.capacity), 0)
		from `tabTuoyu Point` p left join (
			select point, min(filed_on) as ended_on from `tabTuoyu Filing`
			where filing_type = '注销备案' and workflow_state = '已备案' and docstatus = 1 group by point
		) cancelled on cancelled.point = p.name
		where p.filed_on <= {year_end} and (p.revoked_on is null or p.revoked_on > {year_end})
			and (cancelled.ended_on is null or cancelled.ended_on > {year_end})
			and not (p.status in ('已注销', '已撤销备案') and coalesce(p.revoked_on, cancelled.ended_on) is null)
			{scope} group by p.area"""
