"""Clean refusals for documents: permission messages that name the DocType in Chinese, and plain
text fields that refuse markup.

Frappe v15 formats two document-level refusals with the raw DocType name, so a zh user read
"用户不能删除Tuoyu Staff" (`frappe.model.delete_doc.check_permission_and_not_submitted`) and
"Tuoyu Staff的权限不足" (`Document.raise_no_permission_to`, behind every `check_permission`: REST
GET/PUT, frappe.client.get, save). Both go through methods of the document, so a controller that
mixes in `ChineseRefusals` words them itself, with `_(doctype)` (the DocType's zh name from
translations/zh.csv). Frappe is not patched: only our own controllers change.
"""

import frappe
from frappe import _

from tuoyu_frappe import validation
from tuoyu_frappe.utils import chinese_errors


class ChineseRefusals:
	"""Mixin for Document controllers (put it before Document in the bases)."""

	def has_permission(self, permtype="read", *, debug=False, user=None) -> bool:
		allowed = super().has_permission(permtype, debug=debug, user=user)
		if not allowed and permtype == "delete":
			# Frappe asks a document for the delete right only in delete_doc, which refuses next
			# with the raw DocType name; refuse here, in words.
			frappe.throw(
				_("You are not permitted to delete {0} {1}").format(_(self.doctype), self.refusal_title()),
				frappe.PermissionError,
				title=_("Not Permitted"),
			)
		return allowed

	def raise_no_permission_to(self, perm_type):
		frappe.flags.error_message = (
			_("Insufficient Permission for {0}").format(_(self.doctype)) + f" ({frappe.bold(_(perm_type))})"
		)
		raise frappe.PermissionError

	def refusal_title(self) -> str:
		# The title (a staff member's name) only for users who may read the row anyway.
		readable = self.has_permission("read")
		title = self.get_title() if self.meta.title_field and readable else None
		return f"{title} ({self.name})" if title and title != self.name else str(self.name)


def refuse_markup(doc, fieldnames: tuple[str, ...], tables: dict[str, tuple[str, ...]] | None = None) -> None:
	"""Normalise plain-text fields of `doc` (and of its child rows in `tables`) and refuse markup,
	naming the field by its label in the user's language."""
	rows = [(doc, fieldnames)] + [
		(row, fields) for table, fields in (tables or {}).items() for row in doc.get(table) or []
	]
	for row, fields in rows:
		for fieldname in fields:
			if not row.get(fieldname):
				continue
			label = _(row.meta.get_label(fieldname), context=row.doctype)  # as the form shows it
			if row is not doc:
				label = _("Row {0}").format(row.idx) + " " + label
			with chinese_errors():
				row.set(fieldname, validation.validate_plain_text(row.get(fieldname), label))


def referring_doctypes(doctype: str, name: str, ignore: set[str] | frozenset[str] = frozenset()) -> list[str]:
	"""The DocTypes whose records link to this record (for a child table: its parent's DocType),
	from the link metadata, so a DocType added later (inspections, say) is covered the day it is
	added. Internal look-ups: only DocType names leave this function."""
	from frappe.model.rename_doc import get_link_fields

	found: list[str] = []
	for link in get_link_fields(doctype):
		link_doctype = link["parent"]
		if link.get("issingle") or link_doctype in ignore:
			continue
		column = "parenttype" if frappe.get_meta(link_doctype).istable else "name"
		value = frappe.db.get_value(link_doctype, {link["fieldname"]: name}, column)
		owner = (value if column == "parenttype" else link_doctype) if value else None
		if owner and owner not in ignore and owner not in found:
			found.append(owner)
	return found
