"""Issue §6: every bad input gets a clear Chinese error and nothing is saved."""

from datetime import date, timedelta

import frappe
import pytest

from tests import seed
from tests.factories import point_values, staff_values
from tuoyu_frappe.validation import age_on


def assert_refused_and_nothing_saved(doctype: str, values: dict, expected_text: str):
	before = frappe.db.count(doctype)
	with pytest.raises(frappe.ValidationError) as err:
		frappe.get_doc(values).insert()
	assert expected_text in str(err.value), str(err.value)
	assert frappe.db.count(doctype) == before


@pytest.mark.parametrize(
	"overrides, expected",
	[
		({"uscc": "91330100716105852A"}, "统一社会信用代码"),
		({"phone": "12345678901"}, "手机号"),
		({"phone": "0539-8888888"}, "手机号"),
		({"capacity": 6}, "超过"),
		({"floor_area": 0}, "面积"),
		({"floor_area": -20}, "面积"),
		({"point_name": "阳光幼儿园"}, "托育"),
		({"tenure": "租赁", "lease_end": str(date.today() + timedelta(days=365))}, "租赁"),
		({"area": seed.LUOZHUANG, "township": seed.LANSHAN_TOWN}, "不属于"),
	],
)
def test_bad_point_input_is_refused_in_chinese(as_user, overrides, expected):
	as_user(seed.OP_A)
	assert_refused_and_nothing_saved("Tuoyu Point", point_values(**overrides), expected)


@pytest.mark.parametrize(
	"overrides, expected",
	[
		({"id_number_entry": "371302199001010111"}, "身份证号"),  # wrong check character
		({"id_number_entry": seed.make_id(date(1990, 2, 1), 5)[:10] + "0230" + "0051"}, "身份证号"),
		({"id_number_entry": seed.make_id(date(2030, 1, 1), 5)}, "身份证号"),  # future birth date
		({"id_number_entry": seed.make_id(date.today() - timedelta(days=17 * 365), 5)}, "18"),  # minor
		({"id_number_entry": ""}, "身份证号"),
		({"phone": "1381234"}, "手机号"),
	],
)
def test_bad_staff_input_is_refused_in_chinese(as_user, site, overrides, expected):
	as_user(seed.OP_A)
	assert_refused_and_nothing_saved("Tuoyu Staff", staff_values(site.point["A"], **overrides), expected)


def test_full_width_lower_case_and_spaces_are_normalised(as_user, site):
	as_user(seed.OP_A)
	uscc = seed.make_uscc(78)
	full_width = "".join(chr(ord(c) + 0xFEE0) for c in uscc.lower())
	point = frappe.get_doc(point_values(uscc=f"  {full_width} ", phone=" １３９ １２３４ ５６７８ ")).insert()
	assert point.uscc == uscc
	assert point.phone == "+8613912345678"
	assert point.phone_masked == "139****5678"
	staff_id = seed.make_id(date(1988, 8, 8), 33, region="371311")
	staff = frappe.get_doc(staff_values(point.name, id_number_entry=f" {staff_id.lower()} ")).insert()
	frappe.set_user("Administrator")
	staff.reload()
	identity = frappe.get_doc("Tuoyu Staff Identity", staff.name)
	assert identity.id_number == staff_id
	assert not staff.id_number_entry
	assert identity.birth_date == date(1988, 8, 8)
	assert staff.sex == "男" and staff.age == age_on(date(1988, 8, 8), date.today())


def test_id_number_with_lower_case_x_is_accepted(as_user, site):
	for seq in range(1, 200):
		candidate = seed.make_id(date(1992, 3, 4), seq)
		if candidate.endswith("X"):
			break
	as_user(seed.OP_A)
	staff = frappe.get_doc(staff_values(site.point["A"], id_number_entry=candidate.lower())).insert()
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Tuoyu Staff Identity", staff.name, "id_number") == candidate


def test_area_is_set_by_the_server_from_the_township(as_user):
	as_user(seed.OP_A)
	point = frappe.get_doc(point_values(area=None, township=seed.LUOZHUANG_TOWN)).insert()
	assert point.area == seed.LUOZHUANG


def test_a_township_is_not_a_county_area(as_user):
	as_user(seed.OP_A)
	assert_refused_and_nothing_saved(
		"Tuoyu Point", point_values(area=seed.LANSHAN_TOWN, township=None), "县级"
	)


def test_one_person_active_at_one_point_only_and_the_error_hides_the_other_point(as_user, site):
	frappe.set_user("Administrator")
	other_id = frappe.db.get_value("Tuoyu Staff Identity", site.staff["C"], "id_number")  # 罗庄区 point
	as_user(seed.OP_A)
	before = frappe.db.count("Tuoyu Staff")
	with pytest.raises(frappe.ValidationError) as err:
		frappe.get_doc(staff_values(site.point["A"], id_number_entry=other_id)).insert()
	message = str(err.value)
	assert "挂靠" in message or "只能" in message
	assert seed.POINTS["C"][0] not in message and "罗庄" not in message and site.point["C"] not in message
	assert frappe.db.count("Tuoyu Staff") == before


def test_a_person_who_left_may_be_hired_elsewhere(as_user, site):
	frappe.set_user("Administrator")
	staff_c = frappe.get_doc("Tuoyu Staff", site.staff["C"])
	staff_c.employment_status = "离职"
	staff_c.save()
	id_number = frappe.db.get_value("Tuoyu Staff Identity", staff_c.name, "id_number")
	as_user(seed.OP_A)
	frappe.get_doc(staff_values(site.point["A"], id_number_entry=id_number)).insert()
