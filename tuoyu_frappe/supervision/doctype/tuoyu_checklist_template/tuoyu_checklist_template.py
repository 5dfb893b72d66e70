# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint

from tuoyu_frappe.supervision import inspection_rules as r


class TuoyuChecklistTemplate(Document):
	"""A checklist as data. The server raises `version` whenever the items change; an inspection
	copies the items of the version it used, so a later edit never rewrites a past inspection."""

	def validate(self):
		types = r.parse_inspection_types(self.inspection_types)
		self.inspection_types = "\n".join(types)
		for item in self.items:
			for fieldname in ("item_code", "section", "legal_source", "clause"):
				item.set(fieldname, (item.get(fieldname) or "").strip())
		if problems := r.template_problems(types, [item.as_dict() for item in self.items]):
			frappe.throw(
				"<br>".join(_(message).format(**params) for message, params in problems),
				title=_("The checklist template is not valid"),
			)
		self.set_version()

	def set_version(self):
		before = self.get_doc_before_save()
		if before is None:
			self.version = 1
			return
		changed = r.items_signature([i.as_dict() for i in self.items]) != r.items_signature(
			[i.as_dict() for i in before.items]
		)
		# Never set by the user: the stored version, raised only by a change of the items.
		self.version = cint(before.version) + 1 if changed else cint(before.version)
