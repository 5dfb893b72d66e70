"""Valid documents for tests; each test changes one thing and expects one outcome."""

from datetime import date, timedelta

from tests import seed


def point_values(**overrides) -> dict:
	values = {
		"doctype": "Tuoyu Point",
		"point_name": "新建测试托育点",
		"entity_name": "临沂新建托育服务有限公司",
		"legal_form": "企业",
		"uscc": seed.make_uscc(77),
		"phone": "13912345678",
		"township": seed.LANSHAN_TOWN,
		"address": "兰山区测试路77号",
		"premises_type": "居民住宅",
		"tenure": "自有",
		"floor_area": 100,
		"cctv_retention_days": 90,
		"capacity": 5,
		"enrolment": 2,
		"service_model": "家庭服务",
		"full_day": 1,
	}
	values.update(overrides)
	return values


def staff_values(point: str, **overrides) -> dict:
	values = {
		"doctype": "Tuoyu Staff",
		"staff_name": "新保育员",
		"point": point,
		"post": "保育人员",
		"employment_start": "2025-01-01",
		"id_number_entry": seed.make_id(date(1995, 6, 1), 21),
		"health_cert_date": str(date.today() - timedelta(days=10)),
	}
	values.update(overrides)
	return values


def attach_all_materials(filing) -> None:
	"""Give every material row a private attachment, as the operator would upload."""
	import frappe

	for row in filing.materials:
		if not row.attachment:
			file_doc = frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"material-{row.idx}.pdf",
					"content": b"%PDF-1.4 scan",
					"is_private": 1,
					"attached_to_doctype": "Tuoyu Filing",
					"attached_to_name": filing.name,
				}
			).insert()
			row.attachment = file_doc.file_url


def remove_filing(name: str) -> None:
	"""Remove a committed test filing with its child rows, notifications and attachments."""
	import frappe

	for table in frappe.get_meta("Tuoyu Filing").get_table_fields():
		frappe.db.delete(table.options, {"parent": name, "parenttype": "Tuoyu Filing"})
	frappe.db.delete("Tuoyu Filing", {"name": name})
	frappe.db.delete("Notification Log", {"document_type": "Tuoyu Filing", "document_name": name})
	for f in frappe.get_all("File", filters={"attached_to_name": name}, pluck="name"):
		frappe.delete_doc("File", f, ignore_permissions=True, force=True)
