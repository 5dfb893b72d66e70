# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

from frappe.model.document import Document


class TuoyuDemonstrationRubricItem(Document):
	pass
