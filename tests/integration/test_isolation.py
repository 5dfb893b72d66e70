"""Isolation matrix, in process: each role × each scoped DocType × each desk entry point.

The HTTP entry points (REST, frappe.client, prints, files, exports) are in tests/api."""

import json

import frappe
import pytest
from frappe.desk import reportview
from frappe.desk.listview import get_group_by_count
from frappe.desk.search import search_link

from tests import seed

# Which seeded points each user may see (staff follow their point).
VISIBLE = {
	seed.CITY: {"A", "B", "C"},
	seed.REV_LS: {"A", "B"},
	seed.REV_LZ: {"C"},
	seed.OP_A: {"A"},
	seed.OP_B: {"B"},
	seed.OP_C: {"C"},
}
SCOPED = ("Tuoyu Point", "Tuoyu Staff")  # Tuoyu Staff Identity: see the identity tests below
CASES = [(user, doctype) for user in VISIBLE for doctype in SCOPED]


def seeded(site, doctype: str) -> dict[str, str]:
	"""name → key (A/B/C) of the seeded rows of a DocType."""
	rows = site.point if doctype == "Tuoyu Point" else site.staff
	return {name: key for key, name in rows.items()}


def keys_of(site, doctype: str, names) -> set[str]:
	table = seeded(site, doctype)
	return {table[n] for n in names if n in table}


def in_scope(user: str, doctype: str, name: str) -> bool:
	"""Independent oracle: the row's area/point against the user's seeded assignments."""
	area, point = frappe.db.get_value(
		doctype, name, ["area", "name" if doctype == "Tuoyu Point" else "point"]
	)
	if user == seed.CITY:
		return True
	if user in (seed.REV_LS, seed.REV_LZ):
		return area == (seed.LANSHAN if user == seed.REV_LS else seed.LUOZHUANG)
	operators = frappe.get_all("Tuoyu Point Operator", filters={"parent": point}, pluck="user")
	return user in operators


def form(**kwargs):
	frappe.local.form_dict = frappe._dict(
		{k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in kwargs.items()}
	)


@pytest.mark.parametrize("user, doctype", CASES)
def test_list_and_report_view_show_exactly_the_users_rows(as_user, site, user, doctype):
	as_user(user)
	names = frappe.get_list(doctype, pluck="name", limit_page_length=0)
	assert keys_of(site, doctype, names) == VISIBLE[user]
	frappe.set_user("Administrator")
	assert all(in_scope(user, doctype, n) for n in names)

	as_user(user)
	form(doctype=doctype, fields=[f"`tab{doctype}`.`name`"], limit_page_length=0, view="Report")
	result = reportview.get()
	report_names = [row[0] for row in result["values"]] if result else []
	assert keys_of(site, doctype, report_names) == VISIBLE[user]


@pytest.mark.parametrize("user, doctype", CASES)
def test_counts_and_group_by_sidebar_count_only_the_users_rows(as_user, site, user, doctype):
	as_user(user)
	visible = frappe.get_list(doctype, pluck="name", limit_page_length=0)
	form(doctype=doctype, filters=[], fields=[])
	assert reportview.get_count() == len(visible)
	groups = get_group_by_count(doctype, "[]", "area")
	assert sum(g["count"] for g in groups) == len(visible)
	allowed_areas = {frappe.db.get_value(doctype, n, "area") for n in visible}
	assert {g["name"] for g in groups} <= allowed_areas


@pytest.mark.parametrize("user, doctype", CASES)
def test_link_search_offers_only_the_users_rows(as_user, site, user, doctype):
	as_user(user)
	text = "测试" if doctype == "Tuoyu Point" else "保育员"
	results = search_link(doctype, text, page_length=50)
	assert keys_of(site, doctype, [r["value"] for r in results]) == VISIBLE[user]


@pytest.mark.parametrize("user, doctype", CASES)
def test_single_documents_read_write_and_print_follow_scope(as_user, site, user, doctype):
	as_user(user)
	for name, key in seeded(site, doctype).items():
		allowed = key in VISIBLE[user]
		assert frappe.has_permission(doctype, "read", doc=name) == allowed, (name, "read")
		assert frappe.has_permission(doctype, "write", doc=name) == allowed, (name, "write")
		if allowed:
			frappe.get_doc(doctype, name).check_permission("read")
		else:
			with pytest.raises(frappe.PermissionError):
				frappe.get_doc(doctype, name).check_permission("read")


@pytest.mark.parametrize("doctype", SCOPED)
def test_a_user_without_a_tuoyu_role_sees_nothing(as_user, site, doctype):
	as_user(seed.NOBODY)
	with pytest.raises(frappe.PermissionError):
		frappe.get_list(doctype)
	for name in seeded(site, doctype):
		assert not frappe.has_permission(doctype, "read", doc=name)


def test_points_and_staff_are_not_in_global_search(as_user):
	from frappe.utils.global_search import search

	for user in VISIBLE:
		as_user(user)
		hits = search("测试甲托育点") + search("保育员A")
		assert not [h for h in hits if h.doctype in SCOPED]


def test_reviewer_cannot_move_a_point_out_of_their_area(as_user, site):
	as_user(seed.REV_LS)
	point = frappe.get_doc("Tuoyu Point", site.point["A"])
	point.township = seed.LUOZHUANG_TOWN
	point.area = None
	with pytest.raises(frappe.PermissionError):
		point.save()


def test_reviewer_cannot_create_a_point_in_another_area(as_user):
	from tests.factories import point_values

	as_user(seed.REV_LS)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(point_values(township=seed.LUOZHUANG_TOWN)).insert()
	frappe.get_doc(point_values(township=seed.LANSHAN_TOWN)).insert()


def test_operator_cannot_add_staff_to_another_operators_point(as_user, site):
	from tests.factories import staff_values

	as_user(seed.OP_A)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(staff_values(site.point["B"])).insert()


def test_operator_who_registers_a_point_becomes_its_operator(as_user):
	from tests.factories import point_values

	as_user(seed.OP_C)
	point = frappe.get_doc(point_values()).insert()
	assert [row.user for row in point.operators] == [seed.OP_C]
	assert point.status == "筹建中"
	assert frappe.has_permission("Tuoyu Point", "read", doc=point.name)
	as_user(seed.OP_A)
	assert not frappe.has_permission("Tuoyu Point", "read", doc=point.name)


def test_operator_cannot_change_status_filing_fields_or_operators(as_user, site):
	as_user(seed.OP_A)
	point = frappe.get_doc("Tuoyu Point", site.point["A"])
	point.status = "已备案"
	point.filing_number = "FAKE-1"
	point.append("operators", {"user": seed.OP_B})
	point.save()  # permlevel-1 values are reset by Frappe for users without that level
	frappe.set_user("Administrator")
	point.reload()
	assert point.status == "筹建中"
	assert not point.filing_number
	assert [row.user for row in point.operators] == [seed.OP_A]


def test_nobody_changes_status_by_saving_the_form(as_user, site):
	as_user(seed.CITY)
	point = frappe.get_doc("Tuoyu Point", site.point["A"])
	point.status = "已注销"
	with pytest.raises(frappe.ValidationError):
		point.save()


IDENTITY_CASES = [(user, user in (seed.CITY, seed.REV_LS, seed.REV_LZ)) for user in VISIBLE]


@pytest.mark.parametrize("user, may_read", IDENTITY_CASES)
def test_id_numbers_and_background_checks_only_for_reviewers_and_city_admins(as_user, site, user, may_read):
	as_user(user)
	if not may_read:
		with pytest.raises(frappe.PermissionError):
			frappe.get_list("Tuoyu Staff Identity", fields=["id_number"])
		with pytest.raises(frappe.PermissionError):
			frappe.get_list(
				"Tuoyu Background Check", fields=["result"], parent_doctype="Tuoyu Staff Identity"
			)
		for name in site.staff.values():
			assert not frappe.has_permission("Tuoyu Staff Identity", "read", doc=name)
		return
	rows = frappe.get_list("Tuoyu Staff Identity", fields=["staff", "id_number"], limit_page_length=0)
	assert keys_of(site, "Tuoyu Staff", [r.staff for r in rows]) == VISIBLE[user]
	assert all(r.id_number for r in rows)


def test_staff_rows_carry_no_id_number_or_background_result(as_user):
	"""The staff DocType itself holds only masked and derived values, so no Report View column,
	join or export of it can reveal an ID number or a check result."""
	as_user(seed.OP_A)
	meta = frappe.get_meta("Tuoyu Staff")
	assert not meta.has_field("id_number") and not meta.has_field("background_checks")
	assert not [df for df in meta.fields if df.fieldtype == "Link" and df.options == "Tuoyu Staff Identity"]
	with pytest.raises(frappe.PermissionError):
		frappe.get_list(
			"Tuoyu Staff",
			fields=["name"],
			filters=[["Tuoyu Staff Identity", "id_number", "like", "3713%"]],
		)
	rows = frappe.get_list("Tuoyu Staff", fields=["name", "id_number_masked", "id_number_entry"])
	assert rows and all("*" in r.id_number_masked and not r.id_number_entry for r in rows)


def test_identity_changes_only_through_the_staff_form(as_user, site):
	as_user(seed.REV_LS)
	identity = frappe.get_doc("Tuoyu Staff Identity", site.staff["A"])
	identity.id_number = seed.make_id(seed.date(1991, 1, 1), 3)
	with pytest.raises(frappe.ValidationError):
		identity.save()


def test_reviewer_records_background_checks_and_the_staff_row_shows_the_date(as_user, site):
	as_user(seed.REV_LS)
	identity = frappe.get_doc("Tuoyu Staff Identity", site.staff["A"])
	identity.append("background_checks", {"check_date": frappe.utils.today(), "result": "无相关记录"})
	identity.save()
	assert (
		str(frappe.db.get_value("Tuoyu Staff", site.staff["A"], "last_background_check"))
		== frappe.utils.today()
	)
	as_user(seed.REV_LZ)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Tuoyu Staff Identity", site.staff["A"]).check_permission("read")


def test_sharing_or_assigning_outside_the_area_is_refused(as_user, site):
	from frappe.desk.form.assign_to import add as assign
	from frappe.share import add as share

	as_user(seed.CITY)
	with pytest.raises(frappe.PermissionError):
		share("Tuoyu Point", site.point["A"], seed.REV_LZ, read=1)
	with pytest.raises(frappe.PermissionError):
		assign({"doctype": "Tuoyu Point", "name": site.point["A"], "assign_to": [seed.OP_C]})
	share("Tuoyu Point", site.point["A"], seed.REV_LS, read=1)  # inside the area: fine


@pytest.mark.parametrize(
	"user, may_list",
	[(seed.OP_A, True), (seed.REV_LS, True), (seed.CITY, True), (seed.OP_B, False), (seed.REV_LZ, False)],
)
def test_file_list_shows_attachments_of_rows_in_scope_only(as_user, site, user, may_list):
	from frappe.utils.file_manager import save_file

	frappe.set_user("Administrator")
	file_doc = save_file("scan-A.txt", b"scan", "Tuoyu Staff", site.staff["A"], is_private=1)
	as_user(user)
	names = frappe.get_list("File", filters={"attached_to_name": site.staff["A"]}, pluck="name")
	assert (file_doc.name in names) == may_list
	assert frappe.has_permission("File", "read", doc=file_doc.name) == may_list


def test_rows_of_a_point_move_with_it_to_another_area(as_user, site):
	as_user(seed.CITY)
	point = frappe.get_doc("Tuoyu Point", site.point["A"])
	point.township, point.area = seed.LUOZHUANG_TOWN, None
	point.save()
	assert frappe.db.get_value("Tuoyu Staff", site.staff["A"], "area") == seed.LUOZHUANG
	assert frappe.db.get_value("Tuoyu Staff Identity", site.staff["A"], "area") == seed.LUOZHUANG
	as_user(seed.REV_LS)
	assert site.staff["A"] not in frappe.get_list("Tuoyu Staff", pluck="name")
	assert not frappe.has_permission("Tuoyu Staff Identity", "read", doc=site.staff["A"])
	as_user(seed.REV_LZ)
	assert site.staff["A"] in frappe.get_list("Tuoyu Staff", pluck="name")
	assert frappe.has_permission("Tuoyu Staff Identity", "read", doc=site.staff["A"])
	as_user(seed.OP_A)
	assert site.staff["A"] in frappe.get_list("Tuoyu Staff", pluck="name")
