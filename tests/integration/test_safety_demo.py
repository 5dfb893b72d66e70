"""The Safety demo, on two filed points of the test site, rolled back afterwards: an incident that
led to two bans and an approved suspension, and a refused hire of the banned caregiver; a second
run creates nothing."""

import frappe

from tests.integration import enforcement_helpers as h
from tuoyu_frappe.safety import bans
from tuoyu_frappe.safety import rules as r
from tuoyu_frappe.safety.demo import DEMO_DESCRIPTION, load_safety_demo


def test_the_demo_incident_leads_to_bans_a_suspension_and_a_refused_hire(db):
	points = [h.filed_point("安全演示甲", 65), h.filed_point("安全演示乙", 67)]
	made = load_safety_demo(commit=False, log=None)
	try:
		assert made == {"incidents": 1, "bans": 2, "suspensions": 1, "refused_hires": 1}
		frappe.set_user("Administrator")
		incident = frappe.get_doc("Tuoyu Incident", {"description": DEMO_DESCRIPTION})
		assert incident.point in points and incident.workflow_state == r.I_CLOSED
		assert {
			b.status
			for b in frappe.get_all(bans.BAN, filters={"source_incident": incident.name}, fields=["status"])
		} == {r.B_EFFECTIVE}
		assert frappe.db.get_value("Tuoyu Point", incident.point, "status") == "停业整改"
		caregiver = incident.persons[0].staff
		assert frappe.db.get_value("Tuoyu Staff", caregiver, "ban_flagged") == 1
		assert frappe.db.exists(
			"Tuoyu Rectification", {"source_doctype": "Tuoyu Staff", "source_name": caregiver}
		)
		refusals = frappe.get_all(bans.LOG, filters={"point": ("in", points)}, fields=["point", "event"])
		assert [(x.point, x.event) for x in refusals] == [
			(next(p for p in points if p != incident.point), r.NEW_HIRE)
		]
		assert load_safety_demo(commit=False, log=None) == dict.fromkeys(made, 0)
	finally:
		frappe.db.rollback()
		frappe.db.delete(bans.LOG, {"point": ("in", points)})  # the refusal outlives the rollback
		frappe.db.commit()
