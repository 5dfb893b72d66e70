"""Steps of the rectification and enforcement workflows as the users whose turn it is, shared by
the in-process and the HTTP tests."""

from datetime import date

import frappe
from frappe.model.workflow import apply_workflow

from tests import seed
from tests.integration.test_receipt import approve, make_point
from tuoyu_frappe.supervision import enforcement_rules as r
from tuoyu_frappe.supervision.demo_enforcement import DEMO_PHOTO, backdate, record_failed_inspection
from tuoyu_frappe.supervision.rectification import open_from_inspection

RECT, ACTION = "Tuoyu Rectification", "Tuoyu Enforcement Action"

__all__ = ["backdate", "record_failed_inspection"]


def filed_point(tag: str, seq: int) -> str:
	"""A Lanshan point of seed.OP_A, filed end to end through the filing workflow."""
	point = make_point(tag, seq, date(1988, 4, 1 + seq % 27))["point"]
	approve(point)
	frappe.set_user("Administrator")
	return point


def act(user: str, doctype: str, name: str, action: str):
	frappe.set_user(user)
	frappe.local.lang = "zh"
	return apply_workflow(frappe.get_doc(doctype, name).as_dict(), action)


def open_rectification(point: str, reviewer: str = seed.REV_LS, failures: int = 2) -> str:
	inspection = record_failed_inspection(point, reviewer, failures)
	frappe.set_user(reviewer)
	return open_from_inspection(inspection)


def add_evidence(rectification: str, operator: str = seed.OP_A, text: str = "已补配灭火器，补录晨午检记录"):
	frappe.set_user(operator)
	doc = frappe.get_doc(RECT, rectification)
	photo = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "整改照片.png",
			"content": DEMO_PHOTO,
			"is_private": 1,
			"attached_to_doctype": RECT,
			"attached_to_name": rectification,
		}
	).insert()
	doc.evidence_text = text
	doc.append("evidence", {"file": photo.file_url, "description": "整改后照片"})
	doc.save()
	return doc


def submit_evidence(rectification: str, operator: str = seed.OP_A):
	add_evidence(rectification, operator)
	return act(operator, RECT, rectification, r.R_SUBMIT)


def verify(rectification: str, reviewer: str, passed: bool, reason: str = "现场复查结论"):
	frappe.set_user(reviewer)
	doc = frappe.get_doc(RECT, rectification)
	doc.verification_reason = reason
	doc.save()
	return act(reviewer, RECT, rectification, r.R_PASS if passed else r.R_FAIL)


def approve_action(action: str, admin: str = seed.CITY, decision_no: str = "临卫监停字〔2026〕101号"):
	frappe.set_user(admin)
	doc = frappe.get_doc(ACTION, action)
	doc.decision_no = decision_no
	doc.save()
	return act(admin, ACTION, action, r.E_APPROVE)


def draft_action(point: str, action_type: str, user: str = seed.REV_LS, **values) -> str:
	frappe.set_user(user)
	doc = frappe.get_doc(
		{
			"doctype": ACTION,
			"action_type": action_type,
			"point": point,
			"reason": "现场检查发现多项不符合",
			"legal_basis": "《家庭托育点管理办法（试行）》",
			**values,
		}
	).insert()
	return doc.name


def suspend(point: str, reviewer: str = seed.REV_LS) -> str:
	"""停业整改 proposed by the reviewer and approved by the city administrator."""
	name = draft_action(point, r.SUSPEND, reviewer)
	act(reviewer, ACTION, name, r.E_PROPOSE)
	approve_action(name)
	return name


def restore(point: str, rectification: str, reviewer: str = seed.REV_LS) -> str:
	name = draft_action(point, r.RESTORE, reviewer, rectification=rectification)
	act(reviewer, ACTION, name, r.E_PROPOSE)
	approve_action(name, decision_no="临卫监复字〔2026〕7号")
	return name


def purge(doctype: str, names: list[str]) -> None:
	"""Remove committed rows with their child rows, files and traces (HTTP and browser tests)."""
	if not names:
		return
	for table in frappe.get_meta(doctype).get_table_fields():
		frappe.db.delete(table.options, {"parent": ("in", names), "parenttype": doctype})
	for f in frappe.get_all("File", filters={"attached_to_name": ("in", names)}, pluck="name"):
		frappe.delete_doc("File", f, ignore_permissions=True, force=True, delete_permanently=True)
	for dt, field in (
		("Notification Log", "document_name"),
		("Comment", "reference_name"),
		("Version", "docname"),
		("Access Log", "reference_document"),
	):
		frappe.db.delete(dt, {field: ("in", names)})
	frappe.db.delete(doctype, {"name": ("in", names)})


def purge_supervision(points: list[str]) -> None:
	"""Remove committed inspections, rectifications and actions of test points (HTTP tests)."""
	frappe.set_user("Administrator")
	for doctype in (ACTION, RECT, "Tuoyu Inspection"):
		purge(doctype, frappe.get_all(doctype, filters={"point": ("in", points)}, pluck="name"))
	frappe.db.commit()
