"""A city administrator hands an overdue filing to another reviewer of the same area."""

import frappe
import pytest
from frappe.model.workflow import apply_workflow

from tests import seed
from tests.integration.clock_helpers import add_city_admin, add_reviewer, open_filing, saved_by, working_day
from tuoyu_frappe.filing import states as s
from tuoyu_frappe.filing.doctype.tuoyu_filing.tuoyu_filing import reassign_reviewer

REV_LS2 = "reviewer2.lanshan@tuoyu.test"


@pytest.fixture
def second_reviewer(db):
	return add_reviewer(REV_LS2, seed.LANSHAN)


def overdue_in_review(site, key="A", reviewer=seed.REV_LS) -> str:
	"""A filing taken by `reviewer` whose receipt was due two working days ago."""
	name = open_filing(
		site,
		key,
		state=s.IN_REVIEW,
		reviewer=reviewer,
		received_on=working_day(-7),
		receipt_due=working_day(-2),
	)
	assert saved_by(reviewer, name).clock_status == "已超时"
	return name


def approve(name: str, user: str):
	"""Every material accepted (as Administrator), then `user` approves."""
	frappe.set_user("Administrator")
	for row in frappe.get_doc("Tuoyu Filing", name).materials:
		frappe.db.set_value("Tuoyu Filing Material", row.name, "verdict", s.PASSED)
	frappe.set_user(user)
	frappe.local.lang = "zh"
	return apply_workflow(frappe.get_doc("Tuoyu Filing", name).as_dict(), s.APPROVE)


def test_a_city_admin_reassigns_an_overdue_filing_and_only_the_new_reviewer_may_decide(
	db, site, as_user, second_reviewer
):
	name = overdue_in_review(site)
	as_user(add_city_admin())
	reassign_reviewer(name, REV_LS2)
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Tuoyu Filing", name, "reviewer") == REV_LS2
	comments = frappe.get_all(
		"Comment", filters={"reference_doctype": "Tuoyu Filing", "reference_name": name}, pluck="content"
	)
	assert any(seed.REV_LS in c and REV_LS2 in c and "改派" in c for c in comments)
	subjects = frappe.get_all(
		"Notification Log", filters={"for_user": REV_LS2, "document_name": name}, pluck="subject"
	)
	assert any("改派给您" in subject for subject in subjects)

	# The previous reviewer may neither edit nor decide any more ...
	as_user(seed.REV_LS)
	doc = frappe.get_doc("Tuoyu Filing", name)
	doc.decision_reason = "原审核员的意见"
	with pytest.raises(frappe.PermissionError):
		doc.save()
	with pytest.raises(frappe.PermissionError):
		approve(name, seed.REV_LS)
	assert frappe.db.get_value("Tuoyu Filing", name, "workflow_state") == s.IN_REVIEW
	# ... the new one may.
	filing = approve(name, REV_LS2)
	assert filing.workflow_state == s.FILED and filing.docstatus == 1
	assert filing.clock_status == "已办结"


def test_the_seeded_city_admin_may_reassign_too(db, site, as_user, second_reviewer):
	name = overdue_in_review(site)
	as_user(seed.CITY)
	reassign_reviewer(name, REV_LS2)
	assert frappe.db.get_value("Tuoyu Filing", name, "reviewer") == REV_LS2


def test_reassignment_to_a_reviewer_of_another_area_is_refused(db, site, as_user):
	name = overdue_in_review(site)
	as_user(add_city_admin())
	with pytest.raises(frappe.ValidationError) as err:
		reassign_reviewer(name, seed.REV_LZ)
	assert "不是该县区的审核员" in str(err.value)
	with pytest.raises(frappe.ValidationError):
		reassign_reviewer(name, seed.OP_A)  # not a reviewer at all
	assert frappe.db.get_value("Tuoyu Filing", name, "reviewer") == seed.REV_LS


def test_a_disabled_assignment_does_not_count(db, site, as_user, second_reviewer):
	name = overdue_in_review(site)
	frappe.db.set_value("Tuoyu Reviewer Assignment", {"reviewer": REV_LS2}, "enabled", 0)
	as_user(add_city_admin())
	with pytest.raises(frappe.ValidationError):
		reassign_reviewer(name, REV_LS2)


@pytest.mark.parametrize("offset", [2, 1, 0])
def test_a_filing_that_is_not_overdue_cannot_be_reassigned(db, site, as_user, second_reviewer, offset):
	name = open_filing(
		site,
		"A",
		state=s.IN_REVIEW,
		reviewer=seed.REV_LS,
		received_on=working_day(-3),
		receipt_due=working_day(offset),
	)
	assert saved_by(seed.REV_LS, name).clock_status in ("正常", "即将超时")
	as_user(add_city_admin())
	with pytest.raises(frappe.ValidationError) as err:
		reassign_reviewer(name, REV_LS2)
	assert "已超时" in str(err.value)
	assert frappe.db.get_value("Tuoyu Filing", name, "reviewer") == seed.REV_LS


@pytest.mark.parametrize("state", [s.DRAFT, s.RETURNED])
def test_a_filing_not_under_review_cannot_be_reassigned(db, site, as_user, second_reviewer, state):
	name = open_filing(
		site, "A", state=state, reviewer=seed.REV_LS, received_on=working_day(-9), receipt_due=working_day(-4)
	)
	frappe.db.set_value("Tuoyu Filing", name, "clock_status", "已超时")  # even with a stale status
	as_user(add_city_admin())
	with pytest.raises(frappe.ValidationError):
		reassign_reviewer(name, REV_LS2)


@pytest.mark.parametrize("user", [seed.REV_LS, REV_LS2, seed.REV_LZ, seed.OP_A, seed.NOBODY])
def test_only_a_city_admin_may_reassign(db, site, as_user, second_reviewer, user):
	name = overdue_in_review(site)
	as_user(user)
	with pytest.raises(frappe.PermissionError):
		reassign_reviewer(name, REV_LS2)
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Tuoyu Filing", name, "reviewer") == seed.REV_LS


def test_a_reassigned_pending_filing_is_accepted_only_by_the_new_reviewer(db, site, as_user, second_reviewer):
	name = open_filing(site, "A", received_on=working_day(-7), receipt_due=working_day(-2))
	assert saved_by(seed.REV_LS, name).clock_status == "已超时"
	as_user(add_city_admin())
	reassign_reviewer(name, REV_LS2)
	as_user(seed.REV_LS)
	with pytest.raises(frappe.PermissionError):
		apply_workflow(frappe.get_doc("Tuoyu Filing", name).as_dict(), s.ACCEPT)


def test_reassignment_judges_the_clock_as_of_today(db, site, as_user, second_reviewer):
	name = overdue_in_review(site)
	# The deadline passed since the last refresh: the stored status still says 即将超时.
	frappe.db.set_value("Tuoyu Filing", name, {"clock_status": "即将超时", "working_days_left": 1})
	as_user(add_city_admin())
	reassign_reviewer(name, REV_LS2)
	assert frappe.db.get_value("Tuoyu Filing", name, "reviewer") == REV_LS2
