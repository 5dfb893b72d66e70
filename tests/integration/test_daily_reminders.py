"""The daily reminder jobs of the Reminders module (certificates, background re-checks,
rectification deadlines) and the self-inspection job's switch: each on and off, each reminder
once, to the point's operators (and its own area's reviewers once a date has passed) only."""

from datetime import timedelta

import frappe
import pytest
from frappe.utils import add_months, getdate, today

from tests import seed
from tests.integration.test_reminders import outgoing_email  # noqa: F401 (a fixture)
from tuoyu_frappe.filing.clock import load_calendar
from tuoyu_frappe.reminders import background_checks, base, certificates, rectifications, settings
from tuoyu_frappe.reminders import rules as r
from tuoyu_frappe.supervision import inspection_reminders

pytestmark = pytest.mark.site

SETTINGS = "Tuoyu Reminder Settings"
LOG = "Tuoyu Reminder Log"
EVERYONE = {seed.OP_A, seed.OP_B, seed.OP_C, seed.REV_LS, seed.REV_LZ, seed.CITY, seed.ASSOC}


def switch(key: str, on: bool) -> None:
	frappe.db.set_single_value(SETTINGS, key, int(on))


def told(doctype: str, name: str) -> list[str]:
	"""Who got a system notification about this record (one row per notification)."""
	return sorted(
		frappe.get_all(
			"Notification Log",
			filters={"document_type": doctype, "document_name": name},
			pluck="for_user",
		)
	)


def subjects(doctype: str, name: str) -> list[str]:
	return frappe.get_all(
		"Notification Log", filters={"document_type": doctype, "document_name": name}, pluck="subject"
	)


def forget(doctype: str, names) -> None:
	names = list(names)
	frappe.db.delete("Notification Log", {"document_type": doctype, "document_name": ("in", names)})
	frappe.db.delete(LOG, {"reference_doctype": doctype, "reference_name": ("in", names)})


@pytest.fixture
def staff(db, site):
	frappe.db.delete("Tuoyu Staff Qualification", {"parent": ("in", list(site.staff.values()))})
	forget("Tuoyu Staff", site.staff.values())
	return site.staff


# --- the settings ------------------------------------------------------------------------------


def test_switches_are_on_until_a_city_admin_turns_one_off(db):
	frappe.db.delete("Singles", {"doctype": SETTINGS})
	assert all(settings.enabled(key) for key in settings.SWITCHES)
	assert settings.rectification_lead_working_days() == 2
	doc = frappe.get_single(SETTINGS)
	assert [doc.get(key) for key in settings.SWITCHES] == [1] * 5  # the form's defaults
	switch("remind_certificates", False)
	frappe.db.set_single_value(SETTINGS, "rectification_lead_working_days", 5)
	assert not settings.enabled("remind_certificates")
	assert settings.enabled("remind_background_checks")
	assert settings.rectification_lead_working_days() == 5
	with pytest.raises(ValueError):
		settings.enabled("remind_everything")


def test_only_city_admins_change_the_settings_and_every_role_reads_them(as_user):
	for user in (seed.REV_LS, seed.OP_A, seed.ASSOC):
		as_user(user)
		assert frappe.has_permission(SETTINGS, "read")
		doc = frappe.get_single(SETTINGS)
		doc.remind_certificates = 0
		with pytest.raises(frappe.PermissionError):
			doc.save()
	as_user(seed.NOBODY)
	assert not frappe.has_permission(SETTINGS, "read")
	as_user(seed.CITY)
	doc = frappe.get_single(SETTINGS)
	doc.remind_certificates = 0
	doc.save()
	assert not settings.enabled("remind_certificates")
	doc.rectification_lead_working_days = 99
	with pytest.raises(frappe.ValidationError):
		doc.save()


# --- certificates --------------------------------------------------------------------------------


def test_certificates_expiring_are_reminded_once_to_the_right_users(staff, site, monkeypatch):
	monkeypatch.setattr(base, "CHUNK_SIZE", 1)  # every staff member a chunk of its own
	on = getdate(today())
	frappe.db.set_value("Tuoyu Staff", staff["A"], "health_cert_expiry", on + timedelta(days=10))
	frappe.db.set_value("Tuoyu Staff", staff["B"], "health_cert_expiry", on - timedelta(days=1))
	frappe.db.set_value("Tuoyu Staff", staff["C"], "health_cert_expiry", on + timedelta(days=200))
	certificates.daily(commit=False)
	assert told("Tuoyu Staff", staff["A"]) == [seed.OP_A]  # due soon: the operators only
	assert told("Tuoyu Staff", staff["B"]) == sorted([seed.OP_B, seed.REV_LS])  # expired: its reviewers too
	assert told("Tuoyu Staff", staff["C"]) == []  # beyond the 30-day lead time
	assert (
		"将于" in subjects("Tuoyu Staff", staff["A"])[0]
		and "健康证" in subjects("Tuoyu Staff", staff["A"])[0]
	)
	assert "已于" in subjects("Tuoyu Staff", staff["B"])[0]
	# the next day, and the one after: nothing again for the same expiry date
	certificates.daily(commit=False)
	certificates.daily(commit=False)
	assert told("Tuoyu Staff", staff["A"]) == [seed.OP_A]
	assert frappe.db.count(LOG, {"reference_name": ("in", list(staff.values()))}) == 2
	# a renewed certificate with a new date is a new reminder
	frappe.db.set_value("Tuoyu Staff", staff["A"], "health_cert_expiry", on + timedelta(days=20))
	certificates.daily(commit=False)
	assert told("Tuoyu Staff", staff["A"]) == [seed.OP_A, seed.OP_A]


def test_reminders_are_written_in_the_sites_language_from_an_english_process(staff):
	"""A worker or console whose language is English still stores Chinese reminders (the site's)."""
	on = getdate(today())
	frappe.db.set_value("Tuoyu Staff", staff["A"], "health_cert_expiry", on + timedelta(days=10))
	frappe.local.lang = "en"
	certificates.daily(commit=False)
	assert frappe.local.lang == "en"
	(subject,) = subjects("Tuoyu Staff", staff["A"])
	assert "将于" in subject and "expires" not in subject


def test_an_expiring_qualification_goes_to_its_own_area_only(staff, site):
	on = getdate(today())
	# a row as the staff form stores it (the form's own checks are tested with the registry)
	frappe.get_doc(
		{
			"doctype": "Tuoyu Staff Qualification",
			"parent": staff["C"],
			"parenttype": "Tuoyu Staff",
			"parentfield": "qualifications",
			"qualification_type": "育婴员",
			"issue_date": on - timedelta(days=700),
			"expiry_date": on - timedelta(days=3),
		}
	).db_insert()
	certificates.daily(commit=False)
	assert told("Tuoyu Staff", staff["C"]) == sorted([seed.OP_C, seed.REV_LZ])
	assert "育婴员" in subjects("Tuoyu Staff", staff["C"])[0]
	certificates.daily(commit=False)
	assert len(told("Tuoyu Staff", staff["C"])) == 2
	# a person who has left is not reminded about
	forget("Tuoyu Staff", [staff["C"]])
	frappe.db.set_value("Tuoyu Staff", staff["C"], "employment_status", "离职")
	certificates.daily(commit=False)
	assert told("Tuoyu Staff", staff["C"]) == []


def test_certificate_reminders_off(staff):
	frappe.db.set_value("Tuoyu Staff", staff["A"], "health_cert_expiry", getdate(today()) - timedelta(days=1))
	switch("remind_certificates", False)
	assert certificates.daily(commit=False) == {"disabled": True}
	assert told("Tuoyu Staff", staff["A"]) == []
	switch("remind_certificates", True)
	certificates.daily(commit=False)
	assert told("Tuoyu Staff", staff["A"]) == sorted([seed.OP_A, seed.REV_LS])


@pytest.mark.usefixtures("outgoing_email")
def test_reminders_are_also_emailed(staff):
	frappe.db.set_value("Tuoyu Staff", staff["B"], "health_cert_expiry", getdate(today()) - timedelta(days=2))
	frappe.db.delete("Email Queue", {"reference_doctype": "Tuoyu Staff", "reference_name": staff["B"]})
	certificates.daily(commit=False)
	queued = frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Tuoyu Staff", "reference_name": staff["B"]},
		pluck="name",
	)
	assert len(queued) == 1
	recipients = frappe.get_all("Email Queue Recipient", filters={"parent": queued[0]}, pluck="recipient")
	assert sorted(recipients) == sorted([seed.OP_B, seed.REV_LS])


# --- background re-checks ------------------------------------------------------------------------


def test_background_rechecks_due_overdue_and_never(staff, site):
	on = getdate(today())
	set_last = lambda key, value: frappe.db.set_value(  # noqa: E731
		"Tuoyu Staff", staff[key], "last_background_check", value
	)
	set_last("A", add_months(on, -12) + timedelta(days=10))  # due in 10 days
	set_last("B", add_months(on, -13))  # a month overdue
	set_last("C", None)  # never checked
	background_checks.daily(commit=False)
	assert told("Tuoyu Staff", staff["A"]) == [seed.OP_A]
	assert told("Tuoyu Staff", staff["B"]) == sorted([seed.OP_B, seed.REV_LS])
	assert told("Tuoyu Staff", staff["C"]) == sorted([seed.OP_C, seed.REV_LZ])
	assert "逾期" in subjects("Tuoyu Staff", staff["B"])[0]
	assert "尚无背景审查记录" in subjects("Tuoyu Staff", staff["C"])[0]
	background_checks.daily(commit=False)
	assert len(told("Tuoyu Staff", staff["B"])) == 2
	# no ID number, whole or in part, in any reminder
	for key, number in seed.STAFF_IDS.items():
		for subject in subjects("Tuoyu Staff", staff[key]):
			assert number not in subject and number[-6:] not in subject
	# a check recorded: a year's peace, then the next one is reminded
	set_last("B", on)
	background_checks.daily(commit=False)
	assert len(told("Tuoyu Staff", staff["B"])) == 2
	set_last("A", on - timedelta(days=400))
	background_checks.daily(commit=False)
	assert told("Tuoyu Staff", staff["A"]) == sorted([seed.OP_A, seed.OP_A, seed.REV_LS])


def test_background_reminders_off(staff):
	frappe.db.set_value("Tuoyu Staff", staff["A"], "last_background_check", None)
	switch("remind_background_checks", False)
	assert background_checks.daily(commit=False) == {"disabled": True}
	assert told("Tuoyu Staff", staff["A"]) == []


def test_a_staff_member_of_a_cancelled_point_is_not_reminded(staff, site):
	frappe.db.set_value("Tuoyu Staff", staff["A"], "last_background_check", None)
	frappe.db.set_value("Tuoyu Point", site.point["A"], "status", "已注销")
	background_checks.daily(commit=False)
	assert told("Tuoyu Staff", staff["A"]) == []


# --- rectification deadlines ---------------------------------------------------------------------


@pytest.fixture
def rectification(db, site):
	"""An open rectification of point A (inserted directly: the workflow is tested elsewhere)."""
	doc = frappe.get_doc(
		{
			"doctype": "Tuoyu Rectification",
			"point": site.point["A"],
			"workflow_state": "整改中",
			"notice_date": today(),
			"items": [{"item_text": "补配灭火器", "severity": "一般"}],
		}
	)
	doc.flags.ignore_permissions = True
	doc.db_insert()
	for row in doc.items:
		row.parent, row.parenttype, row.parentfield = doc.name, doc.doctype, "items"
		row.db_insert()
	frappe.db.set_value("Tuoyu Rectification", doc.name, "area", seed.LANSHAN)
	return doc.name


def deadline_in(working_days: int):
	return r.workday_horizon(load_calendar(), getdate(today()), working_days)


def test_rectification_deadlines_within_the_lead_time_are_reminded_once(rectification):
	rect = "Tuoyu Rectification"
	frappe.db.set_single_value(SETTINGS, "rectification_lead_working_days", 2)
	frappe.db.set_value(rect, rectification, "deadline", deadline_in(3))
	rectifications.daily(commit=False)
	assert told(rect, rectification) == []  # three working days away: not yet
	frappe.db.set_value(rect, rectification, "deadline", deadline_in(2))
	rectifications.daily(commit=False)
	rectifications.daily(commit=False)
	assert told(rect, rectification) == [seed.OP_A]  # the operators only, once
	assert "工作日" in subjects(rect, rectification)[0]
	# a longer lead time set by the city admins reaches further
	frappe.db.set_single_value(SETTINGS, "rectification_lead_working_days", 3)
	frappe.db.set_value(rect, rectification, "deadline", deadline_in(3))
	rectifications.daily(commit=False)
	assert told(rect, rectification) == [seed.OP_A, seed.OP_A]


def test_overdue_or_submitted_rectifications_are_left_to_escalation(rectification):
	rect = "Tuoyu Rectification"
	frappe.db.set_value(rect, rectification, "deadline", getdate(today()) - timedelta(days=1))
	rectifications.daily(commit=False)
	assert told(rect, rectification) == []
	frappe.db.set_value(rect, rectification, {"deadline": deadline_in(1), "workflow_state": "待验收"})
	rectifications.daily(commit=False)
	assert told(rect, rectification) == []


def test_rectification_reminders_off(rectification):
	frappe.db.set_value("Tuoyu Rectification", rectification, "deadline", today())
	switch("remind_rectification_deadlines", False)
	assert rectifications.daily(commit=False) == {"disabled": True}
	assert told("Tuoyu Rectification", rectification) == []
	switch("remind_rectification_deadlines", True)
	rectifications.daily(commit=False)
	assert told("Tuoyu Rectification", rectification) == [seed.OP_A]


# --- self-inspections (supervision.inspection_reminders) honour their switch ----------------------


def test_self_inspection_reminders_off_and_on(db, site):
	a = site.point["A"]
	frappe.db.set_value("Tuoyu Point", a, {"status": "已备案", "last_self_inspection": None})
	frappe.db.delete("Tuoyu Inspection Reminder", {"point": a})
	switch("remind_self_inspections", False)
	assert inspection_reminders.daily() == {"disabled": True}
	assert not frappe.db.exists("Tuoyu Inspection Reminder", {"point": a})
	switch("remind_self_inspections", True)
	inspection_reminders.daily()
	assert frappe.db.count("Tuoyu Inspection Reminder", {"point": a}) == 1


def test_the_jobs_are_scheduled_daily():
	from tuoyu_frappe import hooks

	for job in (certificates, background_checks, rectifications):
		assert f"{job.__name__}.daily" in hooks.scheduler_events["daily"]


def test_the_demo_sends_reminders_once(staff, site):
	from tuoyu_frappe.reminders.demo import load_reminders_demo

	for key in ("A", "B"):
		frappe.db.set_value("Tuoyu Point", site.point[key], "status", "已备案")
	frappe.db.set_value(
		"Tuoyu Staff",
		{"employment_status": "在职", "health_cert_expiry": ("<=", getdate(today()) + timedelta(days=30))},
		"health_cert_expiry",
		getdate(today()) + timedelta(days=400),
	)
	made = load_reminders_demo(log=lambda _msg: None)
	assert made["certificates_moved"] >= 1 and made["certificates"] >= made["certificates_moved"]
	assert told("Tuoyu Staff", staff["A"]) == [seed.OP_A]
	again = load_reminders_demo(log=lambda _msg: None)
	assert again == {"certificates_moved": 0, "certificates": 0, "background_checks": 0, "rectifications": 0}
	assert settings.stored("remind_certificates") == "1"  # the defaults, saved for the form


def test_a_reminder_already_logged_is_not_sent_by_a_second_run_at_once(staff, site):
	"""Two runs racing past the pre-check: the log's unique key lets one of them send."""
	point = site.point["A"]
	values = dict(
		kind=r.CERTIFICATE,
		stage=r.DUE_SOON,
		point=point,
		point_name="测试甲托育点",
		doctype="Tuoyu Staff",
		name=staff["A"],
		item=r.HEALTH_CERT,
		due=getdate(today()),
		on=getdate(today()),
		users=[seed.OP_A],
		subject="测试提醒",
	)
	assert base.send_once(**values)
	assert not base.send_once(**values)
	assert told("Tuoyu Staff", staff["A"]) == [seed.OP_A]
	assert not base.send_once(**{**values, "users": []})  # nobody to tell: nothing logged either
