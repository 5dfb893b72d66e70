"""Inspectors, photos and answers for inspection tests (integration, HTTP and browser)."""

import frappe
from frappe.model.workflow import apply_workflow

from tuoyu_frappe.supervision import inspection_rules as r

PNG = bytes.fromhex(
	"89504e470d0a1a0a0000000d4948445200000001000000010806000000"
	"1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2f1c0c50000000049454e44ae426082"
)


def ensure_inspectors(area: str, count: int = 2, prefix: str = "测试", user: str | None = None) -> list[str]:
	"""`count` enabled inspectors of `area` with certificate numbers (created as Administrator)."""
	names = []
	for n in range(1, count + 1):
		certificate = f"鲁卫执字第{area}9{n:03d}号" if not user else f"鲁卫执字第{area}8{n:03d}号"
		name = frappe.db.get_value("Tuoyu Inspector", {"certificate_no": certificate})
		if not name:
			previous = frappe.session.user
			frappe.set_user("Administrator")
			name = (
				frappe.get_doc(
					{
						"doctype": "Tuoyu Inspector",
						"full_name": f"{prefix}检查员{n}",
						"certificate_no": certificate,
						"area": area,
						"user": user,
					}
				)
				.insert()
				.name
			)
			frappe.set_user(previous)
		names.append(name)
	return names


def photo(inspection: str, label: str = "photo") -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{inspection}-{label}.png",
				"content": PNG,
				"is_private": 1,
				"attached_to_doctype": "Tuoyu Inspection",
				"attached_to_name": inspection,
			}
		)
		.insert(ignore_permissions=True)
		.file_url
	)


def answer(doc, failures: dict[str, str] | None = None, photos: bool = True, skip: set[str] | None = None):
	"""Answer every item (符合 unless failed, with the failure's note), photos where required."""
	failures = failures or {}
	for row in doc.results:
		if skip and row.item_code in skip:
			continue
		row.result = r.NOT_MET if row.item_code in failures else r.MET
		row.note = failures.get(row.item_code)
		if photos and row.photo_required:
			row.photo = photo(doc.name, row.item_code)
	return doc


def new_inspection(point: str, kind: str, user: str, inspectors: list[str] | None = None):
	frappe.set_user(user)
	values = {"doctype": "Tuoyu Inspection", "inspection_type": kind, "point": point}
	if inspectors:
		values["inspectors"] = [{"inspector": i} for i in inspectors]
	return frappe.get_doc(values).insert()


def drive(point: str, kind: str, user: str, to_state: str, inspectors=None, failures=None) -> str:
	"""An inspection taken to `to_state` by `user` through the workflow."""
	doc = new_inspection(point, kind, user, inspectors)
	if to_state == r.PLANNED:
		return doc.name
	apply_workflow(doc.as_dict(), r.START)
	if to_state == r.IN_PROGRESS:
		return doc.name
	doc = answer(frappe.get_doc("Tuoyu Inspection", doc.name), failures)
	doc.save()
	apply_workflow(frappe.get_doc("Tuoyu Inspection", doc.name).as_dict(), r.COMPLETE)
	return doc.name


def remove_inspections(names) -> None:
	"""Remove committed test inspections with their child rows, notifications, comments and files."""
	for name in names:
		for rectification in frappe.get_all(
			"Tuoyu Rectification", filters={"inspection": name}, pluck="name"
		):
			for table in frappe.get_meta("Tuoyu Rectification").get_table_fields():
				frappe.db.delete(
					table.options, {"parent": rectification, "parenttype": "Tuoyu Rectification"}
				)
			frappe.db.delete("Tuoyu Rectification", {"name": rectification})
			frappe.db.delete("Notification Log", {"document_name": rectification})
		for table in frappe.get_meta("Tuoyu Inspection").get_table_fields():
			frappe.db.delete(table.options, {"parent": name, "parenttype": "Tuoyu Inspection"})
		frappe.db.delete("Tuoyu Inspection", {"name": name})
		frappe.db.delete("Notification Log", {"document_type": "Tuoyu Inspection", "document_name": name})
		frappe.db.delete("Comment", {"reference_doctype": "Tuoyu Point", "content": ("like", f"%{name}%")})
		for f in frappe.get_all("File", filters={"attached_to_name": name}, pluck="name"):
			frappe.delete_doc("File", f, ignore_permissions=True, force=True)
