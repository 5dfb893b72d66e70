"""HTTP tests of the read paths that Frappe v15 left open and tuoyu_frappe.security.closures (and
the File validate hook) close: the wrong user is refused, the right user still works."""

import frappe
import pytest

from tests import seed

pytestmark = pytest.mark.http


def refused(response) -> bool:
	return response.status_code in (403, 417) and "exc_type" in response.text


def reuse(client, url: str):
	return client.post(
		"/api/method/frappe.client.insert",
		json={"doc": {"doctype": "File", "file_name": "mine.txt", "file_url": url, "is_private": 1}},
	)


def test_a_private_file_url_cannot_be_reused_outside_scope(login, private_file):
	client = login(seed.REV_LZ)
	assert client.get(private_file.file_url).status_code == 403
	assert refused(reuse(client, private_file.file_url))
	assert client.get(private_file.file_url).status_code == 403


def test_a_private_file_url_is_reused_by_a_reader(login, private_file):
	assert reuse(login(seed.REV_LS), private_file.file_url).status_code == 200


def test_unzip_file_checks_read_first(login, private_file):
	r = login(seed.REV_LZ).post(
		"/api/method/frappe.core.api.file.unzip_file", data={"name": private_file.name}
	)
	assert r.status_code == 403, r.text
	# the right user reaches Frappe's unzip, which refuses a file that is not a zip in words
	r = login(seed.REV_LS).post(
		"/api/method/frappe.core.api.file.unzip_file", data={"name": private_file.name}
	)
	assert r.status_code != 403, r.text


@pytest.fixture
def data_import(private_file):
	"""An Administrator's Data Import whose file is point A's private attachment."""
	frappe.set_user("Administrator")
	doc = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": "ToDo",
			"import_type": "Insert New Records",
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value("Data Import", doc.name, "import_file", private_file.file_url)
	frappe.db.commit()
	yield doc.name
	frappe.set_user("Administrator")
	frappe.db.rollback()
	frappe.delete_doc("Data Import", doc.name, ignore_permissions=True, force=True)
	frappe.db.commit()


def test_data_import_preview_and_start_need_the_import(login, data_import, private_file):
	client = login(seed.REV_LZ)
	preview = client.post(
		f"/api/method/{DATA_IMPORT}.get_preview_from_template", data={"data_import": data_import}
	)
	assert preview.status_code == 403, preview.text
	assert "tuoyu secret" not in preview.text
	start = client.post(f"/api/method/{DATA_IMPORT}.form_start_import", data={"data_import": data_import})
	assert start.status_code == 403, start.text


DATA_IMPORT = "frappe.core.doctype.data_import.data_import"


def test_followers_and_tags_of_another_areas_row_stay_hidden(login, site):
	"""Frappe lists a row's followers and the rows carrying a tag after a DocType-level check."""
	from frappe.desk.doctype.tag.tag import add_tag

	frappe.set_user("Administrator")
	point_a = site.point["A"]
	frappe.get_doc(
		{
			"doctype": "Document Follow",
			"ref_doctype": "Tuoyu Point",
			"ref_docname": point_a,
			"user": seed.REV_LS,
		}
	).insert(ignore_permissions=True)
	add_tag("甲点标签", "Tuoyu Point", point_a)
	frappe.db.commit()
	try:
		follow = "/api/method/frappe.desk.form.document_follow.get_follow_users"
		tagged = "/api/method/frappe.desk.doctype.tag.tag.get_tagged_docs"
		wrong = login(seed.REV_LZ)
		response = wrong.get(follow, params={"doctype": "Tuoyu Point", "doc_name": point_a})
		assert response.status_code == 403 and seed.REV_LS not in response.text
		response = wrong.get(tagged, params={"doctype": "Tuoyu Point", "tag": "%甲点标签%"})
		assert response.status_code == 200 and point_a not in response.text
		right = login(seed.REV_LS)
		response = right.get(follow, params={"doctype": "Tuoyu Point", "doc_name": point_a})
		assert response.status_code == 200 and seed.REV_LS in response.text
		response = right.get(tagged, params={"doctype": "Tuoyu Point", "tag": "%甲点标签%"})
		assert response.status_code == 200 and point_a in response.text
	finally:
		frappe.db.delete("Document Follow", {"ref_docname": point_a})
		frappe.db.set_value("Tuoyu Point", point_a, "_user_tags", "", update_modified=False)
		frappe.db.commit()
