"""Demo of the daily reminders: the settings saved with their defaults, a few health certificates
of filed points' staff coming up for renewal, and one run of each reminder job, so operators and
reviewers find reminders in their notifications and city admins the Tuoyu Reminder Log. Runs
after the supervision demo (its rectifications have deadlines). Idempotent: a certificate already
due is not moved again, and each reminder is sent once."""

from collections.abc import Callable
from datetime import timedelta

import frappe
from frappe.utils import getdate, today

from tuoyu_frappe.reminders import background_checks, certificates, rectifications, settings

DEMO_CERTIFICATES = 3
DEMO_LEAD_DAYS = (5, 12, 20)


def load_reminders_demo(commit: bool = False, log: Callable[[str], None] = print) -> dict:
	frappe.set_user("Administrator")
	if settings.stored("remind_certificates") is None:
		frappe.get_single(settings.DOCTYPE).save()  # the defaults, stored: the form shows them
	on = getdate(today())
	due_soon = [
		["employment_status", "=", "在职"],
		["health_cert_expiry", "between", (on, on + timedelta(days=30))],
	]
	moved = 0
	if not frappe.get_all("Tuoyu Staff", filters=due_soon, limit=1):
		filed = frappe.get_all(
			"Tuoyu Point", filters={"status": "已备案"}, pluck="name", order_by="name asc", limit=10
		)
		staff = frappe.get_all(
			"Tuoyu Staff",
			filters={"point": ("in", filed or [""]), "employment_status": "在职"},
			pluck="name",
			order_by="name asc",
			limit=DEMO_CERTIFICATES,
		)
		for name, days in zip(staff, DEMO_LEAD_DAYS, strict=False):
			frappe.db.set_value(
				"Tuoyu Staff", name, "health_cert_expiry", on + timedelta(days=days), update_modified=False
			)
			moved += 1
	result = {
		"certificates_moved": moved,
		"certificates": certificates.daily(commit=commit).get("reminded", 0),
		"background_checks": background_checks.daily(commit=commit).get("reminded", 0),
		"rectifications": rectifications.daily(commit=commit).get("reminded", 0),
	}
	if commit:
		frappe.db.commit()
	log(
		f"  提醒 Reminders: 证件到期 {result['certificates']}, 背景复查 {result['background_checks']}, "
		f"整改期限 {result['rectifications']}"
	)
	return result
