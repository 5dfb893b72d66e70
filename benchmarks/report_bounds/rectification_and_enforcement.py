"""整改与执法: the report's own queries without the permission layer, for the year to date (notices by
their notice date, actions by the day they took effect or, awaiting approval, were proposed), and the
day the bench's handed-in notices were submitted (0–2 days before verification, or before the deadline
while awaiting it), which the shared fill leaves empty."""

from datetime import date, timedelta

import frappe


def lower_bound(area: str | None) -> str:
	today = date.today()
	start, end, after = f"'{today.year}-01-01'", f"'{today}'", f"'{today + timedelta(days=1)}'"
	scope_r = f"and x.area = {frappe.db.escape(area)}" if area else ""
	scope_e = f"and e.area = {frappe.db.escape(area)}" if area else ""
	in_time = "(x.deadline is null or date(x.submitted_on) <= x.deadline)"
	rungs = ", ".join(
		f"sum(e.workflow_state = '已生效' and e.action_type = '{t}')"
		for t in ("指导督促", "责令限期整改", "停业整改", "撤销备案", "恢复")
	)
	return f"""select x.area, count(*), sum(x.workflow_state = '已通过' and {in_time}),
			sum(x.workflow_state = '已通过' and not {in_time}), sum(x.workflow_state = '未通过'),
			sum(x.workflow_state = '待验收'),
			sum(x.workflow_state = '整改中' and not coalesce(x.deadline < {end}, 0)),
			sum(x.workflow_state = '整改中' and x.deadline < {end})
		from `tabTuoyu Rectification` x
		where x.docstatus < 2 and x.notice_date between {start} and {end} {scope_r}
		group by x.area
		union all
		select e.area, sum(e.workflow_state = '已生效'), sum(e.workflow_state = '待审批'), {rungs}
		from `tabTuoyu Enforcement Action` e
		where ((e.workflow_state = '已生效' and e.effective_on between {start} and {end})
			or (e.workflow_state = '待审批' and e.proposed_on >= {start} and e.proposed_on < {after})) {scope_e}
		group by e.area"""


def fill(counties, towns) -> None:
	frappe.db.sql(
		"""update `tabTuoyu Rectification`
		set submitted_on = date_sub(coalesce(verified_on, deadline), interval mod(crc32(name), 3) day)
		where workflow_state in ('已通过', '未通过', '待验收') and submitted_on is null"""
	)
