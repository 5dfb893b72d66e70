"""Association membership and training as plain rules (no site)."""

from datetime import date

import pytest

from tuoyu_frappe.association import membership_rules as m
from tuoyu_frappe.association import training_rules as t

TODAY = date(2026, 6, 1)
ASSOC, CITY, OP, REV = {m.ASSOCIATION}, {m.CITY}, {m.OPERATOR}, {m.REVIEWER}
APPROVAL = m.Decision(member_no="LYTY-0001", member_since=date(2026, 5, 1))


# --- membership ---------------------------------------------------------------------------------


def test_a_membership_starts_as_an_application():
	assert m.transition_problems(None, m.APPLIED, OP, m.Decision(), TODAY) == []
	for status in (m.MEMBER, m.REJECTED, m.ENDED):
		assert m.transition_problems(None, status, ASSOC, APPROVAL, TODAY)


@pytest.mark.parametrize("roles", [ASSOC, CITY])
def test_the_association_and_city_admins_approve_with_number_and_date(roles):
	assert m.transition_problems(m.APPLIED, m.MEMBER, roles, APPROVAL, TODAY) == []
	missing = m.transition_problems(m.APPLIED, m.MEMBER, roles, m.Decision(member_no=" "), TODAY)
	assert [p[0] for p in missing] == ["Give the member number", "Give the date the membership starts"]


@pytest.mark.parametrize("roles", [OP, REV, set()])
def test_nobody_else_decides(roles):
	for new, decision in (
		(m.MEMBER, APPROVAL),
		(m.REJECTED, m.Decision(decision_reason="不符合章程")),
	):
		assert m.transition_problems(m.APPLIED, new, roles, decision, TODAY) == [
			("Only the association decides on memberships", {})
		]
	ending = m.Decision(member_since=date(2026, 1, 1), ended_on=TODAY, end_reason="退会")
	assert m.transition_problems(m.MEMBER, m.ENDED, roles, ending, TODAY)


def test_no_membership_starts_in_the_future():
	future = m.Decision(member_no="X1", member_since=date(2026, 6, 2))
	assert m.transition_problems(m.APPLIED, m.MEMBER, ASSOC, future, TODAY) == [
		("A membership cannot start in the future", {})
	]


def test_a_rejection_needs_a_reason():
	assert m.transition_problems(m.APPLIED, m.REJECTED, ASSOC, m.Decision(), TODAY)
	assert (
		m.transition_problems(m.APPLIED, m.REJECTED, ASSOC, m.Decision(decision_reason="材料不全"), TODAY)
		== []
	)


def test_ending_needs_a_date_within_the_membership_and_a_reason():
	since = date(2026, 3, 1)
	ok = m.Decision(member_since=since, ended_on=date(2026, 5, 1), end_reason="自愿退会")
	assert m.transition_problems(m.MEMBER, m.ENDED, ASSOC, ok, TODAY) == []
	before = m.Decision(member_since=since, ended_on=date(2026, 2, 1), end_reason="x")
	assert m.transition_problems(m.MEMBER, m.ENDED, ASSOC, before, TODAY) == [
		("A membership cannot end before it started", {})
	]
	assert m.transition_problems(m.MEMBER, m.ENDED, ASSOC, m.Decision(member_since=since), TODAY) == [
		("Give the date the membership ends", {}),
		("Give the reason the membership ends", {}),
	]


@pytest.mark.parametrize(
	"old, new",
	[
		(m.APPLIED, m.ENDED),
		(m.MEMBER, m.APPLIED),
		(m.REJECTED, m.MEMBER),
		(m.ENDED, m.MEMBER),
		(m.MEMBER, m.REJECTED),
	],
)
def test_no_other_moves(old, new):
	problems = m.transition_problems(old, new, CITY, APPROVAL, TODAY)
	assert problems and problems[0][0] == "A membership cannot go from {old} to {new}"


def test_edits_without_a_decision():
	assert m.edit_problems(m.APPLIED, OP, {"application_note"}) == []
	assert m.edit_problems(m.APPLIED, OP, {"member_no"})
	assert m.edit_problems(m.MEMBER, OP, {"application_note"})
	assert m.edit_problems(m.MEMBER, ASSOC, {"member_no", "member_since"}) == []
	assert m.edit_problems(m.MEMBER, ASSOC, {"ended_on"})
	for status in (m.REJECTED, m.ENDED):
		assert m.edit_problems(status, CITY, {"application_note"}) == [
			("A decided membership record can no longer be changed", {})
		]
	assert m.edit_problems(m.ENDED, OP, set()) == []


def test_the_points_fields_follow_the_record():
	assert m.point_fields(m.MEMBER, m.Decision(member_no=" LYTY-7 ", member_since=date(2026, 1, 2))) == {
		"association_member": 1,
		"association_member_no": "LYTY-7",
		"association_member_since": date(2026, 1, 2),
	}
	assert m.point_fields(m.ENDED, APPROVAL) == {
		"association_member": 0,
		"association_member_no": None,
		"association_member_since": None,
	}


# --- training -----------------------------------------------------------------------------------

ASSOCIATION_SESSION = t.Organiser(t.BY_ASSOCIATION, None)
LANSHAN_SESSION = t.Organiser(t.BY_BUREAU, "371302")


def test_who_organises():
	assert t.organiser_problems(ASSOCIATION_SESSION, ASSOC, ()) == []
	assert t.organiser_problems(ASSOCIATION_SESSION, CITY, ()) == []
	assert t.organiser_problems(ASSOCIATION_SESSION, REV, ("371302",))
	assert t.organiser_problems(LANSHAN_SESSION, REV, ("371302",)) == []
	assert t.organiser_problems(LANSHAN_SESSION, REV, ("371311",))
	assert t.organiser_problems(LANSHAN_SESSION, ASSOC, ())
	assert t.organiser_problems(LANSHAN_SESSION, CITY, ()) == []
	for organiser in (ASSOCIATION_SESSION, LANSHAN_SESSION):
		assert t.organiser_problems(organiser, OP, ("371302",))
	assert t.organiser_problems(t.Organiser(t.BY_BUREAU, None), CITY, ()) == [
		("Give the district whose health bureau organises the session", {})
	]
	assert t.organiser_problems(t.Organiser("卫健委", None), CITY, ()) == [("Choose the organiser", {})]


def test_session_values():
	assert t.session_problems(3, "急救", None) == []
	assert t.session_problems(0, "急救", None)
	assert t.session_problems(25, "急救", None)
	assert t.session_problems(2, "其他", " ") == [("Describe the topic", {})]
	assert t.session_problems(2, "其他", "家长沟通") == []
	assert t.session_problems(2, "书法", None) == [("Choose the topic", {})]


def test_who_may_attend():
	assert t.enrolment_problems(ASSOCIATION_SESSION, t.SCHEDULED, "371302", True, True) == []
	assert t.enrolment_problems(ASSOCIATION_SESSION, t.SCHEDULED, "371302", False, True) == [
		("The association's training is for the staff of its member points", {})
	]
	assert t.enrolment_problems(LANSHAN_SESSION, t.SCHEDULED, "371302", False, True) == []
	assert t.enrolment_problems(LANSHAN_SESSION, t.SCHEDULED, "371311", True, True)
	assert t.enrolment_problems(LANSHAN_SESSION, t.CANCELLED, "371302", True, True)
	assert t.enrolment_problems(LANSHAN_SESSION, t.SCHEDULED, "371302", True, False)


def test_who_confirms_attendance_and_when():
	day = date(2026, 5, 20)
	assert t.confirmation_problems(LANSHAN_SESSION, REV, ("371302",), day, TODAY) == []
	assert t.confirmation_problems(ASSOCIATION_SESSION, ASSOC, (), day, TODAY) == []
	for roles, areas in ((OP, ("371302",)), (REV, ("371311",)), (ASSOC, ())):
		assert t.confirmation_problems(LANSHAN_SESSION, roles, areas, day, TODAY) == [
			("Only the organiser of the session confirms attendance", {})
		]
	assert t.confirmation_problems(LANSHAN_SESSION, CITY, (), date(2026, 6, 2), TODAY) == [
		("Attendance can be confirmed only on or after the day of the session", {})
	]


def test_hours_and_required_topics():
	summary = t.training_summary([("急救", 4), ("保育", 8.5), ("急救", 2), ("其他", 1), ("消防", None)])
	assert summary.hours == 15.5
	assert summary.met == ("保育", "急救", "消防")
	assert summary.missing == ("心理健康", "食品安全")
	assert t.training_summary([]) == t.TrainingSummary(0.0, (), t.REQUIRED_TOPICS)
	everything = t.training_summary([(topic, 1) for topic in t.REQUIRED_TOPICS])
	assert everything.missing == () and everything.met == t.REQUIRED_TOPICS


def test_the_required_topics_are_the_national_rules():
	assert set(t.REQUIRED_TOPICS) == {"保育", "心理健康", "食品安全", "急救", "消防"}
