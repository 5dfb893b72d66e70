"""Demo data of the Association module, through the real controllers as the demo users: every member
point of the supervision demo gets its membership record (applied by its operator, approved by the
association with the point's member number); two filed points apply (one waits for the decision, one
is rejected); one point's membership ends. Then trainings: a session of the association on each
required topic, attended by the member points' staff (confirmed by the association, one topic left
out for some, so the staff form shows a topic missing), a district health bureau's session in each
district that has points, one cancelled session and one still to come. Runs after the supervision
demo; a second run creates nothing."""

from collections.abc import Callable

import frappe
from frappe.utils import add_days, getdate, today

from tuoyu_frappe.association import training_rules as t
from tuoyu_frappe.filing import notify
from tuoyu_frappe.supervision.demo_enforcement import city_admin, reviewer_of
from tuoyu_frappe.supervision.demo_inspections import ensure_association_user

MEMBERSHIP, SESSION, ATTENDANCE = (
	"Tuoyu Association Membership",
	"Tuoyu Training Session",
	"Tuoyu Training Attendance",
)
DEMO_TAG = "【演示】"  # in every demo session's title: how a second run knows its sessions
MAX_MEMBER_STAFF = 40  # attendees of the association's sessions: enough to show, quick to load
TOPIC_DAYS = {"保育": 120, "心理健康": 95, "食品安全": 70, "急救": 45, "消防": 20}  # days ago
HOURS = {"保育": 8, "心理健康": 4, "食品安全": 4, "急救": 6, "消防": 3}


def load_association_demo(commit: bool = True, log: Callable[[str], None] | None = print) -> dict[str, int]:
	previous_user = frappe.session.user
	frappe.set_user("Administrator")
	made = {"members": 0, "applications": 0, "rejected": 0, "ended": 0, "sessions": 0, "attendances": 0}
	try:
		association = ensure_association_user()
		load_memberships(association, made)
		load_trainings(association, made)
		if commit:
			frappe.db.commit()
		if log:
			log(
				"Association: {members} members, {applications} pending application(s), {rejected} rejected, "
				"{ended} ended; {sessions} training sessions, {attendances} attendances".format(**made)
			)
		return made
	finally:
		frappe.set_user(previous_user)


# --- membership ---------------------------------------------------------------------------------


def operator_of(point: str) -> str | None:
	operators = notify.point_operators(point)
	return sorted(operators)[0] if operators else None


def apply(point: str, note: str) -> str | None:
	operator = operator_of(point)
	if not operator:
		return None
	frappe.set_user(operator)
	doc = frappe.get_doc({"doctype": MEMBERSHIP, "point": point, "application_note": note}).insert()
	return doc.name


def decide(user: str, name: str, method: str, **args) -> None:
	frappe.set_user(user)
	getattr(frappe.get_doc(MEMBERSHIP, name), method)(**args)


def load_memberships(association: str, made: dict) -> None:
	frappe.set_user("Administrator")
	recorded = set(frappe.get_all(MEMBERSHIP, pluck="point"))
	members = frappe.get_all(
		"Tuoyu Point",
		filters={"association_member": 1},
		fields=["name", "association_member_no", "association_member_since", "filed_on"],
		order_by="name",
	)
	for point in members:
		if point.name in recorded:
			continue
		number = point.association_member_no
		if not number or frappe.db.exists(MEMBERSHIP, {"member_no": number}):
			number = f"LYTY-{point.name}"  # a number an earlier demo gave twice
		since = point.association_member_since or (
			add_days(getdate(point.filed_on), 30) if point.filed_on else add_days(today(), -180)
		)
		since = min(getdate(since), getdate(today()))
		name = apply(point.name, "本托育点自愿加入临沂市托育服务行业协会，遵守协会章程和行业自律公约。")
		if name:
			decide(association, name, "approve", member_no=number, member_since=str(since))
			made["members"] += 1
	if recorded:
		return  # the applications, the rejection and the ending are made once
	frappe.set_user("Administrator")
	others = frappe.get_all(
		"Tuoyu Point",
		filters={"association_member": 0, "status": "已备案"},
		fields=["name"],
		order_by="name desc",
		limit=3,
	)
	if len(others) >= 1 and apply(others[0].name, "申请加入协会，参加协会组织的保育和安全培训。"):
		made["applications"] += 1
	if len(others) >= 2:
		name = apply(others[1].name, "申请入会。")
		if name:
			decide(association, name, "reject", reason="申请材料中未附行业自律承诺书，请补充后重新申请。")
			made["rejected"] += 1
	if len(others) >= 3:
		name = apply(others[2].name, "申请入会。")
		if name:
			decide(
				association,
				name,
				"approve",
				member_no=f"LYTY-T{others[2].name[-5:]}",
				member_since=add_days(today(), -200),
			)
			decide(
				association,
				name,
				"end_membership",
				ended_on=add_days(today(), -15),
				reason="举办者申请退会。",
			)
			made["ended"] += 1


# --- training -----------------------------------------------------------------------------------


def new_session(user: str, title: str, topic: str, days_ago: int, **values) -> str:
	frappe.set_user(user)
	doc = frappe.get_doc(
		{
			"doctype": SESSION,
			"session_title": f"{DEMO_TAG}{title}",
			"topic": topic,
			"hours": HOURS.get(topic, 2),
			"training_date": add_days(today(), -days_ago),
			"organiser_type": t.BY_ASSOCIATION,
			"location": "临沂市托育服务指导中心",
			**values,
		}
	).insert()
	return doc.name


def attend(session: str, staff: list[str], organiser: str) -> int:
	"""Each point's operator enrols their staff; the organiser confirms who came."""
	count = 0
	for person in staff:
		point = frappe.db.get_value("Tuoyu Staff", person, "point")
		operator = operator_of(point)
		if not operator:
			continue
		frappe.set_user(operator)
		row = frappe.get_doc({"doctype": ATTENDANCE, "session": session, "staff": person}).insert()
		frappe.set_user(organiser)
		row = frappe.get_doc(ATTENDANCE, row.name)
		row.attended = 1
		row.save()
		count += 1
	return count


def active_staff(filters: dict, limit: int) -> list[str]:
	frappe.set_user("Administrator")
	return frappe.get_all(
		"Tuoyu Staff",
		filters={"employment_status": "在职", **filters},
		pluck="name",
		order_by="name",
		limit=limit,
	)


def load_trainings(association: str, made: dict) -> None:
	frappe.set_user("Administrator")
	if frappe.db.exists(SESSION, {"session_title": ("like", f"{DEMO_TAG}%")}):
		return
	members = frappe.get_all("Tuoyu Point", filters={"association_member": 1}, pluck="name")
	staff = active_staff({"point": ("in", members or [""])}, MAX_MEMBER_STAFF)
	for topic, days in TOPIC_DAYS.items():
		session = new_session(association, f"协会{topic}专题培训", topic, days)
		made["sessions"] += 1
		# Every third person missed the fire-safety session: their form shows 消防 missing.
		attendees = [s for i, s in enumerate(staff) if topic != "消防" or i % 3]
		made["attendances"] += attend(session, attendees, association)
	new_session(association, "协会急救复训（下月）", "急救", -20)
	cancelled = new_session(association, "协会婴幼儿心理健康讲座", "心理健康", 10, hours=2)
	frappe.set_user(association)
	doc = frappe.get_doc(SESSION, cancelled)
	doc.status = t.CANCELLED
	doc.save()
	made["sessions"] += 2
	frappe.set_user("Administrator")
	districts = sorted(
		set(frappe.get_all("Tuoyu Staff", filters={"employment_status": "在职"}, pluck="area")) - {None}
	)
	for area in districts[:4]:
		organiser = reviewer_of(area) or city_admin() or "Administrator"
		area_name = frappe.db.get_value("Tuoyu Area", area, "area_name") or area
		session = new_session(
			organiser,
			f"{area_name}托育从业人员食品安全培训",
			"食品安全",
			30,
			organiser_type=t.BY_BUREAU,
			organiser_area=area,
			location=f"{area_name}卫生健康局会议室",
		)
		made["sessions"] += 1
		made["attendances"] += attend(session, active_staff({"area": area}, 10), organiser)
