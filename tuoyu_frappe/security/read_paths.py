"""The inventory of Frappe v15's read paths: every whitelisted function of `apps/frappe` (and every
route) that takes a DocType, or a child DocType, and returns rows, counts, files, coordinates or
values derived from rows, with how each is closed for this app's scoped DocTypes.

Plain data, no database. `tests/unit/test_read_path_inventory.py` checks it against the installed
Frappe source (an upgrade that adds a whitelisted function taking a DocType fails it);
`tests/api/test_read_paths.py` generates the isolation tests from it and from the DocType metadata
(each probe × each scoped DocType and child DocType × a wrong user); `tools/read_paths_table.py`
prints the README's table from it.

Read against Frappe 15.41.0. `gap` says where Frappe itself leaves a path open (file:line); `open`
is True while the closure that `how` names is still to be written.
"""

from dataclasses import dataclass, field
from typing import Literal

Returns = Literal["rows", "count", "file", "coords", "derived", "document", "none"]
# frappe: Frappe's own check is enough for our DocTypes (System Manager only, a signed link, ...);
# hook: our permission_query_conditions / has_permission (or a doc event) decide;
# override: a replacement in override_whitelisted_methods; config: the app's configuration keeps
# our rows out of it; accepted: a residual exposure we document; not-a-read: returns nothing of the
# DocType's rows (a write, metadata, settings).
ClosedBy = Literal["frappe", "hook", "override", "config", "accepted", "not-a-read"]
Target = Literal["scoped", "child", "both"]
Reveals = Literal["name", "title", "value", "number"]


@dataclass(frozen=True)
class Probe:
	"""How a generated test calls the path over HTTP as a given user.

	`params` values may hold the placeholders {doctype} (the DocType under test), {name} (a row
	of it outside the user's scope), {parent_doctype} (for a child DocType: its parent DocType),
	{parent} (the parent row of that child row) and {fieldname} (a Data/Link field of the DocType).
	The oracle is the same for every probe: the response must not contain the name (or the marker
	value) of any row outside the user's scope, and must not be a server error. `reveals` says what
	a leak would carry: row names (the name oracle sees it), titles or field values (a marker
	oracle is needed), or only numbers (compare with what the user may count)."""

	method: Literal["GET", "POST"]
	params: dict = field(default_factory=dict)
	target: Target = "both"
	json_body: bool = False  # send params as a JSON body instead of form data / query string
	reveals: Reveals = "name"


@dataclass(frozen=True)
class ReadPath:
	path: str  # dotted whitelisted method, or "ROUTE <method> <url pattern>"
	returns: Returns
	closed_by: ClosedBy
	how: str  # one sentence: which check closes it
	probe: Probe | None = None
	no_probe: str = ""  # why a read has no probe
	gap: str = ""  # where Frappe v15 leaves it open (file:line), when it does
	open: bool = False  # the closure `how` names is still to be written
	source: str = ""  # for a ROUTE: the dotted Frappe function that serves it


def _write(path: str, why: str, gap: str = "", open: bool = False) -> ReadPath:
	"""A path that takes a DocType but returns none of its rows."""
	return ReadPath(path, "none", "not-a-read", why, gap=gap, open=open)


def _companion(
	doctype: str, fields: tuple[str, ...], closed_by: ClosedBy, how: str, gap: str = "", open: bool = False
) -> ReadPath:
	"""The REST list of a Frappe DocType that copies our rows' names or data: `fields[0]` holds our
	DocType, the others what is copied from the row."""
	link, *copied = fields
	return ReadPath(
		f"ROUTE GET /api/resource/{doctype}",
		"rows",
		closed_by,
		how,
		Probe("GET", {"fields": copied, "filters": {link: "{doctype}"}}, target="scoped"),
		gap=gap,
		open=open,
		source="frappe.api.v1.document_list",
	)


# Shared wording -------------------------------------------------------------------------------
LIST = "DatabaseQuery (frappe.get_list) applies role permissions and our permission_query_conditions"
CHILD_LIST = LIST + " (child DocTypes: the parent's role check, then our child row conditions)"
DOC = "the document is checked with has_permission, which asks our has_permission hook"
CHILD_DOC = DOC + " (child rows: frappe.permissions.has_child_permission asks the parent's)"
SPOOF = (
	"Frappe asks has_permission about the document after the request's values are applied; our hook "
	"judges the stored row as well as the submitted values "
	"(tuoyu_frappe.permissions._stored_and_submitted_allowed)"
)
SPOOF_GAP = (
	"frappe/model/document.py:363 check_permission('write') runs on the updated document; "
	"verified: a reviewer of 罗庄区 saved a 兰山区 staff row and moved a 兰山区 point by sending area=371311"
)
FILE_URL = (
	"a new File row may name an existing private file_url only when the user may read a File row "
	"holding it (tuoyu_frappe.permissions.has_file_permission, File has_permission on create)"
)
FILE_URL_GAP = (
	"frappe/core/doctype/file/utils.py:426 find_file_by_url serves a private file when any File row "
	"with that URL is readable, and file.py:805 lets a File row's owner read it; verified: an operator "
	"read another point's private attachment by inserting a File with its file_url"
)
CHILD_NAME_GAP = (
	"frappe/permissions.py:829 getattr(child_doc, 'parent_doc', child_doc.parent) on a frappe._dict "
	"is None, so has_permission(child, doc=<name>) checks only the parent DocType; verified over HTTP"
)
BYPASS = "calls any whitelisted function by its own path, skipping override_whitelisted_methods"
IDENTITY_LOG = "tuoyu_frappe.registry.doctype.tuoyu_identity_access_log.tuoyu_identity_access_log"
SM_ONLY = "System Manager only (frappe.only_for)"
REPORT_VIEW_PROBE = Probe(
	"POST",
	{
		"doctype": "{doctype}",
		"fields": ["name"],
		"filters": [],
		"start": 0,
		"page_length": 500,
		"parent_doctype": "{parent_doctype}",
	},
)
META = "metadata (DocType, fields, settings), no rows"

READ_PATHS: tuple[ReadPath, ...] = (
	# --- REST resource routes (frappe/api/v1.py, v2.py) ------------------------------------------
	ReadPath(
		"ROUTE GET /api/resource/{doctype}",
		"rows",
		"hook",
		CHILD_LIST + " (v1 calls frappe.client.get_list directly, not through our override).",
		Probe("GET", {"fields": ["name"], "limit_page_length": 0, "parent": "{parent_doctype}"}),
		source="frappe.api.v1.document_list",
	),
	ReadPath(
		"ROUTE GET /api/resource/{doctype}/{name}",
		"document",
		"hook",
		CHILD_DOC + ".",
		Probe("GET"),
		source="frappe.api.v1.read_doc",
	),
	ReadPath(
		"ROUTE PUT /api/resource/{doctype}/{name}",
		"document",
		"hook",
		"Returns the saved document. " + SPOOF + ".",
		no_probe="a probe is a GET or POST; tests/api/test_rest_isolation.py sends the PUT",
		gap=SPOOF_GAP,
		source="frappe.api.v1.update_doc",
	),
	ReadPath(
		"ROUTE POST /api/resource/{doctype}/{name}",
		"derived",
		"hook",
		"Runs a whitelisted controller method after checking read (GET) or write (POST) on the stored "
		"document with has_permission (our hook); our controllers whitelist no methods.",
		no_probe="our controllers have no whitelisted methods to call",
		source="frappe.api.v1.execute_doc_method",
	),
	ReadPath(
		"ROUTE GET /api/v2/document/{doctype}",
		"rows",
		"hook",
		CHILD_LIST + " (v2 calls frappe.client.get_list directly).",
		Probe("GET", {"fields": ["name"], "limit": 1000, "parent": "{parent_doctype}"}),
		source="frappe.api.v2.document_list",
	),
	ReadPath(
		"ROUTE GET /api/v2/document/{doctype}/{name}",
		"document",
		"hook",
		CHILD_DOC + ".",
		Probe("GET"),
		source="frappe.api.v2.read_doc",
	),
	ReadPath(
		"ROUTE PATCH /api/v2/document/{doctype}/{name}",
		"document",
		"hook",
		"Returns the saved document (PUT too). " + SPOOF + ".",
		no_probe="a probe is a GET or POST; the PUT/PATCH needs its own test",
		gap=SPOOF_GAP,
		source="frappe.api.v2.update_doc",
	),
	ReadPath(
		"ROUTE GET /api/v2/document/{doctype}/{name}/method/{method}",
		"derived",
		"hook",
		"Checks read (GET) or write (POST) on the stored document (our hook) before running a "
		"whitelisted controller method; our controllers whitelist none.",
		no_probe="our controllers have no whitelisted methods to call",
		source="frappe.api.v2.execute_doc_method",
	),
	ReadPath(
		"ROUTE GET /api/v2/doctype/{doctype}/count",
		"count",
		"hook",
		"frappe.desk.reportview.get_count (called directly, not through our override): " + LIST + ".",
		Probe("GET", {"filters": [], "parent_doctype": "{parent_doctype}"}, reveals="number"),
		source="frappe.api.v2.count",
	),
	ReadPath(
		"ROUTE GET /api/v2/doctype/{doctype}/meta",
		"none",
		"not-a-read",
		META + ".",
		source="frappe.api.v2.get_meta",
	),
	ReadPath(
		"ROUTE POST /api/v2/method/run_doc_method",
		"derived",
		"hook",
		"Builds the document from the request and checks it with has_permission; "
		+ SPOOF
		+ "; our controllers whitelist no methods.",
		no_probe="our controllers have no whitelisted methods to call",
		gap="frappe/api/v2.py:138 checks the document the client sent, not the stored row",
		source="frappe.api.v2.run_doc_method",
	),
	ReadPath(
		"ROUTE GET /api/v2/method/{doctype}/{method}",
		"derived",
		"frappe",
		"An alias of /api/method/<controller module>.<method> (override_whitelisted_methods applied): "
		"every Frappe function it reaches is in this inventory under its own path, ours check themselves.",
		no_probe="a dispatcher; its targets are probed under their own paths",
		source="frappe.api.v2.handle_rpc_call",
	),
	ReadPath(
		"frappe.handler.run_doc_method",
		"derived",
		"hook",
		"/api/method/run_doc_method (alias runserverobj): dt/dn load the stored row and check read (our "
		"hook); `docs` builds the document from the request, so " + SPOOF + ".",
		no_probe="our controllers have no whitelisted methods to call",
		gap="frappe/handler.py:296 checks the document the client sent (docs=...), not the stored row",
	),
	# --- files -----------------------------------------------------------------------------------
	ReadPath(
		"ROUTE GET /private/files/{file_name}",
		"file",
		"hook",
		"File.has_permission asks our has_permission of the attached row (owner excepted); " + FILE_URL + ".",
		no_probe="needs a private file URL of an out-of-scope row (tests/api/test_filing_bypass.py)",
		gap=FILE_URL_GAP,
		source="frappe.utils.response.download_private_file",
	),
	ReadPath(
		"ROUTE GET /files/{file_name}",
		"file",
		"hook",
		"Public files are served without any check; tuoyu_frappe.permissions.validate_file (File "
		"validate) keeps every attachment of a scoped row private.",
		no_probe="public URLs carry no permission by design; the File validate hook is tested instead",
		source="frappe.app.application",
	),
	ReadPath(
		"frappe.handler.download_file",
		"file",
		"hook",
		"File.is_downloadable: File.has_permission asks our has_permission of the attached row; "
		+ FILE_URL
		+ ".",
		no_probe="needs a private file URL of an out-of-scope row",
		gap="frappe/handler.py:276 takes the first File row with that URL; see /private/files",
	),
	ReadPath(
		"frappe.core.api.file.get_attached_images",
		"file",
		"hook",
		"frappe.db.get_list('File') applies Frappe's File conditions and our file_query_conditions.",
		Probe("GET", {"doctype": "{doctype}", "names": ["{name}"]}),
	),
	ReadPath(
		"frappe.core.api.file.get_files_in_folder",
		"file",
		"hook",
		"frappe.get_list('File') applies Frappe's File conditions and our file_query_conditions.",
		no_probe="returns File names and URLs, never the attached row's name; the File conditions have their own tests",
	),
	ReadPath(
		"frappe.core.api.file.get_files_by_search_text",
		"file",
		"hook",
		"frappe.get_list('File') applies Frappe's File conditions and our file_query_conditions.",
		no_probe="returns File names and URLs, never the attached row's name; the File conditions have their own tests",
	),
	ReadPath(
		"frappe.core.api.file.zip_files",
		"file",
		"hook",
		"Each File is checked with File.has_permission (our has_permission of the attached row).",
		no_probe="takes File names, not a DocType",
	),
	ReadPath(
		"frappe.core.api.file.unzip_file",
		"file",
		"override",
		"tuoyu_frappe.security.closures.unzip_file checks read on the File before Frappe unzips it into File rows owned by the caller.",
		no_probe="takes a File name (a hash), not a DocType",
		gap="frappe/core/api/file.py:9 loads the File without a permission check",
	),
	ReadPath(
		"frappe.utils.file_manager.add_attachments",
		"file",
		"hook",
		"Copies any File by name onto any document as a new File row owned by the caller; " + FILE_URL + ".",
		no_probe="takes File names (hashes), not rows of the DocType",
		gap="frappe/utils/file_manager.py:402 reads the File without a permission check",
	),
	_write(
		"frappe.handler.upload_file",
		"A write that attaches a file to any row: check_write_permission ignores the answer of "
		"has_permission('write'), so anyone can add an attachment (and an 'added' comment) to another "
		"area's row; closed by the File validate hook (tuoyu_frappe.permissions.validate_file): a new "
		"File attached to a row of ours needs the uploader to reach the row. A reused private file_url "
		"is refused by has_file_permission.",
		gap="frappe/handler.py:255 doc.has_permission('write') without raising",
	),
	_write(
		"frappe.handler.uploadfile",
		"A write (deprecated): the same check_write_permission as upload_file, and the same File "
		"validate hook (tuoyu_frappe.permissions.validate_file).",
		gap="frappe/handler.py:255 doc.has_permission('write') without raising",
	),
	_write(
		"frappe.client.attach_file",
		"A write: checks read on the document (our hook), then creates the File.",
	),
	# --- frappe.client -----------------------------------------------------------------------------
	ReadPath(
		"frappe.client.get_list",
		"rows",
		"hook",
		CHILD_LIST + "; tuoyu_frappe.api.client_get_list only turns malformed queries into refusals.",
		Probe(
			"POST",
			{
				"doctype": "{doctype}",
				"fields": ["name"],
				"limit_page_length": 0,
				"parent": "{parent_doctype}",
			},
		),
	),
	ReadPath(
		"frappe.client.get_count",
		"count",
		"override",
		"tuoyu_frappe.api.get_count counts our DocTypes through frappe.get_list.",
		Probe("POST", {"doctype": "{doctype}", "filters": {}}, reveals="number"),
		gap="frappe/client.py:71 counts with frappe.db.count, no permissions",
	),
	ReadPath(
		"frappe.client.get",
		"document",
		"hook",
		CHILD_DOC + ".",
		Probe("POST", {"doctype": "{doctype}", "name": "{name}", "parent": "{parent_doctype}"}),
	),
	ReadPath(
		"frappe.client.get_value",
		"derived",
		"hook",
		"A role check on the DocType, then " + CHILD_LIST + ".",
		Probe(
			"POST",
			{
				"doctype": "{doctype}",
				"fieldname": "name",
				"filters": {"name": "{name}"},
				"parent": "{parent_doctype}",
			},
		),
	),
	ReadPath(
		"frappe.client.get_single_value",
		"derived",
		"frappe",
		"Single DocTypes only (no rows): the role check on the DocType is the whole permission.",
		no_probe="our scoped DocTypes are not Singles",
	),
	ReadPath(
		"frappe.client.validate_link",
		"derived",
		"override",
		"tuoyu_frappe.api.validate_link answers our DocTypes only for rows the user may read (Frappe checks the DocType, then answers whether the name exists).",
		Probe("POST", {"doctype": "{doctype}", "docname": "{name}", "fields": ["name"]}, target="scoped"),
		gap="frappe/client.py:442 frappe.db.get_value(doctype, docname) after a DocType-level check",
	),
	ReadPath(
		"frappe.client.is_document_amended",
		"derived",
		"override",
		"tuoyu_frappe.api.is_document_amended answers our DocTypes only for rows the user may read.",
		Probe("POST", {"doctype": "{doctype}", "docname": "{name}"}, target="scoped"),
		gap="frappe/client.py:410 frappe.db.exists(doctype, {'amended_from': docname})",
	),
	ReadPath(
		"frappe.client.has_permission",
		"derived",
		"override",
		"tuoyu_frappe.api.has_permission: for a child row named by string Frappe never asks the parent row (it answered True); ours checks the child row's parent document.",
		Probe("POST", {"doctype": "{doctype}", "docname": "{name}", "perm_type": "read"}, reveals="value"),
		gap=CHILD_NAME_GAP,
	),
	ReadPath(
		"frappe.client.get_doc_permissions",
		"derived",
		"hook",
		"Answers only the caller's own rights on the row, from our has_permission hook.",
		Probe("POST", {"doctype": "{doctype}", "docname": "{name}"}),
	),
	ReadPath(
		"frappe.client.set_value",
		"document",
		"hook",
		"Returns the saved document (without field-level read filtering). " + SPOOF + ".",
		Probe("POST", {"doctype": "{doctype}", "name": "{name}", "fieldname": "{fieldname}", "value": "x"}),
		gap=SPOOF_GAP,
	),
	ReadPath(
		"frappe.client.save",
		"document",
		"hook",
		"Returns the saved document built from the request. " + SPOOF + ".",
		Probe("POST", {"doc": {"doctype": "{doctype}", "name": "{name}"}}, target="scoped"),
		gap=SPOOF_GAP,
	),
	ReadPath(
		"frappe.client.submit",
		"document",
		"hook",
		"Returns the submitted document built from the request. " + SPOOF + ".",
		Probe("POST", {"doc": {"doctype": "{doctype}", "name": "{name}"}}, target="scoped"),
		gap=SPOOF_GAP,
	),
	ReadPath(
		"frappe.client.bulk_update",
		"derived",
		"hook",
		"Saves each stored document with the request's values and returns the failures. " + SPOOF + ".",
		no_probe="its failure list echoes the request (names included), so the name oracle cannot judge it",
		gap=SPOOF_GAP,
	),
	ReadPath(
		"frappe.client.cancel",
		"document",
		"hook",
		"Checks cancel on the stored document (our hook) before returning it.",
		Probe("POST", {"doctype": "{doctype}", "name": "{name}"}, target="scoped"),
	),
	_write("frappe.client.insert", "A write: a new document is checked for create on its own values."),
	_write("frappe.client.insert_many", "A write: each new document is checked for create."),
	_write("frappe.client.rename_doc", "A write: rename checks write on the stored document (our hook)."),
	_write("frappe.rename_doc", "A write: rename checks write on the stored document (our hook)."),
	ReadPath(
		"frappe.client.delete",
		"derived",
		"hook",
		"A write: delete is checked on the stored document (our hook), but our refusal names the row's "
		"title only to a reader of the row (tuoyu_frappe.refusals.ChineseRefusals.refusal_title): a "
		"reviewer refused another area's staff row reads its name (number), not the staff member's name.",
		Probe("POST", {"doctype": "{doctype}", "name": "{name}"}, target="scoped", reveals="title"),
		gap="tuoyu_frappe/refusals.py:27 (ours, not Frappe's) refusal_title() in the delete refusal; "
		"verified in process",
	),
	_write("frappe.client.get_password", SM_ONLY + "."),
	# --- desk: forms ---------------------------------------------------------------------------
	ReadPath(
		"frappe.desk.form.load.getdoc",
		"document",
		"hook",
		CHILD_DOC + "; its docinfo (files, comments, versions, shares) follows the same check.",
		Probe("GET", {"doctype": "{doctype}", "name": "{name}"}),
	),
	ReadPath(
		"frappe.desk.form.load.get_docinfo",
		"derived",
		"hook",
		DOC + ".",
		Probe("GET", {"doctype": "{doctype}", "name": "{name}"}),
	),
	ReadPath(
		"frappe.desk.form.load.get_communications",
		"rows",
		"hook",
		DOC + ".",
		Probe("GET", {"doctype": "{doctype}", "name": "{name}", "start": 0, "limit": 20}),
	),
	_write("frappe.desk.form.load.getdoctype", META + "."),
	ReadPath(
		"frappe.desk.form.save.savedocs",
		"document",
		"hook",
		"Saves and returns the document built from the request. " + SPOOF + ".",
		Probe("POST", {"doc": {"doctype": "{doctype}", "name": "{name}"}, "action": "Save"}, target="scoped"),
		gap=SPOOF_GAP,
	),
	ReadPath(
		"frappe.desk.form.save.cancel",
		"document",
		"hook",
		"Checks cancel on the stored document (our hook) before returning it.",
		Probe("POST", {"doctype": "{doctype}", "name": "{name}"}, target="scoped"),
	),
	ReadPath(
		"frappe.desk.form.utils.get_next",
		"derived",
		"override",
		"tuoyu_frappe.api.get_next reads the pivot row only when the user may read it (Frappe reads its sort field without a check, an order oracle on other areas' values).",
		Probe(
			"GET",
			{"doctype": "{doctype}", "value": "{name}", "prev": 0, "sort_field": "modified"},
			"scoped",
			reveals="value",
		),
		gap="frappe/desk/form/utils.py:86 frappe.get_value(doctype, value, sort_field) without a permission check",
	),
	_write("frappe.desk.form.utils.add_comment", "A write: checks read on the document (our hook)."),
	ReadPath(
		"frappe.desk.form.linked_with.get",
		"rows",
		"hook",
		"Ignores the answer of its own has_permission call, but lists the linking rows of each DocType "
		"with frappe.get_list, so only rows the user may read come back.",
		Probe("GET", {"doctype": "{doctype}", "docname": "{name}"}, target="scoped"),
		gap="frappe/desk/form/linked_with.py:510 frappe.has_permission(...) without throw",
	),
	ReadPath(
		"frappe.desk.form.linked_with.get_submitted_linked_docs",
		"rows",
		"override",
		"Names every submitted document linking to any row (frappe.get_all), ignoring its own "
		"permission answer; tuoyu_frappe.security.closures.get_submitted_linked_docs checks read on the row "
		"and keeps only linked rows the user may read.",
		Probe("GET", {"doctype": "{doctype}", "name": "{name}"}, target="scoped"),
		gap="frappe/desk/form/linked_with.py:44 has_permission without throw; :342 frappe.get_all",
	),
	_write("frappe.desk.form.linked_with.get_linked_doctypes", META + "."),
	_write(
		"frappe.desk.form.linked_with.cancel_all_linked_docs", "A write: each cancel is checked (our hook)."
	),
	ReadPath(
		"frappe.desk.form.assign_to.add",
		"derived",
		"override",
		"Checks the row only for each user it assigns: with assign_to=[] it returns the row's assignees "
		"unchecked; tuoyu_frappe.security.closures.assign_to_add checks read on the row first.",
		Probe(
			"POST",
			{"doctype": "{doctype}", "name": "{name}", "assign_to": []},
			target="scoped",
			reveals="value",
		),
		gap="frappe/desk/form/assign_to.py:64 check_permission inside the loop; :139 returns get(args) (frappe.get_all)",
	),
	_write(
		"frappe.desk.form.assign_to.add_multiple",
		"A write through assign_to.add for each name; returns nothing.",
	),
	ReadPath(
		"frappe.desk.form.assign_to.remove",
		"derived",
		"hook",
		"set_status checks read on the document (our hook) before returning its assignees.",
		Probe(
			"POST",
			{"doctype": "{doctype}", "name": "{name}", "assign_to": "Administrator"},
			"scoped",
			reveals="value",
		),
	),
	ReadPath(
		"frappe.desk.form.assign_to.close",
		"derived",
		"hook",
		"Only the assignee; set_status checks read on the document (our hook).",
		no_probe="only the assignee may call it, and the wrong user is not one",
	),
	ReadPath(
		"frappe.desk.form.document_follow.follow_document",
		"derived",
		"hook",
		"Lets anyone follow any row of a DocType that tracks changes (all of ours), and the follow digest "
		"(send_document_follow_mails) then e-mails its field changes and comments; the Document "
		"Follow validate hook (tuoyu_frappe.permissions.validate_follow) refuses a follower who may not "
		"read the row.",
		no_probe="takes the follower as a parameter; update_follow is probed",
		gap="frappe/desk/form/document_follow.py:21 no permission check; :166 the digest reads Version "
		"and Comment with frappe.get_all; verified: an operator followed another point",
	),
	ReadPath(
		"frappe.desk.form.document_follow.update_follow",
		"derived",
		"hook",
		"follow_document for the caller: the Document Follow validate hook "
		"(tuoyu_frappe.permissions.validate_follow) refuses it outside the caller's scope.",
		Probe("POST", {"doctype": "{doctype}", "doc_name": "{name}", "following": 1}, target="scoped"),
		gap="frappe/desk/form/document_follow.py:13 no permission check (returns None unless the user "
		"has document follow notifications on)",
	),
	ReadPath(
		"frappe.desk.form.document_follow.get_follow_users",
		"derived",
		"override",
		"tuoyu_frappe.security.closures.get_follow_users checks read on the row before listing its followers (Frappe: frappe.get_all, no check).",
		Probe("GET", {"doctype": "{doctype}", "doc_name": "{name}"}, target="scoped", reveals="value"),
		gap="frappe/desk/form/document_follow.py:233 frappe.get_all without a permission check",
	),
	_write(
		"frappe.desk.form.document_follow.unfollow_document",
		"A write: deletes a Document Follow (of any user named; no row data returned).",
		gap="frappe/desk/form/document_follow.py:61 the user is a parameter",
	),
	_write(
		"frappe.desk.like.toggle_like",
		"A write: sets _liked_by and adds a Like comment on any row without a permission check (and "
		"follows it when the user follows liked documents); tuoyu_frappe.security.closures.toggle_like checks read on the row first.",
		gap="frappe/desk/like.py:30 no permission check",
	),
	ReadPath(
		"frappe.desk.link_preview.get_preview_data",
		"derived",
		"hook",
		LIST + ".",
		Probe("GET", {"doctype": "{doctype}", "docname": "{name}"}, target="scoped"),
	),
	ReadPath(
		"frappe.desk.notifications.get_open_count",
		"count",
		"config",
		"Checks read on the row (our hook), then counts linking rows of the DocTypes in its dashboard "
		"with frappe.get_all; our DocTypes declare no dashboard links (a Link added in Customize Form "
		"would count other areas' rows).",
		Probe("GET", {"doctype": "{doctype}", "name": "{name}"}, target="scoped", reveals="number"),
		gap="frappe/desk/notifications.py:343 get_doc_count uses frappe.get_all",
	),
	ReadPath(
		"frappe.desk.search.search_link",
		"rows",
		"override",
		"tuoyu_frappe.api.search_link keeps our row conditions when ignore_user_permissions=1 (Frappe then lists every row with ignore_permissions) and resolves `query` through override_whitelisted_methods.",
		Probe(
			"GET",
			{
				"doctype": "{doctype}",
				"txt": "",
				"page_length": 100,
				"reference_doctype": "{parent_doctype}",
				"ignore_user_permissions": 1,
			},
		),
		gap="frappe/desk/search.py:205 ignore_permissions=... ignore_user_permissions; verified: an "
		"operator listed every point's name, entity name and area",
	),
	ReadPath(
		"frappe.desk.search.search_widget",
		"rows",
		"override",
		"tuoyu_frappe.api.search_widget: the same checks as search_link; `filter_fields` adds columns only of rows the user may read (the identity columns live in a DocType operators cannot read).",
		Probe(
			"GET",
			{
				"doctype": "{doctype}",
				"txt": "",
				"page_length": 100,
				"filter_fields": ["name"],
				"reference_doctype": "{parent_doctype}",
				"ignore_user_permissions": 1,
			},
		),
		gap="frappe/desk/search.py:205 ignore_permissions; :93 " + BYPASS,
	),
	ReadPath(
		"frappe.desk.search.get_link_title",
		"derived",
		"override",
		"tuoyu_frappe.api.get_link_title returns the title of our rows only to users who may read them (Frappe: frappe.db.get_value, no check at all).",
		Probe("GET", {"doctype": "{doctype}", "docname": "{name}"}, target="scoped", reveals="title"),
		gap="frappe/desk/search.py:327 no permission check; verified: an operator read another "
		"point's and another staff member's names",
	),
	# --- desk: lists, reports, group-by, sidebar ---------------------------------------------------
	ReadPath(
		"frappe.desk.reportview.get",
		"rows",
		"hook",
		CHILD_LIST + "; tuoyu_frappe.api.reportview_get only turns malformed queries into refusals.",
		REPORT_VIEW_PROBE,
	),
	ReadPath(
		"frappe.desk.reportview.get_list",
		"rows",
		"hook",
		CHILD_LIST + ".",
		REPORT_VIEW_PROBE,
	),
	ReadPath(
		"frappe.desk.reportview.get_count",
		"count",
		"hook",
		CHILD_LIST + "; tuoyu_frappe.api.reportview_get_count only turns malformed queries into refusals.",
		Probe(
			"POST",
			{"doctype": "{doctype}", "filters": [], "parent_doctype": "{parent_doctype}"},
			reveals="number",
		),
	),
	ReadPath(
		"frappe.desk.reportview.export_query",
		"file",
		"hook",
		"Export permission on the DocType, then DatabaseQuery with our conditions; "
		"tuoyu_frappe.api.reportview_export_query refuses malformed queries and logs identity exports.",
		Probe(
			"POST",
			{"doctype": "{doctype}", "file_format_type": "CSV", "fields": ["name"], "filters": []},
			target="scoped",
		),
	),
	_write("frappe.desk.reportview.save_report", "A write: saves a Report Builder definition."),
	_write("frappe.desk.reportview.delete_items", "A write: each delete is checked (our hook)."),
	ReadPath(
		"frappe.desk.reportview.get_sidebar_stats",
		"count",
		"hook",
		LIST + ".",
		Probe("GET", {"stats": ["name"], "doctype": "{doctype}", "filters": []}, target="scoped"),
	),
	ReadPath(
		"frappe.desk.reportview.get_stats",
		"count",
		"hook",
		LIST + ".",
		Probe("GET", {"stats": ["name"], "doctype": "{doctype}", "filters": []}, target="scoped"),
	),
	ReadPath(
		"frappe.desk.reportview.get_filter_dashboard_data",
		"count",
		"hook",
		LIST + ".",
		Probe(
			"GET",
			{"stats": [{"name": "name", "type": "Data"}], "doctype": "{doctype}", "filters": []},
			"scoped",
		),
	),
	ReadPath(
		"frappe.desk.listview.get_group_by_count",
		"count",
		"override",
		"tuoyu_frappe.api.get_group_by_count: for field=assigned_to Frappe selects the rows with frappe.qb.get_query (no permissions, any filter); ours selects them through frappe.get_list.",
		Probe(
			"GET",
			{"doctype": "{doctype}", "current_filters": {"name": "{name}"}, "field": "assigned_to"},
			target="scoped",
			reveals="value",
		),
		gap="frappe/desk/listview.py:40 frappe.qb.get_query(doctype, filters=...) without permissions; verified",
	),
	_write("frappe.desk.listview.get_list_settings", "List View Settings of the DocType, no rows."),
	_write("frappe.desk.listview.set_list_settings", "A write of List View Settings."),
	ReadPath(
		"frappe.desk.calendar.get_events",
		"rows",
		"hook",
		LIST + ".",
		Probe(
			"GET",
			{
				"doctype": "{doctype}",
				"start": "2000-01-01",
				"end": "2100-01-01",
				"field_map": {"start": "creation", "end": "modified", "id": "name", "title": "name"},
			},
			target="scoped",
		),
	),
	ReadPath(
		"frappe.desk.treeview.get_children",
		"rows",
		"hook",
		LIST + " (tree DocTypes only).",
		no_probe="our DocTypes are not trees (no parent_<doctype> column), so the query cannot run",
	),
	ReadPath(
		"frappe.desk.treeview.get_all_nodes",
		"rows",
		"override",
		"tree_method "
		+ BYPASS
		+ "; tuoyu_frappe.security.closures.get_all_nodes resolves tree_method through "
		"override_whitelisted_methods.",
		no_probe="our DocTypes are not trees",
		gap="frappe/desk/treeview.py:15 frappe.get_attr(tree_method)",
	),
	_write("frappe.desk.treeview.add_node", "A write: the new node is checked for create."),
	# --- desk: query reports -----------------------------------------------------------------------
	ReadPath(
		"frappe.desk.query_report.run",
		"rows",
		"frappe",
		"The Report's roles and report permission on its DocType; Frappe's own reports are for System "
		"Manager (or roles we never grant); our Script Reports (Oversight: 县区备案进度) check report "
		"permission themselves and count in SQL under build_match_conditions, which applies our "
		"permission_query_conditions, so a reviewer's rows and totals are their own area's.",
		no_probe="takes a report name, not a DocType; tests/api/test_oversight_reports.py runs each of "
		"our reports as a reviewer of one area against data of two",
	),
	ReadPath(
		"frappe.desk.query_report.export_query",
		"file",
		"frappe",
		"Export permission on the Report's DocType, then query_report.run (the same checks).",
		no_probe="takes a report name; tests/api/test_oversight_reports.py exports each of our reports "
		"as a reviewer of one area",
	),
	_write(
		"frappe.desk.query_report.get_script", "The Report's script and filters (Report permission checked)."
	),
	_write("frappe.desk.query_report.save_report", "A write: saves a Custom Report definition."),
	ReadPath(
		"frappe.desk.query_report.get_data_for_custom_field",
		"derived",
		"hook",
		"A role check on the DocType, then " + LIST + ".",
		Probe("GET", {"doctype": "{doctype}", "field": "name", "names": ["{name}"]}, target="scoped"),
	),
	ReadPath(
		"frappe.core.doctype.prepared_report.prepared_report.download_attachment",
		"file",
		"config",
		"Readable by every user who may run the Report, whoever prepared it; no Report of ours is a "
		"prepared report (one would hand a city administrator's result to a reviewer).",
		no_probe="takes a Prepared Report name; no prepared report on our DocTypes",
		gap="frappe/core/doctype/prepared_report/prepared_report.py:281 has_permission checks the Report, not the owner",
	),
	_write(
		"frappe.core.doctype.prepared_report.prepared_report.make_prepared_report",
		"Queues a report run; the result is read through download_attachment.",
	),
	_write(
		"frappe.core.doctype.prepared_report.prepared_report.get_reports_in_queued_state",
		"The caller's own queued Prepared Reports.",
	),
	# --- dashboards, charts, number cards, tags, goals ---------------------------------------------
	ReadPath(
		"frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
		"count",
		"override",
		"Count/Sum and Group By charts use frappe.get_list, but a Heatmap counts with frappe.get_all; the "
		"chart may come from the request, a named chart is loaded without a permission check, and "
		"results are cached per chart for every user; tuoyu_frappe.security.closures.dashboard_chart_get "
		"answers for our DocTypes (get_list for heatmaps, read on a named chart, no shared cache: Frappe's "
		"body is reached through inspect.unwrap, past both the whitelist wrapper and cache_source). The "
		"Oversight charts are Count and Group By charts on our DocTypes, each asked by each user in turn "
		"(tests/api/test_oversight_dashboards_http.py).",
		Probe(
			"POST",
			{
				"chart": {
					"name": "tuoyu-probe",
					"chart_type": "Count",
					"type": "Heatmap",
					"document_type": "{doctype}",
					"based_on": "creation",
				},
				"no_cache": 1,
			},
			target="scoped",
			reveals="number",
		),
		gap="frappe/desk/doctype/dashboard_chart/dashboard_chart.py:209 frappe.get_all; "
		"frappe/utils/dashboard.py:23 cache key chart-data:<chart>; verified: an operator counted every point",
	),
	ReadPath(
		"frappe.desk.doctype.number_card.number_card.get_result",
		"count",
		"hook",
		LIST + " (with parent_document_type for child DocTypes). The card comes from the request, so "
		"its filters and aggregate column are the caller's: a column of a table not in the query is "
		"refused by Frappe's field-level check, and every role that reads a DocType of ours reads all "
		"its permission levels. The Oversight cards are Document Type cards "
		"(tests/integration/test_oversight_dashboards.py, tests/api/test_oversight_dashboards_http.py).",
		Probe(
			"POST",
			{
				"doc": {
					"function": "Count",
					"document_type": "{doctype}",
					"parent_document_type": "{parent_doctype}",
				},
				"filters": [],
			},
			reveals="number",
		),
	),
	ReadPath(
		"frappe.desk.doctype.number_card.number_card.get_percentage_difference",
		"count",
		"hook",
		"Loads a saved Number Card and counts through get_result (" + LIST + ").",
		no_probe="takes a saved Number Card; ours (Oversight) have show_percentage_stats off, so it "
		"returns None before counting (tests/integration/test_oversight_dashboards.py)",
	),
	_write(
		"frappe.desk.doctype.number_card.number_card.get_cards_for_user", "A search of Number Card names."
	),
	_write(
		"frappe.desk.doctype.dashboard_chart.dashboard_chart.get_charts_for_user", "A search of chart names."
	),
	_write("frappe.desk.doctype.dashboard_chart.dashboard_chart.get_parent_doctypes", META + "."),
	_write(
		"frappe.desk.doctype.dashboard.dashboard.get_permitted_charts", "Chart definitions of a Dashboard."
	),
	_write("frappe.desk.doctype.dashboard.dashboard.get_permitted_cards", "Card definitions of a Dashboard."),
	_write(
		"frappe.desk.doctype.dashboard_settings.dashboard_settings.save_chart_config",
		"The user's chart settings.",
	),
	ReadPath(
		"frappe.utils.goal.get_monthly_goal_graph_data",
		"count",
		"override",
		"Checks read on the anchor document only, then aggregates any goal_doctype with the request's "
		"filters through frappe.qb.get_query; tuoyu_frappe.security.closures.get_monthly_goal_graph_data "
		"refuses our DocTypes as goal or anchor (none of ours is a goal).",
		no_probe="needs an anchor document the user may read; the count cannot be seen by the name oracle",
		gap="frappe/utils/goal.py:25 frappe.qb.get_query(goal_doctype, filters) without permissions",
	),
	ReadPath(
		"frappe.desk.doctype.tag.tag.get_tagged_docs",
		"rows",
		"override",
		"tuoyu_frappe.security.closures.get_tagged_docs lists our tagged rows through frappe.get_list (Frappe: frappe.qb after a DocType check).",
		Probe("GET", {"doctype": "{doctype}", "tag": "%"}, target="scoped"),
		gap="frappe/desk/doctype/tag/tag.py:59 frappe.qb without row conditions; verified (tagged rows only)",
	),
	_write("frappe.desk.doctype.tag.tag.get_tags", "Tag names, no rows."),
	_write(
		"frappe.desk.doctype.tag.tag.add_tag",
		"A write: checks write on the document (our hook); the failed request rolls back.",
	),
	_write("frappe.desk.doctype.tag.tag.add_tags", "A write: checks write on each document (our hook)."),
	_write("frappe.desk.doctype.tag.tag.remove_tag", "A write: checks write on the document (our hook)."),
	# Frappe DocTypes that copy names, titles or data of our rows, read through the REST list.
	_companion(
		"Tag Link",
		("document_type", "document_name", "title"),
		"hook",
		"Readable by All with no row condition, it holds each tagged row's name and title; "
		"tuoyu_frappe.permissions.tag_link_query_conditions ties it to the tagged row's scope (as for File).",
		gap="frappe/desk/doctype/tag_link/tag_link.json: role All reads every Tag Link; verified",
	),
	_companion(
		"Document Follow",
		("ref_doctype", "ref_docname"),
		"hook",
		"Readable by every desk user, it names the followed rows; "
		"tuoyu_frappe.permissions.document_follow_query_conditions lists each user's own follows only.",
		gap="frappe/desk/doctype/document_follow/document_follow.json: role Desk User reads all",
	),
	_companion(
		"Version",
		("ref_doctype", "docname", "data"),
		"frappe",
		"Every tracked change of our rows; System Manager only (the form timeline reads it after the "
		"document check).",
	),
	_companion(
		"Comment",
		("reference_doctype", "reference_name", "content"),
		"frappe",
		"System Manager and Website Manager only; the timeline reads it after the document check.",
	),
	_companion(
		"ToDo",
		("reference_type", "reference_name"),
		"frappe",
		"ToDo's own conditions: the user's own and assigned-by-them ToDos.",
	),
	_companion(
		"Communication",
		("reference_doctype", "reference_name"),
		"frappe",
		"Communication's own conditions (owner, e-mail accounts); the timeline reads it after the "
		"document check.",
	),
	_companion(
		"DocShare",
		("share_doctype", "share_name"),
		"frappe",
		"System Manager only; frappe.share.get_users checks the document.",
	),
	_companion(
		"Energy Point Log",
		("reference_doctype", "reference_name"),
		"config",
		"Readable by every desk user; energy points are off and no Energy Point Rule targets our "
		"DocTypes, so no log names our rows.",
		gap="frappe/social/doctype/energy_point_log/energy_point_log.json: role Desk User reads every log",
	),
	_companion(
		"Access Log",
		("export_from", "reference_document"),
		"frappe",
		"Access Log, Activity Log, View Log, Route History, Error Log and Data Import Log (which copy "
		"names or data of our rows) are readable by System Manager only.",
	),
	_companion(
		"Deleted Document",
		("deleted_doctype", "deleted_name", "data"),
		"frappe",
		"System Manager only; holds the full JSON of deleted rows.",
	),
	# --- data import and export ------------------------------------------------------------------
	ReadPath(
		"frappe.core.doctype.data_export.exporter.export_data",
		"file",
		"hook",
		"Export permission on the DocType, then frappe.get_list for the rows and their child rows; the "
		"override " + IDENTITY_LOG + ".data_export_export_data only logs identity exports.",
		Probe(
			"POST",
			{
				"doctype": "{doctype}",
				"parent_doctype": "{parent_doctype}",
				"all_doctypes": "true",
				"with_data": 1,
				"file_type": "CSV",
				"template": "false",
			},
			target="scoped",
		),
	),
	ReadPath(
		"frappe.core.doctype.data_import.data_import.download_template",
		"file",
		"hook",
		"Export permission on the DocType, then frappe.db.get_list for the rows (child rows of those "
		"parents only); the override " + IDENTITY_LOG + ".data_import_download_template only logs identity "
		"exports.",
		Probe(
			"POST",
			{
				"doctype": "{doctype}",
				"export_fields": {"{doctype}": ["name"]},
				"export_records": "all",
				"file_type": "CSV",
			},
			target="scoped",
		),
	),
	ReadPath(
		"frappe.core.doctype.data_import.data_import.get_import_status",
		"count",
		"override",
		"tuoyu_frappe.api.get_import_status checks read on the Data Import (our import roles: if_owner).",
		no_probe="takes a Data Import name (tests/integration/test_data_import.py)",
		gap="frappe/core/doctype/data_import/data_import.py:195 no permission check",
	),
	ReadPath(
		"frappe.core.doctype.data_import.data_import.download_import_log",
		"file",
		"override",
		"tuoyu_frappe.api.download_import_log checks read on the Data Import first.",
		no_probe="takes a Data Import name (tests/integration/test_data_import.py)",
		gap="frappe/core/doctype/data_import/data_import.py:189 no permission check",
	),
	ReadPath(
		"frappe.core.doctype.data_import.data_import.download_errored_template",
		"file",
		"override",
		"tuoyu_frappe.api.download_errored_template checks read on the Data Import first.",
		no_probe="takes a Data Import name (tests/integration/test_data_import.py)",
		gap="frappe/core/doctype/data_import/data_import.py:183 no permission check",
	),
	ReadPath(
		"frappe.core.doctype.data_import.data_import.get_preview_from_template",
		"rows",
		"override",
		"tuoyu_frappe.security.closures.get_preview_from_template checks read on the Data Import and on its file (Frappe returns any import's rows, and reads any File by URL).",
		no_probe="takes a Data Import name",
		gap="frappe/core/doctype/data_import/data_import.py:126 no permission check; importer reads "
		"the File by URL without one",
	),
	ReadPath(
		"frappe.core.doctype.data_import.data_import.get_import_logs",
		"rows",
		"frappe",
		"Checks read on the Data Import (our import roles: if_owner, System Manager).",
		no_probe="takes a Data Import name",
	),
	_write(
		"frappe.core.doctype.data_import.data_import.form_start_import",
		"A write: tuoyu_frappe.security.closures.form_start_import checks write on the Data Import (Frappe starts any import by name).",
		gap="frappe/core/doctype/data_import/data_import.py:133 no permission check",
	),
	# --- printing --------------------------------------------------------------------------------
	ReadPath(
		"ROUTE GET /printview",
		"document",
		"hook",
		"validate_print_permission: read or print on the document (our hook), or a Document Share Key.",
		Probe("GET", {"doctype": "{doctype}", "name": "{name}"}, target="scoped"),
		source="frappe.www.printview.get_context",
	),
	ReadPath(
		"frappe.www.printview.get_html_and_style",
		"document",
		"hook",
		DOC + ". A JSON `doc` with a name that is not stored is judged on its own values only, so a reviewer "
		"can send their area with another area's point and the print shows that point's title (link "
		"titles come from the database); tuoyu_frappe.security.closures.get_html_and_style refuses JSON documents of our "
		"DocTypes (stored rows only).",
		Probe("GET", {"doc": "{doctype}", "name": "{name}"}),
		gap="frappe/www/printview.py:300 frappe.get_doc(json.loads(doc)) checks the client's document; "
		"verified: a reviewer of 罗庄区 printed an unsaved staff row naming a 兰山区 point and read its title",
	),
	ReadPath(
		"frappe.www.printview.get_rendered_raw_commands",
		"document",
		"hook",
		DOC
		+ "; a JSON `doc` as for get_html_and_style, refused by tuoyu_frappe.security.closures.get_rendered_raw_commands.",
		Probe("GET", {"doc": "{doctype}", "name": "{name}"}),
		gap="frappe/www/printview.py:331 frappe.get_doc(json.loads(doc)) checks the client's document",
	),
	ReadPath(
		"frappe.utils.print_format.download_pdf",
		"file",
		"hook",
		"validate_print_permission: read or print on the document (our hook), or a Document Share Key.",
		Probe("GET", {"doctype": "{doctype}", "name": "{name}"}, target="scoped"),
	),
	ReadPath(
		"frappe.utils.print_format.download_multi_pdf",
		"file",
		"hook",
		"Each document goes through the print view's validate_print_permission (our hook); refused ones "
		"are left out.",
		Probe("GET", {"doctype": "{doctype}", "name": ["{name}"]}, target="scoped"),
	),
	ReadPath(
		"frappe.utils.print_format.download_multi_pdf_async",
		"file",
		"hook",
		"download_multi_pdf in a job run as the caller: the same check per document.",
		no_probe="answers with a task id; the PDF arrives over realtime",
	),
	ReadPath(
		"frappe.utils.print_format.print_by_server",
		"file",
		"hook",
		"Network printing through frappe.get_print (the print view's check, our hook).",
		no_probe="needs Network Printer Settings and pycups",
	),
	ReadPath(
		"frappe.utils.weasyprint.download_pdf",
		"file",
		"hook",
		"Checks print on the document (our hook).",
		Probe("GET", {"doctype": "{doctype}", "name": "{name}", "print_format": "Standard"}, target="scoped"),
	),
	_write(
		"frappe.printing.page.print.print.get_print_settings_to_show",
		"Print Settings fields for a DocType that defines get_print_settings (none of ours), no row data.",
	),
	_write(
		"frappe.printing.page.print_format_builder.print_format_builder.create_custom_format",
		"A write: a Print Format.",
	),
	# --- workflow ----------------------------------------------------------------------------------
	ReadPath(
		"frappe.workflow.doctype.workflow.workflow.get_workflow_state_count",
		"count",
		"override",
		"tuoyu_frappe.api.get_workflow_state_count groups our rows through frappe.get_list (Frappe groups every row by any column with frappe.get_all: all point names, all ID numbers).",
		Probe(
			"GET",
			{"doctype": "{doctype}", "workflow_state_field": "name", "states": []},
			target="scoped",
		),
		gap="frappe/workflow/doctype/workflow/workflow.py:128 frappe.get_all; verified: a reviewer of "
		"罗庄区 read every staff ID number",
	),
	ReadPath(
		"frappe.model.workflow.get_transitions",
		"derived",
		"hook",
		"Loads the stored document and checks read (our hook).",
		Probe("POST", {"doc": {"doctype": "{doctype}", "name": "{name}"}}, target="scoped"),
	),
	ReadPath(
		"frappe.model.workflow.get_common_transition_actions",
		"derived",
		"hook",
		"get_transitions for each document: the stored row is checked for read (our hook).",
		Probe(
			"POST", {"docs": [{"doctype": "{doctype}", "name": "{name}"}], "doctype": "{doctype}"}, "scoped"
		),
	),
	_write(
		"frappe.model.workflow.apply_workflow",
		"A write on the stored document; tuoyu_frappe's filing rules guard it.",
	),
	_write("frappe.model.workflow.bulk_workflow_approval", "A write: apply_workflow per document."),
	_write("frappe.model.workflow.can_cancel_document", META + " (the Workflow)."),
	ReadPath(
		"frappe.workflow.doctype.workflow_action.workflow_action.apply_action",
		"derived",
		"frappe",
		"Only with the signed link Frappe e-mails to the user of a Workflow Action (verify_request).",
		no_probe="needs a signed link",
	),
	ReadPath(
		"frappe.workflow.doctype.workflow_action.workflow_action.confirm_action",
		"document",
		"frappe",
		"Only with the signed link (verify_request); applies the workflow as that user.",
		no_probe="needs a signed link",
	),
	# --- mapping and other dispatchers --------------------------------------------------------------
	ReadPath(
		"frappe.model.mapper.make_mapped_doc",
		"document",
		"frappe",
		"Calls a whitelisted mapper with override_whitelisted_methods applied; get_mapped_doc checks "
		"read on the source (our hook); our DocTypes have no mappers.",
		no_probe="our DocTypes have no mapper methods",
	),
	ReadPath(
		"frappe.model.mapper.map_docs",
		"count",
		"override",
		"`method` " + BYPASS + ": map_docs(method=frappe.client.get_count) counts without "
		"permissions and frappe.geo.utils.get_coords returned every point's coordinates; "
		"tuoyu_frappe.security.closures.map_docs resolves method through override_whitelisted_methods (as "
		"make_mapped_doc does).",
		Probe(
			"POST",
			{"method": "frappe.client.get_count", "source_names": ["{doctype}"], "target_doc": {}},
			reveals="number",
		),
		gap="frappe/model/mapper.py:47 frappe.get_attr(method); verified: an operator counted identities "
		"by ID number and read every point's coordinates",
	),
	ReadPath(
		"frappe.geo.utils.get_coords",
		"coords",
		"override",
		"tuoyu_frappe.api.get_coords reads markers through frappe.get_list.",
		Probe("GET", {"doctype": "{doctype}", "filters": {}, "type": "coordinates"}, target="scoped"),
		gap="frappe/geo/utils.py:10 builds the match conditions, then drops them",
	),
	# --- web forms and website lists ---------------------------------------------------------------
	ReadPath(
		"frappe.website.doctype.web_form.web_form.get_form_data",
		"document",
		"override",
		"Takes the DocType from the request (not from the Web Form) and returns any row the caller "
		"created (owner), whatever its scope now (a reassigned reviewer, a removed operator); "
		"tuoyu_frappe.security.closures.get_form_data takes our DocTypes only from their own Web Form and needs read on the row.",
		Probe(
			"GET", {"doctype": "{doctype}", "docname": "{name}", "web_form_name": "edit-profile"}, "scoped"
		),
		gap="frappe/website/doctype/web_form/web_form.py:426 the owner may read; verified with the "
		"standard edit-profile form",
	),
	_write(
		"frappe.website.doctype.web_form.web_form.accept",
		"A write to the Web Form's own DocType; no Web Form of ours.",
	),
	_write(
		"frappe.website.doctype.web_form.web_form.delete",
		"Deletes rows of the Web Form's own DocType (owner).",
	),
	_write(
		"frappe.website.doctype.web_form.web_form.delete_multiple",
		"Deletes rows of the Web Form's own DocType (owner).",
	),
	_write("frappe.website.doctype.web_form.web_form.get_web_form_filters", "Web Form fields, no rows."),
	_write("frappe.website.doctype.web_form.web_form.get_in_list_view_fields", META + "."),
	ReadPath(
		"frappe.www.list.get_list_data",
		"rows",
		"hook",
		LIST + " (child DocTypes refused; ignore_permissions only for allow_guest_to_view, not ours).",
		Probe("GET", {"doctype": "{doctype}", "limit": 100}, target="scoped"),
	),
	ReadPath(
		"frappe.www.list.get",
		"rows",
		"hook",
		"get_list_data: " + LIST + ".",
		Probe("GET", {"doctype": "{doctype}"}, target="scoped"),
	),
	ReadPath(
		"ROUTE GET /list",
		"rows",
		"hook",
		"The website list page: frappe.www.list.get (" + LIST + ").",
		Probe("GET", {"doctype": "{doctype}"}, target="scoped"),
		source="frappe.www.list.get_context",
	),
	ReadPath(
		"ROUTE GET /app/{route}",
		"none",
		"not-a-read",
		"The desk page: boot data (DocType permissions, workspaces), no rows; forms and lists load "
		"through getdoc and reportview.",
		source="frappe.www.app.get_context",
	),
	# --- realtime ----------------------------------------------------------------------------------
	ReadPath(
		"frappe.realtime.can_subscribe_doc",
		"derived",
		"override",
		"A document's room (doc_update, docinfo) needs read permission (our hook), but for a child row "
		"named by string Frappe never asks the parent row (answers True); "
		"tuoyu_frappe.security.closures.can_subscribe_doc checks the child row's parent document.",
		Probe("GET", {"doctype": "{doctype}", "docname": "{name}"}, reveals="value"),
		gap=CHILD_NAME_GAP,
	),
	_write(
		"frappe.realtime.can_subscribe_doctype",
		"Joins a DocType's room after a role check; the row names broadcast with every save are the "
		"list_update route's exposure.",
	),
	ReadPath(
		"ROUTE SOCKET list_update",
		"derived",
		"accepted",
		"Frappe broadcasts {doctype, name, user} of every saved row to every desk user's socket; names "
		"are sequence numbers and no field value travels, and no hook can filter it.",
		no_probe="a socket.io event, not a request",
		gap="frappe/model/document.py:1180 publish_realtime('list_update') to the site room",
		source="frappe.model.document.Document.notify_update",
	),
	# --- sharing, assignment rules, comments, likes -----------------------------------------------
	ReadPath(
		"frappe.share.get_users",
		"derived",
		"hook",
		"Checks read on the document (our hook) before listing its shares.",
		Probe("GET", {"doctype": "{doctype}", "name": "{name}"}, target="scoped", reveals="value"),
	),
	_write("frappe.share.add", "A write: share permission, and tuoyu_frappe.permissions.validate_share."),
	_write(
		"frappe.share.set_permission",
		"A write: share permission, and tuoyu_frappe.permissions.validate_share.",
	),
	_write(
		"frappe.automation.doctype.assignment_rule.assignment_rule.bulk_apply",
		"Applies Assignment Rules to any rows without a permission check; returns nothing (the shares "
		"it makes go through validate_share).",
		gap="frappe/automation/doctype/assignment_rule/assignment_rule.py:200 no permission check",
	),
	_write(
		"frappe.templates.includes.comments.comments.add_comment",
		"A write: publishes a comment on any row without a read check (the row's owner is e-mailed); "
		"returns only the new comment; tuoyu_frappe.security.closures.add_comment checks read on rows of ours first.",
		gap="frappe/templates/includes/comments/comments.py:45 frappe.get_doc without a permission check",
	),
	_write(
		"frappe.templates.includes.likes.likes.like",
		"A write: a like on any row without a permission check; returns only the like.",
		gap="frappe/templates/includes/likes/likes.py:16 frappe.get_doc without a permission check",
	),
	_write(
		"frappe.core.doctype.communication.email.make",
		"A write: needs email permission on the row (our hook), but File names in `attachments` become "
		"File rows of the caller's Communication saved with ignore_permissions, so has_file_permission is "
		"not asked; tuoyu_frappe.security.closures.communication_make checks read on each File it names.",
		gap="frappe/core/doctype/communication/email.py:244 attachments read by name without a permission check",
	),
	_write(
		"frappe.email.relink",
		"A write: relinks any Communication (by name) to any row with raw SQL, no permission check.",
		gap="frappe/email/__init__.py:56 no permission check",
	),
	ReadPath(
		"frappe.automation.doctype.auto_repeat.auto_repeat.generate_message_preview",
		"derived",
		"hook",
		"Auto Repeat write, then read on the reference document (our hook) before rendering it.",
		Probe(
			"POST",
			{"reference_dt": "{doctype}", "reference_doc": "{name}", "message": "{{{{ doc.name }}}}"},
			"scoped",
		),
	),
	_write(
		"frappe.automation.doctype.auto_repeat.auto_repeat.make_auto_repeat",
		"A write: Auto Repeat permission (no Tuoyu role) and our DocTypes do not allow auto repeat.",
	),
	_write(
		"frappe.automation.doctype.auto_repeat.auto_repeat.update_reference",
		"A write on Auto Repeat (write checked).",
	),
	_write("frappe.automation.doctype.auto_repeat.auto_repeat.get_auto_repeat_doctypes", META + "."),
	_write(
		"frappe.automation.doctype.reminder.reminder.create_new_reminder", "A write: the user's own Reminder."
	),
	_write(
		"frappe.social.doctype.energy_point_log.energy_point_log.review",
		"A write: needs review points (energy points are off).",
	),
	ReadPath(
		"frappe.social.doctype.energy_point_log.energy_point_log.get_reviews",
		"rows",
		"config",
		"Lists reviews of any row with frappe.get_all; energy points are off, so none names our rows.",
		Probe("GET", {"doctype": "{doctype}", "docname": "{name}"}, target="scoped", reveals="value"),
		gap="frappe/social/doctype/energy_point_log/energy_point_log.py:321 frappe.get_all",
	),
	# --- contacts, addresses, e-mail ---------------------------------------------------------------
	ReadPath(
		"frappe.contacts.doctype.address.address.get_default_address",
		"derived",
		"config",
		"Returns the Address linked to any row with frappe.get_all; the app links no Address to its rows.",
		Probe("GET", {"doctype": "{doctype}", "name": "{name}"}, target="scoped", reveals="value"),
		gap="frappe/contacts/doctype/address/address.py:143 frappe.get_all without a permission check",
	),
	ReadPath(
		"frappe.core.doctype.sms_settings.sms_settings.get_contact_number",
		"derived",
		"config",
		"A Contact's phone by raw SQL; the app links no Contact to its rows.",
		no_probe="reads Contact, which the app does not use",
		gap="frappe/core/doctype/sms_settings/sms_settings.py:48 raw SQL without a permission check",
	),
	ReadPath(
		"frappe.core.doctype.submission_queue.submission_queue.get_latest_submissions",
		"derived",
		"config",
		"The last queued submission (with its traceback) of any row; none of our DocTypes submits in "
		"the background.",
		Probe("GET", {"doctype": "{doctype}", "docname": "{name}"}, target="scoped", reveals="value"),
		gap="frappe/core/doctype/submission_queue/submission_queue.py:183 frappe.db.get_value without a check",
	),
	ReadPath(
		"frappe.utils.global_search.search",
		"rows",
		"config",
		"Reads __global_search for DocTypes the user can read; our DocTypes are kept out of global search.",
		Probe("GET", {"text": "{name}", "doctype": "{doctype}"}, target="scoped"),
		gap="frappe/utils/global_search.py:466 the index has no row conditions",
	),
	ReadPath(
		"frappe.email.doctype.email_group.email_group.import_from",
		"count",
		"frappe",
		"Email Group write (Newsletter Manager, never a Tuoyu role); it copies every row's e-mail field "
		"with frappe.get_all.",
		no_probe="needs an Email Group the user may write",
	),
	ReadPath(
		"frappe.utils.diff.version_query",
		"rows",
		"frappe",
		"frappe.get_list('Version'): System Manager only.",
		no_probe="a search query for Version",
	),
	_write(
		"frappe.contacts.doctype.address.address.address_query",
		"Searches Address (the doctype argument is ignored).",
	),
	_write(
		"frappe.contacts.doctype.contact.contact.contact_query",
		"Searches Contact (the doctype argument is ignored).",
	),
	_write("frappe.contacts.address_and_contact.filter_dynamic_link_doctypes", META + "."),
	_write("frappe.email.get_contact_list", "Searches Contact e-mail addresses."),
	_write("frappe.email.get_communication_doctype", META + "."),
	_write("frappe.email.doctype.email_account.email_account.get_append_to", META + "."),
	_write(
		"frappe.email.doctype.email_template.email_template.get_email_template",
		"Renders a template with the caller's values.",
	),
	_write("frappe.email.doctype.newsletter.newsletter.newsletter_email_read", "Newsletter only."),
	_write("frappe.email.inbox.create_email_flag_queue", "Communication flags."),
	_write("frappe.email.queue.unsubscribe", "Signed link; writes an Email Unsubscribe."),
	_write("frappe.desk.doctype.event.event.delete_communication", "A write: deletes Event communications."),
	# --- administration (System Manager only) and metadata -----------------------------------------
	_write("frappe.core.doctype.user_permission.user_permission.check_applicable_doc_perm", SM_ONLY + "."),
	_write("frappe.core.doctype.user_permission.user_permission.clear_user_permissions", SM_ONLY + "."),
	_write(
		"frappe.core.doctype.user_permission.user_permission.get_user_permissions",
		"The caller's own User Permissions.",
	),
	_write("frappe.core.doctype.user_permission.user_permission.get_applicable_for_doctype_list", META + "."),
	_write("frappe.core.page.permission_manager.permission_manager.get_permissions", SM_ONLY + "."),
	_write("frappe.core.page.permission_manager.permission_manager.add", SM_ONLY + "."),
	_write("frappe.core.page.permission_manager.permission_manager.update", SM_ONLY + "."),
	_write("frappe.core.page.permission_manager.permission_manager.remove", SM_ONLY + "."),
	_write("frappe.core.page.permission_manager.permission_manager.reset", SM_ONLY + "."),
	_write("frappe.core.page.permission_manager.permission_manager.get_standard_permissions", SM_ONLY + "."),
	_write(
		"frappe.core.report.database_storage_usage_by_tables.database_storage_usage_by_tables.optimize_doctype",
		SM_ONLY + ".",
	),
	_write(
		"frappe.core.report.permitted_documents_for_user.permitted_documents_for_user.query_doctypes",
		META + ".",
	),
	_write("frappe.core.doctype.scheduled_job_type.scheduled_job_type.execute_event", SM_ONLY + "."),
	_write(
		"frappe.core.doctype.deleted_document.deleted_document.bulk_restore",
		"Deleted Document: System Manager only.",
	),
	_write("frappe.core.doctype.doctype.doctype.get_row_size_utilization", META + " (DocType read)."),
	_write(
		"frappe.core.doctype.document_naming_settings.document_naming_settings.DocumentNamingSettings.get_options",
		META + ".",
	),
	_write("frappe.core.doctype.log_settings.log_settings.get_log_doctypes", META + "."),
	_write("frappe.core.doctype.role.role.role_query", "Searches Role."),
	_write("frappe.core.doctype.user.user.user_query", "Searches User (the doctype argument is ignored)."),
	_write("frappe.core.doctype.user_type.user_type.get_user_linked_doctypes", META + "."),
	_write("frappe.core.doctype.user_type.user_type.get_user_id", META + "."),
	_write("frappe.core.doctype.access_log.access_log.make_access_log", "A write: an Access Log row."),
	_write("frappe.custom.doctype.custom_field.custom_field.get_fields_label", META + "."),
	_write("frappe.custom.doctype.customize_form.customize_form.get_orphaned_columns", SM_ONLY + "."),
	_write(
		"frappe.custom.doctype.customize_form.customize_form.get_link_filters_from_doc_without_customisations",
		META + ".",
	),
	_write("frappe.modules.utils.export_customizations", "Developer mode only; " + META + "."),
	_write("frappe.utils.nestedset.rebuild_tree", SM_ONLY + " when called over HTTP."),
	_write(
		"frappe.desk.doctype.system_console.system_console.execute_code",
		"System Console: System Manager only.",
	),
	_write("frappe.desk.desk_page.getpage", "A desk Page definition."),
	_write(
		"frappe.desk.doctype.list_view_settings.list_view_settings.save_listview_settings",
		"A write of List View Settings.",
	),
	_write(
		"frappe.desk.doctype.list_view_settings.list_view_settings.get_default_listview_fields", META + "."
	),
	_write(
		"frappe.desk.doctype.custom_html_block.custom_html_block.get_custom_blocks_for_user",
		"Searches Custom HTML Block.",
	),
	_write("frappe.desk.doctype.desktop_icon.desktop_icon.add_user_icon", "The user's desktop icons."),
	_write("frappe.desk.doctype.workspace.workspace.update_page", "A write of a Workspace."),
	_write(
		"frappe.desk.doctype.notification_log.notification_log.mark_as_read",
		"Marks a Notification Log read (by name, without an owner check); no row data.",
	),
	_write(
		"frappe.desk.doctype.bulk_update.bulk_update.submit_cancel_or_update_docs",
		"A write: each document is checked (our hook).",
	),
	_write(
		"frappe.desk.doctype.kanban_board.kanban_board.get_kanban_boards",
		"Kanban Board definitions (their own conditions).",
	),
	_write("frappe.desk.doctype.kanban_board.kanban_board.add_column", "A write of a Kanban Board."),
	_write(
		"frappe.desk.doctype.kanban_board.kanban_board.archive_restore_column", "A write of a Kanban Board."
	),
	_write(
		"frappe.desk.doctype.kanban_board.kanban_board.update_order",
		"A write: moves cards with frappe.set_value, which checks each row (our hook).",
	),
	_write(
		"frappe.desk.doctype.kanban_board.kanban_board.update_order_for_single_card",
		"A write: frappe.set_value checks the row (our hook).",
	),
	_write("frappe.desk.doctype.kanban_board.kanban_board.add_card", "A write of a Kanban Board."),
	_write(
		"frappe.desk.doctype.kanban_board.kanban_board.quick_kanban_board", "A write: a new Kanban Board."
	),
	_write("frappe.desk.doctype.kanban_board.kanban_board.update_column_order", "A write of a Kanban Board."),
	_write("frappe.desk.doctype.kanban_board.kanban_board.set_indicator", "A write of a Kanban Board."),
	_write("frappe.desk.doctype.kanban_board.kanban_board.save_settings", "A write of a Kanban Board."),
	_write(
		"frappe.model.document.unlock_document", "Removes a document lock (no permission check); no row data."
	),
	_write(
		"frappe.model.rename_doc.update_document_title",
		"A write: checks write on the stored document (our hook).",
	),
	_write("frappe.model.utils.user_settings.save", "The user's own list settings."),
	_write("frappe.model.utils.user_settings.get", "The user's own list settings."),
	_write("frappe.search.web_search", "Website routes only; our DocTypes have no web view."),
	_write(
		"frappe.website.doctype.discussion_topic.discussion_topic.submit_discussion",
		"A write: a Discussion Topic/Reply (ignore_permissions), no row data.",
	),
)


# --- the app's own guest reads -------------------------------------------------------------------------
# Guests hold no permission on our DocTypes, so every public page and guest method of the app reads
# with a fixed field list and fixed filters, as listed here. tests/unit/test_read_path_inventory.py
# checks that every guest-callable method and every page under www/ is listed, and that the public
# payload reads exactly the fields named here; tests/api/test_public_directory.py,
# tests/api/test_verify.py and tests/api/test_complaint_public.py check what the answers show.


@dataclass(frozen=True)
class GuestRead:
	path: str  # dotted guest method, or "ROUTE GET /tuoyu/..." for a page
	reads: dict  # DocType -> the fields read (a tuple), or "*" for reference data read whole
	filters: str  # which rows
	limit: str  # the rate limit
	shows: str  # what reaches the guest


_PUBLIC_POINT_FIELDS = (
	"name", "point_name", "filing_number", "status", "capacity", "enrolment", "service_model",
	"full_day", "half_day", "hourly", "occasional", "area", "township", "premises_type", "address",
	"latitude", "longitude", "is_demonstration", "demonstration_until",
)  # fmt: skip
_PUBLIC_DIRECTORY_READS = {
	"Tuoyu Point": _PUBLIC_POINT_FIELDS,
	"Tuoyu Inspection": ("point", "inspected_at", "inspection_type", "conclusion"),
	"Tuoyu Filing": ("point", "decided_on"),
	"Tuoyu Area": ("name", "area_name", "level", "county_area"),
	"Tuoyu Public Settings": "*",
}
_PUBLIC_DIRECTORY_FILTERS = (
	"points with a filing number, 已备案 or 停业整改, or 已撤销备案 with revoked_on and 已注销 with an approved "
	"注销备案 filing (decided_on) within Tuoyu Public Settings.cancelled_listed_days; inspections: completed "
	"(docstatus 1) 部门定期巡查 and 双随机抽查 of the page's points; areas: enabled counties and townships"
)
_PUBLIC_DIRECTORY_SHOWS = (
	"tuoyu_frappe.public_info.payload.PUBLIC_KEYS only (the address of home premises cut at the street or "
	"compound by public_address; enrolment only as places_available; latitude/longitude only through "
	"coarsen); cached per query and page for payload.CACHE_SECONDS"
)

GUEST_READS: tuple[GuestRead, ...] = (
	GuestRead(
		"tuoyu_frappe.public_info.api.directory",
		_PUBLIC_DIRECTORY_READS,
		_PUBLIC_DIRECTORY_FILTERS,
		"payload.DIRECTORY_LIMIT per IP per payload.DIRECTORY_WINDOW (frappe.rate_limiter.rate_limit)",
		_PUBLIC_DIRECTORY_SHOWS,
	),
	GuestRead(
		"ROUTE GET /tuoyu/directory",
		_PUBLIC_DIRECTORY_READS,
		_PUBLIC_DIRECTORY_FILTERS,
		"payload.PAGE_LIMIT per IP per payload.PAGE_WINDOW (payload.hit, its own counter)",
		_PUBLIC_DIRECTORY_SHOWS,
	),
	GuestRead(
		"tuoyu_frappe.public_info.api.map_points",
		{k: v for k, v in _PUBLIC_DIRECTORY_READS.items() if k != "Tuoyu Inspection"},
		_PUBLIC_DIRECTORY_FILTERS + "; at most payload.MAX_MAP_POINTS, not paged",
		"payload.MAP_LIMIT per IP per payload.MAP_WINDOW (frappe.rate_limiter.rate_limit)",
		"tuoyu_frappe.public_info.payload.MAP_KEYS only (entry() keys a popup needs, and a position from "
		"payload.position: home and unknown premises snapped to the grid cell centre or a known township "
		"centre, others rounded to about 10 m); cached per query for payload.CACHE_SECONDS",
	),
	GuestRead(
		"ROUTE GET /tuoyu/map",
		{k: v for k, v in _PUBLIC_DIRECTORY_READS.items() if k != "Tuoyu Inspection"},
		"as public_info.api.map_points",
		"payload.MAP_PAGE_LIMIT per IP per payload.MAP_PAGE_WINDOW (payload.hit, its own counter)",
		"as public_info.api.map_points; the tile source of Tuoyu Public Settings (none: no map, no tiles)",
	),
	GuestRead("ROUTE GET /tuoyu", {}, "none: static text", "none (no read)", "the page's own text and links"),
	GuestRead(
		"tuoyu_frappe.filing.receipt.verify",
		{"Tuoyu Point": ("point_name", "filing_number", "status", "area", "township", "filed_on")},
		"the point holding the exact filing number, in 已备案/停业整改/已注销/已撤销备案",
		"receipt.VERIFY_LIMIT per IP per receipt.VERIFY_WINDOW",
		"receipt.lookup's keys: name, number, status and its note, area and township names, filing date",
	),
	GuestRead(
		"ROUTE GET /tuoyu/verify",
		{"Tuoyu Point": ("point_name", "filing_number", "status", "area", "township", "filed_on")},
		"as receipt.verify",
		"receipt.rate_limited_lookup (per IP, the page's counter)",
		"as receipt.verify",
	),
	GuestRead(
		"tuoyu_frappe.complaints.public.search_points",
		{"Tuoyu Point": ("point_name", "filing_number")},
		"已备案 points whose name or number matches, at most ten",
		"public.SEARCH_LIMIT per IP per public.SEARCH_WINDOW",
		"name and filing number",
	),
	GuestRead(
		"tuoyu_frappe.complaints.public.submit",
		{"Tuoyu Point": ("name",), "Tuoyu Area": ("name",)},
		"the 已备案 point of the given filing number; the given township",
		"public.SUBMIT_LIMIT per IP per public.SUBMIT_WINDOW",
		"the new complaint's tracking code and received time",
	),
	GuestRead(
		"ROUTE GET /tuoyu/complaint",
		{
			"Tuoyu Area": ("name", "area_name", "level", "county_area"),
			"Tuoyu Point": ("point_name", "filing_number", "area", "township"),
		},
		"enabled counties and townships; with ?no=, the 已备案 point of that filing number",
		"the pre-fill: public.SEARCH_LIMIT per IP per public.SEARCH_WINDOW (payload.hit)",
		"the form, and the pre-filled point's name and number",
	),
	GuestRead(
		"ROUTE GET /tuoyu/complaint-status",
		{
			"Tuoyu Complaint": (
				"workflow_state",
				"received_at",
				"concluded_at",
				"conclusion",
				"public_summary",
				"rejection_reason",
			)
		},
		"the complaint whose tracking hash matches the code",
		"public.TRACK_LIMIT per IP per public.TRACK_WINDOW",
		"complaints.public.tracking_view's keys",
	),
)
