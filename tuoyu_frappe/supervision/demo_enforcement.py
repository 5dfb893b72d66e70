"""Demo rectifications and enforcement actions, made through the real workflows as the demo users.

From completed inspections with failed items (the demo inspections when they exist, otherwise
complaint checks recorded here through the inspection workflow), on filed points of different
areas:

1. 整改中, in time;
2. overdue: the deadline has passed, the suspension is proposed (待审批) by the escalation job;
3. failed verification: escalated, the suspension approved, the point stays 停业整改;
4. overdue, suspended, then rectified: evidence, 验收通过, the restore approved — the point is
   已备案 again.

"Overdue" needs a notice issued before today: the demo issues it through the workflow and then
moves its notice date back (the deadline is recomputed from the rule set and the calendar), as if
the inspection had been weeks ago. Running it again creates nothing once the four exist."""

from collections.abc import Callable
from datetime import timedelta

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import getdate, now_datetime, today

from tuoyu_frappe.filing import notify
from tuoyu_frappe.supervision import enforcement_rules as r
from tuoyu_frappe.supervision.escalation import escalate
from tuoyu_frappe.supervision.rectification import open_from_inspection, set_deadline

DEMO_PHOTO = (  # a 1×1 PNG: the demo's evidence photo
	b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
	b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND"
	b"\xaeB`\x82"
)
SCENARIOS = ("open", "overdue", "failed_suspended", "restored")
OVERDUE_CALENDAR_DAYS = 30  # the notice of an overdue demo rectification was issued this long ago


def reviewer_of(area: str) -> str | None:
	reviewers = notify.area_reviewers(area)
	return sorted(reviewers)[0] if reviewers else None


def city_admin() -> str | None:
	admins = [u for u in notify.city_admins() if frappe.db.get_value("User", u, "enabled")]
	return sorted(admins)[0] if admins else None


def act(user: str, doctype: str, name: str, action: str):
	frappe.set_user(user)
	return apply_workflow(frappe.get_doc(doctype, name).as_dict(), action)


# --- inspections to rectify ----------------------------------------------------------------------


def record_failed_inspection(point: str, reviewer: str, failures: int = 2) -> str:
	"""A complaint check (投诉核查) by the area's reviewer through the inspection workflow, failing
	`failures` items that need no photo; the other items are met (or not applicable where a
	photo would be required)."""
	frappe.set_user(reviewer)
	doc = frappe.get_doc(
		{
			"doctype": "Tuoyu Inspection",
			"inspection_type": "投诉核查",
			"point": point,
			"planned_date": today(),
		}
	).insert()
	doc = act(reviewer, "Tuoyu Inspection", doc.name, "开始检查")
	doc = frappe.get_doc("Tuoyu Inspection", doc.name)
	failed = 0
	for row in doc.results:
		if row.photo_required:
			row.result = "不适用"
		elif failed < failures:
			row.result, row.note = r.FAILED_RESULT, f"现场核查发现：{row.item_text}未落实"
			failed += 1
		else:
			row.result = "符合"
	doc.inspected_at = now_datetime() - timedelta(minutes=5)
	doc.save()
	act(reviewer, "Tuoyu Inspection", doc.name, "完成检查")
	return doc.name


def inspections_to_rectify(count: int) -> list[frappe._dict]:
	"""Completed inspections with failed items, on filed points, one per area, that have no
	rectification yet; complaint checks are recorded for the areas still missing."""
	opened = set(
		frappe.get_all(
			"Tuoyu Rectification", filters={"source_doctype": "Tuoyu Inspection"}, pluck="source_name"
		)
	)
	found, areas = [], set()
	for row in frappe.get_all(
		"Tuoyu Inspection",
		filters={"docstatus": 1, "failed_count": (">", 0)},
		fields=["name", "point", "area"],
		order_by="name",
	):
		status = frappe.db.get_value("Tuoyu Point", row.point, "status")
		if row.name in opened or row.area in areas or status != r.FILED or not reviewer_of(row.area):
			continue
		found.append(row)
		areas.add(row.area)
	if len(found) < count:
		points = frappe.get_all(
			"Tuoyu Point", filters={"status": r.FILED}, fields=["name", "area"], order_by="name"
		)
		for point in points:
			if len(found) >= count:
				break
			reviewer = reviewer_of(point.area)
			if point.area in areas or not reviewer or reviewer in notify.point_operators(point.name):
				continue
			name = record_failed_inspection(point.name, reviewer)
			found.append(frappe._dict(name=name, point=point.name, area=point.area))
			areas.add(point.area)
	return found[:count]


# --- rectification steps ---------------------------------------------------------------------


def backdate(rectification: str, days: int) -> None:
	"""Move a notice's date back `days` calendar days; the deadline follows from the rule set."""
	doc = frappe.get_doc("Tuoyu Rectification", rectification)
	set_deadline(doc, getdate(today()) - timedelta(days=days))
	frappe.db.set_value(
		"Tuoyu Rectification",
		rectification,
		{f: doc.get(f) for f in ("notice_date", "deadline", "deadline_note")},
		update_modified=False,
	)


def hand_in_evidence(rectification: str, operator: str) -> None:
	frappe.set_user(operator)
	doc = frappe.get_doc("Tuoyu Rectification", rectification)
	photo = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{rectification}-整改照片.png",
			"content": DEMO_PHOTO,
			"is_private": 1,
			"attached_to_doctype": "Tuoyu Rectification",
			"attached_to_name": rectification,
		}
	).insert()
	doc.evidence_text = "已逐项整改：补配灭火器并张贴疏散图，补录近一月晨午检记录，消毒记录每日登记。"
	doc.append("evidence", {"file": photo.file_url, "description": "整改后现场照片"})
	doc.save()
	act(operator, "Tuoyu Rectification", rectification, r.R_SUBMIT)


def verify(rectification: str, reviewer: str, passed: bool) -> None:
	frappe.set_user(reviewer)
	doc = frappe.get_doc("Tuoyu Rectification", rectification)
	doc.verification_reason = (
		"现场复查，各项已整改到位" if passed else "复查发现灭火器仍未配备，晨午检记录系补写"
	)
	doc.save()
	act(reviewer, "Tuoyu Rectification", rectification, r.R_PASS if passed else r.R_FAIL)


def approve(action: str, admin: str, decision_no: str) -> None:
	frappe.set_user(admin)
	doc = frappe.get_doc("Tuoyu Enforcement Action", action)
	doc.decision_no = decision_no
	doc.decision_note = "经审查，同意"
	doc.save()
	act(admin, "Tuoyu Enforcement Action", action, r.E_APPROVE)


def propose_restore(point: str, rectification: str, reviewer: str) -> str:
	frappe.set_user(reviewer)
	doc = frappe.get_doc(
		{
			"doctype": "Tuoyu Enforcement Action",
			"action_type": r.RESTORE,
			"point": point,
			"rectification": rectification,
			"reason": f"整改通知 {rectification} 已验收通过，申请恢复收托",
			"legal_basis": r.SUSPENSION_BASIS,
		}
	).insert()
	act(reviewer, "Tuoyu Enforcement Action", doc.name, r.E_PROPOSE)
	return doc.name


def load_enforcement(commit: bool = True, log: Callable[[str], None] | None = None) -> dict[str, int]:
	"""The four demo scenarios above; returns how many were made and how many already existed."""
	previous_user = frappe.session.user
	frappe.set_user("Administrator")
	made = dict.fromkeys(SCENARIOS, 0)
	try:
		existing = frappe.db.count("Tuoyu Rectification")
		admin = city_admin()
		if existing >= len(SCENARIOS) or not admin:
			return {"created": 0, "existing": existing, **made}
		year = getdate(today()).year
		for n, (scenario, inspection) in enumerate(
			zip(SCENARIOS, inspections_to_rectify(len(SCENARIOS)), strict=False), 1
		):
			reviewer = reviewer_of(inspection.area)
			operator = sorted(notify.point_operators(inspection.point))[0]
			frappe.set_user(reviewer)
			rect = open_from_inspection(inspection.name)
			if scenario in ("overdue", "restored"):
				backdate(rect, OVERDUE_CALENDAR_DAYS)
				frappe.set_user("Administrator")
				action = escalate(rect)  # what the daily job does
				if scenario == "restored":
					approve(action, admin, f"临卫监停字〔{year}〕{n}号")
					hand_in_evidence(rect, operator)
					verify(rect, reviewer, passed=True)
					restore = propose_restore(inspection.point, rect, reviewer)
					approve(restore, admin, f"临卫监复字〔{year}〕{n}号")
			elif scenario == "failed_suspended":
				hand_in_evidence(rect, operator)
				verify(rect, reviewer, passed=False)  # escalates at once
				action = frappe.db.get_value("Tuoyu Rectification", rect, "enforcement_action")
				approve(action, admin, f"临卫监停字〔{year}〕{n}号")
			made[scenario] += 1
			if commit:
				frappe.db.commit()
			if log:
				log(f"  整改通知 rectification {rect}: {scenario}")
	finally:
		frappe.set_user(previous_user)
	return {"created": sum(made.values()), "existing": existing, **made}
