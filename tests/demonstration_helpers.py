"""Steps of the demonstration point workflow (示范点) as the users whose turn it is, and the
disqualifying records, shared by the in-process and the HTTP tests."""

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, now_datetime, today

from tests import seed
from tuoyu_frappe.oversight import demonstration as d

APP = d.APPLICATION
GENERIC = "该人员不符合从业条件"


def points() -> dict[str, str]:
	return seed.World().point


def file_point(point: str, number: str | None = None) -> None:
	"""The seeded point as filed (the disqualifiers look at the status only)."""
	values = {"status": d.FILED}
	if number:
		values |= {"filing_number": number, "filed_on": add_days(today(), -400)}
	frappe.db.set_value("Tuoyu Point", point, values)


def act(user: str, name: str, action: str):
	frappe.set_user(user)
	frappe.local.lang = "zh"
	return apply_workflow(frappe.get_doc(APP, name).as_dict(), action)


def new_application(
	point: str, user: str = seed.OP_A, text: str = "全日制托育，监控全覆盖，家长满意度高"
) -> str:
	frappe.set_user(user)
	frappe.local.lang = "zh"
	doc = frappe.get_doc({"doctype": APP, "point": point, "application_text": text}).insert()
	return doc.name


def score(name: str, user: str = seed.REV_LS, fraction: float = 1.0, note: str = "各项达标，推荐") -> None:
	frappe.set_user(user)
	doc = frappe.get_doc(APP, name)
	for row in doc.scores:
		row.score = round(row.max_points * fraction, 1)
	doc.review_note = note
	doc.save()


def recommended(point: str, operator: str = seed.OP_A, reviewer: str = seed.REV_LS) -> str:
	name = new_application(point, operator)
	act(operator, name, d.SUBMIT)
	score(name, reviewer)
	act(reviewer, name, d.RECOMMEND)
	return name


def designated(
	point: str, operator: str = seed.OP_A, reviewer: str = seed.REV_LS, city: str = seed.CITY
) -> str:
	name = recommended(point, operator, reviewer)
	act(city, name, d.DESIGNATE)
	return name


# --- disqualifying records ------------------------------------------------------------------------


def incident(point: str, user: str = seed.OP_A):
	frappe.set_user(user)
	return frappe.get_doc(
		{
			"doctype": "Tuoyu Incident",
			"point": point,
			"category": "婴幼儿伤害",
			"severity": "一般",
			"occurred_at": f"{today()} 09:30:00",
			"description": "幼儿在活动区摔倒，额头擦伤",
			"children_affected": 1,
		}
	).insert()


def substantiated_complaint(point: str, conclusion: str = "属实") -> str:
	from tests.complaint_helpers import desk_complaint

	name = desk_complaint(point).name
	frappe.set_user("Administrator")
	frappe.db.set_value(
		"Tuoyu Complaint", name, {"conclusion": conclusion, "concluded_at": now_datetime(), "docstatus": 1}
	)
	return name


def guidance_in_effect(point: str, reviewer: str = seed.REV_LS) -> str:
	from tests.integration import enforcement_helpers as h
	from tuoyu_frappe.supervision import enforcement_rules as r

	name = h.draft_action(point, r.GUIDANCE, reviewer, decision_no="临卫监指字〔2026〕示1号")
	h.act(reviewer, h.ACTION, name, r.E_ISSUE)
	return name


def open_rectification(point: str, reviewer: str = seed.REV_LS) -> str:
	from tests.integration import enforcement_helpers as h

	return h.open_rectification(point, reviewer)


def ban_staff_of(key: str) -> str:
	"""A ban in effect on the seeded staff member of point `key`; the rectification the register
	opens at the point is removed, so the ban is the only disqualifier."""
	from tuoyu_frappe.safety import bans

	frappe.set_user(seed.CITY)
	ban = frappe.get_doc(
		{
			"doctype": bans.BAN,
			"person_name": f"保育员{key}",
			"id_number": seed.STAFF_IDS[key],
			"status": "有效",
			"reason": "测试：虐待婴幼儿",
			"decision_no": "临卫禁〔2026〕示1号",
			"decision_date": today(),
		}
	).insert()
	frappe.set_user("Administrator")
	point = points()[key]
	for rect in frappe.get_all("Tuoyu Rectification", filters={"point": point}, pluck="name"):
		frappe.db.delete("Tuoyu Rectification Item", {"parent": rect})
		frappe.db.delete("Tuoyu Rectification", rect)
	return ban.name
