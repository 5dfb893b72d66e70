"""The working-day calendar kept on the site (`Tuoyu Calendar Year`) and the clocks of filings."""

import re
from datetime import date

import frappe
import pytest
from frappe.utils import getdate, today

from tests import seed
from tests.integration.clock_helpers import (
	DAYS_2027,
	add_city_admin,
	open_filing,
	saved_by,
	unload_year,
	working_day,
)
from tuoyu_frappe.filing import clock
from tuoyu_frappe.filing import states as s
from tuoyu_frappe.filing.doctype.tuoyu_filing.tuoyu_filing import clock_fields
from tuoyu_frappe.workdays import CalendarNotLoaded, special_days_from_chinesecalendar

LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(autouse=True)
def no_2027(db):
	unload_year(2027)


def new_year(year: int, days: list[dict], **values):
	return frappe.get_doc({"doctype": "Tuoyu Calendar Year", "year": year, "days": days, **values})


def cached_years() -> list:
	return (frappe.cache.get_value(clock.CACHE_KEY, expires=True) or {}).get("years", [])


# --- the seeded years -----------------------------------------------------------------------------


def test_the_years_2004_to_2026_are_seeded_from_chinesecalendar(db):
	years = frappe.get_all("Tuoyu Calendar Year", fields=["year", "source", "day_count"], order_by="year")
	by_year = {y.year: y for y in years}
	assert set(range(2004, 2027)) <= set(by_year)
	for year in range(2004, 2027):
		assert by_year[year].source == "chinesecalendar"
		assert by_year[year].day_count == len(special_days_from_chinesecalendar(year)), year
	doc = frappe.get_doc("Tuoyu Calendar Year", "2025")
	kinds = {str(d.day): (d.kind, d.holiday_name) for d in doc.days}
	assert kinds["2025-09-28"] == ("调休上班", "国庆节")
	assert kinds["2025-10-06"] == ("节假日", "中秋节")
	assert kinds["2025-10-08"] == ("节假日", "国庆节")


def test_the_site_calendar_counts_like_chinesecalendar(db):
	calendar = clock.load_calendar()
	assert calendar.add_working_days(date(2025, 9, 26), 5) == date(2025, 10, 10)
	assert calendar.add_working_days(date(2026, 2, 13), 5) == date(2026, 2, 27)
	with pytest.raises(CalendarNotLoaded) as err:
		calendar.add_working_days(date(2026, 12, 28), 5)
	assert err.value.year == 2027


# --- a city admin enters a later year -------------------------------------------------------------


def test_a_city_admin_enters_2027_and_then_a_clock_into_2027_works(db, as_user):
	admin = add_city_admin()
	with pytest.raises(CalendarNotLoaded):
		clock.load_calendar().add_working_days(date(2026, 12, 28), 5)
	as_user(admin)
	doc = new_year(2027, list(reversed(DAYS_2027))).insert()
	assert doc.name == "2027" and doc.source == "手工维护" and doc.day_count == len(DAYS_2027)
	assert [str(d.day) for d in doc.days] == sorted(d["day"] for d in DAYS_2027)  # kept in date order
	calendar = clock.load_calendar()
	# Mon 28 Dec: Tue 29, Wed 30, Thu 31, Fri 1 Jan off (元旦), Mon 4, Tue 5.
	assert calendar.add_working_days(date(2026, 12, 28), 5) == date(2027, 1, 5)
	assert calendar.add_working_days(date(2027, 2, 5), 1) == date(2027, 2, 13)  # the make-up Saturday
	# The uncommitted year never reaches the cache other processes read.
	assert 2027 not in cached_years()

	# Editable: 元旦 removed again, 1 January is an ordinary Friday and counts.
	doc.days = [d for d in doc.days if str(d.day) != "2027-01-01"]
	doc.save()
	assert doc.day_count == len(DAYS_2027) - 1
	assert clock.load_calendar().add_working_days(date(2026, 12, 28), 5) == date(2027, 1, 4)

	doc.delete()
	with pytest.raises(CalendarNotLoaded):
		clock.load_calendar().add_working_days(date(2026, 12, 28), 5)


def test_a_rolled_back_year_leaves_nothing_in_the_shared_cache(db, as_user):
	as_user(add_city_admin())
	new_year(2099, []).insert()
	assert 2099 in clock.load_calendar().years
	assert 2099 not in cached_years()
	frappe.db.rollback()
	assert 2099 not in clock.load_calendar().years
	assert 2026 in cached_years() and 2099 not in cached_years()


@pytest.mark.parametrize("user", [seed.REV_LS, seed.OP_A])
def test_reviewers_and_operators_read_but_cannot_edit_calendar_years(db, as_user, user):
	as_user(user)
	doc = frappe.get_doc("Tuoyu Calendar Year", "2026")
	doc.check_permission("read")
	assert doc.day_count
	with pytest.raises(frappe.PermissionError):
		new_year(2027, DAYS_2027).insert()
	doc.days = doc.days[1:]
	with pytest.raises(frappe.PermissionError):
		doc.save()
	with pytest.raises(frappe.PermissionError):
		frappe.delete_doc("Tuoyu Calendar Year", "2026")
	frappe.set_user("Administrator")
	assert not frappe.db.exists("Tuoyu Calendar Year", "2027")
	assert frappe.db.count("Tuoyu Calendar Day", {"parent": "2026"}) == len(
		special_days_from_chinesecalendar(2026)
	)


def test_a_user_without_a_tuoyu_role_cannot_read_calendar_years(db, as_user):
	as_user(seed.NOBODY)
	assert not frappe.has_permission("Tuoyu Calendar Year", "read")
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Tuoyu Calendar Year", "2026").check_permission("read")
	as_user(seed.REV_LS)
	frappe.get_doc("Tuoyu Calendar Year", "2026").check_permission("read")


@pytest.mark.parametrize(
	("year", "days", "message"),
	[
		# Monday 4 January 2027 cannot be a make-up workday: it is a working day anyway.
		(2027, [{"day": "2027-01-04", "kind": "调休上班"}], "第 1 行：调休上班日必须是星期六或星期日"),
		(2027, [*DAYS_2027, {"day": "2026-12-31", "kind": "节假日"}], "2026-12-31 不在 2027 年内"),
		(2027, [*DAYS_2027, {"day": "2027-01-01", "kind": "节假日"}], "2027-01-01 重复"),
		# The same day as a holiday and as a make-up workday is a duplicate too.
		(2027, [{"day": "2027-02-13", "kind": "节假日"}, {"day": "2027-02-13", "kind": "调休上班"}], "重复"),
		(1999, [], "请输入2000至2100之间的年份"),
	],
)
def test_invalid_calendar_years_are_refused_in_chinese(db, as_user, year, days, message):
	as_user(add_city_admin())
	with pytest.raises(frappe.ValidationError) as err:
		new_year(year, days).insert()
	assert message in str(err.value)
	assert not LATIN.search(str(err.value)), str(err.value)
	assert not frappe.db.exists("Tuoyu Calendar Year", {"year": year})


def test_the_year_of_a_saved_calendar_cannot_be_changed(db, as_user):
	as_user(add_city_admin())
	doc = new_year(2027, DAYS_2027).insert()
	doc.year = 2028
	with pytest.raises(frappe.ValidationError) as err:
		doc.save()
	assert "不能修改年份" in str(err.value)


# --- the clock of a filing ------------------------------------------------------------------------


def test_a_filing_whose_deadline_falls_in_an_unloaded_year_says_so_and_gets_no_due_date(db, site, as_user):
	# Received on Monday 28 December 2026: the fifth working day is in 2027.
	name = open_filing(site, "A", received_on="2026-12-28")
	doc = frappe.get_doc("Tuoyu Filing", name)
	doc.set_due_dates()
	doc.refresh_clock()
	assert doc.receipt_due is None and doc.notice_due is None
	assert doc.working_days_left is None and doc.clock_status == ""
	assert "2027" in doc.clock_note and "尚未录入" in doc.clock_note
	assert "2026" not in doc.clock_note  # 2026 is loaded: the note names the missing year


def test_due_dates_missing_for_want_of_a_year_are_filled_when_the_year_is_entered(db, site, as_user):
	# Thu 24 Dec 2026: the receipt is due within 2026 (Fri 25, Mon 28 … Thu 31), the notice is not.
	name = open_filing(site, "A", received_on="2026-12-24")
	doc = frappe.get_doc("Tuoyu Filing", name)
	doc.set_due_dates()
	assert doc.receipt_due is None and doc.notice_due is None  # no half-known clock
	as_user(add_city_admin())
	new_year(2027, DAYS_2027).insert()
	frappe.set_user("Administrator")
	filing = frappe.get_doc("Tuoyu Filing", name)
	assert str(filing.receipt_due) == "2026-12-31"
	# Fri 25 (1), Mon 28–Thu 31 (5), 1 Jan off, Mon 4–Fri 8 (10), Mon 11–Fri 15 (15).
	assert str(filing.notice_due) == "2027-01-15"
	assert "2027-01-15" in filing.clock_note and "尚未录入" not in filing.clock_note
	assert filing.clock_status in ("正常", "即将超时", "已超时")


def test_submission_sets_receipt_and_notice_due_dates_from_the_rule_set(db, site, as_user):
	name = open_filing(site, "A", received_on=today())
	doc = frappe.get_doc("Tuoyu Filing", name)
	doc.set_due_dates()
	rules = frappe.db.get_value(
		"Tuoyu Rule Set", doc.rule_set, ["receipt_working_days", "notice_working_days"], as_dict=True
	)
	assert (rules.receipt_working_days, rules.notice_working_days) == (5, 15)
	assert getdate(doc.receipt_due) == working_day(5)
	assert getdate(doc.notice_due) == working_day(15)


@pytest.mark.parametrize(
	("offset", "left", "status"),
	[(2, 2, "正常"), (1, 1, "即将超时"), (0, 0, "即将超时"), (-1, -1, "已超时"), (-3, -3, "已超时")],
)
def test_working_days_left_and_clock_status(db, site, as_user, offset, left, status):
	due = working_day(offset)
	name = open_filing(site, "A", received_on=working_day(min(offset, 0) - 5), receipt_due=due)
	doc = saved_by(seed.REV_LS, name)  # the form's save refreshes the clock
	assert (doc.working_days_left, doc.clock_status) == (left, status)
	assert str(due) in doc.clock_note
	stored = frappe.db.get_value("Tuoyu Filing", name, ["working_days_left", "clock_status"], as_dict=True)
	assert (stored.working_days_left, stored.clock_status) == (left, status)


def test_clock_of_returned_and_decided_filings(db, site):
	name = open_filing(site, "A", state=s.RETURNED, received_on=working_day(-3), receipt_due=working_day(2))
	filing = frappe.get_doc("Tuoyu Filing", name)
	days_left, status, note = clock_fields(filing)
	assert days_left is None and status == "" and "补正" in note
	for state in s.DECISION_STATES:
		filing.workflow_state = state
		assert clock_fields(filing) == (None, "已办结", "")


def test_the_list_shows_days_left_and_filters_by_clock_status(db, site, as_user):
	meta = frappe.get_meta("Tuoyu Filing")
	assert meta.get_field("working_days_left").in_list_view
	assert meta.get_field("clock_status").in_standard_filter
	overdue = open_filing(site, "A", received_on=working_day(-8), receipt_due=working_day(-2))
	due_soon = open_filing(site, "B", received_on=working_day(-4), receipt_due=working_day(1))
	other_area = open_filing(site, "C", received_on=working_day(-8), receipt_due=working_day(-1))
	saved_by(seed.REV_LS, overdue)
	saved_by(seed.REV_LS, due_soon)
	saved_by(seed.REV_LZ, other_area)

	def listed(user, status):
		as_user(user)
		return set(frappe.get_list("Tuoyu Filing", filters={"clock_status": status}, pluck="name"))

	assert overdue in listed(seed.REV_LS, "已超时")
	assert due_soon not in listed(seed.REV_LS, "已超时") and other_area not in listed(seed.REV_LS, "已超时")
	assert due_soon in listed(seed.REV_LS, "即将超时") and overdue not in listed(seed.REV_LS, "即将超时")
	assert other_area in listed(seed.REV_LZ, "已超时") and overdue not in listed(seed.REV_LZ, "已超时")
	assert {overdue, other_area} <= listed(add_city_admin(), "已超时")
	as_user(seed.REV_LS)
	rows = frappe.get_list(
		"Tuoyu Filing", filters={"name": ("in", [overdue, due_soon])}, fields=["name", "working_days_left"]
	)
	assert {r.name: r.working_days_left for r in rows} == {overdue: -2, due_soon: 1}
