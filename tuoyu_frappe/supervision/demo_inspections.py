"""Demo inspections of every type and result in several areas, made through the real workflow as
the demo users: law-enforcement inspectors for each demo area, patrols that pass and fail,
a complaint investigation that proposes suspension, operators' self-inspections, association
inspections of member points, and open ones (planned, in progress). Points that already have an
inspection are skipped, so running it again creates nothing new."""

from collections import Counter
from collections.abc import Callable

import frappe
from frappe.model.workflow import apply_workflow

from tuoyu_frappe.filing.demo_filings import reviewer_of
from tuoyu_frappe.permissions import ASSOCIATION
from tuoyu_frappe.supervision import inspection_rules as r

DEMO_ASSOCIATION_EMAIL = "association@demo.tuoyu"
INSPECTOR_NAMES = ("王建国", "李秀英", "张志强", "刘海燕", "陈立新", "杨明华")
# A 1×1 PNG: the demo's photo of an item (private, attached to its inspection).
DEMO_PHOTO = bytes.fromhex(
	"89504e470d0a1a0a0000000d4948445200000001000000010806000000"
	"1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2f1c0c50000000049454e44ae426082"
)

# (type, failed items {code: note}, propose suspension, final state) handed out per area in order.
PLAN = (
	(r.PATROL, {}, None, r.COMPLETED),
	(r.PATROL, {"XC-10": "消毒记录缺少近两周内容", "XC-12": "本年度未组织应急演练"}, None, r.COMPLETED),
	(
		r.COMPLAINT,
		{"XC-03": "午睡室未安装监控，家长投诉属实"},
		"家长投诉属实，监控缺失且拒不整改",
		r.COMPLETED,
	),
	(r.SELF, {}, None, r.COMPLETED),
	(r.SELF, {"ZC-07": "上周消毒记录漏记两天"}, None, r.COMPLETED),
	(r.ASSOCIATION, {"XH-02": "新入职照护人员未参加急救培训"}, None, r.COMPLETED),
	(r.PATROL, {}, None, r.IN_PROGRESS),
	(r.PATROL, {}, None, r.PLANNED),
)


def load_inspections(areas: int = 3, commit: bool = True, log: Callable[[str], None] | None = None) -> dict:
	"""Inspectors and inspections for the first `areas` county areas that have filed points."""
	previous_user = frappe.session.user
	made: Counter = Counter()
	try:
		frappe.set_user("Administrator")
		demo_areas = areas_with_filed_points()[:areas]
		association = ensure_association_user()
		for area in demo_areas:
			inspectors = ensure_inspectors(area)
			made["inspectors"] += len(inspectors)
			reviewer = reviewer_of(area)
			points = uninspected_filed_points(area)
			ensure_member_points(points)
			used: set[str] = set()
			for kind, failures, proposal, final in PLAN:
				member = kind == r.ASSOCIATION
				point = next(
					(p for p in points if p.name not in used and bool(p.association_member) == member), None
				)
				user = point and {r.SELF: point.operator, r.ASSOCIATION: association}.get(kind, reviewer)
				if not user:
					continue
				used.add(point.name)
				name = record(point.name, kind, user, inspectors[:2], failures, proposal, final)
				made[f"{kind} {final}"] += 1
				if log:
					log(f"  {area} {kind} {final}: {name}")
			if name := complete_drawn(area, reviewer):
				made[f"{r.RANDOM} {r.COMPLETED}"] += 1
				if log:
					log(f"  {area} {r.RANDOM} {r.COMPLETED}: {name}")
			if commit:
				frappe.db.commit()
	finally:
		frappe.set_user(previous_user)
	return dict(made)


def areas_with_filed_points() -> list[str]:
	rows = frappe.get_all(
		"Tuoyu Point", filters={"status": "已备案"}, fields=["area", "count(name) as n"], group_by="area"
	)
	return [row.area for row in sorted(rows, key=lambda row: (-row.n, row.area))]


def uninspected_filed_points(area: str) -> list[frappe._dict]:
	inspected = set(frappe.get_all("Tuoyu Inspection", filters={"area": area}, pluck="point"))
	points = frappe.get_all(
		"Tuoyu Point",
		filters={"area": area, "status": "已备案"},
		fields=["name", "association_member"],
		order_by="name",
	)
	found = []
	for point in points:
		if point.name in inspected:
			continue
		operators = frappe.get_all(
			"Tuoyu Point Operator", filters={"parent": point.name, "parenttype": "Tuoyu Point"}, pluck="user"
		)
		point.operator = operators[0] if operators else None
		found.append(point)
	return found


def ensure_inspectors(area: str, count: int = 3) -> list[str]:
	names = []
	for n in range(1, count + 1):
		certificate = f"鲁卫执字第{area}00{n:02d}号"
		name = frappe.db.get_value("Tuoyu Inspector", {"certificate_no": certificate})
		if not name:
			area_name = frappe.db.get_value("Tuoyu Area", area, "area_name") or area
			doc = frappe.get_doc(
				{
					"doctype": "Tuoyu Inspector",
					"full_name": f"{INSPECTOR_NAMES[(int(area[-2:]) + n) % len(INSPECTOR_NAMES)]}（{area_name}）",
					"certificate_no": certificate,
					"area": area,
					"enabled": 1,
				}
			).insert(ignore_permissions=True)
			name = doc.name
		names.append(name)
	return names


def ensure_association_user() -> str:
	existing = frappe.get_all("Has Role", filters={"role": ASSOCIATION, "parenttype": "User"}, pluck="parent")
	if existing:
		return sorted(existing)[0]
	from tuoyu_frappe.demo import DEMO_PASSWORD

	user = frappe.new_doc("User")
	user.update(
		{
			"email": DEMO_ASSOCIATION_EMAIL,
			"first_name": "托育行业协会 督导员",
			"language": "zh",
			"send_welcome_email": 0,
			"new_password": DEMO_PASSWORD,
			"roles": [{"role": ASSOCIATION}],
		}
	)
	in_import, frappe.flags.in_import = frappe.flags.in_import, True  # as demo.Loader.user does
	try:
		user.insert(ignore_permissions=True)
	finally:
		frappe.flags.in_import = in_import
	return user.name


def ensure_member_points(points: list[frappe._dict]) -> None:
	"""A demo area without association members gets one, so the association has a point to inspect."""
	if any(p.association_member for p in points) or not points:
		return
	point = points[-1]
	frappe.db.set_value(
		"Tuoyu Point",
		point.name,
		{"association_member": 1, "association_member_no": f"LYTY-{point.name}"},
		update_modified=False,
	)
	point.association_member = 1


def record(
	point: str,
	kind: str,
	user: str,
	inspectors: list[str],
	failures: dict[str, str],
	proposal: str | None,
	final: str,
) -> str:
	"""One inspection as its recorder makes it: plan, start, record every item, complete."""
	frappe.set_user(user)
	values = {"doctype": "Tuoyu Inspection", "inspection_type": kind, "point": point}
	if kind in r.TWO_INSPECTOR_TYPES:
		values["inspectors"] = [{"inspector": i} for i in inspectors]
	doc = frappe.get_doc(values).insert()
	return progress(doc.name, user, failures, proposal, final)


def progress(name: str, user: str, failures: dict[str, str], proposal: str | None, final: str) -> str:
	"""Take a planned inspection to `final`: start it, answer the items (half of them when left in
	progress), photos where required, and complete it."""
	if final == r.PLANNED:
		return name
	frappe.set_user(user)
	apply_workflow(frappe.get_doc("Tuoyu Inspection", name).as_dict(), r.START)
	doc = frappe.get_doc("Tuoyu Inspection", name)
	answer = doc.results if final == r.COMPLETED else doc.results[: len(doc.results) // 2]
	for row in answer:
		row.result = r.NOT_MET if row.item_code in failures else r.MET
		row.note = failures.get(row.item_code)
		if row.photo_required:
			row.photo = demo_photo(doc.name, row.item_code)
	if proposal:
		doc.propose_suspension, doc.suspension_reason = 1, proposal
	doc.save()
	if final == r.COMPLETED:
		apply_workflow(frappe.get_doc("Tuoyu Inspection", doc.name).as_dict(), r.COMPLETE)
	return doc.name


def complete_drawn(area: str, reviewer: str | None) -> str | None:
	"""A planned 双随机抽查 of a confirmed draw in the area, if there is one, completed with a
	failed veto item (the draw itself is the random-draw demo's)."""
	planned = frappe.get_all(
		"Tuoyu Inspection",
		filters={
			"area": area,
			"inspection_type": r.RANDOM,
			"workflow_state": r.PLANNED,
			"random_draw": ("is", "set"),
		},
		pluck="name",
		order_by="name",
		limit=1,
	)
	if not planned or not reviewer:
		return None
	return progress(planned[0], reviewer, {"XC-07": "1名照护人员本年度未查询违法犯罪记录"}, None, r.COMPLETED)


def demo_photo(inspection: str, item_code: str) -> str:
	file_doc = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{inspection}-{item_code}.png",
			"content": DEMO_PHOTO,
			"is_private": 1,
			"attached_to_doctype": "Tuoyu Inspection",
			"attached_to_name": inspection,
		}
	).insert()
	return file_doc.file_url
