# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

from tuoyu_frappe.permissions import ScopedChildDocument


class TuoyuDemonstrationScore(ScopedChildDocument):
	pass
