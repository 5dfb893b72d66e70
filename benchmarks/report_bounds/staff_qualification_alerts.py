"""人员资质预警: without the permission layer, the report's two results as one statement: the alerts
counted by area, problem and stage, and the 2,000 most urgent of them. And the bench staff's papers:
health certificates expiring over a year from mid-November 2026, re-checks falling due over a year
from mid-December 2026 (every 97th never checked), every tenth caregiver short of a training topic,
and one 保育师 certificate per caregiver expiring over 1,000 days from September 2026 (rows inserted
once, by name)."""

from datetime import date, timedelta

import frappe


def lower_bound(area: str | None) -> str:
	on, horizon = f"'{date.today()}'", f"'{date.today() + timedelta(days=30)}'"
	scope = f"and s.area = {frappe.db.escape(area)}" if area else ""
	base = f"""from `tabTuoyu Staff` s join `tabTuoyu Point` p on p.name = s.point
		where s.employment_status = '在职' and p.status != '已注销' {scope}"""
	due = "date_add(s.last_background_check, interval 12 month)"
	alerts = f"""select a.*, if(a.problem = '必修培训', '未达标',
			if(a.due_date is null or a.due_date < {on}, '已过期', '即将到期')) as stage from (
			(select s.area, s.name as staff, s.staff_name, p.point_name, '资格证书' as problem,
					q.qualification_type as detail, q.expiry_date as due_date
				from `tabTuoyu Staff Qualification` q join `tabTuoyu Staff` s on s.name = q.parent
				join `tabTuoyu Point` p on p.name = s.point
				where q.parenttype = 'Tuoyu Staff' and q.expiry_date <= {horizon}
					and s.employment_status = '在职' and p.status != '已注销' {scope})
			union all (select s.area, s.name, s.staff_name, p.point_name, '健康证', null, s.health_cert_expiry
				{base} and (s.health_cert_expiry is null or s.health_cert_expiry <= {horizon}))
			union all (select s.area, s.name, s.staff_name, p.point_name, '背景复查', null, {due}
				{base} and (s.last_background_check is null or {due} <= {horizon}))
			union all (select s.area, s.name, s.staff_name, p.point_name, '必修培训', s.training_topics_missing, null
				{base} and s.post = '保育人员' and s.training_topics_missing > '')
		) a"""
	return f"""(select c.area, c.problem, c.stage, count(*), count(distinct c.staff), null, null, null
			from ({alerts}) c group by c.area, c.problem, c.stage with rollup)
		union all (select l.area, l.problem, l.stage, null, l.staff, l.staff_name, l.point_name, l.due_date
			from ({alerts}) l
			order by field(l.stage, '已过期', '即将到期', '未达标'), l.due_date is not null, l.due_date, l.staff
			limit 2000)"""


def fill(counties, towns) -> None:
	frappe.db.sql(
		"""update `tabTuoyu Staff` set
			health_cert_expiry = date_add('2026-11-15', interval mod(crc32(name), 365) day),
			last_background_check = if(mod(crc32(name), 97) = 0, null,
				date_add('2025-12-15', interval mod(crc32(name), 365) day)),
			training_topics_missing = if(post = '保育人员' and mod(crc32(name), 10) = 0, '急救', '')"""
	)
	frappe.db.sql(
		"""insert ignore into `tabTuoyu Staff Qualification`
			(name, creation, modified, owner, modified_by, docstatus, idx, parent, parenttype, parentfield,
				qualification_type, expiry_date)
		select concat(name, '-Q1'), now(), now(), 'Administrator', 'Administrator', 0, 1, name, 'Tuoyu Staff',
			'qualifications', '保育师', date_add('2026-09-01', interval mod(crc32(name), 1000) day)
		from `tabTuoyu Staff` where post = '保育人员'"""
	)
