"""Inspectors, filed points and draws for the 双随机 tests (integration and HTTP)."""

from datetime import date, timedelta

import frappe

from tests import seed

DRAW = "Tuoyu Random Draw"
METHODS = "tuoyu_frappe.supervision.doctype.tuoyu_random_draw.tuoyu_random_draw"


def make_inspector(area: str, label: str, user: str | None = None) -> str:
	"""An enabled inspector with a unique certificate number (created as Administrator)."""
	previous = frappe.session.user
	frappe.set_user("Administrator")
	try:
		return (
			frappe.get_doc(
				{
					"doctype": "Tuoyu Inspector",
					"full_name": f"抽查测试{label}",
					"certificate_no": f"鲁卫执抽{area}{label}{frappe.generate_hash(length=6)}",
					"area": area,
					"user": user,
				}
			)
			.insert()
			.name
		)
	finally:
		frappe.set_user(previous)


def file_points(*points: str) -> dict[str, str]:
	"""Mark points 已备案 (as an approved filing would); returns their previous statuses."""
	before = {p: frappe.db.get_value("Tuoyu Point", p, "status") for p in points}
	for point in points:
		frappe.db.set_value("Tuoyu Point", point, "status", "已备案", update_modified=False)
	return before


def restore_points(statuses: dict[str, str]) -> None:
	for point, status in statuses.items():
		frappe.db.set_value("Tuoyu Point", point, "status", status, update_modified=False)


def filed_population(area: str | None) -> list[str]:
	filters = {"status": "已备案"}
	if area:
		filters["area"] = area
	return sorted(frappe.get_all("Tuoyu Point", filters=filters, pluck="name"))


def taken_filing(point: str, reviewer: str, months_ago: int = 0) -> str:
	"""A filing of `point` taken by `reviewer`, last changed `months_ago` months ago. Written
	without its controller: recusal reads only who acted on which point's filing, and when."""
	when = frappe.utils.add_months(frappe.utils.now_datetime(), -months_ago)
	name = f"TYBA-DRAWTEST-{frappe.generate_hash(length=8)}"
	point_doc = frappe.db.get_value("Tuoyu Point", point, ["area", "point_name"], as_dict=True)
	frappe.get_doc(
		{
			"doctype": "Tuoyu Filing",
			"name": name,
			"filing_type": "新办备案",
			"point": point,
			"point_name": point_doc.point_name,
			"area": point_doc.area,
			"workflow_state": "审核中",
			"reviewer": reviewer,
			"creation": when,
			"modified": when,
			"owner": seed.OP_B,
		}
	).db_insert()
	return name


def draw_values(area: str, pool: list[str], **overrides) -> dict:
	values = {
		"doctype": DRAW,
		"area": area,
		"period_start": str(date.today()),
		"period_end": str(date.today() + timedelta(days=90)),
		"sample_mode": "比例",
		"sample_percent": 100,
		"recusal_months": 12,
		"pool": [{"inspector": i} for i in pool],
	}
	values.update(overrides)
	return values


def new_draw(user: str, area: str, pool: list[str], **overrides):
	frappe.set_user(user)
	frappe.local.lang = "zh"
	return frappe.get_doc(draw_values(area, pool, **overrides)).insert()


def action(method: str, name: str, user: str):
	"""Call a whitelisted draw action in process, as `user`."""
	frappe.set_user(user)
	frappe.local.lang = "zh"
	return frappe.get_attr(f"{METHODS}.{method}")(name)


def remove_draw(name: str) -> None:
	"""Remove a committed test draw, its child rows, planned inspections and timeline."""
	inspections = frappe.get_all("Tuoyu Inspection", filters={"random_draw": name}, pluck="name")
	for inspection in inspections:
		for table in frappe.get_meta("Tuoyu Inspection").get_table_fields():
			frappe.db.delete(table.options, {"parent": inspection, "parenttype": "Tuoyu Inspection"})
		frappe.db.delete("Tuoyu Inspection", {"name": inspection})
	for table in frappe.get_meta(DRAW).get_table_fields():
		frappe.db.delete(table.options, {"parent": name, "parenttype": DRAW})
	frappe.db.delete(DRAW, {"name": name})
	for doctype, names in ((DRAW, [name]), ("Tuoyu Inspection", inspections)):
		for n in names:
			frappe.db.delete("Comment", {"reference_doctype": doctype, "reference_name": n})
			frappe.db.delete("Version", {"ref_doctype": doctype, "docname": n})
			frappe.db.delete("Notification Log", {"document_type": doctype, "document_name": n})
