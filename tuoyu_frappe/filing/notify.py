"""System notifications (and, through Frappe's Notification Settings, emails) about filings."""

import frappe
from frappe.desk.doctype.notification_log.notification_log import make_notification_logs


def send(users, subject: str, doc) -> None:
	users = sorted({u for u in users if u and u != "Administrator"})
	if not users:
		return
	notification = frappe._dict(
		type="Alert",
		document_type=doc.doctype,
		document_name=doc.name,
		subject=subject,
		from_user=frappe.session.user,
	)
	make_notification_logs(notification, users)


def area_reviewers(area: str) -> list[str]:
	return frappe.get_all("Tuoyu Reviewer Assignment", filters={"area": area, "enabled": 1}, pluck="reviewer")


def point_operators(point: str) -> list[str]:
	return frappe.get_all(
		"Tuoyu Point Operator", filters={"parent": point, "parenttype": "Tuoyu Point"}, pluck="user"
	)


def city_admins() -> list[str]:
	return frappe.get_all(
		"Has Role", filters={"role": "Tuoyu City Admin", "parenttype": "User"}, pluck="parent", distinct=True
	)
