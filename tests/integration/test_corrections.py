"""Issue §7: mistakes can be corrected, and bad input is refused cleanly.

- a staff record nothing refers to is deleted, with its identity, by whoever may correct it (its
  point's operators, the area's reviewers, city admins); others are refused in Chinese;
- a record referred to (a filing, a background check) is not deleted, by anyone: the refusal
  points to 离职 or to correcting it, and both work;
- a city admin erases an ID number collected by mistake, leaving an audit entry without it;
- permission messages name DocTypes in Chinese; names and identifiers refuse markup."""

import json
from datetime import date

import frappe
import pytest

from tests import seed
from tests.factories import point_values, staff_values
from tuoyu_frappe.filing import states as s
from tuoyu_frappe.registry.doctype.tuoyu_identity_access_log.tuoyu_identity_access_log import (
	DELETE,
	ERASE,
	LOG,
)
from tuoyu_frappe.registry.doctype.tuoyu_staff_identity.tuoyu_staff_identity import erase_id_number

STAFF, IDENTITY = "Tuoyu Staff", "Tuoyu Staff Identity"
ERASE_METHOD = "tuoyu_frappe.registry.doctype.tuoyu_staff_identity.tuoyu_staff_identity.erase_id_number"
_seq = iter(range(31, 99, 2))
QUALIFICATION = "保育师"


def new_staff(point: str, **overrides) -> str:
	"""A staff record entered by mistake: nothing refers to it yet."""
	frappe.set_user("Administrator")
	values = staff_values(point, id_number_entry=seed.make_id(date(1994, 3, 5), next(_seq)), **overrides)
	return frappe.get_doc(values).insert().name


def messages_of(err) -> str:
	return str(err.value) + " ".join(str(m) for m in frappe.get_message_log())


def server_messages(response) -> str:
	"""The messages of an HTTP error response, decoded (they are JSON inside JSON)."""
	return " ".join(
		json.loads(m)["message"] for m in json.loads(response.json().get("_server_messages", "[]"))
	)


def assert_chinese_refusal(text: str, *expected: str) -> None:
	assert "Tuoyu" not in text, text
	for word in expected:
		assert word in text, (word, text)


# --- deleting a record entered by mistake ------------------------------------------------------


@pytest.mark.parametrize("user", [seed.OP_A, seed.REV_LS, seed.CITY, seed.SYSADMIN])
def test_an_unreferenced_record_is_deleted_with_its_identity_by_those_who_may_correct_it(as_user, site, user):
	name = new_staff(site.point["A"])
	number = frappe.db.get_value(IDENTITY, name, "id_number")
	# Names are reused by the series after a deletion: only what this deletion leaves counts.
	started = frappe.utils.now_datetime().replace(microsecond=0)
	as_user(user)
	frappe.delete_doc(STAFF, name)
	assert not frappe.db.exists(STAFF, name) and not frappe.db.exists(IDENTITY, name)
	# The identity leaves no copy of its number among Deleted Documents, and the deletion is logged.
	assert not frappe.db.exists(
		"Deleted Document",
		{"deleted_doctype": IDENTITY, "deleted_name": name, "creation": (">=", started)},
	)
	(entry,) = frappe.get_all(
		LOG, filters={"identity": name, "creation": (">=", started)}, fields=["user", "action", "detail"]
	)
	assert (entry.user, entry.action) == (user, DELETE) and number not in str(entry)


@pytest.mark.parametrize("user", [seed.OP_B, seed.OP_C, seed.REV_LZ, seed.NOBODY])
def test_others_may_not_delete_it_and_are_told_so_in_chinese(as_user, site, user):
	name = new_staff(site.point["A"])
	as_user(user)
	with pytest.raises(frappe.PermissionError) as err:
		frappe.delete_doc(STAFF, name)
	assert_chinese_refusal(messages_of(err), "无权删除", "工作人员", name)
	assert frappe.db.exists(STAFF, name) and frappe.db.exists(IDENTITY, name)


@pytest.mark.parametrize("user", [seed.REV_LS, seed.CITY, seed.OP_A])
def test_an_identity_is_never_deleted_on_its_own(as_user, site, user):
	name = site.staff["A"]
	as_user(user)
	with pytest.raises(frappe.PermissionError) as err:
		frappe.delete_doc(IDENTITY, name)
	assert_chinese_refusal(messages_of(err), "工作人员身份信息")
	assert frappe.db.exists(IDENTITY, name)


@pytest.mark.parametrize("user", [seed.OP_A, seed.REV_LS, seed.CITY, seed.SYSADMIN, "Administrator"])
def test_a_record_with_a_background_check_is_not_deleted_by_anyone(as_user, site, user):
	name = site.staff["A"]  # the seed records a background check for it
	as_user(user)
	with pytest.raises(frappe.LinkExistsError) as err:
		frappe.delete_doc(STAFF, name)
	assert_chinese_refusal(messages_of(err), "不能删除", "背景核查", "离职", "更正")
	assert frappe.db.exists(STAFF, name) and frappe.db.exists(IDENTITY, name)


def test_a_record_a_filing_refers_to_is_not_deleted(as_user, site):
	name = new_staff(site.point["A"], post="保育人员")
	as_user(seed.OP_A)
	filing = frappe.get_doc(
		{"doctype": "Tuoyu Filing", "filing_type": s.NEW, "point": site.point["A"]}
	).insert()
	assert name in {row.staff for row in filing.materials}
	for user in (seed.OP_A, seed.CITY):
		as_user(user)
		with pytest.raises(frappe.LinkExistsError) as err:
			frappe.delete_doc(STAFF, name)
		assert_chinese_refusal(messages_of(err), "备案申请", "离职")
	assert frappe.db.exists(STAFF, name)


def test_a_referenced_record_is_ended_or_corrected_instead(as_user, site):
	name = site.staff["A"]
	as_user(seed.OP_A)
	doc = frappe.get_doc(STAFF, name)
	doc.staff_name = "保育员甲更正"
	doc.save()
	doc.employment_status = "离职"
	doc.save()
	assert frappe.db.get_value(STAFF, name, ["staff_name", "employment_status"]) == (
		"保育员甲更正",
		"离职",
	)
	assert frappe.db.get_value(STAFF, name, "employment_end")


# --- erasing an ID number collected by mistake (PIPL Art. 47) ----------------------------------


def test_a_city_admin_erases_an_id_number_and_the_log_keeps_no_number(as_user, site):
	name = new_staff(site.point["A"])
	identity = frappe.get_doc(IDENTITY, name)
	number, birth = identity.id_number, str(identity.birth_date)
	identity.append("background_checks", {"check_date": str(date.today()), "result": "无相关记录"})
	identity.save()  # a version of the identity now holds the number
	as_user(seed.CITY)
	assert erase_id_number(name, "录入时误用了他人的身份证号") == {"erased": True}

	assert frappe.db.get_value(IDENTITY, name, ["id_number", "birth_date"]) == (None, None)
	assert frappe.db.get_value(STAFF, name, ["id_number_masked", "sex", "age"]) == (None, None, 0)
	for version in frappe.get_all("Version", filters={"docname": name}, pluck="data"):
		assert number not in version and birth not in version
	assert len(frappe.get_all("Tuoyu Background Check", filters={"parent": name})) == 1  # history stays
	entries = frappe.get_all(LOG, filters={"identity": name, "action": ERASE}, fields=["*"])
	assert len(entries) == 1 and entries[0].user == seed.CITY
	assert entries[0].detail == "录入时误用了他人的身份证号"
	assert not frappe.db.sql(
		f"select name from `tab{LOG}` where concat_ws('|', detail, channel) like %s", f"%{number}%"
	)

	# The staff record asks for the correct number at its next save, then takes it.
	as_user(seed.OP_A)
	doc = frappe.get_doc(STAFF, name)
	doc.training_hours = 8
	with pytest.raises(frappe.ValidationError) as err:
		doc.save()
	assert "身份证号" in str(err.value)
	correct = seed.make_id(date(1994, 3, 6), next(_seq))
	doc = frappe.get_doc(STAFF, name)
	doc.id_number_entry = correct
	doc.save()
	assert frappe.db.get_value(IDENTITY, name, "id_number") == correct


@pytest.mark.parametrize("user", [seed.REV_LS, seed.OP_A, seed.SYSADMIN, seed.NOBODY])
def test_only_city_admins_erase(as_user, site, user):
	name = site.staff["A"]
	as_user(user)
	with pytest.raises(frappe.PermissionError) as err:
		erase_id_number(name, "误录")
	assert_chinese_refusal(str(err.value), "市级管理员")
	assert frappe.db.get_value(IDENTITY, name, "id_number")


def test_an_erasure_needs_a_reason_without_the_number(as_user, site):
	name = site.staff["A"]
	number = frappe.db.get_value(IDENTITY, name, "id_number")
	as_user(seed.CITY)
	for reason in ("", "   ", f"误录 {number}", f"误录{number[:6]} {number[6:]}"):
		with pytest.raises(frappe.ValidationError):
			erase_id_number(name, reason)
	assert frappe.db.get_value(IDENTITY, name, "id_number") == number


def test_erasure_is_refused_over_http_to_a_reviewer(site, login):
	response = login(seed.REV_LS).post(
		f"/api/method/{ERASE_METHOD}", json={"identity": site.staff["A"], "reason": "误录"}
	)
	assert response.status_code == 403, response.text[:300]
	assert "Traceback" not in response.text
	assert_chinese_refusal(server_messages(response), "市级管理员")


# --- deleting over HTTP: the answer is clean and in Chinese -------------------------------------


def test_rest_delete_by_the_operator_and_refusal_for_another(site, login):
	frappe.set_user("Administrator")
	name = new_staff(site.point["A"])
	frappe.db.commit()
	try:
		refused = login(seed.OP_B).delete(f"/api/resource/{STAFF}/{name}")
		assert refused.status_code == 403, refused.text[:300]
		assert "Traceback" not in refused.text
		assert_chinese_refusal(server_messages(refused), "无权删除工作人员")
		kept = login(seed.OP_A).delete(f"/api/resource/{STAFF}/{site.staff['A']}")
		assert kept.status_code == 417, kept.text[:300]
		assert_chinese_refusal(server_messages(kept), "离职")
		deleted = login(seed.OP_A).delete(f"/api/resource/{STAFF}/{name}")
		assert deleted.status_code == 202, deleted.text[:300]
		frappe.db.rollback()
		assert not frappe.db.exists(STAFF, name) and not frappe.db.exists(IDENTITY, name)
	finally:
		frappe.db.rollback()
		if frappe.db.exists(STAFF, name):
			frappe.delete_doc(STAFF, name, ignore_permissions=True)
		frappe.db.delete(LOG, {"identity": name})
		frappe.db.commit()


# --- permission messages name DocTypes in Chinese -----------------------------------------------


@pytest.mark.parametrize(
	"doctype, user", [(IDENTITY, seed.OP_A), (IDENTITY, seed.REV_LZ), (STAFF, seed.OP_B)]
)
def test_a_refused_read_names_the_doctype_in_chinese(as_user, site, doctype, user):
	as_user(user)
	doc = frappe.get_doc(doctype, site.staff["A"])
	with pytest.raises(frappe.PermissionError):
		doc.check_permission("read")
	assert_chinese_refusal(frappe.flags.error_message, "工作人员")


# --- markup in names and identifiers ---------------------------------------------------------


@pytest.mark.parametrize(
	"field, value, label",
	[
		("point_name", '托育<img src="x">', "托育点名称"),
		("point_name", "托育<script>alert(1)</script>", "托育点名称"),
		("entity_name", "<b>临沂</b>托育服务有限公司", "举办主体名称"),
		("address", '兰山区<a href="http://x">测试路</a>', "地址"),
	],
)
def test_a_point_refuses_markup(as_user, field, value, label):
	as_user(seed.OP_A)
	before = frappe.db.count("Tuoyu Point")
	with pytest.raises(frappe.ValidationError) as err:
		frappe.get_doc(point_values(**{field: value})).insert()
	assert_chinese_refusal(str(err.value), label, "HTML")
	assert frappe.db.count("Tuoyu Point") == before
	assert not frappe.db.exists("Tuoyu Point", {field: ("like", "%<%")})


def test_staff_names_and_certificate_numbers_refuse_markup(as_user, site):
	as_user(seed.OP_A)
	with pytest.raises(frappe.ValidationError) as err:
		frappe.get_doc(staff_values(site.point["A"], staff_name="<i>张</i>三")).insert()
	assert_chinese_refusal(str(err.value), "姓名", "HTML")
	values = staff_values(
		site.point["A"],
		id_number_entry=seed.make_id(date(1993, 1, 2), next(_seq)),
		qualifications=[
			{"qualification_type": QUALIFICATION, "certificate_number": '<img src=x onerror="alert(1)">'}
		],
	)
	with pytest.raises(frappe.ValidationError) as err:
		frappe.get_doc(values).insert()
	assert_chinese_refusal(str(err.value), "第 1 行", "证书编号")


def test_an_existing_point_cannot_be_renamed_with_markup_over_rest(site, login):
	response = login(seed.OP_A).put(
		f"/api/resource/Tuoyu Point/{site.point['A']}", json={"point_name": '托育<img src="x">'}
	)
	assert response.status_code == 417, response.text[:300]
	assert "Traceback" not in response.text
	frappe.db.rollback()
	assert "<" not in frappe.db.get_value("Tuoyu Point", site.point["A"], "point_name")
