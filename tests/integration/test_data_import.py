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


def chinese_header(fieldname: str) -> str:
	label = frappe.get_meta("Tuoyu Point").get_label(fieldname)
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


def test_reviewer_imports_points_with_chinese_headers_and_bad_rows_are_reported(db, imported):
	frappe.set_user(seed.REV_LS)
	frappe.local.lang = "zh"
	buffer = io.StringIO()
	writer = csv.writer(buffer)
	writer.writerow([chinese_header(f) for f in FIELDS])
	writer.writerow(row("导入甲托育点", seed.make_uscc(61), seed.LANSHAN_TOWN))
	writer.writerow(row("导入乙托育点", "91330100716105852A", seed.LANSHAN_TOWN))  # bad USCC
	writer.writerow(row("导入丙托育点", seed.make_uscc(62), seed.LUOZHUANG_TOWN))  # another area
	file_doc = frappe.get_doc(
		{"doctype": "File", "file_name": "points.csv", "content": buffer.getvalue().encode(), "is_private": 1}
	).insert()
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": "Tuoyu Point",
			"import_type": "Insert New Records",
			"import_file": file_doc.file_url,
		}
	).insert()
	frappe.db.commit()
	imported.append(("Data Import", data_import.name))
	imported.append(("File", file_doc.name))

	start_import(data_import.name)  # commits row by row, as in production

	names = {
		p: frappe.db.get_value("Tuoyu Point", {"point_name": p})
		for p in ("导入甲托育点", "导入乙托育点", "导入丙托育点")
	}
	imported.extend(("Tuoyu Point", n) for n in names.values() if n)
	assert names["导入甲托育点"] and not names["导入乙托育点"] and not names["导入丙托育点"]
	good = frappe.get_doc("Tuoyu Point", names["导入甲托育点"])
	assert good.area == seed.LANSHAN and good.phone == "+8613700001111"
	logs = frappe.get_all(
		"Data Import Log",
		filters={"data_import": data_import.name},
		fields=["success", "messages", "exception"],
	)
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
