"""Bulk import through Frappe's own Data Import, with Chinese column headers."""

import csv
import io

import frappe
import pytest
from frappe.core.doctype.data_import.data_import import start_import

from tests import seed

FIELDS = [
	"point_name",
	"entity_name",
	"legal_form",
	"uscc",
	"phone",
	"township",
	"address",
	"premises_type",
	"tenure",
	"floor_area",
	"capacity",
	"enrolment",
	"service_model",
	"full_day",
	"cctv_retention_days",
]


def chinese_header(fieldname: str, doctype: str = "Tuoyu Point") -> str:
	label = frappe.get_meta(doctype).get_label(fieldname)
	translated = frappe._(label, lang="zh")
	assert translated != label, f"no zh translation for {label}"
	return translated


def row(name: str, uscc: str, township: str) -> list:
	return [
		name,
		"导入测试托育服务中心",
		"民办非企业单位",
		uscc,
		"13700001111",
		township,
		"导入路1号",
		"居民住宅",
		"自有",
		80,
		5,
		2,
		"社区服务",
		1,
		90,
	]


@pytest.fixture
def imported(site):
	created = []
	yield created
	frappe.set_user("Administrator")
	for doctype, name in created:
		frappe.delete_doc(doctype, name, ignore_permissions=True, force=True)
	frappe.db.commit()


def run_import(doctype: str, fields: list[str], rows: list[list], imported: list):
	"""Upload a CSV with Chinese headers and import it as the current user; return the import."""
	buffer = io.StringIO()
	writer = csv.writer(buffer)
	writer.writerow([chinese_header(f, doctype) for f in fields])
	writer.writerows(rows)
	file_doc = frappe.get_doc(
		{"doctype": "File", "file_name": "import.csv", "content": buffer.getvalue().encode(), "is_private": 1}
	).insert()
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": doctype,
			"import_type": "Insert New Records",
			"import_file": file_doc.file_url,
		}
	).insert()
	frappe.db.commit()
	imported.append(("Data Import", data_import.name))
	imported.append(("File", file_doc.name))
	start_import(data_import.name)  # commits row by row, as in production
	return data_import


def import_logs(data_import) -> list:
	return frappe.get_all(
		"Data Import Log",
		filters={"data_import": data_import.name},
		fields=["success", "messages", "exception"],
		order_by="log_index",
	)


def test_reviewer_imports_points_with_chinese_headers_and_bad_rows_are_reported(db, imported):
	frappe.set_user(seed.REV_LS)
	frappe.local.lang = "zh"
	rows = [
		row("导入甲托育点", seed.make_uscc(61), seed.LANSHAN_TOWN),
		row("导入乙托育点", "91330100716105852A", seed.LANSHAN_TOWN),  # bad USCC
		row("导入丙托育点", seed.make_uscc(62), seed.LUOZHUANG_TOWN),  # another area
	]
	data_import = run_import("Tuoyu Point", FIELDS, rows, imported)

	names = {
		p: frappe.db.get_value("Tuoyu Point", {"point_name": p})
		for p in ("导入甲托育点", "导入乙托育点", "导入丙托育点")
	}
	imported.extend(("Tuoyu Point", n) for n in names.values() if n)
	assert names["导入甲托育点"] and not names["导入乙托育点"] and not names["导入丙托育点"]
	good = frappe.get_doc("Tuoyu Point", names["导入甲托育点"])
	assert good.area == seed.LANSHAN and good.phone == "+8613700001111"
	logs = import_logs(data_import)
	assert sorted(log.success for log in logs) == [0, 0, 1]
	failures = " ".join((log.messages or "") + (log.exception or "") for log in logs if not log.success)
	assert "统一社会信用代码" in failures
	assert frappe.db.get_value("Data Import", data_import.name, "status") == "Partial Success"

	# another reviewer cannot read this import or its log
	frappe.set_user(seed.REV_LZ)
	from tuoyu_frappe.api import download_import_log, get_import_status

	with pytest.raises(frappe.PermissionError):
		get_import_status(data_import.name)
	with pytest.raises(frappe.PermissionError):
		download_import_log(data_import.name)
	assert data_import.name not in frappe.get_list("Data Import", pluck="name")


STAFF_FIELDS = ["staff_name", "point", "post", "employment_start", "id_number_entry", "health_cert_date"]


def test_reviewer_imports_staff_and_bad_rows_leave_nothing_behind(db, site, imported):
	from datetime import date

	frappe.set_user("Administrator")
	taken_id = frappe.db.get_value("Tuoyu Staff Identity", site.staff["C"], "id_number")
	frappe.set_user(seed.REV_LS)
	frappe.local.lang = "zh"
	good_id = seed.make_id(date(1993, 3, 3), 41)
	minor_id = seed.make_id(date(date.today().year - 16, 1, 1), 43)

	def staff_row(name, point, id_number):
		return [name, point, "保育人员", "2025-09-01", id_number, "2026-09-01"]

	rows = [
		staff_row("导入保育员甲", site.point["A"], good_id.lower()),
		staff_row("导入保育员乙", site.point["B"], "371302199001010111"),  # wrong check character
		staff_row("导入保育员丙", site.point["B"], minor_id),  # under 18
		staff_row("导入保育员丁", site.point["A"], taken_id),  # active at another point
		staff_row("导入保育员戊", site.point["C"], seed.make_id(date(1992, 2, 2), 45)),  # another area
	]
	data_import = run_import("Tuoyu Staff", STAFF_FIELDS, rows, imported)
	frappe.set_user("Administrator")
	created = frappe.get_all("Tuoyu Staff", filters={"staff_name": ("like", "导入保育员%")}, pluck="name")
	imported.extend(("Tuoyu Staff", n) for n in created)
	assert len(created) == 1
	assert frappe.db.get_value("Tuoyu Staff Identity", created[0], "id_number") == good_id
	assert not frappe.db.get_value("Tuoyu Staff", created[0], "id_number_entry")
	identities = frappe.get_all("Tuoyu Staff Identity", filters={"staff": ("like", "%")}, pluck="staff")
	assert set(identities) <= set(frappe.get_all("Tuoyu Staff", pluck="name"))  # no orphan identity
	logs = import_logs(data_import)
	assert [log.success for log in logs] == [1, 0, 0, 0, 0]
	failures = [(log.messages or "") + (log.exception or "") for log in logs[1:]]
	assert "身份证号" in failures[0] and "18" in failures[1] and "一个托育点" in failures[2]
	assert seed.POINTS["C"][0] not in failures[2]  # the clash names no other point


def test_operators_cannot_import(as_user):
	as_user(seed.OP_A)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Data Import",
				"reference_doctype": "Tuoyu Point",
				"import_type": "Insert New Records",
			}
		).insert()
