"""Fixtures shared by the HTTP tests."""

import frappe
import pytest


@pytest.fixture
def private_file(site):
	"""A private attachment of 兰山区 point A, committed for the server."""
	frappe.set_user("Administrator")
	f = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "tuoyu-secret.txt",
			"content": "tuoyu secret " + frappe.generate_hash(length=8),
			"is_private": 1,
			"attached_to_doctype": "Tuoyu Point",
			"attached_to_name": site.point["A"],
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	yield f
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for name in frappe.get_all("File", filters={"file_url": f.file_url}, pluck="name"):
		frappe.delete_doc("File", name, ignore_permissions=True, force=True)
	frappe.db.commit()
