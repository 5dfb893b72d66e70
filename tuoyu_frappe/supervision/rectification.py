"""Opening a rectification notice (整改通知) and its deadline in working days.

`open_from_inspection` is what the inspection form's button "下达整改通知" calls; complaints and
incidents will call `open_rectification` with their own source and items."""

from datetime import date

import frappe
from frappe import _
from frappe.utils import cint, getdate, today

from tuoyu_frappe.filing import clock
from tuoyu_frappe.supervision import enforcement_rules as r
from tuoyu_frappe.supervision import guard
from tuoyu_frappe.workdays import CalendarNotLoaded

INSPECTION = "Tuoyu Inspection"
INSPECTION_COMPLETED = "已完成"
ITEM_FIELDS = ("item_code", "section", "item_text", "legal_source", "clause", "severity", "note")


def site_language() -> str:
	return frappe.get_system_settings("language") or "en"


@frappe.whitelist(methods=["POST"])
def open_from_inspection(inspection: str) -> str:
	"""Open the rectification of a completed inspection's failed items; returns its name."""
	doc = guard.locked_document(INSPECTION, inspection, _("Inspection {0} does not exist").format(inspection))
	doc.check_permission("read")
	point_status = frappe.db.get_value("Tuoyu Point", doc.point, "status")
	guard.require_supervisor(doc, frappe.session.user, _("order a rectification"))
	if doc.docstatus != 1 or doc.workflow_state != INSPECTION_COMPLETED:
		frappe.throw(_("Only a completed inspection can order a rectification"))
	failed = [row for row in doc.results if row.result == r.FAILED_RESULT]
	if not failed:
		frappe.throw(_("Inspection {0} has no failed items to rectify").format(doc.name))
	existing = frappe.db.get_value(
		"Tuoyu Rectification", {"source_doctype": INSPECTION, "source_name": doc.name, "docstatus": ("<", 2)}
	)
	if existing:
		frappe.throw(_("Rectification {0} has already been opened for this inspection").format(existing))
	guard.throw_problems(r.rectification_problems(point_status), _("Cannot Order Rectification"))
	items = [{**{f: row.get(f) for f in ITEM_FIELDS}, "source_result": row.name} for row in failed]
	return open_rectification(doc.point, items, INSPECTION, doc.name, inspection=doc.name)


def open_rectification(
	point: str, items: list[dict], source_doctype: str, source_name: str, inspection: str | None = None
) -> str:
	"""A rectification notice for `point` as the current user (the controller checks that they
	supervise it), dated today, with its deadline from the point's rule set."""
	if not items:
		frappe.throw(_("A rectification notice needs at least one item"))
	rule_set = frappe.db.get_value("Tuoyu Point", point, "rule_set")
	doc = frappe.get_doc(
		{
			"doctype": "Tuoyu Rectification",
			"point": point,
			"workflow_state": r.R_OPEN,
			"source_doctype": source_doctype,
			"source_name": source_name,
			"inspection": inspection,
			"items": items,
			"opened_by": frappe.session.user,
			"rule_set": rule_set,
		}
	)
	set_deadline(doc, getdate(today()))
	doc.flags.opened_by_server = True
	doc.insert()
	doc.add_comment("Info", _("Opened from {0} {1}").format(_(source_doctype), source_name))
	from tuoyu_frappe.supervision.doctype.tuoyu_rectification.tuoyu_rectification import point_comment

	point_comment(
		point,
		_("Rectification notice {0} ordered ({1} item(s)); deadline {2}").format(
			doc.name, len(doc.items), doc.deadline or "—"
		),
	)
	if doc.deadline_note:
		frappe.msgprint(doc.deadline_note, indicator="orange", alert=True)
	return doc.name


def set_deadline(doc, notice_date: date) -> None:
	"""Notice date and the deadline N working days later (N and its clause from the rule set). A
	calendar year that is not loaded leaves the deadline empty with a note saying which year; the
	daily job fills it in once the year is entered."""
	rules = (
		frappe.db.get_value(
			"Tuoyu Rule Set",
			doc.rule_set,
			["rectification_working_days", "rectification_working_days_clause"],
			as_dict=True,
		)
		or frappe._dict()
	)
	days = cint(rules.rectification_working_days) or 10
	doc.notice_date, doc.working_days = notice_date, days
	doc.deadline_basis = " ".join(x for x in (doc.rule_set, rules.rectification_working_days_clause) if x)
	try:
		doc.deadline = clock.load_calendar().add_working_days(notice_date, days)
		doc.deadline_note = None
	except CalendarNotLoaded as missing:
		doc.deadline = None
		doc.deadline_note = _(missing.message, lang=site_language()).format(**missing.params)


def fill_missing_deadlines() -> list[str]:
	"""Deadlines that could not be computed because a calendar year was missing (daily job)."""
	filled = []
	# A system job over open notices; nothing is returned to a user.
	for name in frappe.get_all(
		"Tuoyu Rectification",
		filters={"docstatus": 0, "deadline": ("is", "not set"), "notice_date": ("is", "set")},
		pluck="name",
	):
		doc = frappe.get_doc("Tuoyu Rectification", name)
		set_deadline(doc, getdate(doc.notice_date))
		frappe.db.set_value(
			"Tuoyu Rectification",
			name,
			{"deadline": doc.deadline, "deadline_note": doc.deadline_note},
			update_modified=False,
		)
		if doc.deadline:
			filled.append(name)
	return filled
