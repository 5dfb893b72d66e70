"""Demo complaints: public and hotline complaints in every state, some substantiated, handled by
each demo area's reviewer through the real workflow. Idempotent: a complaint whose demo
description already exists is not created again."""

from collections.abc import Callable

import frappe
from frappe.model.workflow import apply_workflow

from tuoyu_frappe.complaints import clock
from tuoyu_frappe.complaints import rules as r
from tuoyu_frappe.complaints.handling import open_inspection
from tuoyu_frappe.filing.clock import elapsed_working_days, load_calendar
from tuoyu_frappe.filing.demo_filings import reviewer_of

COMPLAINT = "Tuoyu Complaint"
# (working days to acceptance, working days from acceptance to conclusion), handed out in turn: most
# within the clocks, one accepted late and one concluded late, so 投诉办理时效 shows real medians.
HANDLING_WORKING_DAYS = ((1, 8), (0, 12), (3, 6), (1, 25), (2, 15))

# (channel, category, uses a point, anonymous, final state, conclusion, description)
PLAN = (
	(r.ONLINE, "安全", True, True, r.NEW, None, "托育点阳台窗户没有安装防护栏，孩子趴在窗边很危险。"),
	(
		r.HOTLINE,
		"收费",
		True,
		False,
		r.ACCEPTED,
		None,
		"托育点临时要求每月加收300元伙食费，没有公示收费标准。",
	),
	(
		r.LETTER,
		"卫生",
		True,
		False,
		r.CHECKING,
		None,
		"托育点卫生间有异味，孩子的毛巾水杯混用，担心交叉感染。",
	),
	(
		r.ONLINE,
		"食品",
		True,
		False,
		r.CLOSED,
		r.SUBSTANTIATED,
		"托育点给孩子吃过期的酸奶，包装上日期已过三天。",
	),
	(r.VISIT, "安全", True, False, r.CLOSED, r.PARTLY, "托育点楼道堆放电动车充电，消防通道被堵塞。"),
	(
		r.ONLINE,
		"其他",
		True,
		True,
		r.CLOSED,
		r.UNSUBSTANTIATED,
		"托育点中午噪音大，影响邻居休息，希望管一管。",
	),
	(
		r.HOTLINE,
		"无备案经营",
		False,
		False,
		r.ACCEPTED,
		None,
		"小区里有人在家里看护七八个孩子，门口没有任何备案标识。",
	),
	(r.ONLINE, "其他", False, True, r.REJECTED, None, "幼儿园大班学费太贵，希望降低收费。"),
)
SUMMARIES = {
	r.SUBSTANTIATED: "经现场核查，反映问题属实，已责令托育点立即整改并对负责人进行约谈。",
	r.PARTLY: "经现场核查，反映问题部分属实，已责令清理楼道并限期整改。",
	r.UNSUBSTANTIATED: "经现场核查，未发现反映的问题，已提醒托育点注意与邻里沟通。",
}


def demo_areas(limit: int = 2) -> list[tuple[str, str, list[dict]]]:
	"""(area, reviewer, filed points) of the first areas with filed points and a reviewer."""
	found = []
	for area in frappe.get_all(
		"Tuoyu Point", filters={"status": "已备案"}, pluck="area", distinct=True, order_by="area"
	):
		reviewer = reviewer_of(area)
		if not reviewer:
			continue
		points = frappe.get_all(
			"Tuoyu Point",
			filters={"status": "已备案", "area": area},
			fields=["name", "township"],
			order_by="name",
			limit=4,
		)
		found.append((area, reviewer, points))
		if len(found) == limit:
			break
	return found


def act(name: str, action: str, user: str) -> None:
	frappe.set_user(user)
	apply_workflow(frappe.get_doc(COMPLAINT, name).as_dict(), action)


def file_one(area: str, reviewer: str, points: list[dict], seq: int, plan: tuple) -> str | None:
	channel, category, uses_point, anonymous, final, conclusion, description = plan
	point = points[seq % len(points)] if uses_point else None
	if frappe.db.exists(COMPLAINT, {"description": description, "area": area}):
		return None
	township = point.township if point else points[0].township
	values = {
		"doctype": COMPLAINT,
		"category": category,
		"channel": channel,
		"point": point.name if point else None,
		"township": township,
		"place_description": "" if point else "某小区7号楼2单元东户",
		"description": description,
		"anonymous": int(anonymous),
	}
	if not anonymous:
		values.update({"contact_name_entry": f"演示举报人{seq}", "contact_phone_entry": f"1390000{seq:04d}"})
	doc = frappe.get_doc(values)
	if channel == r.ONLINE:
		frappe.set_user("Guest")
		doc.flags.public_intake = True
		doc.insert(ignore_permissions=True)
	else:
		frappe.set_user(reviewer)
		doc.insert()
	if final == r.REJECTED:
		frappe.set_user(reviewer)
		doc = frappe.get_doc(COMPLAINT, doc.name)
		doc.rejection_reason = "反映的是幼儿园收费问题，不属于家庭托育点监管范围，请向教育部门反映。"
		doc.save()
		act(doc.name, r.REJECT, reviewer)
		return doc.name
	if final == r.NEW:
		return doc.name
	act(doc.name, r.ACCEPT, reviewer)
	if final == r.ACCEPTED:
		return doc.name
	frappe.set_user(reviewer)
	if point:
		open_inspection(doc.name)
	else:
		act(doc.name, r.START_CHECK, reviewer)
	if final == r.CHECKING:
		return doc.name
	doc = frappe.get_doc(COMPLAINT, doc.name)
	doc.conclusion, doc.public_summary = conclusion, SUMMARIES[conclusion]
	doc.internal_notes = "演示数据：核查人员现场查看并拍照留存。"
	doc.save()
	act(doc.name, r.CONCLUDE, reviewer)
	return doc.name


def load_complaints_demo(commit: bool = False, log: Callable[[str], None] = print) -> dict:
	previous = frappe.session.user
	made = {"complaints": 0, "substantiated": 0}
	try:
		for area, reviewer, points in demo_areas():
			for seq, plan in enumerate(PLAN, start=1):
				if name := file_one(area, reviewer, points, seq, plan):
					give_history(name, HANDLING_WORKING_DAYS[made["complaints"] % len(HANDLING_WORKING_DAYS)])
					made["complaints"] += 1
					made["substantiated"] += int(plan[5] in r.COUNTS_AGAINST_POINT)
			if commit:
				frappe.db.commit()
	finally:
		frappe.set_user(previous)
	log(f"  投诉举报 Complaints: 新建 {made['complaints']}（属实或部分属实 {made['substantiated']}）")
	return made


def give_history(name: str, working_days: tuple[int, int]) -> None:
	"""A demo complaint handled today, as if it had been received and accepted earlier: each clock
	that stopped took the given working days (the demo runs the workflow in one day, which would
	make every clock 0). The due dates and stored counts move with the dates, as the workflow sets them."""
	doc = frappe.get_doc(COMPLAINT, name)
	if not (doc.accepted_at or doc.concluded_at):
		return
	to_accept, to_conclude = working_days
	calendar = load_calendar()
	stopped = doc.concluded_at or doc.accepted_at
	accepted = doc.accepted_at and shift(calendar, doc.accepted_at, to_conclude if doc.concluded_at else 0)
	received = shift(calendar, accepted or stopped, to_accept)
	doc.received_at, doc.accepted_at = received, accepted
	clock.set_accept_due(doc)
	values = {"received_at": received, "accept_due": doc.accept_due}
	if accepted:
		clock.set_conclude_due(doc, frappe.utils.getdate(accepted))
		values |= {"accepted_at": accepted, "conclude_due": doc.conclude_due}
		values["accept_working_days"] = elapsed_working_days(received, accepted)
		if doc.concluded_at:
			values["handling_working_days"] = elapsed_working_days(accepted, doc.concluded_at)
	else:  # rejected: the acceptance clock stopped at the rejection
		values["accept_working_days"] = elapsed_working_days(received, doc.concluded_at)
	frappe.db.set_value(COMPLAINT, name, values, update_modified=False)


def shift(calendar, moment, working_days: int):
	"""The same time of day, `working_days` working days earlier."""
	moment = frappe.utils.get_datetime(moment)
	day = calendar.subtract_working_days(moment.date(), working_days)
	return moment - (moment.date() - day)
