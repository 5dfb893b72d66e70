# Copyright (c) 2026, Tuoyu Frappe contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime

from tuoyu_frappe.complaints import clock
from tuoyu_frappe.complaints import rules as r
from tuoyu_frappe.filing import notify
from tuoyu_frappe.filing.clock import UNKNOWN_WORKING_DAYS, elapsed_working_days
from tuoyu_frappe.permissions import CITY_ADMIN, REVIEWER, county_of
from tuoyu_frappe.supervision import guard

# Set only by the server: a request's values for them are replaced by the stored ones.
SERVER_FIELDS = (
	"channel",
	"anonymous",
	"description",
	"received_at",
	"handler",
	"accepted_at",
	"concluded_at",
	"accept_due",
	"conclude_due",
	"sla_status",
	"working_days_left",
	"clock_note",
	"warned_on",
	"accept_escalated_on",
	"conclude_escalated_on",
	"accept_working_days",
	"handling_working_days",
	"inspection",
	"tracking_hash",
)
CONTACT_ENTRY_FIELDS = {
	"contact_name_entry": "contact_name",
	"contact_phone_entry": "phone",
	"contact_other_entry": "other_contact",
}


def problems_text(problems: list[r.Problem]) -> str:
	return "<br>".join(_(message).format(**params) for message, params in problems)


def is_handler_or_city(doc, user: str) -> bool:
	return user == "Administrator" or user == doc.handler or CITY_ADMIN in frappe.get_roles(user)


class TuoyuComplaint(Document):
	def validate(self):
		self.set_area()
		if self.is_new():
			self.prepare_new()
		else:
			self.guard_state_and_edits()
		self.refresh_clock()

	def before_update_after_submit(self):
		frappe.throw(_("A closed complaint cannot be changed"), frappe.PermissionError)

	def before_cancel(self):
		frappe.throw(_("A closed complaint cannot be cancelled"), frappe.PermissionError)

	def on_trash(self):
		if frappe.session.user != "Administrator":
			frappe.throw(_("Complaints cannot be deleted"), frappe.PermissionError)
		frappe.db.delete("Tuoyu Complainant Contact", {"complaint": self.name})

	def after_insert(self):
		self.store_contact()
		subject = _("New complaint {0} ({1}) awaits acceptance").format(self.name, _(self.category))
		notify.send(notify.area_reviewers(self.area), subject, self)
		if self.channel != r.ONLINE and self.flags.tracking_code:
			frappe.msgprint(
				_(
					"Tracking code for the complainant: {0} (shown only now; tell it to the complainant)"
				).format(f"<b>{self.flags.tracking_code}</b>"),
				title=_("Tracking Code"),
			)

	def on_update(self):
		if self.flags.handler_changed:
			frappe.db.set_value(
				"Tuoyu Complainant Contact",
				{"complaint": self.name},
				"handler",
				self.handler,
				update_modified=False,
			)

	def on_submit(self):
		if self.workflow_state == r.CLOSED and self.point:
			refresh_point_count(self.point)

	# --- set-up ---------------------------------------------------------------------------------

	def set_area(self):
		"""The area that handles it: the point's, else the township's county."""
		if self.point:
			point = frappe.db.get_value(
				"Tuoyu Point", self.point, ["area", "point_name", "township"], as_dict=True
			)
			if not point:
				frappe.throw(_("Point {0} does not exist").format(self.point))
			self.area, self.point_name = point.area, point.point_name
			self.township = point.township or self.township
			return
		self.point_name = None
		if not self.township or not frappe.db.exists("Tuoyu Area", self.township):
			frappe.throw(_("Choose the township (street) where the point is"))
		self.area = county_of(self.township)
		if frappe.db.get_value("Tuoyu Area", self.area, "level") != "县区":
			frappe.throw(_("{0} is not a county-level filing area").format(self.area))
		if len((self.place_description or "").strip()) < 4:
			frappe.throw(_("Choose the point, or describe where it is (at least 4 characters)"))

	def prepare_new(self):
		public = bool(self.flags.public_intake)
		if self.docstatus != 0 or (self.workflow_state or r.NEW) != r.NEW:
			frappe.throw(_("A new complaint starts as 待受理"), frappe.PermissionError)
		if not public:
			if self.channel not in r.DESK_CHANNELS:
				frappe.throw(_("Complaints received at the desk come by hotline, letter or visit"))
			if not guard.is_supervisor_of(frappe.session.user, self.area):
				frappe.throw(
					_("Only reviewers of the area and city administrators may record complaints"),
					frappe.PermissionError,
				)
		self.workflow_state = r.NEW
		for field in SERVER_FIELDS:
			if field not in ("channel", "anonymous", "description"):
				self.set(field, None)
		for field in ("conclusion", "public_summary", "rejection_reason"):
			self.set(field, None)
		if len((self.description or "").strip()) < r.MIN_DESCRIPTION:
			frappe.throw(_("Describe the problem in at least {0} characters").format(r.MIN_DESCRIPTION))
		self.received_at = now_datetime()
		code = r.new_tracking_code()
		self.tracking_hash = r.tracking_hash(code)
		self.flags.tracking_code = code
		self.flags.contact = {
			target: (self.get(entry) or "").strip() for entry, target in CONTACT_ENTRY_FIELDS.items()
		}
		for entry in CONTACT_ENTRY_FIELDS:
			self.set(entry, None)
		if self.anonymous:
			self.flags.contact = {}
		clock.set_accept_due(self)

	def store_contact(self):
		"""The complainant's identity lives in its own restricted record (see complaints/access.py)."""
		contact = {k: v for k, v in (self.flags.contact or {}).items() if v}
		if not contact:
			return
		frappe.get_doc(
			{"doctype": "Tuoyu Complainant Contact", "complaint": self.name, "area": self.area, **contact}
		).insert(ignore_permissions=True)

	# --- the server-side guard (Frappe v15 leaves these to the browser) --------------------------

	def guard_state_and_edits(self):
		before = self.get_doc_before_save()
		user = frappe.session.user
		for field in SERVER_FIELDS:
			self.set(field, before.get(field))
		for entry in CONTACT_ENTRY_FIELDS:
			self.set(entry, None)
		state = self.workflow_state or r.NEW
		if state not in r.STATE_DOCSTATUS or self.docstatus != r.STATE_DOCSTATUS[state]:
			frappe.throw(
				_("Complaints are handled only through the workflow actions"), frappe.PermissionError
			)
		if self.area != before.area and not guard.is_supervisor_of(user, self.area):
			frappe.throw(
				_("The complaint cannot be moved to an area you do not supervise"), frappe.PermissionError
			)
		changed = guard.changed_fields(self, before) - {"docstatus", "township"} - set(SERVER_FIELDS)
		if self.point and (self.get("township") or "") != (before.get("township") or ""):
			changed.discard("township")  # follows the point
		old_state = before.workflow_state
		if old_state == state:
			if changed:
				self.require_may_edit(state, user, changed)
			return
		transition = r.find_transition(old_state, state)
		roles = set(frappe.get_roles(user))
		if not transition or not (roles & {REVIEWER, CITY_ADMIN, "System Manager"}):
			frappe.throw(
				_("You may not move this complaint from {0} to {1}").format(_(old_state), _(state)),
				frappe.PermissionError,
			)
		# An action moves the state only; what it needs was saved before (apply_workflow reloads).
		guard.refuse_changes(changed, set(), self)
		self.require_actor(transition, user)
		if problems := r.transition_problems(transition, self.as_dict()):
			frappe.throw(problems_text(problems), title=_("The complaint cannot move on yet"))
		self.enter_state(transition, user)

	def require_may_edit(self, state: str, user: str, changed: set[str]):
		guard.refuse_changes(changed, r.EDITABLE.get(state, set()), self)
		guard.require_supervisor(self, user, _("handle complaints"))
		if state != r.NEW and not is_handler_or_city(self, user):
			frappe.throw(
				_("Only the handling reviewer or a city administrator may change this complaint"),
				frappe.PermissionError,
			)

	def require_actor(self, transition: r.Transition, user: str):
		guard.require_supervisor(self, user, _("handle complaints"))
		if transition.handler_only and not is_handler_or_city(self, user):
			frappe.throw(
				_("Only the handling reviewer or a city administrator may do this"), frappe.PermissionError
			)

	def enter_state(self, transition: r.Transition, user: str):
		now = now_datetime()
		if transition.next_state == r.ACCEPTED:
			self.handler, self.accepted_at = user, now
			self.flags.handler_changed = True
			clock.set_conclude_due(self, getdate(now))
			self.accept_working_days = elapsed_working_days(self.received_at, now)
		elif transition.next_state in (r.CLOSED, r.REJECTED):
			self.concluded_at = now
			# The working days each clock took, for 投诉办理时效 (a rejection stops the acceptance clock).
			if transition.next_state == r.REJECTED:
				self.accept_working_days = elapsed_working_days(self.received_at, now)
				self.handling_working_days = UNKNOWN_WORKING_DAYS
			else:
				self.handling_working_days = elapsed_working_days(self.accepted_at, now)

	def refresh_clock(self):
		clock.refresh(self)


def refresh_point_count(point: str) -> None:
	"""Tuoyu Point.substantiated_complaints: concluded 属实 or 部分属实 (a server-set field)."""
	from tuoyu_frappe.complaints.clock import substantiated_count

	frappe.db.set_value(
		"Tuoyu Point", point, "substantiated_complaints", substantiated_count(point), update_modified=False
	)
