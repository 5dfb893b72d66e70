"""Sites installed before the app switched tracebacks off at install (see
tuoyu_frappe.setup.hardening.hide_tracebacks)."""

from tuoyu_frappe.setup.hardening import hide_tracebacks


def execute():
	hide_tracebacks()
