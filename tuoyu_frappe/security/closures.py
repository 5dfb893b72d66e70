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
