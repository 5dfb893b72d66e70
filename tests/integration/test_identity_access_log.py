"""PIPL access log (issue §6): every opening, print and export of a staff identity record is logged
with who, when and which record, never the number; only city admins read the log.

Over HTTP against the test server, which commits its log entries; each test removes the entries it
caused."""

import json

import frappe
import pytest

from tests import seed
from tuoyu_frappe.registry.doctype.tuoyu_identity_access_log.tuoyu_identity_access_log import (
	EXPORT,
	LOG,
	PRINT,
	VIEW,
	log_access,
)

pytestmark = pytest.mark.http
IDENTITY = "Tuoyu Staff Identity"


@pytest.fixture
def new_entries(site, server):
	"""Returns the log entries written since the test began (and deletes them afterwards)."""
	frappe.db.rollback()
	start = frappe.db.sql(f"select coalesce(max(name), 0) from `tab{LOG}`")[0][0]

	def entries() -> list[dict]:
		frappe.db.rollback()  # see the server's commits
		return frappe.get_all(
			LOG, filters={"name": (">", start)}, fields=["*"], order_by="name asc", ignore_permissions=True
		)

	yield entries
	frappe.db.rollback()
	frappe.db.delete(LOG, {"name": (">", start)})
	frappe.db.commit()


def id_numbers(site) -> set[str]:
	return {frappe.db.get_value(IDENTITY, name, "id_number") for name in site.staff.values()}


def assert_logged(entries, user: str, action: str, identities: set[str], channel: str, site) -> None:
	assert {e.identity for e in entries} == identities, entries
	for entry in entries:
		assert (entry.user, entry.action) == (user, action), entry
		assert channel in entry.channel, entry.channel
		assert entry.accessed_at and entry.ip_address and entry.area in (seed.LANSHAN, seed.LUOZHUANG)
		assert entry.point in site.point.values()
		text = json.dumps(entry, default=str)
		assert not any(number in text for number in id_numbers(site)), "the log holds no ID number"


OPENINGS = [
	("desk form", "GET", "/api/method/frappe.desk.form.load.getdoc", {"doctype": IDENTITY}, "getdoc"),
	("REST v1", "GET", "/api/resource/Tuoyu Staff Identity/{name}", {}, "/api/resource/"),
	("REST v2", "GET", "/api/v2/document/Tuoyu Staff Identity/{name}", {}, "/api/v2/document/"),
	(
		"frappe.client.get",
		"POST",
		"/api/method/frappe.client.get",
		{"doctype": IDENTITY},
		"frappe.client.get",
	),
]


@pytest.mark.parametrize("label, method, url, params, channel", OPENINGS, ids=[o[0] for o in OPENINGS])
@pytest.mark.parametrize("user", [seed.REV_LS, seed.CITY])
def test_opening_a_record_is_logged(site, login, new_entries, user, label, method, url, params, channel):
	name = site.staff["A"]
	args = {**params, "name": name}
	kwargs = {"params": args} if method == "GET" else {"json": args}
	response = login(user).request(method, url.format(name=name), **kwargs)
	assert response.status_code == 200, response.text[:300]
	assert frappe.db.get_value(IDENTITY, name, "id_number") in response.text
	entries = new_entries()
	assert len(entries) == 1
	assert_logged(entries, user, VIEW, {name}, channel, site)


@pytest.mark.parametrize("user", [seed.OP_A, seed.REV_LZ, seed.NOBODY])
def test_a_refused_opening_is_not_logged_as_one(site, login, new_entries, user):
	name = site.staff["A"]
	for method, url, kwargs in (
		("GET", f"/api/resource/Tuoyu Staff Identity/{name}", {}),
		("POST", "/api/method/frappe.client.get", {"json": {"doctype": IDENTITY, "name": name}}),
	):
		response = login(user).request(method, url, **kwargs)
		assert response.status_code == 403, response.text[:300]
	assert new_entries() == []


def test_printing_is_logged_for_preview_print_page_and_pdf(site, login, new_entries):
	client, name = login(seed.REV_LS), site.staff["B"]
	preview = client.get(
		"/api/method/frappe.www.printview.get_html_and_style", params={"doc": IDENTITY, "name": name}
	)
	page = client.get("/printview", params={"doctype": IDENTITY, "name": name})
	pdf = client.get(
		"/api/method/frappe.utils.print_format.download_pdf", params={"doctype": IDENTITY, "name": name}
	)
	assert preview.status_code == page.status_code == pdf.status_code == 200
	assert pdf.content.startswith(b"%PDF")
	entries = new_entries()
	assert len(entries) == 3
	assert_logged(entries, seed.REV_LS, PRINT, {name}, "", site)
	assert {e.channel for e in entries} == {
		"frappe.www.printview.get_html_and_style",
		"GET /printview",
		"frappe.utils.print_format.download_pdf",
	}


def export(client, file_format: str, **extra):
	"""Report View's export (list view → Export) of the name and ID number columns."""
	columns = [f"`tab{IDENTITY}`.`name`", f"`tab{IDENTITY}`.`id_number`"]
	data = {
		"doctype": IDENTITY,
		"file_format_type": file_format,
		"fields": json.dumps(columns),
		"filters": "[]",
	}
	return client.post("/api/method/frappe.desk.reportview.export_query", data={**data, **extra})


def test_report_view_export_logs_each_exported_record(site, login, new_entries):
	response = export(login(seed.REV_LS), "CSV")
	assert response.status_code == 200, response.text[:300]
	entries = new_entries()
	# 兰山区's reviewer exports the identities of points A and B, not C.
	assert_logged(entries, seed.REV_LS, EXPORT, {site.staff["A"], site.staff["B"]}, "export_query", site)
	assert "2" in entries[0].detail


def test_an_export_of_selected_rows_logs_those_rows(site, login, new_entries):
	response = export(login(seed.CITY), "Excel", selected_items=json.dumps([site.staff["C"]]))
	assert response.status_code == 200, response.text[:300]
	assert_logged(new_entries(), seed.CITY, EXPORT, {site.staff["C"]}, "export_query", site)


def download_template(client, records: str):
	return client.post(
		"/api/method/frappe.core.doctype.data_import.data_import.download_template",
		data={
			"doctype": IDENTITY,
			"export_fields": json.dumps({IDENTITY: ["name", "id_number"]}),
			"export_records": records,
			"file_type": "CSV",
		},
	)


def test_data_import_template_with_records_is_logged(site, login, new_entries):
	response = download_template(login(seed.REV_LZ), "all")
	assert response.status_code == 200, response.text[:300]
	assert_logged(new_entries(), seed.REV_LZ, EXPORT, {site.staff["C"]}, "download_template", site)
	blank = download_template(login(seed.REV_LZ), "blank_template")
	assert blank.status_code == 200 and len(new_entries()) == 1  # a blank template exports nobody


def test_data_export_tool_with_data_is_logged(site, login, new_entries):
	response = login(seed.SYSADMIN).post(
		"/api/method/frappe.core.doctype.data_export.exporter.export_data",
		data={
			"doctype": IDENTITY,
			"select_columns": json.dumps({IDENTITY: ["name", "id_number"]}),
			"with_data": "1",
			"file_type": "CSV",
			"template": "true",
		},
	)
	assert response.status_code == 200, response.text[:300]
	assert {site.staff[k] for k in "ABC"} <= {e.identity for e in new_entries()}


# --- who reads the log -------------------------------------------------------------------------


@pytest.fixture
def one_entry(site, new_entries):
	frappe.set_user(seed.REV_LS)
	log_access([frappe.get_doc(IDENTITY, site.staff["A"])], VIEW, "test")
	frappe.set_user("Administrator")
	frappe.db.commit()
	(entry,) = new_entries()
	return entry.name


def test_city_admins_read_the_log(login, one_entry):
	client = login(seed.CITY)
	rows = client.get(
		f"/api/resource/{LOG}", params={"fields": '["name","user","identity"]', "limit_page_length": 0}
	)
	assert rows.status_code == 200 and one_entry in {r["name"] for r in rows.json()["data"]}
	assert client.get(f"/api/resource/{LOG}/{one_entry}").json()["data"]["user"] == seed.REV_LS


@pytest.mark.parametrize("user", [seed.REV_LS, seed.REV_LZ, seed.OP_A, seed.NOBODY])
def test_nobody_else_reads_the_log(login, one_entry, user):
	client = login(user)
	assert client.get(f"/api/resource/{LOG}").status_code == 403
	assert client.get(f"/api/resource/{LOG}/{one_entry}").status_code == 403
	response = client.post("/api/method/frappe.client.get_list", json={"doctype": LOG, "fields": ["name"]})
	assert response.status_code == 403


@pytest.mark.parametrize("user", [seed.CITY, seed.SYSADMIN, seed.REV_LS])
def test_nobody_writes_or_deletes_log_entries(login, one_entry, user):
	client = login(user)
	created = client.post(f"/api/resource/{LOG}", json={"identity": "TYS-99999", "action": VIEW})
	assert created.status_code == 403, created.text[:300]
	changed = client.put(f"/api/resource/{LOG}/{one_entry}", json={"user": seed.OP_A})
	assert changed.status_code == 403, changed.text[:300]
	deleted = client.delete(f"/api/resource/{LOG}/{one_entry}")
	assert deleted.status_code == 403, deleted.text[:300]
	frappe.db.rollback()
	assert frappe.db.get_value(LOG, one_entry, "user") == seed.REV_LS
