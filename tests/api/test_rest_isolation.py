"""Isolation over HTTP: REST resources, frappe.client methods, prints, exports, files."""

import json

import frappe
import pytest

from tests import seed
from tests.integration.test_isolation import VISIBLE, keys_of, seeded

pytestmark = pytest.mark.http
DOCTYPES = ("Tuoyu Point", "Tuoyu Staff")
CASES = [(user, doctype) for user in VISIBLE for doctype in DOCTYPES]


def message(response):
	assert response.status_code == 200, response.text[:500]
	return response.json()["message"]


@pytest.mark.parametrize("user, doctype", CASES)
def test_rest_list_and_frappe_client_list(login, site, user, doctype):
	client = login(user)
	data = client.get(f"/api/resource/{doctype}", params={"limit_page_length": 0}).json()["data"]
	assert keys_of(site, doctype, [r["name"] for r in data]) == VISIBLE[user]
	rows = message(
		client.post("/api/method/frappe.client.get_list", json={"doctype": doctype, "limit_page_length": 0})
	)
	assert keys_of(site, doctype, [r["name"] for r in rows]) == VISIBLE[user]
	count = message(client.post("/api/method/frappe.client.get_count", json={"doctype": doctype}))
	assert count == len(rows)


@pytest.mark.parametrize("user, doctype", CASES)
def test_rest_get_and_frappe_client_get_value(login, site, user, doctype):
	client = login(user)
	for name, key in seeded(site, doctype).items():
		allowed = key in VISIBLE[user]
		response = client.get(f"/api/resource/{doctype}/{name}")
		assert (response.status_code == 200) == allowed, (name, response.status_code)
		response = client.post(
			"/api/method/frappe.client.get_value",
			json={"doctype": doctype, "filters": {"name": name}, "fieldname": "area"},
		)
		assert (response.status_code == 200 and bool(response.json().get("message"))) == allowed
		response = client.post("/api/method/frappe.client.get", json={"doctype": doctype, "name": name})
		assert (response.status_code == 200) == allowed


@pytest.mark.parametrize("user, doctype", CASES)
def test_rest_put_and_delete_outside_scope_are_refused(login, site, user, doctype):
	client = login(user)
	field = "address" if doctype == "Tuoyu Point" else "training_hours"
	value = "篡改地址" if doctype == "Tuoyu Point" else 999
	for name, key in seeded(site, doctype).items():
		if key in VISIBLE[user]:
			continue
		response = client.put(f"/api/resource/{doctype}/{name}", json={field: value})
		assert response.status_code == 403, response.text[:300]
		response = client.delete(f"/api/resource/{doctype}/{name}")
		assert response.status_code in (403, 417), response.text[:300]
		frappe.db.rollback()
		assert frappe.db.exists(doctype, name)
		assert frappe.db.get_value(doctype, name, field) != value


@pytest.mark.parametrize("user, doctype", CASES)
def test_prints_outside_scope_are_refused(login, site, user, doctype):
	client = login(user)
	for name, key in seeded(site, doctype).items():
		allowed = key in VISIBLE[user]
		response = client.get(
			"/api/method/frappe.www.printview.get_html_and_style", params={"doc": doctype, "name": name}
		)
		assert (response.status_code == 200) == allowed, (name, response.status_code)
		if not allowed:
			pdf = client.get(
				"/api/method/frappe.utils.print_format.download_pdf",
				params={"doctype": doctype, "name": name},
			)
			assert pdf.status_code == 403 and not pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("user, doctype", [c for c in CASES if c[0] not in (seed.OP_A, seed.OP_B, seed.OP_C)])
def test_report_view_export_contains_only_the_users_rows(login, site, user, doctype):
	client = login(user)
	response = client.post(
		"/api/method/frappe.desk.reportview.export_query",
		data={
			"doctype": doctype,
			"file_format_type": "CSV",
			"fields": json.dumps([f"`tab{doctype}`.`name`"]),
			"filters": "[]",
		},
	)
	assert response.status_code == 200, response.text[:300]
	text = response.content.decode("utf-8-sig")
	exported = {n for n in seeded(site, doctype) if n in text}
	assert keys_of(site, doctype, exported) == VISIBLE[user]


@pytest.mark.parametrize("user", [seed.OP_A, seed.OP_B, seed.OP_C, seed.NOBODY])
def test_operators_get_no_identity_rows_over_rest(login, site, user):
	client = login(user)
	assert client.get("/api/resource/Tuoyu Staff Identity").status_code == 403
	for name in site.staff.values():
		assert client.get(f"/api/resource/Tuoyu Staff Identity/{name}").status_code == 403
		staff = client.get(f"/api/resource/Tuoyu Staff/{name}")
		if staff.status_code == 200:
			body = staff.text
			assert frappe.db.get_value("Tuoyu Staff Identity", name, "id_number") not in body


def test_reviewer_gets_identity_rows_of_their_area_only(login, site):
	client = login(seed.REV_LS)
	data = client.get(
		"/api/resource/Tuoyu Staff Identity",
		params={"fields": '["staff","id_number"]', "limit_page_length": 0},
	).json()["data"]
	assert keys_of(site, "Tuoyu Staff", [r["staff"] for r in data]) == {"A", "B"}
	assert client.get(f"/api/resource/Tuoyu Staff Identity/{site.staff['C']}").status_code == 403


def test_private_certificate_scan_downloads_only_within_scope(login, site):
	from frappe.utils.file_manager import save_file

	frappe.set_user("Administrator")
	file_doc = save_file(
		"health-A.txt", b"health certificate A", "Tuoyu Staff", site.staff["A"], is_private=1
	)
	frappe.db.commit()
	try:
		for user in (seed.OP_A, seed.REV_LS, seed.CITY):
			response = login(user).get(file_doc.file_url)
			assert response.status_code == 200 and response.content == b"health certificate A", user
		for user in (seed.OP_B, seed.OP_C, seed.REV_LZ, seed.NOBODY):
			response = login(user).get(file_doc.file_url)
			assert response.status_code == 403, (user, response.status_code)
	finally:
		frappe.delete_doc("File", file_doc.name, ignore_permissions=True)
		# and the staff form's "added/removed" timeline lines the upload left
		frappe.db.delete(
			"Comment",
			{
				"reference_doctype": "Tuoyu Staff",
				"reference_name": site.staff["A"],
				"comment_type": ("in", ("Attachment", "Attachment Removed")),
				"content": ("like", f"%{file_doc.file_name}%"),
			},
		)
		frappe.db.commit()


def test_guest_gets_nothing(server):
	import requests

	for doctype in (*DOCTYPES, "Tuoyu Staff Identity"):
		response = requests.get(f"{server}/api/resource/{doctype}", timeout=30)
		assert response.status_code == 403


@pytest.mark.parametrize("user", [seed.OP_A, seed.NOBODY])
def test_counting_is_no_oracle_for_id_numbers(login, site, user):
	id_number = frappe.db.get_value("Tuoyu Staff Identity", site.staff["C"], "id_number")
	response = login(user).post(
		"/api/method/frappe.client.get_count",
		json={"doctype": "Tuoyu Staff Identity", "filters": {"id_number": id_number}},
	)
	assert response.status_code == 403


def test_counts_of_other_doctypes_keep_frappes_behaviour(login):
	response = login(seed.OP_A).post("/api/method/frappe.client.get_count", json={"doctype": "ToDo"})
	assert response.status_code == 200 and isinstance(response.json()["message"], int)
