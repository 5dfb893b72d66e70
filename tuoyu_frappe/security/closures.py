"""Overrides of Frappe v15 whitelisted methods that read rows without a permission check, closing
the `open` entries of tuoyu_frappe/security/read_paths.py (registered in hooks.py)."""

import frappe


@frappe.whitelist()
def unzip_file(name: str):
	"""Frappe unzips any File by name into new File rows owned by the caller; read comes first."""
	from frappe.core.api import file

	frappe.get_doc("File", name).check_permission("read")
	return file.unzip_file(name)


# Frappe v15's Data Import form methods load the import by name without a permission check; the
# preview reads any file by URL into the response.
_DATA_IMPORT = "frappe.core.doctype.data_import.data_import"


@frappe.whitelist()
def get_preview_from_template(data_import: str, import_file=None, google_sheets_url=None):
	from frappe.core.doctype.data_import import data_import as frappe_data_import
	from frappe.core.doctype.file.utils import find_file_by_url

	doc = frappe.get_doc("Data Import", data_import)
	doc.check_permission("read")
	url = import_file or doc.import_file
	if url and not google_sheets_url and not find_file_by_url(url):
		frappe.throw(frappe._("You are not permitted to read the import file"), frappe.PermissionError)
	return frappe_data_import.get_preview_from_template(data_import, import_file, google_sheets_url)


@frappe.whitelist()
def form_start_import(data_import: str):
	from frappe.core.doctype.data_import import data_import as frappe_data_import

	frappe.get_doc("Data Import", data_import).check_permission("write")
	return frappe_data_import.form_start_import(data_import)


# --- who follows a row, which rows carry a tag ---------------------------------------------


def _row_readable(doctype: str, name: str) -> bool:
	from tuoyu_frappe.api import is_guarded, readable_row

	return not is_guarded(doctype) or readable_row(doctype, name)


@frappe.whitelist()
def get_follow_users(doctype: str, doc_name: str):
	"""Frappe lists the followers of any row with `get_all`: read on the row comes first."""
	from frappe.desk.form import document_follow

	if not _row_readable(doctype, doc_name):
		raise frappe.PermissionError(frappe._("No permission for {0}").format(frappe._(doctype)))
	return document_follow.get_follow_users(doctype, doc_name)


@frappe.whitelist()
def get_tagged_docs(doctype: str, tag: str):
	"""Frappe lists every row carrying a tag after a DocType-level check; ours through get_list."""
	from frappe.desk.doctype.tag import tag as frappe_tag

	from tuoyu_frappe.api import is_guarded

	if not is_guarded(doctype):
		return frappe_tag.get_tagged_docs(doctype, tag)
	frappe.has_permission(doctype, throw=True)
	return frappe.get_list(doctype, filters={"_user_tags": ("like", tag)}, fields=["name"], as_list=True)
