"""System notifications and emails about the app's documents (filings, inspections, rectifications,
staff, complaints...)."""

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
from frappe.utils import escape_html, get_url_to_form


def send(users, subject: str, doc) -> None:
	"""A system notification, and an email when the site can send mail (Frappe itself sends
	no email for notifications of type Alert)."""
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
	if outgoing_email_configured():
		send_email(users, subject, doc)


def outgoing_email_configured() -> bool:
	return bool(
		frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1})
		or frappe.conf.get("mail_server")
	)


def send_email(users: list[str], subject: str, doc) -> None:
	recipients = frappe.get_all(
		"User", filters={"name": ("in", users), "enabled": 1, "email": ("is", "set")}, pluck="email"
	)
	if not recipients:
		return
	link = get_url_to_form(doc.doctype, doc.name)
	try:
		frappe.sendmail(
			recipients=sorted(recipients),
			subject=subject,
			message=f'<p>{escape_html(subject)}</p><p><a href="{link}">{escape_html(open_text(doc))}</a></p>',
			reference_doctype=doc.doctype,
			reference_name=doc.name,
		)
	except frappe.OutgoingEmailError:
		# The system notification has gone out; a mail problem must not undo the action.
		frappe.log_error(title=_("Notification emails could not be sent"))


def open_text(doc) -> str:
	"""The e-mail's link, named after the document it opens: 查看托育点人员 TYS-00001."""
	return _("Open {0} {1}").format(_(doc.doctype), doc.name)


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
