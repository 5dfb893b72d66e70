"""备案审核时效: the report's own query (its counts, the medians by area and over all) without the
permission layer, and the decision clock of the bench's decided filings (decided on their filed_on,
0–11 working days after receipt; every tenth filing on the 15-day notice clock; every fiftieth on a
year whose calendar was not loaded)."""

from datetime import date

import frappe


def lower_bound(area: str | None) -> str:
	start, end = f"'{date.today().year}-01-01'", f"'{date.today()}'"
	scope = f"and f.area = {frappe.db.escape(area)}" if area else ""
	return f"""select d.area, count(*), sum(d.days >= 0 and d.days <= d.limit_days), sum(d.days > d.limit_days),
			sum(d.days < 0), max(d.med), max(d.overall)
		from (
			select f.area, f.decision_working_days as days, f.decision_limit_working_days as limit_days,
				median(if(f.decision_working_days >= 0, f.decision_working_days, null))
					over (partition by f.area) as med,
				median(if(f.decision_working_days >= 0, f.decision_working_days, null)) over () as overall
			from `tabTuoyu Filing` f
			where f.docstatus = 1 and f.workflow_state in ('已备案', '不予备案')
				and f.decided_on between {start} and {end} {scope}
		) d group by d.area"""


def fill(counties, towns) -> None:
	frappe.db.sql(
		"""update `tabTuoyu Filing` set decided_on = filed_on,
			decision_limit_working_days = if(mod(crc32(name), 10) = 0, 15, 5),
			decision_working_days = if(mod(crc32(name), 50) = 0, -1, mod(crc32(name), 12))
		where docstatus = 1 and workflow_state in ('已备案', '不予备案')"""
	)
