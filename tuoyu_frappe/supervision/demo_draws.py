"""A demo 双随机抽查, made through the real actions as the area's reviewer: a draw of the county
with the most filed points, run (抽取), verified (核验) and confirmed (确认), which creates its
planned inspections. A site that already holds a confirmed draw gets nothing new."""

from collections.abc import Callable

import frappe
from frappe.utils import add_days, today

from tuoyu_frappe.filing.demo_filings import reviewer_of
from tuoyu_frappe.supervision.demo_inspections import areas_with_filed_points, ensure_inspectors
from tuoyu_frappe.supervision.doctype.tuoyu_random_draw import tuoyu_random_draw as draws

DEMO_PERCENT = 20


def load_draws(commit: bool = True, log: Callable[[str], None] | None = None) -> dict:
	"""One confirmed draw in the county with the most filed points; returns what was made."""
	if frappe.db.exists("Tuoyu Random Draw", {"docstatus": 1}):
		return {}
	previous_user = frappe.session.user
	try:
		frappe.set_user("Administrator")
		areas = [a for a in areas_with_filed_points() if reviewer_of(a)]
		if not areas:
			return {}
		area = areas[0]
		reviewer = reviewer_of(area)
		# The same inspectors the demo inspections use (same certificate numbers), so the two demo
		# loaders may run in either order; and the area's reviewer, who is also a certified
		# inspector: they decided the area's filings, so the draw's recusals name them.
		pool = [*ensure_inspectors(area), reviewer_inspector(area, reviewer)]
		frappe.set_user(reviewer)
		draw = frappe.get_doc(
			{
				"doctype": "Tuoyu Random Draw",
				"area": area,
				"period_start": today(),
				"period_end": add_days(today(), 90),
				"sample_mode": "比例",
				"sample_percent": DEMO_PERCENT,
				"recusal_months": 12,
				"pool": [{"inspector": inspector} for inspector in pool],
			}
		).insert()
		draws.run_draw(draw.name)
		draws.verify_draw(draw.name)
		out = draws.confirm_draw(draw.name)
		if commit:
			frappe.db.commit()
		if log:
			log(f"  {area} 双随机抽查 {draw.name}: {len(out['inspections'])} planned inspections")
		return {"draw": draw.name, "inspections": len(out["inspections"])}
	finally:
		frappe.set_user(previous_user)


def reviewer_inspector(area: str, reviewer: str) -> str:
	certificate = f"鲁卫执字第{area}0901号"
	name = frappe.db.get_value("Tuoyu Inspector", {"certificate_no": certificate})
	if name:
		return name
	area_name = frappe.db.get_value("Tuoyu Area", area, "area_name") or area
	full_name = frappe.db.get_value("User", reviewer, "full_name") or reviewer
	return (
		frappe.get_doc(
			{
				"doctype": "Tuoyu Inspector",
				"full_name": f"{full_name}（{area_name}）",
				"certificate_no": certificate,
				"area": area,
				"user": reviewer,
				"enabled": 1,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
