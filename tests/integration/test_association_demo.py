"""The Association demo on the test site, rolled back afterwards: member points get their
membership records, applications wait or are decided, trainings on every required topic are
attended, so staff show hours and a topic met or missing; a second run creates nothing."""

import frappe

from tests import seed
from tuoyu_frappe.association import membership_rules as m
from tuoyu_frappe.association import training_rules as t
from tuoyu_frappe.association.demo import DEMO_TAG, MEMBERSHIP, load_association_demo


def test_the_demo_makes_members_and_trainings(db, site):
	made = load_association_demo(commit=False, log=None)
	frappe.set_user("Administrator")
	assert made["members"] >= 1 and made["sessions"] >= len(t.REQUIRED_TOPICS) + 2
	# Every member point has its approved record, with the point's own number.
	for point in frappe.get_all(
		"Tuoyu Point", filters={"association_member": 1}, fields=["name", "association_member_no"]
	):
		record = frappe.db.get_value(MEMBERSHIP, {"point": point.name}, ["status", "member_no"])
		assert record == (m.MEMBER, point.association_member_no), point.name
	statuses = set(frappe.get_all(MEMBERSHIP, pluck="status"))
	assert m.MEMBER in statuses
	# Point A (a member) has its caregiver trained on every required topic but, perhaps, fire safety.
	hours, met, missing = frappe.db.get_value(
		"Tuoyu Staff", site.staff["A"], ["training_hours", "training_topics_met", "training_topics_missing"]
	)
	attended = frappe.get_all(
		"Tuoyu Training Attendance",
		filters={"staff": site.staff["A"], "attended": 1},
		fields=["topic", "hours", "session"],
	)
	assert attended and hours == sum(a.hours for a in attended)
	assert set(met.split("、")) >= {"保育", "心理健康", "食品安全", "急救"}
	assert missing in ("", "消防")
	sessions = frappe.get_all(
		"Tuoyu Training Session", filters={"session_title": ("like", f"{DEMO_TAG}%")}, fields=["status"]
	)
	assert t.CANCELLED in {s.status for s in sessions}
	# Point C is not a member: none of its staff attend the association's sessions.
	assert not frappe.get_all(
		"Tuoyu Training Attendance",
		filters={"staff": site.staff["C"], "session": ("in", association_sessions())},
	)
	assert load_association_demo(commit=False, log=None) == dict.fromkeys(made, 0)
	frappe.set_user(seed.ASSOC)
	assert frappe.get_list(MEMBERSHIP, pluck="name")


def association_sessions() -> list[str]:
	return frappe.get_all(
		"Tuoyu Training Session", filters={"organiser_type": t.BY_ASSOCIATION}, pluck="name"
	) or [""]
