"""Incidents and the lifetime ban register, in process: a banned ID refused at every hire through
the controller (as the desk saves it), with the generic message and a log that outlives the
rollback; existing staff flagged when a ban takes effect; a revoked ban refusing no more; an
incident concluded into proposals for the city; and the register closed to every other role."""

from datetime import date

import frappe
import pytest
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import today

from tests import seed
from tests.factories import staff_values
from tests.integration import enforcement_helpers as h
from tuoyu_frappe.safety import bans
from tuoyu_frappe.safety import rules as r

BAN, LOG, INCIDENT = bans.BAN, bans.LOG, "Tuoyu Incident"
GENERIC = "该人员不符合从业条件"


def ban_id(seq: int) -> str:
	return seed.make_id(date(1977, 7, 1 + seq % 27), 300 + seq)


@pytest.fixture(autouse=True)
def forget_refusals(site):
	"""Refusals outlive the rollback of the refused save (bans.log_refusal): set up before `db`,
	this removes them after `db` has rolled the test back."""
	yield
	from tuoyu_frappe.validation import mask_id_number

	frappe.db.delete(LOG, {"id_number_masked": ("in", [mask_id_number(ban_id(i)) for i in range(1, 20)])})
	frappe.db.commit()


def make_ban(number: str, status: str = r.B_EFFECTIVE, name: str = "禁入测试人") -> str:
	frappe.set_user(seed.CITY)
	doc = frappe.get_doc(
		{
			"doctype": BAN,
			"person_name": name,
			"id_number": number,
			"status": status,
			"reason": "测试：虐待婴幼儿",
			"decision_no": "临卫禁〔2026〕测1号",
			"decision_date": today(),
		}
	).insert()
	return doc.name


def hire(point: str, number: str, user: str = seed.OP_A, **overrides):
	frappe.set_user(user)
	frappe.local.lang = "zh"
	return frappe.get_doc(staff_values(point, id_number_entry=number, **overrides)).insert()


def refusal_logs(number: str) -> list:
	from tuoyu_frappe.validation import mask_id_number

	return frappe.get_all(
		LOG,
		filters={"id_number_masked": mask_id_number(number)},
		fields=["name", "event", "channel", "refused_user", "point", "ban_record"],
		order_by="creation",
	)


def assert_generic(excinfo) -> None:
	message = str(excinfo.value)
	assert GENERIC in message, message
	for hint in ("禁入", "TYJR", "名单", "ban"):
		assert hint not in message, message


def test_a_banned_id_is_refused_on_insert_and_the_refusal_outlives_the_rollback(db, site):
	number = ban_id(1)
	ban = make_ban(number)
	with pytest.raises(frappe.ValidationError) as excinfo:
		hire(site.point["A"], number.lower())  # normalised before the look-up
	assert_generic(excinfo)
	frappe.set_user("Administrator")
	[log] = refusal_logs(number)
	assert (log.event, log.refused_user, log.point, log.ban_record) == (
		r.NEW_HIRE,
		seed.OP_A,
		site.point["A"],
		ban,
	)
	assert not frappe.db.exists("Tuoyu Staff Identity", {"id_number": number})

	frappe.db.rollback()  # as a failed request ends: the ban goes (it was never committed), the log stays
	try:
		assert [x.event for x in refusal_logs(number)] == [r.NEW_HIRE]
	finally:
		for x in refusal_logs(number):
			frappe.db.delete(LOG, {"name": x.name})
		frappe.db.commit()


def test_re_employing_moving_or_renumbering_a_banned_person_is_refused(db, site):
	number, other = ban_id(2), ban_id(3)
	staff = hire(site.point["A"], number, employment_status="离职", employment_end="2025-06-30")
	active = hire(site.point["A"], other)
	frappe.set_user("Administrator")
	make_ban(number)

	frappe.set_user(seed.OP_A)
	doc = frappe.get_doc("Tuoyu Staff", staff.name)
	doc.employment_status, doc.employment_end = "在职", None
	with pytest.raises(frappe.ValidationError) as excinfo:
		doc.save()
	assert_generic(excinfo)

	# another ID number typed into an active record is a hire of that person
	doc = frappe.get_doc("Tuoyu Staff", active.name)
	doc.id_number_entry = number
	with pytest.raises(frappe.ValidationError) as excinfo:
		doc.save()
	assert_generic(excinfo)

	# a flagged active record cannot be moved to another point, by its area's reviewer either
	make_ban(other, name="禁入测试人乙")
	assert frappe.db.get_value("Tuoyu Staff", active.name, "ban_flagged") == 1
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc("Tuoyu Staff", active.name)
	doc.point = site.point["B"]
	with pytest.raises(frappe.ValidationError) as excinfo:
		doc.save()
	assert_generic(excinfo)

	frappe.set_user("Administrator")
	events = [x.event for x in refusal_logs(number)] + [x.event for x in refusal_logs(other)]
	assert events == [r.REEMPLOYED, r.ID_CHANGED, r.MOVED]

	# ending the employment is no hire, and the flag cannot be cleared by a save
	frappe.set_user(seed.OP_A)
	doc = frappe.get_doc("Tuoyu Staff", active.name)
	doc.employment_status, doc.ban_flagged = "离职", 0
	doc.save()
	assert frappe.db.get_value("Tuoyu Staff", active.name, ["employment_status", "ban_flagged"]) == (
		"离职",
		1,
	)


def test_a_ban_taking_effect_flags_active_staff_everywhere_and_orders_the_end_of_employment(db, site):
	number = ban_id(4)
	staff = hire(site.point["A"], number)
	frappe.set_user("Administrator")
	ban = make_ban(number, status=r.B_PROPOSED)
	assert not frappe.db.get_value("Tuoyu Staff", staff.name, "ban_flagged")  # a proposal does nothing

	frappe.set_user(seed.CITY)
	doc = frappe.get_doc(BAN, ban)
	doc.status = r.B_EFFECTIVE
	doc.save()
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Tuoyu Staff", staff.name, "ban_flagged") == 1
	assert frappe.db.get_value(BAN, ban, ["confirmed_by", "flagged_staff"]) == (seed.CITY, 1)
	rect = frappe.get_doc("Tuoyu Rectification", {"source_doctype": "Tuoyu Staff", "source_name": staff.name})
	assert rect.point == site.point["A"] and rect.workflow_state == "整改中"
	assert staff.name in rect.items[0].item_text and GENERIC in rect.items[0].item_text
	notified = frappe.get_all(
		"Notification Log",
		filters={"document_name": ("in", [rect.name, ban])},
		fields=["for_user", "document_name"],
	)
	assert (seed.REV_LS, rect.name) in {(n.for_user, n.document_name) for n in notified}
	assert (seed.CITY, ban) in {(n.for_user, n.document_name) for n in notified}
	# the reviewer's notice names the rectification, never the register
	assert not [n for n in notified if n.for_user != seed.CITY and n.document_name == ban]


def test_a_revoked_ban_no_longer_refuses_and_unflags(db, site):
	number = ban_id(5)
	ban = make_ban(number)
	frappe.set_user(seed.CITY)
	doc = frappe.get_doc(BAN, ban)
	doc.status = r.B_REVOKED
	with pytest.raises(frappe.ValidationError):
		doc.save()  # a revocation needs its reason
	doc = frappe.get_doc(BAN, ban)
	doc.status, doc.revoke_reason = r.B_REVOKED, "行政复议决定撤销"
	doc.save()
	staff = hire(site.point["A"], number)
	assert staff.employment_status == "在职"
	assert not frappe.db.get_value("Tuoyu Staff", staff.name, "ban_flagged")


def test_the_register_is_for_city_admins_only(db, site):
	number = ban_id(6)
	ban = make_ban(number)
	for user in (seed.REV_LS, seed.OP_A, seed.ASSOC, seed.NOBODY):
		frappe.set_user(user)
		with pytest.raises(frappe.PermissionError):
			frappe.get_list(BAN)
		with pytest.raises(frappe.PermissionError):
			frappe.get_list(LOG)
		assert not frappe.has_permission(BAN, "read", ban)
		with pytest.raises(frappe.PermissionError):
			frappe.get_doc(
				{"doctype": BAN, "person_name": "x", "id_number": ban_id(7), "reason": "x"}
			).insert()
	frappe.set_user(seed.CITY)
	assert frappe.get_list(BAN, filters={"name": ban}, pluck="name") == [ban]
	assert frappe.get_value(BAN, ban, "id_number_masked").startswith(number[:6])


# --- incidents -----------------------------------------------------------------------------------


def report(point: str, user: str = seed.OP_A, **values):
	frappe.set_user(user)
	frappe.local.lang = "zh"
	doc = frappe.get_doc(
		{
			"doctype": INCIDENT,
			"point": point,
			"category": r.ABUSE,
			"severity": "重大",
			"occurred_at": f"{today()} 10:30:00",
			"description": "保育员体罚幼儿，家长报警",
			"children_affected": 2,
			**values,
		}
	)
	return doc.insert()


@pytest.fixture
def filed(db):
	return h.filed_point("事件", 57)


def test_concluding_a_zero_tolerance_incident_proposes_bans_and_a_suspension(db, filed):
	point = filed
	caregiver = hire(point, ban_id(8))
	outsider = ban_id(9)
	incident = report(
		point,
		persons=[
			{"person_role": r.RESPONSIBLE, "staff": caregiver.name},
			{"person_role": r.MANAGER, "person_name": "外聘园长", "id_number_entry": outsider.lower()},
		],
	)
	assert incident.workflow_state == r.I_REPORTED and incident.zero_tolerance == 1
	assert incident.reported_by == seed.OP_A
	row = incident.persons[1]
	assert (
		row.id_number == outsider and row.id_number_masked.endswith(outsider[-4:]) and not row.id_number_entry
	)

	# the operator may not move it, nor write the findings
	with pytest.raises((frappe.PermissionError, WorkflowTransitionError)):
		apply_workflow(incident.as_dict(), r.I_START)
	doc = frappe.get_doc(INCIDENT, incident.name)
	doc.findings = "举办者自己结论"
	with pytest.raises(frappe.PermissionError):
		doc.save()

	h.act(seed.REV_LS, INCIDENT, incident.name, r.I_START)
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc(INCIDENT, incident.name)
	doc.findings = "经调查，保育员多次体罚幼儿，园长未履行管理职责"
	doc.action_judicial = 1
	doc.save()
	with pytest.raises((frappe.PermissionError, WorkflowTransitionError)):
		h.act(seed.REV_LZ, INCIDENT, incident.name, r.I_CONCLUDE)  # another area's reviewer
	closed = h.act(seed.REV_LS, INCIDENT, incident.name, r.I_CONCLUDE)
	assert closed.docstatus == 1 and closed.action_ban == 1 and closed.concluded_by == seed.REV_LS

	frappe.set_user("Administrator")
	stored = frappe.get_doc(INCIDENT, incident.name)
	assert stored.bans_proposed == 2
	proposals = frappe.get_all(
		BAN, filters={"source_incident": incident.name}, fields=["id_number", "status"], order_by="id_number"
	)
	assert sorted(p.id_number for p in proposals) == sorted([ban_id(8), outsider])
	assert {p.status for p in proposals} == {r.B_PROPOSED}
	action = frappe.get_doc("Tuoyu Enforcement Action", stored.enforcement_action)
	assert (action.action_type, action.workflow_state, action.point) == ("停业整改", "待审批", point)

	# a concluded incident is final
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc(INCIDENT, incident.name)
	doc.findings = "改写"
	with pytest.raises(frappe.PermissionError):
		doc.save()


def test_an_operator_reports_only_at_their_own_point(db, site):
	with pytest.raises(frappe.PermissionError):
		report(site.point["C"], user=seed.OP_A)
	with pytest.raises(frappe.PermissionError):
		report(site.point["A"], user=seed.REV_LZ)
	opened = report(site.point["A"], user=seed.REV_LS, category=r.INFECTIOUS, findings="审核员先记录")
	assert opened.reported_by == seed.REV_LS and opened.zero_tolerance == 0
	# server fields sent on insert are dropped
	forged = report(site.point["A"], concluded_by=seed.CITY, bans_proposed=9, findings="举办者结论")
	assert not forged.concluded_by and not forged.bans_proposed and not forged.findings


def test_a_person_from_another_point_or_without_an_id_is_refused(db, site):
	other = frappe.db.get_value("Tuoyu Staff", {"point": site.point["B"]})
	frappe.set_user("Administrator")
	if other:
		with pytest.raises(frappe.ValidationError):
			report(
				site.point["A"], user=seed.REV_LS, persons=[{"person_role": r.RESPONSIBLE, "staff": other}]
			)
	with pytest.raises(frappe.ValidationError):
		report(site.point["A"], persons=[{"person_role": r.RESPONSIBLE, "person_name": "无证件"}])
	with pytest.raises(frappe.ValidationError):
		report(
			site.point["A"],
			persons=[
				{"person_role": r.RESPONSIBLE, "person_name": "错号", "id_number_entry": "371302199001010111"}
			],
		)
