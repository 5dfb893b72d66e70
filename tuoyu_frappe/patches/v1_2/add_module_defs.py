"""Module Defs for the modules added after install (Complaints, Safety, Association, Reminders):
Frappe creates them only at install, and their DocTypes must find them when they are synced."""

import frappe
from frappe.installer import add_module_defs


def execute():
	add_module_defs("tuoyu_frappe", ignore_if_duplicate=True)
	frappe.clear_cache()
