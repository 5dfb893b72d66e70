"""The lifetime ban register (终身禁入名单) enforced on every hire, and what a ban in effect does
to the staff records that already hold its ID number.

Not an oracle: the only question anyone but a city administrator can ask of the register is a
hire (insert, employment again, a move, another ID number on an active record) through the staff
record's own controller, whatever the channel (desk, REST, Data Import). The answer is a generic
refusal, and every refusal is logged for the city administrators, surviving the rollback of the
refused save."""

import frappe
from frappe import _
from frappe.utils import now_datetime

from tuoyu_frappe.safety import rules

BAN = "Tuoyu Ban Record"
LOG = "Tuoyu Hire Refusal Log"
STAFF = "Tuoyu Staff"
IDENTITY = "Tuoyu Staff Identity"
BAN_BASIS = "《临沂市家庭托育点建设试点方案》"
BAN_CLAUSE = "零容忍，终身禁入"


def generic_refusal() -> str:
	"""该人员不符合从业条件: all a refused hire is told."""
	return _("This person does not meet the requirements for working in childcare")


def effective_ban(number: str | None) -> str | None:
	"""The ban in effect for a normalised ID number: one look-up on the register's unique index."""
	if not number:
		return None
	return frappe.db.get_value(BAN, {"id_number": number, "status": rules.B_EFFECTIVE}, "name")


def refuse_if_banned(id_number: str, staff_doc) -> None:
	"""Called by the Tuoyu Staff controller once the ID number is validated. A save that hires the
	person (see rules.hire_event) is refused while a ban on the number is in effect. The flag
	`ban_flagged` is set only by the register (read_only fields are writable over REST)."""
	before = None if staff_doc.is_new() else staff_doc.get_doc_before_save()
	staff_doc.ban_flagged = (before.get("ban_flagged") if before else 0) or 0
	number = rules.normalise_id(id_number)
	old_id = None if staff_doc.is_new() else frappe.db.get_value(IDENTITY, staff_doc.name, "id_number")
	event = rules.hire_event(
		staff_doc.is_new(),
		before.employment_status if before else None,
		staff_doc.employment_status,
		before.point if before else None,
		staff_doc.point,
		old_id,
		number,
	)
	if not event:
		return
	ban = effective_ban(number)
	if not ban:
		return
	log_refusal(ban, number, staff_doc, event)
	frappe.throw(generic_refusal(), frappe.ValidationError)


def channel() -> str:
	if frappe.flags.in_import:
		return "数据导入"
	request = getattr(frappe.local, "request", None)
	if not request:
		return "后台"
	path = request.path or ""
	if path.endswith("frappe.desk.form.save.savedocs") or frappe.form_dict.get("cmd") == (
		"frappe.desk.form.save.savedocs"
	):
		return "桌面"
	return "接口"


def log_refusal(ban: str, number: str, staff_doc, event: str) -> None:
	"""A refused hire, logged now and again after the refused save is rolled back (a request that
	fails, and each failed row of a Data Import, end in a full rollback)."""
	from tuoyu_frappe.validation import mask_id_number

	point = frappe.db.get_value("Tuoyu Point", staff_doc.point, ["point_name", "area"], as_dict=True) or {}
	values = {
		"doctype": LOG,
		"refused_at": now_datetime(),
		"refused_user": frappe.session.user,
		"event": event,
		"channel": channel(),
		"point": staff_doc.point,
		"point_name": point.get("point_name"),
		"area": point.get("area"),
		"staff_name": staff_doc.staff_name,
		"staff_record": None if staff_doc.is_new() else staff_doc.name,
		"ban_record": ban,
		"id_number_masked": mask_id_number(number),
	}

	def write():
		# A plain row write: no hooks or realtime messages, so it also runs inside a rollback callback.
		doc = frappe.get_doc(dict(values))
		doc.set_new_name()
		doc.set_user_and_timestamp()
		doc.db_insert()

	def write_after_rollback():
		write()
		# Committed last, after every other rollback callback has run (commit resets them).
		frappe.db.after_rollback.add(frappe.db.commit)

	write()
	frappe.db.after_rollback.add(write_after_rollback)


# --- a ban in effect, or revoked -------------------------------------------------------------


def active_staff_with(number: str) -> list[frappe._dict]:
	"""Active staff records, anywhere, whose identity holds this ID number (a system look-up; a
	person has a few records at most)."""
	staff = frappe.get_all(IDENTITY, filters={"id_number": number}, pluck="staff")
	if not staff:
		return []
	return frappe.get_all(
		STAFF,
		filters={"name": ("in", staff), "employment_status": rules.ACTIVE},
		fields=["name", "staff_name", "point", "area"],
		order_by="name",
	)


def apply_ban(ban_doc) -> dict:
	"""A ban has taken effect: flag every active staff record with its number, order each point to
	end the employment (a rectification), and tell the areas' reviewers and the city administrators.
	Runs in the city administrator's save: one ID number reaches a handful of rows at most."""
	from tuoyu_frappe.filing import notify
	from tuoyu_frappe.supervision.rectification import open_rectification

	flagged = active_staff_with(ban_doc.id_number)
	rectifications = []
	for staff in flagged:
		frappe.db.set_value(STAFF, staff.name, "ban_flagged", 1, update_modified=False)
		item = {
			"item_code": "JR-1",
			"section": _("Lifetime ban"),
			"item_text": _("End the employment of {0} (staff record {1}): {2}").format(
				staff.staff_name, staff.name, generic_refusal()
			),
			"legal_source": BAN_BASIS,
			"clause": BAN_CLAUSE,
			"severity": "否决",
		}
		savepoint = "tuoyu_ban_rectification"
		frappe.db.savepoint(savepoint)
		try:
			name = open_rectification(staff.point, [item], STAFF, staff.name)
		except frappe.ValidationError:
			# A point that can no longer be ordered to rectify (revoked, cancelled): the flag stays.
			frappe.db.rollback(save_point=savepoint)
			frappe.clear_last_message()
			name = None
		if name:
			rectifications.append(name)
			notify.send(
				notify.area_reviewers(staff.area),
				_(
					"A staff member of {0} is banned for life; rectification {1} orders the employment to end"
				).format(frappe.db.get_value("Tuoyu Point", staff.point, "point_name"), name),
				frappe.get_doc("Tuoyu Rectification", name),
			)
	frappe.db.set_value(BAN, ban_doc.name, "flagged_staff", len(flagged), update_modified=False)
	notify.send(
		notify.city_admins(),
		_("Ban {0} is in effect: {1} staff record(s) flagged, {2} rectification(s) opened").format(
			ban_doc.name, len(flagged), len(rectifications)
		),
		ban_doc,
	)
	return {"flagged": [s.name for s in flagged], "rectifications": rectifications}


def lift_ban(ban_doc) -> None:
	"""A revoked ban no longer marks the records holding its number."""
	staff = frappe.get_all(IDENTITY, filters={"id_number": ban_doc.id_number}, pluck="staff")
	for name in staff:
		frappe.db.set_value(STAFF, name, "ban_flagged", 0, update_modified=False)


# --- proposals from a concluded incident -------------------------------------------------------


def propose_ban(number: str, person_name: str, reason: str, incident: str, point: str) -> str | None:
	"""A ban entry for a city administrator to confirm; None when the person is already banned or a
	proposal is already waiting. A revoked entry is proposed again (the register holds one entry per
	ID number; its history is in its versions)."""
	existing = frappe.db.get_value(BAN, {"id_number": number}, ["name", "status"], as_dict=True)
	if existing and existing.status in (rules.B_EFFECTIVE, rules.B_PROPOSED):
		return None
	doc = frappe.get_doc(BAN, existing.name) if existing else frappe.new_doc(BAN)
	doc.update(
		{
			"id_number": number,
			"person_name": person_name,
			"status": rules.B_PROPOSED,
			"reason": reason,
			"source_incident": incident,
			"source_point": point,
			"decision_no": None,
			"decision_date": None,
		}
	)
	doc.flags.proposed_by_incident = True
	doc.save(ignore_permissions=True)  # a system proposal; only a city administrator confirms it
	return doc.name
