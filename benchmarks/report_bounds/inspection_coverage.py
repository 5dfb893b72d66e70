"""监管检查覆盖: the report's own queries without the permission layer, for the year to date: the points
filed at its end and whether each was inspected, and its completed inspections by conclusion and type."""

from datetime import date, timedelta

import frappe

FILED = """(p.filed_on <= {end} and (p.revoked_on is null or p.revoked_on > {end})
	and (c.ended_on is null or c.ended_on > {end})
	and not (p.status in ('已注销', '已撤销备案') and coalesce(p.revoked_on, c.ended_on) is null))"""
CANCELLED = """left join (
	select point, min(filed_on) as ended_on from `tabTuoyu Filing`
	where filing_type = '注销备案' and workflow_state = '已备案' and docstatus = 1 group by point
) c on c.point = p.name"""


def lower_bound(area: str | None) -> str:
	today = date.today()
	start, end, after = f"'{today.year}-01-01'", f"'{today}'", f"'{today + timedelta(days=1)}'"
	filed = FILED.format(end=end)
	scope_p = f"and p.area = {frappe.db.escape(area)}" if area else ""
	scope_i = f"and i.area = {frappe.db.escape(area)}" if area else ""
	period = f"i.docstatus = 1 and i.workflow_state = '已完成' and i.inspected_at >= {start} and i.inspected_at < {after}"
	types = ", ".join(
		f"sum(i.inspection_type = '{t}')"
		for t in ("举办者自查", "行业协会监督", "部门定期巡查", "投诉核查", "双随机抽查")
	)
	return f"""select p.area, count(*),
			sum(exists(select 1 from `tabTuoyu Inspection` i where i.point = p.name and {period})),
			0, 0, 0, 0, 0, 0, 0, 0, 0
		from `tabTuoyu Point` p {CANCELLED} where {filed} {scope_p} group by p.area
		union all
		select i.area, count(*), sum(i.conclusion = '合格'), sum(i.conclusion = '限期整改'),
			sum(i.conclusion = '停业整改'), {types}, 0, 0
		from `tabTuoyu Inspection` i force index (inspected_at_area_index)
		where {period} {scope_i} group by i.area"""
