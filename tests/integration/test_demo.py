"""The demo loader: reproducible, idempotent, and every row passes the app's own validation."""

import math
from datetime import timedelta

import frappe
from frappe.utils import getdate, today

from tuoyu_frappe import compliance
from tuoyu_frappe.demo import (
	CITY_ADMIN_EMAIL,
	DEMO_DOMAIN,
	Generator,
	load_counties,
	load_demo,
	reviewer_email,
)
from tuoyu_frappe.permissions import CITY_ADMIN, OPERATOR, REVIEWER
from tuoyu_frappe.registry.doctype.tuoyu_point.tuoyu_point import evaluate_point

POINTS = 15


def table_counts() -> dict[str, int]:
	doctypes = ("User", "Tuoyu Reviewer Assignment", "Tuoyu Point", "Tuoyu Staff", "Tuoyu Staff Identity")
	return {doctype: frappe.db.count(doctype) for doctype in doctypes}


def demo_points() -> list[str]:
	operators = frappe.get_all(
		"Tuoyu Point Operator",
		filters={"user": ("like", f"%@{DEMO_DOMAIN}"), "parenttype": "Tuoyu Point"},
		pluck="parent",
	)
	return sorted(set(operators))


def test_demo_loads_once_and_validates(db):
	first = load_demo(points=POINTS, commit=False)
	assert first["created"]["points"] == POINTS
	assert first["created"]["staff"] >= 2 * POINTS
	assert first["created"]["reviewer_assignments"] == frappe.db.count("Tuoyu Area", {"level": "县区"})

	before = table_counts()
	second = load_demo(points=POINTS, commit=False)
	assert not any(second["created"].values()), second["created"]
	assert table_counts() == before
	assert second["existing"]["points"] == POINTS
	assert second["existing"]["staff"] == first["created"]["staff"]

	points = demo_points()
	assert len(points) == POINTS
	areas = {frappe.db.get_value("Tuoyu Point", p, "area") for p in points}
	assert len(areas) >= 10

	for name in points:
		# Saving again runs every validation of the controller on the stored values.
		doc = frappe.get_doc("Tuoyu Point", name)
		doc.save(ignore_permissions=True)
		assert "托育" in doc.point_name and doc.capacity <= 5
		assert_staffing(doc)
		if doc.status == "已备案":
			assert doc.filing_number and doc.filed_on
			blocking = {f.rule for f in evaluate_point(doc) if f.severity == compliance.BLOCKING}
			assert blocking <= {"health_cert_validity_months"}, (doc.point_name, blocking)
	assert_users()
	assert_certificates()


def assert_staffing(point) -> None:
	staff = frappe.get_all("Tuoyu Staff", filters={"point": point.name}, fields=["name", "post"])
	assert 2 <= len(staff) <= 4
	posts = [s.post for s in staff]
	assert "负责人" in posts
	assert posts.count("保育人员") >= math.ceil((point.enrolment or 0) / 3)
	for row in staff:
		doc = frappe.get_doc("Tuoyu Staff", row.name)
		doc.save(ignore_permissions=True)
		assert doc.qualifications and doc.last_background_check
		identity = frappe.get_doc("Tuoyu Staff Identity", row.name)
		assert identity.id_number and identity.birth_date
		assert {c.result for c in identity.background_checks} == {"无相关记录"}


def assert_users() -> None:
	assert CITY_ADMIN in frappe.get_roles(CITY_ADMIN_EMAIL)
	reviewer = reviewer_email("371302")
	assert REVIEWER in frappe.get_roles(reviewer)
	assert frappe.db.get_value("User", reviewer, "first_name").startswith("兰山区审核员 ")
	operator = frappe.db.get_value(
		"Tuoyu Point Operator", {"user": ("like", f"%@{DEMO_DOMAIN}"), "parenttype": "Tuoyu Point"}, "user"
	)
	assert OPERATOR in frappe.get_roles(operator)
	assert frappe.db.get_value("User", operator, "language") == "zh"


def assert_certificates() -> None:
	now = getdate(today())
	expiries = frappe.get_all(
		"Tuoyu Staff", filters={"point": ("in", demo_points())}, pluck="health_cert_expiry"
	)
	soon = [e for e in expiries if now <= getdate(e) <= now + timedelta(days=30)]
	assert soon, "some certificates should expire within 30 days"
	assert len(soon) < len(expiries) / 4


def test_same_seed_same_rows_on_any_day(db):
	"""Idempotency rests on the keys: the same seed gives the same point names and ID numbers, also
	when the loader runs again on another day (dates are drawn relative to today)."""

	def keys(seed: int, on) -> list[tuple]:
		generator = Generator(seed=seed, counties=load_counties(), on=on)
		plans = [generator.point_plan(n) for n in range(1, 30)]
		return [(p.point["point_name"], *(s.values["id_number_entry"] for s in p.staff)) for p in plans]

	now = getdate(today())
	assert keys(2026, now) == keys(2026, now + timedelta(days=400))
	assert keys(2026, now) != keys(7, now)


def test_demo_filings_go_through_the_workflow_once(db):
	from tuoyu_frappe.filing import states as s
	from tuoyu_frappe.filing.demo_filings import DECISION_WORKING_DAYS, PLAN, load_demo_filings

	load_demo(points=80, commit=False)  # enough points 筹建中 for the plan to reach the decided states
	first = load_demo_filings(commit=False)
	assert first["created"] >= 5
	filings = frappe.get_all(
		"Tuoyu Filing", fields=["name", "workflow_state", "docstatus", "point", "filing_number"]
	)
	states = {f.workflow_state for f in filings}
	assert s.PENDING in states and states <= {state for state, _count in PLAN}
	for f in filings:
		if f.workflow_state == s.FILED:
			assert f.docstatus == 1 and f.filing_number
			assert frappe.db.get_value("Tuoyu Point", f.point, "status") == "已备案"
	# Decided filings carry a history: the clock each took, from a receipt day in the past.
	decided = frappe.get_all(
		"Tuoyu Filing",
		filters={"workflow_state": ("in", (s.FILED, s.REFUSED))},
		fields=["received_on", "decided_on", "decision_working_days"],
	)
	assert decided, first
	assert all(f.received_on < f.decided_on for f in decided)
	assert {f.decision_working_days for f in decided} <= set(DECISION_WORKING_DAYS)
	assert len({f.decision_working_days for f in decided}) > 1
	assert load_demo_filings(commit=False)["created"] == 0
