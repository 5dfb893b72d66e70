"""投诉办理时效: the report's own query (its counts, the medians by area and over all) without the
permission layer, and the working days each clock of the bench's closed complaints took (acceptance
0–2 working days; conclusion about five sevenths of its calendar days)."""

from datetime import date, timedelta

import frappe


def lower_bound(area: str | None) -> str:
	start, after = f"'{date.today().year}-01-01'", f"'{date.today() + timedelta(days=1)}'"
	scope = f"and c.area = {frappe.db.escape(area)}" if area else ""
	return f"""select d.area, count(*), sum(d.ok), sum(not d.ok), max(d.med_accept), max(d.med_handling),
			max(d.all_accept), max(d.all_handling)
		from (
			select c.area,
				date(if(c.workflow_state = '不予受理', c.concluded_at, c.accepted_at)) <= c.accept_due
					and (c.workflow_state = '不予受理' or date(c.concluded_at) <= c.conclude_due) as ok,
				median(if(c.accept_working_days >= 0, c.accept_working_days, null))
					over (partition by c.area) as med_accept,
				median(if(c.workflow_state = '已办结' and c.handling_working_days >= 0,
					c.handling_working_days, null)) over (partition by c.area) as med_handling,
				median(if(c.accept_working_days >= 0, c.accept_working_days, null)) over () as all_accept,
				median(if(c.workflow_state = '已办结' and c.handling_working_days >= 0,
					c.handling_working_days, null)) over () as all_handling
			from `tabTuoyu Complaint` c
			where c.docstatus = 1 and c.workflow_state in ('已办结', '不予受理')
				and c.concluded_at >= {start} and c.concluded_at < {after} {scope}
		) d group by d.area"""


def fill(counties, towns) -> None:
	frappe.db.sql(
		"""update `tabTuoyu Complaint` set accept_working_days = mod(crc32(name), 3),
			handling_working_days = if(workflow_state = '已办结',
				greatest(datediff(concluded_at, accepted_at) * 5 div 7, 0), -1)
		where docstatus = 1 and workflow_state in ('已办结', '不予受理')"""
	)
