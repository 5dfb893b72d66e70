"""Daily: rectifications that are overdue, or that failed verification, escalate to a proposed
suspension (停业整改, waiting for a city administrator's approval). Never twice for one
rectification.

The scheduler commits after the job (and rolls back if it fails), so the job itself does not."""

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow
from frappe.utils import getdate, today

from tuoyu_frappe.supervision import enforcement_rules as r
from tuoyu_frappe.supervision.rectification import fill_missing_deadlines
from tuoyu_frappe.utils import in_site_language

ACTION = "Tuoyu Enforcement Action"
RECTIFICATION = "Tuoyu Rectification"


@in_site_language
def daily() -> dict[str, int]:
	fill_missing_deadlines()  # notices opened before their calendar year was entered
	# A system job over every rectification that may escalate; each notice goes to its area only.
	candidates = frappe.get_all(
		RECTIFICATION,
		filters={"workflow_state": ("in", (r.R_OPEN, r.R_FAILED)), "enforcement_action": ("is", "not set")},
		pluck="name",
		order_by="creation asc",
	)
	proposed = 0
	for name in candidates:
		if escalate(name):
			proposed += 1
	return {"candidates": len(candidates), "proposed": proposed}


def open_suspension_of(point: str) -> str | None:
	return frappe.db.get_value(ACTION, {"point": point, "action_type": r.SUSPEND, "docstatus": 0}, "name")


def escalate(name: str) -> str | None:
	"""Propose the suspension a rectification calls for; the proposal's name, or None when it calls
	for none (not overdue, already proposed, the point not filed or a suspension already pending)."""
	# Lock the rectification: the daily job and a verification at the same moment propose once.
	rect = frappe.db.get_value(
		RECTIFICATION,
		name,
		[
			"name",
			"point",
			"area",
			"point_name",
			"workflow_state",
			"deadline",
			"enforcement_action",
			"inspection",
		],
		as_dict=True,
		for_update=True,
	)
	if not rect:
		return None
	already = bool(rect.enforcement_action) or bool(
		frappe.db.exists(ACTION, {"rectification": name, "origin": r.ORIGIN_ESCALATION})
	)
	why = r.escalation_reason(
		rect.workflow_state, getdate(rect.deadline) if rect.deadline else None, getdate(today()), already
	)
	if not why:
		return None
	point_status = frappe.db.get_value("Tuoyu Point", rect.point, "status")
	if point_status != r.FILED or open_suspension_of(rect.point):
		return None  # nothing to suspend, or a suspension is already being decided
	clauses = frappe.get_all(
		"Tuoyu Rectification Item",
		filters={"parent": name, "parenttype": RECTIFICATION},
		fields=["legal_source", "clause"],
		order_by="idx",
	)
	cited = sorted({" ".join(x for x in (c.legal_source, c.clause) if x) for c in clauses} - {""})
	reason = (
		_("Rectification {0} is overdue: the deadline was {1}").format(name, rect.deadline)
		if why == r.OVERDUE
		else _("Rectification {0} failed verification").format(name)
	)
	action = frappe.get_doc(
		{
			"doctype": ACTION,
			"action_type": r.SUSPEND,
			"point": rect.point,
			"reason": reason,
			"legal_basis": "；".join([r.SUSPENSION_BASIS, *cited]),
			"rectification": name,
			"inspection": rect.inspection,
		}
	)
	action.flags.proposed_by_escalation = True
	action.insert(ignore_permissions=True)  # a system proposal; the city administrator decides
	apply_workflow(action.as_dict(), r.E_PROPOSE)
	frappe.db.set_value(
		RECTIFICATION,
		name,
		{"enforcement_action": action.name, "escalated_on": getdate(today())},
		update_modified=False,
	)
	return action.name
