"""Complaint deadlines on the site's working-day calendar, and the daily job that reminds the
handlers and escalates overdue complaints to the city administrators (once), switched by
Tuoyu Reminder Settings.remind_complaint_sla. Rolled back; the job itself never commits."""

from datetime import date

import frappe
import pytest

from tests import seed
from tests.complaint_helpers import act, desk_complaint
from tests.integration.clock_helpers import working_day
from tuoyu_frappe.complaints import clock, sla
from tuoyu_frappe.complaints import rules as r
from tuoyu_frappe.filing.clock import load_calendar
from tuoyu_frappe.filing.notify import city_admins


def notifications(user: str, name: str) -> int:
	return frappe.db.count("Notification Log", {"for_user": user, "document_name": name})


def test_deadlines_come_from_the_settings_on_working_days(db, site):
	doc = desk_complaint(site.point["A"])
	calendar = load_calendar()
	received = (
		doc.received_at.date()
		if hasattr(doc.received_at, "date")
		else date.fromisoformat(str(doc.received_at)[:10])
	)
	assert str(doc.accept_due) == str(calendar.add_working_days(received, 1))
	frappe.set_user("Administrator")
	settings = frappe.get_single("Tuoyu Complaint Settings")
	settings.accept_working_days, settings.conclude_working_days = 3, 10
	settings.save()
	doc = act(desk_complaint(site.point["A"]).name, r.ACCEPT, seed.REV_LS)
	assert str(doc.conclude_due) == str(calendar.add_working_days(received, 10))


def test_only_city_admins_write_the_settings(as_user):
	as_user(seed.REV_LS)
	settings = frappe.get_single("Tuoyu Complaint Settings")
	settings.accept_working_days = 5
	with pytest.raises(frappe.PermissionError):
		settings.save()
	as_user(seed.CITY)
	settings = frappe.get_single("Tuoyu Complaint Settings")
	settings.accept_working_days = 2
	settings.save()
	settings.accept_working_days = 0
	with pytest.raises(frappe.ValidationError):
		settings.save()


def test_overdue_acceptance_is_escalated_once_and_the_area_reminded_daily(site, no_commit):
	doc = desk_complaint(site.point["A"])
	frappe.set_user("Administrator")
	frappe.db.set_value("Tuoyu Complaint", doc.name, "accept_due", working_day(-2))
	on = date.fromisoformat(frappe.utils.today())
	done = sla.run(on)
	assert doc.name in done["warned"] and doc.name in done["escalated"]
	stored = frappe.get_doc("Tuoyu Complaint", doc.name)
	assert stored.sla_status == r.OVERDUE and stored.working_days_left < 0
	assert str(stored.accept_escalated_on) == str(on)
	assert notifications(seed.REV_LS, doc.name) >= 1
	admins = [u for u in city_admins() if u != "Administrator"]
	assert admins and all(notifications(u, doc.name) == 1 for u in admins)
	again = sla.run(on)  # the same day: neither reminded nor escalated again
	assert doc.name not in again["warned"] and doc.name not in again["escalated"]
	assert all(notifications(u, doc.name) == 1 for u in admins)


def test_an_accepted_complaint_due_tomorrow_reminds_only_its_handler(site, no_commit):
	doc = act(desk_complaint(site.point["A"]).name, r.ACCEPT, seed.REV_LS)
	frappe.set_user("Administrator")
	frappe.db.set_value("Tuoyu Complaint", doc.name, "conclude_due", working_day(1))
	done = sla.run(date.fromisoformat(frappe.utils.today()))
	assert doc.name in done["warned"] and doc.name not in done["escalated"]
	assert frappe.db.get_value("Tuoyu Complaint", doc.name, "sla_status") == r.DUE_SOON
	assert notifications(seed.REV_LS, doc.name) >= 1


def test_the_switch_turns_the_job_off(site, no_commit):
	doc = desk_complaint(site.point["A"])
	frappe.set_user("Administrator")
	frappe.db.set_value("Tuoyu Complaint", doc.name, "accept_due", working_day(-2))
	frappe.db.set_single_value("Tuoyu Reminder Settings", "remind_complaint_sla", 0)
	sla.daily()
	assert not frappe.db.get_value("Tuoyu Complaint", doc.name, "accept_escalated_on")
	frappe.db.set_single_value("Tuoyu Reminder Settings", "remind_complaint_sla", 1)
	sla.daily()
	assert frappe.db.get_value("Tuoyu Complaint", doc.name, "accept_escalated_on")


def test_a_closed_complaint_has_no_running_clock(db, site):
	doc = desk_complaint(site.point["A"])
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc("Tuoyu Complaint", doc.name)
	doc.rejection_reason = "重复举报，已合并办理。"
	doc.save()
	doc = act(doc.name, r.REJECT, seed.REV_LS)
	clock.refresh(doc)
	assert doc.sla_status == r.DONE
	assert doc.name not in sla.run(date.fromisoformat(frappe.utils.today()))["warned"]
