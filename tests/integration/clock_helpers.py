"""Filings put directly into a review state with chosen dates, for the clock, reminder and
reassignment tests (the workflow path itself is tested in test_filing_workflow.py).

"Today" cannot be moved in Frappe v15 (`frappe.utils.today()` ignores
`frappe.flags.current_date`), so due dates are set relative to the real today."""

from datetime import date, timedelta

import frappe
import pytest
from frappe.utils import getdate, today

from tests import seed
from tuoyu_frappe.filing import clock
from tuoyu_frappe.filing import states as s
from tuoyu_frappe.workdays import CalendarNotLoaded

OPERATOR_OF = {"A": seed.OP_A, "B": seed.OP_B, "C": seed.OP_C}
# Illustrative days a city admin enters for 2027 (chinesecalendar has no 2027 yet).
DAYS_2027 = [
	{"day": "2027-01-01", "kind": "节假日", "holiday_name": "元旦"},
	*[{"day": f"2027-02-{d:02d}", "kind": "节假日", "holiday_name": "春节"} for d in range(8, 13)],
	{"day": "2027-02-13", "kind": "调休上班", "holiday_name": "春节"},
]


def unload_year(year: int) -> None:
	"""Make sure `year` has no calendar in this (rolled-back) transaction: the tests need a year
	that is not loaded, even once a newer chinesecalendar seeds it."""
	if frappe.db.exists("Tuoyu Calendar Year", str(year)):
		user = frappe.session.user
		frappe.set_user("Administrator")
		frappe.delete_doc("Tuoyu Calendar Year", str(year), ignore_permissions=True)
		frappe.set_user(user)


def working_day(offset: int) -> date:
	"""A working day relative to today: for offset n >= 0 the n-th working day after today (today
	itself for 0); for -n the working day with exactly n working days after it up to and including
	today. Skips the test when the site has no calendar for a year it needs."""
	calendar = clock.load_calendar()
	day = getdate(today())
	try:
		if offset >= 0:
			return calendar.add_working_days(day, offset)
		counted = 0
		while True:
			counted += calendar.is_workday(day)
			day -= timedelta(days=1)
			if counted == -offset and calendar.is_workday(day):
				return day
	except CalendarNotLoaded as missing:
		pytest.skip(f"the test site has no working-day calendar for {missing.year}")


def open_filing(
	site,
	key: str,
	*,
	state: str = s.PENDING,
	received_on=None,
	receipt_due=None,
	notice_due=None,
	reviewer: str | None = None,
) -> str:
	"""A new-point filing of seeded point `key`, created by its operator and then placed in
	`state` with the given dates (as Administrator, bypassing the workflow)."""
	frappe.set_user(OPERATOR_OF[key])
	name = (
		frappe.get_doc({"doctype": "Tuoyu Filing", "filing_type": s.NEW, "point": site.point[key]})
		.insert()
		.name
	)
	frappe.set_user("Administrator")
	frappe.db.set_value(
		"Tuoyu Filing",
		name,
		{
			"workflow_state": state,
			"commitment_confirmed": 1,
			"submitted_by": OPERATOR_OF[key],
			"confirmed_by": OPERATOR_OF[key],
			"received_on": received_on or today(),
			"receipt_due": receipt_due,
			"notice_due": notice_due or receipt_due,
			"reviewer": reviewer,
		},
	)
	return name


def saved_by(user: str, name: str):
	"""Open and save the filing as `user`, as the form does; validate refreshes its clock."""
	frappe.set_user(user)
	frappe.local.lang = "zh"
	doc = frappe.get_doc("Tuoyu Filing", name)
	doc.save()
	return doc


def add_reviewer(email: str, area: str, full_name: str = "兰山第二审核员") -> str:
	"""A further reviewer of `area`, created as Administrator (rolled back with the test)."""
	frappe.set_user("Administrator")
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": full_name,
				"language": "zh",
				"send_welcome_email": 0,
			}
		).insert(ignore_permissions=True)
	frappe.get_doc({"doctype": "Tuoyu Reviewer Assignment", "reviewer": email, "area": area}).insert(
		ignore_permissions=True
	)
	return email


def add_city_admin(email: str = "city.admin2@tuoyu.test") -> str:
	"""A city administrator who is nothing else (seed.CITY, the site's first user, was made a
	System Manager by Frappe, which would hide a missing Tuoyu City Admin permission)."""
	frappe.set_user("Administrator")
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": "市级管理员二",
				"language": "zh",
				"send_welcome_email": 0,
				"roles": [{"role": "Tuoyu City Admin"}],
			}
		).insert(ignore_permissions=True)
	assert "System Manager" not in frappe.get_roles(email)
	return email
