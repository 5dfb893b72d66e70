"""Complaints at the desk: routing, the workflow guard, the restricted complainant contact, the
verification inspection and the point's count of substantiated complaints."""

import frappe
import pytest

from tests import seed
from tests.complaint_helpers import act, desk_complaint, write
from tuoyu_frappe.complaints import rules as r
from tuoyu_frappe.complaints.clock import substantiated_count
from tuoyu_frappe.complaints.handling import open_inspection

CONTACT = "Tuoyu Complainant Contact"


def contact_of(name: str) -> str:
	return frappe.db.get_value(CONTACT, {"complaint": name})


def test_a_complaint_goes_to_the_points_area_or_the_townships_county(db, site):
	with_point = desk_complaint(site.point["A"])
	assert with_point.area == seed.LANSHAN and with_point.point_name == seed.POINTS["A"][0]
	described = desk_complaint(None)
	assert described.area == seed.LANSHAN and not described.point
	assert described.workflow_state == r.NEW and described.accept_due and described.received_at


def test_a_reviewer_cannot_record_a_complaint_of_another_area(db, site):
	with pytest.raises(frappe.PermissionError):
		desk_complaint(site.point["C"], user=seed.REV_LS)
	with pytest.raises(frappe.PermissionError):
		desk_complaint(None, user=seed.REV_LS, township=seed.LUOZHUANG_TOWN)


def test_desk_intake_may_not_claim_the_online_channel(db, site):
	with pytest.raises(frappe.ValidationError):
		desk_complaint(site.point["A"], channel=r.ONLINE)


def test_contact_is_stored_apart_and_read_only_by_the_handler_and_city_admins(db, site):
	doc = desk_complaint(site.point["A"])
	assert not frappe.db.get_value("Tuoyu Complaint", doc.name, "contact_name_entry")
	contact = contact_of(doc.name)
	assert frappe.db.get_value(CONTACT, contact, "phone") == "13800001111"
	# Before acceptance: no reviewer reads it, not even the one who typed it in.
	frappe.set_user(seed.REV_LS)
	assert not frappe.get_list(CONTACT, filters={"name": contact})
	assert not frappe.has_permission(CONTACT, "read", doc=frappe.get_doc(CONTACT, contact), user=seed.REV_LS)
	frappe.set_user(seed.CITY)
	assert frappe.get_list(CONTACT, filters={"name": contact})
	act(doc.name, r.ACCEPT, seed.REV_LS)
	frappe.set_user(seed.REV_LS)
	assert frappe.get_list(CONTACT, filters={"name": contact}, fields=["phone"])[0].phone == "13800001111"
	# Another reviewer of the same area does not read it.
	other = "reviewer2.lanshan@tuoyu.test"
	seed.ensure_user(other, "兰山审核员二", None)
	frappe.set_user("Administrator")
	frappe.get_doc({"doctype": "Tuoyu Reviewer Assignment", "reviewer": other, "area": seed.LANSHAN}).insert(
		ignore_permissions=True
	)
	frappe.set_user(other)
	assert frappe.get_list("Tuoyu Complaint", filters={"name": doc.name})  # the complaint, yes
	assert not frappe.get_list(CONTACT, filters={"name": contact})  # its complainant, no
	assert not frappe.has_permission(CONTACT, "read", doc=frappe.get_doc(CONTACT, contact), user=other)


def test_anonymous_complaints_keep_no_contact(db, site):
	doc = desk_complaint(site.point["A"], anonymous=1)
	assert not contact_of(doc.name)


def test_the_workflow_from_acceptance_to_conclusion_counts_against_the_point(db, site):
	point = site.point["A"]
	before = substantiated_count(point)
	doc = desk_complaint(point)
	doc = act(doc.name, r.ACCEPT, seed.REV_LS)
	assert doc.handler == seed.REV_LS and doc.conclude_due and doc.accepted_at
	frappe.set_user(seed.REV_LS)
	inspection = open_inspection(doc.name)
	ins = frappe.get_doc("Tuoyu Inspection", inspection)
	assert ins.inspection_type == "投诉核查" and ins.complaint == doc.name and ins.point == point
	doc = frappe.get_doc("Tuoyu Complaint", doc.name)
	assert doc.workflow_state == r.CHECKING and doc.inspection == inspection
	with pytest.raises(frappe.ValidationError):
		act(doc.name, r.CONCLUDE, seed.REV_LS)  # no conclusion yet
	write(doc.name, seed.REV_LS, conclusion=r.SUBSTANTIATED, public_summary="经核查属实，已责令整改。")
	doc = act(doc.name, r.CONCLUDE, seed.REV_LS)
	assert doc.docstatus == 1 and doc.concluded_at and doc.sla_status == r.DONE
	assert frappe.db.get_value("Tuoyu Point", point, "substantiated_complaints") == before + 1
	# The count is the server's: a save of the point with another value keeps the real count.
	frappe.set_user("Administrator")
	p = frappe.get_doc("Tuoyu Point", point)
	p.substantiated_complaints = 99
	p.save()
	assert frappe.db.get_value("Tuoyu Point", point, "substantiated_complaints") == before + 1


def test_rejection_needs_a_reason(db, site):
	doc = desk_complaint(site.point["A"])
	with pytest.raises(frappe.ValidationError):
		act(doc.name, r.REJECT, seed.REV_LS)
	write(doc.name, seed.REV_LS, rejection_reason="不属于托育机构监管范围。")
	doc = act(doc.name, r.REJECT, seed.REV_LS)
	assert doc.workflow_state == r.REJECTED and doc.docstatus == 1


def test_only_the_handler_or_a_city_admin_moves_an_accepted_complaint(db, site):
	doc = desk_complaint(site.point["A"])
	act(doc.name, r.ACCEPT, seed.REV_LS)
	other = "reviewer2.lanshan@tuoyu.test"
	seed.ensure_user(other, "兰山审核员二", None)
	frappe.set_user("Administrator")
	frappe.get_doc({"doctype": "Tuoyu Reviewer Assignment", "reviewer": other, "area": seed.LANSHAN}).insert(
		ignore_permissions=True
	)
	with pytest.raises(frappe.PermissionError):
		write(doc.name, other, internal_notes="不是承办人")
	with pytest.raises(frappe.PermissionError):
		act(doc.name, r.START_CHECK, other)
	frappe.set_user(other)
	with pytest.raises(frappe.PermissionError):
		open_inspection(doc.name)
	with pytest.raises(frappe.PermissionError):
		write(doc.name, seed.REV_LZ, internal_notes="别区")
	write(doc.name, seed.CITY, internal_notes="市级督办")


def test_server_fields_and_the_complainants_words_cannot_be_changed(db, site):
	doc = desk_complaint(site.point["A"])
	saved = write(
		doc.name, seed.REV_LS, handler=seed.REV_LS, tracking_hash="x", description="改写的内容内容内容"
	)
	assert not saved.handler and saved.tracking_hash == doc.tracking_hash
	assert saved.description == doc.description
	with pytest.raises(frappe.PermissionError):
		write(doc.name, seed.REV_LS, conclusion=r.UNSUBSTANTIATED)  # not before acceptance


def test_a_state_cannot_be_written_around_the_workflow(db, site):
	doc = desk_complaint(site.point["A"])
	with pytest.raises(frappe.PermissionError):
		write(doc.name, seed.REV_LS, workflow_state=r.CHECKING)
	with pytest.raises(frappe.PermissionError):
		write(doc.name, seed.REV_LS, workflow_state=r.CLOSED)


def test_an_inspection_cannot_claim_a_complaint(db, site):
	doc = desk_complaint(site.point["A"])
	frappe.set_user(seed.REV_LS)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Tuoyu Inspection",
				"inspection_type": "投诉核查",
				"point": site.point["A"],
				"complaint": doc.name,
			}
		).insert()


def test_operators_never_read_complaints(db, site):
	doc = desk_complaint(site.point["A"])
	frappe.set_user(seed.OP_A)
	assert not frappe.has_permission("Tuoyu Complaint", "read", doc=doc, user=seed.OP_A)
	with pytest.raises(frappe.PermissionError):
		frappe.get_list("Tuoyu Complaint")


def test_the_demo_has_public_and_hotline_complaints_in_every_state_and_runs_once(db, site):
	from tuoyu_frappe.complaints.demo import load_complaints_demo

	for key in ("A", "B"):
		frappe.db.set_value(
			"Tuoyu Point", site.point[key], {"status": "已备案", "filing_number": f"ZZDEMO-{key}"}
		)
	made = load_complaints_demo(log=lambda _m: None)
	assert made["complaints"] >= 8 and made["substantiated"] >= 2
	rows = frappe.get_all(
		"Tuoyu Complaint", filters={"area": seed.LANSHAN}, fields=["workflow_state", "channel"]
	)
	assert {row.workflow_state for row in rows} >= {r.NEW, r.ACCEPTED, r.CHECKING, r.CLOSED, r.REJECTED}
	assert {row.channel for row in rows} >= {r.ONLINE, r.HOTLINE}
	# Each stopped clock took working days, from dates in the past, as stored by the workflow.
	closed = frappe.get_all(
		"Tuoyu Complaint",
		filters={"area": seed.LANSHAN, "workflow_state": r.CLOSED},
		fields=["received_at", "accepted_at", "concluded_at", "accept_working_days", "handling_working_days"],
	)
	assert closed and all(c.received_at <= c.accepted_at < c.concluded_at for c in closed)
	assert all(c.handling_working_days > 0 for c in closed)
	assert load_complaints_demo(log=lambda _m: None)["complaints"] == 0


def test_the_contact_cannot_be_shared_or_assigned(db, site):
	from frappe.desk.form.assign_to import add as assign
	from frappe.share import add as share

	doc = act(desk_complaint(site.point["A"]).name, r.ACCEPT, seed.REV_LS)
	contact = contact_of(doc.name)
	frappe.set_user(seed.CITY)
	with pytest.raises(frappe.PermissionError):
		share(CONTACT, contact, seed.REV_LZ, read=1)
	with pytest.raises(frappe.PermissionError):
		assign({"doctype": CONTACT, "name": contact, "assign_to": [seed.REV_LZ]})
	frappe.set_user(seed.REV_LZ)
	assert not frappe.get_list(CONTACT, filters={"name": contact})
