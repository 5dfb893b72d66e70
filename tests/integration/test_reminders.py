"""The daily job: refresh the clocks of filings under review and warn the area's reviewers and
the city administrators of deadlines (system notification and email).

The job does not commit (the scheduler commits after it), so everything here is rolled back;
a guard makes a commit inside the job fail the test instead of leaking rows into the shared
test site."""

import frappe
import pytest

from tests import seed
from tests.integration.clock_helpers import add_city_admin, open_filing, unload_year, working_day
from tuoyu_frappe.filing import reminders
from tuoyu_frappe.filing import states as s
from tuoyu_frappe.filing.notify import city_admins


@pytest.fixture
def outgoing_email(db):
	"""A default outgoing account (rolled back; no server is contacted: emails are muted)."""
	frappe.db.set_value(
		"Email Account",
		"Notifications",
		{"enable_outgoing": 1, "default_outgoing": 1, "awaiting_password": 1, "smtp_server": "localhost"},
	)
	frappe.local.outgoing_email_account = {}  # Frappe's per-process cache of the lookup
	yield
	frappe.local.outgoing_email_account = {}


def notified(name: str) -> dict[str, str]:
	rows = frappe.get_all(
		"Notification Log",
		filters={"document_type": "Tuoyu Filing", "document_name": name},
		fields=["for_user", "subject"],
	)
	return {r.for_user: r.subject for r in rows}


def emailed(name: str) -> set[str]:
	queue = frappe.get_all(
		"Email Queue", filters={"reference_doctype": "Tuoyu Filing", "reference_name": name}, pluck="name"
	)
	return set(
		frappe.get_all("Email Queue Recipient", filters={"parent": ("in", queue or [""])}, pluck="recipient")
	)


def stale(name: str) -> None:
	frappe.db.set_value(
		"Tuoyu Filing", name, {"working_days_left": 9, "clock_status": "正常", "clock_note": ""}
	)


def run_daily() -> dict:
	frappe.set_user("Administrator")  # as the scheduler runs it
	frappe.local.lang = "zh"
	return reminders.daily()


def test_due_soon_and_overdue_filings_are_notified_to_their_areas_reviewers_and_the_city_admins(
	site, no_commit, outgoing_email
):
	admin2 = add_city_admin()
	due_soon = open_filing(site, "A", received_on=working_day(-4), receipt_due=working_day(1))
	overdue = open_filing(
		site,
		"B",
		state=s.IN_REVIEW,
		reviewer=seed.REV_LS,
		received_on=working_day(-7),
		receipt_due=working_day(-2),
	)
	other_area = open_filing(site, "C", received_on=working_day(-6), receipt_due=working_day(-1))
	for name in (due_soon, overdue, other_area):
		stale(name)
	admins = set(city_admins()) - {"Administrator"}
	assert {seed.CITY, admin2} <= admins

	warned = run_daily()

	assert warned["即将超时"] >= 1 and warned["已超时"] >= 2
	# The clocks were refreshed.
	clocks = {
		n: frappe.db.get_value(
			"Tuoyu Filing", n, ["working_days_left", "clock_status", "clock_note"], as_dict=True
		)
		for n in (due_soon, overdue, other_area)
	}
	assert (clocks[due_soon].working_days_left, clocks[due_soon].clock_status) == (1, "即将超时")
	assert (clocks[overdue].working_days_left, clocks[overdue].clock_status) == (-2, "已超时")
	assert (clocks[other_area].working_days_left, clocks[other_area].clock_status) == (-1, "已超时")
	assert str(working_day(1)) in clocks[due_soon].clock_note

	# 兰山区 filings: 兰山's reviewer and every city admin, never 罗庄's reviewer.
	for name, words in ((due_soon, "一个工作日内到期"), (overdue, "已超时")):
		logs = notified(name)
		assert set(logs) == {seed.REV_LS} | admins, name
		assert all(words in subject and name in subject for subject in logs.values())
		assert seed.REV_LS in emailed(name) and seed.CITY in emailed(name) and admin2 in emailed(name)
		assert seed.REV_LZ not in emailed(name)
	# The 罗庄区 filing: 罗庄's reviewer and the city admins, not 兰山's.
	assert set(notified(other_area)) == {seed.REV_LZ} | admins
	assert seed.REV_LS not in emailed(other_area) and seed.REV_LZ in emailed(other_area)
	# Nobody else was told anything about these filings.
	assert seed.OP_A not in notified(due_soon) and seed.OP_B not in notified(overdue)


def test_filings_on_time_or_not_under_review_are_refreshed_but_not_notified(site, no_commit, outgoing_email):
	on_time = open_filing(site, "A", received_on=working_day(-1), receipt_due=working_day(3))
	returned = open_filing(
		site, "B", state=s.RETURNED, received_on=working_day(-9), receipt_due=working_day(-4)
	)
	stale(on_time)
	run_daily()
	assert frappe.db.get_value("Tuoyu Filing", on_time, ["working_days_left", "clock_status"]) == (3, "正常")
	assert notified(on_time) == {} and emailed(on_time) == set()
	# A returned filing's clock is stopped: the job leaves it alone.
	assert notified(returned) == {} and emailed(returned) == set()


def test_a_filing_waiting_for_next_years_calendar_is_explained_not_warned(site, no_commit):
	unload_year(2027)
	# Received Mon 28 Dec 2026 (as if): its receipt is due in 2027, whose calendar is missing.
	waiting = open_filing(site, "A", received_on="2026-12-28")
	run_daily()
	row = frappe.db.get_value(
		"Tuoyu Filing",
		waiting,
		["receipt_due", "working_days_left", "clock_status", "clock_note"],
		as_dict=True,
	)
	assert row.receipt_due is None and row.clock_status == ""
	assert row.working_days_left == 0  # an Int column: Frappe stores 0 for "no clock"
	assert "2027" in row.clock_note and "尚未录入" in row.clock_note
	assert notified(waiting) == {}


def test_without_an_outgoing_email_account_the_system_notifications_still_go_out(site, no_commit):
	assert not frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1})
	overdue = open_filing(site, "A", received_on=working_day(-7), receipt_due=working_day(-2))
	run_daily()
	assert seed.REV_LS in notified(overdue) and seed.CITY in notified(overdue)
	assert emailed(overdue) == set()
	assert frappe.db.get_value("Tuoyu Filing", overdue, "clock_status") == "已超时"


@pytest.mark.parametrize(
	"doctype, words", [("Tuoyu Staff", "查看工作人员"), ("Tuoyu Filing", "查看备案申请")]
)
def test_an_emails_link_names_the_document_it_opens(db, site, doctype, words):
	from tuoyu_frappe.filing.notify import open_text

	frappe.local.lang = "zh"
	name = site.staff["A"] if doctype == "Tuoyu Staff" else "TYF-TEST"
	doc = frappe.new_doc(doctype)
	doc.name = name
	assert open_text(doc) == f"{words} {name}"
