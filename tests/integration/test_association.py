"""Association membership and training on a site: who applies, who decides, what the association
reads before and after a point is a member; training hours and required topics kept by the server
from confirmed attendance. Each test is rolled back."""

import frappe
import pytest
from frappe.utils import add_days, today

from tests import seed
from tuoyu_frappe.association import membership_rules as m
from tuoyu_frappe.association import training_rules as t

MEMBERSHIP, SESSION, ATTENDANCE = (
	"Tuoyu Association Membership",
	"Tuoyu Training Session",
	"Tuoyu Training Attendance",
)
STAFF, POINT = "Tuoyu Staff", "Tuoyu Point"


def apply(as_user, site, key: str, user: str) -> str:
	as_user(user)
	doc = frappe.get_doc(
		{"doctype": MEMBERSHIP, "point": site.point[key], "application_note": "申请入会"}
	).insert()
	return doc.name


def approve(as_user, name: str, member_no: str = "LYTY-T001", user: str = seed.ASSOC) -> None:
	as_user(user)
	frappe.get_doc(MEMBERSHIP, name).approve(member_no, add_days(today(), -10))


def point_fields(point: str) -> tuple:
	return tuple(
		frappe.db.get_value(
			POINT, point, ["association_member", "association_member_no", "association_member_since"]
		)
	)


# --- membership ---------------------------------------------------------------------------------


def test_an_operator_applies_for_their_own_point_only(as_user, site):
	name = apply(as_user, site, "B", seed.OP_B)
	doc = frappe.get_doc(MEMBERSHIP, name)
	assert (doc.status, doc.area, doc.point_name, str(doc.applied_on)) == (
		m.APPLIED,
		seed.LANSHAN,
		"测试乙托育点",
		today(),
	)
	with pytest.raises(frappe.PermissionError):
		apply(as_user, site, "C", seed.OP_B)
	with pytest.raises(frappe.ValidationError, match="待审批的入会申请"):
		apply(as_user, site, "B", seed.OP_B)  # one open application per point


def test_an_application_cannot_carry_its_own_decision(as_user, site):
	as_user(seed.OP_B)
	doc = frappe.get_doc(
		{
			"doctype": MEMBERSHIP,
			"point": site.point["B"],
			"status": m.MEMBER,
			"member_no": "LYTY-X",
			"member_since": today(),
		}
	).insert()
	assert (doc.status, doc.member_no, doc.member_since) == (m.APPLIED, None, None)
	assert point_fields(site.point["B"])[0] == 0


def test_the_association_reads_applications_but_not_the_applicants_point(as_user, site):
	name = apply(as_user, site, "C", seed.OP_C)
	as_user(seed.ASSOC)
	assert name in frappe.get_list(MEMBERSHIP, pluck="name")
	assert frappe.has_permission(MEMBERSHIP, "read", name)
	assert frappe.get_doc(MEMBERSHIP, name).point_name == "测试丙托育点"
	# Until it is a member, the point itself and its staff stay out of the association's reach.
	assert not frappe.has_permission(POINT, "read", site.point["C"])
	assert site.point["C"] not in frappe.get_list(POINT, pluck="name")
	# Operators and reviewers of other points and areas do not see it.
	for user in (seed.OP_A, seed.REV_LS):
		as_user(user)
		assert name not in frappe.get_list(MEMBERSHIP, pluck="name")
		assert not frappe.has_permission(MEMBERSHIP, "read", name)
	as_user(seed.REV_LZ)
	assert name in frappe.get_list(MEMBERSHIP, pluck="name")


def test_approval_makes_the_point_a_member_and_ending_takes_it_back(as_user, site):
	point = site.point["C"]
	name = apply(as_user, site, "C", seed.OP_C)
	approve(as_user, name, "LYTY-T042")
	assert point_fields(point) == (1, "LYTY-T042", frappe.utils.getdate(add_days(today(), -10)))
	doc = frappe.get_doc(MEMBERSHIP, name)
	assert (doc.status, doc.decided_by) == (m.MEMBER, seed.ASSOC)
	assert frappe.has_permission(POINT, "read", point)  # now the association's member
	doc.end_membership(today(), "自愿退会")
	assert point_fields(point) == (0, None, None)
	assert not frappe.has_permission(POINT, "read", point)
	doc = frappe.get_doc(MEMBERSHIP, name)
	doc.application_note = "改动"
	with pytest.raises(frappe.ValidationError):
		doc.save()  # an ended record is final


def test_a_member_number_is_given_once(as_user, site):
	approve(as_user, apply(as_user, site, "B", seed.OP_B), "LYTY-T007")
	name = apply(as_user, site, "C", seed.OP_C)
	with pytest.raises(frappe.ValidationError, match="LYTY-T007"):
		approve(as_user, name, "LYTY-T007")


@pytest.mark.parametrize("user", [seed.OP_C, seed.REV_LZ, seed.NOBODY])
def test_only_the_association_and_city_admins_decide(as_user, site, user):
	name = apply(as_user, site, "C", seed.OP_C)
	as_user(user)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(MEMBERSHIP, name).approve("LYTY-T9", today())
	as_user(user)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(MEMBERSHIP, name).reject("不行")
	assert frappe.db.get_value(MEMBERSHIP, name, "status") == m.APPLIED
	assert point_fields(site.point["C"])[0] == 0
	approve(as_user, name, "LYTY-T10", user=seed.CITY)  # a city admin may
	assert point_fields(site.point["C"])[0] == 1


def test_a_status_sent_with_a_save_is_checked_like_a_decision(as_user, site):
	name = apply(as_user, site, "C", seed.OP_C)
	as_user(seed.OP_C)
	doc = frappe.get_doc(MEMBERSHIP, name)
	doc.status = m.MEMBER
	with pytest.raises(frappe.PermissionError):
		doc.save()
	as_user(seed.ASSOC)
	doc = frappe.get_doc(MEMBERSHIP, name)
	doc.status = m.MEMBER
	with pytest.raises(frappe.ValidationError, match="会员编号"):
		doc.save()  # the association too must state the number and date
	doc = frappe.get_doc(MEMBERSHIP, name)
	doc.reject("不符合协会章程")
	assert frappe.db.get_value(MEMBERSHIP, name, ["status", "decision_reason"]) == (
		m.REJECTED,
		"不符合协会章程",
	)


def test_nobody_decides_on_a_point_they_operate(as_user, site):
	from tuoyu_frappe.permissions import clear_scope_cache

	name = apply(as_user, site, "C", seed.OP_C)
	frappe.set_user("Administrator")
	frappe.get_doc("User", seed.ASSOC).add_roles("Tuoyu Operator")
	point = frappe.get_doc(POINT, site.point["C"])
	point.append("operators", {"user": seed.ASSOC})
	point.save(ignore_permissions=True)
	try:
		frappe.clear_cache(user=seed.ASSOC)
		clear_scope_cache([seed.ASSOC])
		with pytest.raises(frappe.PermissionError):
			approve(as_user, name, "LYTY-T11")
	finally:
		frappe.db.rollback()
		frappe.clear_cache(user=seed.ASSOC)
		clear_scope_cache([seed.ASSOC])


@pytest.mark.parametrize("user", [seed.CITY, seed.REV_LS, seed.OP_A])
def test_the_points_membership_fields_are_written_by_the_association_only(as_user, site, user):
	point = site.point["A"]
	before = point_fields(point)
	as_user(user)
	doc = frappe.get_doc(POINT, point)
	doc.association_member, doc.association_member_no = 0, "伪造编号"
	doc.save()
	assert point_fields(point) == before


# --- training -----------------------------------------------------------------------------------


def session(
	as_user,
	user: str,
	topic: str = "急救",
	hours: float = 4,
	kind: str = t.BY_ASSOCIATION,
	area=None,
	day=None,
):
	as_user(user)
	return frappe.get_doc(
		{
			"doctype": SESSION,
			"session_title": f"{topic}培训",
			"topic": topic,
			"hours": hours,
			"training_date": day or add_days(today(), -3),
			"organiser_type": kind,
			"organiser_area": area,
		}
	).insert()


def enrol(as_user, user: str, session_name: str, staff: str) -> str:
	as_user(user)
	return frappe.get_doc({"doctype": ATTENDANCE, "session": session_name, "staff": staff}).insert().name


def confirm(as_user, user: str, name: str, attended: int = 1) -> None:
	as_user(user)
	doc = frappe.get_doc(ATTENDANCE, name)
	doc.attended = attended
	doc.save()


def training(staff: str) -> tuple:
	return tuple(
		frappe.db.get_value(
			STAFF, staff, ["training_hours", "training_topics_met", "training_topics_missing"]
		)
	)


def test_confirmed_attendance_adds_hours_and_topics(as_user, site):
	staff = site.staff["A"]
	assert training(staff)[0] == 0
	first = session(as_user, seed.ASSOC, "急救", 4)
	second = session(as_user, seed.REV_LS, "保育", 8, t.BY_BUREAU, seed.LANSHAN)
	a = enrol(as_user, seed.OP_A, first.name, staff)
	b = enrol(as_user, seed.OP_A, second.name, staff)
	row = frappe.get_doc(ATTENDANCE, a)
	assert (row.point, row.area, row.topic, row.hours, row.attended) == (
		site.point["A"],
		seed.LANSHAN,
		"急救",
		4,
		0,
	)
	assert training(staff)[0] == 0  # enrolled, not yet confirmed
	confirm(as_user, seed.ASSOC, a)
	assert training(staff) == (4, "急救", "保育、心理健康、食品安全、消防")
	confirm(as_user, seed.REV_LS, b)
	assert training(staff) == (12, "保育、急救", "心理健康、食品安全、消防")
	assert frappe.db.get_value(ATTENDANCE, b, "confirmed_by") == seed.REV_LS


def test_cancelling_or_removing_attendance_takes_the_hours_back(as_user, site):
	staff = site.staff["A"]
	first = session(as_user, seed.ASSOC, "消防", 3)
	second = session(as_user, seed.ASSOC, "食品安全", 2)
	a, b = enrol(as_user, seed.OP_A, first.name, staff), enrol(as_user, seed.OP_A, second.name, staff)
	confirm(as_user, seed.ASSOC, a)
	confirm(as_user, seed.ASSOC, b)
	assert training(staff)[0] == 5
	confirm(as_user, seed.ASSOC, a, 0)  # attendance withdrawn
	assert training(staff) == (2, "食品安全", "保育、心理健康、急救、消防")
	confirm(as_user, seed.ASSOC, a)
	as_user(seed.ASSOC)
	doc = frappe.get_doc(SESSION, first.name)
	doc.hours = 6  # a corrected session changes every attendee's hours
	doc.save()
	assert training(staff)[0] == 8
	doc.status = t.CANCELLED
	doc.save()
	assert training(staff)[0] == 2
	as_user("Administrator")
	frappe.delete_doc(ATTENDANCE, b)
	assert training(staff) == (0, "", "保育、心理健康、食品安全、急救、消防")


@pytest.mark.parametrize("user", [seed.OP_A, seed.REV_LZ, seed.REV_LS])
def test_only_the_organiser_confirms(as_user, site, user):
	a = enrol(as_user, seed.OP_A, session(as_user, seed.ASSOC).name, site.staff["A"])
	with pytest.raises(frappe.PermissionError):
		confirm(as_user, user, a)
	assert training(site.staff["A"])[0] == 0


def test_no_confirmation_before_the_session(as_user, site):
	future = session(as_user, seed.ASSOC, day=add_days(today(), 5))
	a = enrol(as_user, seed.OP_A, future.name, site.staff["A"])
	with pytest.raises(frappe.ValidationError, match="培训当天或之后"):
		confirm(as_user, seed.ASSOC, a)


def test_an_operator_removes_only_unconfirmed_enrolments(as_user, site):
	s = session(as_user, seed.ASSOC)
	a = enrol(as_user, seed.OP_A, s.name, site.staff["A"])
	confirm(as_user, seed.ASSOC, a)
	as_user(seed.OP_A)
	with pytest.raises(frappe.PermissionError):
		frappe.delete_doc(ATTENDANCE, a)
	assert training(site.staff["A"])[0] == 4
	confirm(as_user, seed.ASSOC, a, 0)
	as_user(seed.OP_A)
	frappe.delete_doc(ATTENDANCE, a)
	assert not frappe.db.exists(ATTENDANCE, a)


def test_who_attends_whose_training(as_user, site):
	assoc = session(as_user, seed.ASSOC)
	with pytest.raises(frappe.ValidationError, match="会员托育点"):
		enrol(as_user, seed.OP_C, assoc.name, site.staff["C"])  # C is not a member
	lanshan = session(as_user, seed.REV_LS, "保育", 2, t.BY_BUREAU, seed.LANSHAN)
	with pytest.raises(frappe.ValidationError, match="本区县"):
		enrol(as_user, seed.OP_C, lanshan.name, site.staff["C"])
	with pytest.raises(frappe.PermissionError):
		enrol(as_user, seed.OP_C, lanshan.name, site.staff["A"])  # another point's staff
	enrol(as_user, seed.OP_B, lanshan.name, site.staff["B"])
	with pytest.raises(frappe.ValidationError, match="已在该培训"):
		enrol(as_user, seed.REV_LS, lanshan.name, site.staff["B"])


def test_sessions_are_organised_by_their_organiser_only(as_user, site):
	with pytest.raises(frappe.PermissionError):
		session(as_user, seed.REV_LZ, kind=t.BY_BUREAU, area=seed.LANSHAN)
	with pytest.raises(frappe.PermissionError):
		session(as_user, seed.REV_LS, kind=t.BY_ASSOCIATION)
	with pytest.raises(frappe.PermissionError):
		session(as_user, seed.ASSOC, kind=t.BY_BUREAU, area=seed.LANSHAN)
	with pytest.raises(frappe.PermissionError):
		session(as_user, seed.OP_A)
	lanshan = session(as_user, seed.REV_LS, kind=t.BY_BUREAU, area=seed.LANSHAN)
	as_user(seed.REV_LZ)
	doc = frappe.get_doc(SESSION, lanshan.name)
	doc.organiser_area = seed.LUOZHUANG  # taking over another district's session
	with pytest.raises(frappe.PermissionError):
		doc.save()


def test_attendance_lists_show_only_the_users_own_points(as_user, site):
	lanshan = session(as_user, seed.CITY, "心理健康", 2, t.BY_BUREAU, seed.LANSHAN)
	luozhuang = session(as_user, seed.CITY, "心理健康", 2, t.BY_BUREAU, seed.LUOZHUANG)
	a = enrol(as_user, seed.CITY, lanshan.name, site.staff["A"])
	b = enrol(as_user, seed.CITY, lanshan.name, site.staff["B"])
	c = enrol(as_user, seed.CITY, luozhuang.name, site.staff["C"])
	expected = {
		seed.OP_A: {a},
		seed.OP_B: {b},
		seed.OP_C: {c},
		seed.REV_LS: {a, b},
		seed.REV_LZ: {c},
		seed.ASSOC: {a},
	}
	for user, rows in expected.items():
		as_user(user)
		assert set(frappe.get_list(ATTENDANCE, pluck="name")) & {a, b, c} == rows, user
		assert {n for n in (a, b, c) if frappe.has_permission(ATTENDANCE, "read", n)} == rows, user


def test_training_hours_are_not_writable(as_user, site):
	s = session(as_user, seed.ASSOC, "急救", 4)
	confirm(as_user, seed.ASSOC, enrol(as_user, seed.OP_A, s.name, site.staff["A"]))
	for user in (seed.OP_A, seed.REV_LS, seed.CITY):
		as_user(user)
		doc = frappe.get_doc(STAFF, site.staff["A"])
		doc.training_hours, doc.training_topics_missing = 999, ""
		doc.save()
		assert training(site.staff["A"]) == (4, "急救", "保育、心理健康、食品安全、消防")


def test_sessions_are_read_by_their_organisers_and_those_who_may_attend(as_user, site):
	assoc = session(as_user, seed.ASSOC).name
	lanshan = session(as_user, seed.REV_LS, "保育", 2, t.BY_BUREAU, seed.LANSHAN).name
	luozhuang = session(as_user, seed.REV_LZ, "消防", 2, t.BY_BUREAU, seed.LUOZHUANG).name
	expected = {
		seed.CITY: {assoc, lanshan, luozhuang},
		seed.ASSOC: {assoc},
		seed.REV_LS: {assoc, lanshan},
		seed.REV_LZ: {assoc, luozhuang},
		seed.OP_A: {assoc, lanshan},  # point A is a member, in 兰山区
		seed.OP_B: {lanshan},  # point B is not a member
		seed.OP_C: {luozhuang},
	}
	for user, names in expected.items():
		as_user(user)
		listed = set(frappe.get_list(SESSION, pluck="name")) & {assoc, lanshan, luozhuang}
		assert listed == names, user
		readable = {n for n in (assoc, lanshan, luozhuang) if frappe.has_permission(SESSION, "read", n)}
		assert readable == names, user
	as_user(seed.NOBODY)
	with pytest.raises(frappe.PermissionError):
		frappe.get_list(SESSION)
	assert not frappe.has_permission(SESSION, "read", assoc)
