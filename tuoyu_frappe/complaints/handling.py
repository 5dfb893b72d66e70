"""Handling a complaint beyond its workflow: opening the 投诉核查 inspection (the complaint form's
button), keeping an inspection's complaint link honest, and the point's count of substantiated
complaints (a server-set field, whatever a request sends)."""

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow
from frappe.utils import today

from tuoyu_frappe.complaints import rules as r
from tuoyu_frappe.complaints.clock import substantiated_count
from tuoyu_frappe.complaints.doctype.tuoyu_complaint.tuoyu_complaint import is_handler_or_city
from tuoyu_frappe.supervision import guard

COMPLAINT = "Tuoyu Complaint"
COMPLAINT_CHECK = "投诉核查"


@frappe.whitelist(methods=["POST"])
def open_inspection(complaint: str) -> str:
	"""Open the 投诉核查 inspection of an accepted complaint; the complaint moves to 核查中."""
	doc = guard.locked_document(COMPLAINT, complaint, _("Complaint {0} does not exist").format(complaint))
	doc.check_permission("write")
	user = frappe.session.user
	guard.require_supervisor(doc, user, _("handle complaints"))
	if not is_handler_or_city(doc, user):
		frappe.throw(
			_("Only the handling reviewer or a city administrator may do this"), frappe.PermissionError
		)
	if doc.workflow_state not in (r.ACCEPTED, r.CHECKING):
		frappe.throw(_("Accept the complaint before opening a verification inspection"))
	if doc.inspection:
		frappe.throw(_("Inspection {0} has already been opened for this complaint").format(doc.inspection))
	if not doc.point:
		frappe.throw(
			_(
				"Choose the point of the complaint first; an unfiled operation is verified without a checklist inspection"
			)
		)
	inspection = frappe.get_doc(
		{
			"doctype": "Tuoyu Inspection",
			"inspection_type": COMPLAINT_CHECK,
			"point": doc.point,
			"complaint": doc.name,
			"planned_date": today(),
		}
	)
	inspection.flags.opened_from_complaint = doc.name
	inspection.insert()
	frappe.db.set_value(COMPLAINT, doc.name, "inspection", inspection.name, update_modified=False)
	if doc.workflow_state == r.ACCEPTED:
		apply_workflow(frappe.get_doc(COMPLAINT, doc.name).as_dict(), r.START_CHECK)
	return inspection.name


def validate_inspection_link(doc, method=None) -> None:
	"""doc_events validate of Tuoyu Inspection: only open_inspection links a complaint, and the
	link never changes afterwards."""
	before = None if doc.is_new() else doc.get_doc_before_save()
	if before is not None:
		if (doc.get("complaint") or "") != (before.get("complaint") or ""):
			frappe.throw(_("{0} cannot be changed").format(_("Complaint")), frappe.PermissionError)
		return
	if doc.get("complaint") and doc.flags.opened_from_complaint != doc.complaint:
		frappe.throw(_("A verification inspection is opened from its complaint"), frappe.PermissionError)


def keep_substantiated_count(doc, method=None) -> None:
	"""doc_events validate of Tuoyu Point: the count follows the complaints, never a request."""
	doc.substantiated_complaints = 0 if doc.is_new() else substantiated_count(doc.name)
