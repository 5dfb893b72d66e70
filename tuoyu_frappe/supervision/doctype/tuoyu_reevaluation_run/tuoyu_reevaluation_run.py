# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

"""The audit record of a re-evaluation (tuoyu_frappe.supervision.reevaluation): written by the
server only; city admins read it, nobody edits it."""

import frappe
from frappe import _
from frappe.model.document import Document

FINDING = "Tuoyu Reevaluation Finding"


class TuoyuReevaluationRun(Document):
	def validate(self):
		if not self.flags.written_by_server:
			frappe.throw(_("A re-evaluation run is recorded by the server"), frappe.PermissionError)

	def on_trash(self):
		frappe.db.delete(FINDING, {"run": self.name})
