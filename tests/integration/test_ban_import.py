"""A banned ID refused through Frappe's own Data Import, with the generic message, and the refusal
logged although the import rolls the failed row back."""

from datetime import date

import frappe
from frappe.utils import today

from tests import seed
from tests.integration.test_data_import import STAFF_FIELDS, import_logs, imported, run_import
from tuoyu_frappe.safety import bans
from tuoyu_frappe.safety import rules as r
from tuoyu_frappe.validation import mask_id_number

__all__ = ["imported"]  # the fixture


def test_a_banned_id_is_refused_in_a_data_import_and_logged(db, site, imported):
	banned = seed.make_id(date(1975, 5, 5), 601)
	cleared = seed.make_id(date(1975, 5, 6), 603)
	frappe.set_user(seed.CITY)
	ban = frappe.get_doc(
		{
			"doctype": bans.BAN,
			"person_name": "导入禁入测试",
			"id_number": banned,
			"status": r.B_EFFECTIVE,
			"reason": "测试",
			"decision_no": "临卫禁〔2026〕导1号",
			"decision_date": today(),
		}
	).insert()
	frappe.db.commit()
	try:
		frappe.set_user(seed.REV_LS)
		frappe.local.lang = "zh"
		rows = [
			["导入禁入甲", site.point["A"], "保育人员", "2025-09-01", banned, "2026-09-01"],
			["导入禁入乙", site.point["B"], "保育人员", "2025-09-01", cleared, "2026-09-01"],
		]
		data_import = run_import("Tuoyu Staff", STAFF_FIELDS, rows, imported)
		frappe.set_user("Administrator")
		created = frappe.get_all("Tuoyu Staff", filters={"staff_name": ("like", "导入禁入%")}, pluck="name")
		imported.extend(("Tuoyu Staff", n) for n in created)
		assert [frappe.db.get_value("Tuoyu Staff", n, "staff_name") for n in created] == ["导入禁入乙"]
		logs = import_logs(data_import)
		assert [log.success for log in logs] == [0, 1]
		failure = (logs[0].messages or "") + (logs[0].exception or "")
		assert "该人员不符合从业条件" in failure
		assert "禁入" not in failure.replace("导入禁入甲", "") and ban.name not in failure
		refusals = frappe.get_all(
			bans.LOG,
			filters={"id_number_masked": mask_id_number(banned)},
			fields=["event", "channel", "refused_user", "ban_record"],
		)
		assert [(x.event, x.channel, x.refused_user, x.ban_record) for x in refusals] == [
			(r.NEW_HIRE, "数据导入", seed.REV_LS, ban.name)
		]
	finally:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		frappe.db.delete(bans.LOG, {"id_number_masked": mask_id_number(banned)})
		frappe.db.delete("Version", {"ref_doctype": bans.BAN, "docname": ban.name})
		frappe.db.delete(bans.BAN, {"name": ban.name})
		frappe.db.commit()
