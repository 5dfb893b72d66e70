"""Demonstration points against the database: the facts the disqualifiers look at, the default
rubric, the point's designation fields (set only here), and the daily job that expires designations
past their year and withdraws those whose point met a disqualifier.

The rules themselves are plain functions in tuoyu_frappe.oversight.demonstration."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from tuoyu_frappe.filing import notify
from tuoyu_frappe.oversight import demonstration as d
from tuoyu_frappe.safety import bans
from tuoyu_frappe.safety import rules as safety_rules
from tuoyu_frappe.utils import in_site_language

POINT = "Tuoyu Point"
POINT_FIELDS = ("is_demonstration", "demonstration_until", "demonstration_application")
CHUNK = 200

# --- the facts ---------------------------------------------------------------------------------


def point_facts(point: str, on: str | None = None) -> d.PointFacts:
	"""A system look-up of one point's records (every query on an indexed `point` column); the
	caller decides who sees which reason."""
	day = getdate(on or today())
	since = d.window_start(day)
	incidents = frappe.get_all(
		"Tuoyu Incident",
		filters={"point": point, "docstatus": ("<", 2), "occurred_at": (">=", since)},
		pluck="name",
		order_by="name",
	)
	complaints = frappe.get_all(
		"Tuoyu Complaint",
		filters={
			"point": point,
			"conclusion": ("in", d.SUBSTANTIATED),
			"docstatus": ("<", 2),
			"concluded_at": (">=", since),
		},
		pluck="name",
		order_by="name",
	)
	actions = frappe.get_all(
		"Tuoyu Enforcement Action",
		filters={
			"point": point,
			"workflow_state": "已生效",
			"docstatus": 1,
			"action_type": ("!=", d.RESTORE),
			"effective_on": (">=", since),
		},
		pluck="name",
		order_by="name",
	)
	rectifications = frappe.get_all(
		"Tuoyu Rectification", filters={"point": point, "docstatus": 0}, pluck="name", order_by="name"
	)
	return d.PointFacts(
		status=frappe.db.get_value(POINT, point, "status"),
		incidents=tuple(incidents),
		complaints=tuple(complaints),
		enforcement_actions=tuple(actions),
		open_rectifications=tuple(rectifications),
		banned_staff=tuple(banned_staff(point)),
	)


def banned_staff(point: str) -> list[str]:
	"""Names of the point's active staff whose ID number has a ban in effect, by the register's own
	look-up (bans.effective_ban) on each identity: a point has a handful of staff."""
	staff = frappe.get_all(
		"Tuoyu Staff",
		filters={"point": point, "employment_status": safety_rules.ACTIVE},
		fields=["name", "staff_name"],
		order_by="name",
	)
	if not staff:
		return []
	numbers = dict(
		frappe.get_all(
			"Tuoyu Staff Identity",
			filters={"staff": ("in", [s.name for s in staff])},
			fields=["staff", "id_number"],
			as_list=True,
		)
	)
	return [s.staff_name for s in staff if bans.effective_ban(numbers.get(s.name))]


def found_for(point: str) -> list[tuple[str, dict]]:
	return d.disqualifiers(point_facts(point))


def sees_specific_reasons(user: str) -> bool:
	"""Reviewers and city administrators read every reason; the applicant does not."""
	if user == "Administrator":
		return True
	return bool({d.REVIEWER, d.CITY} & set(frappe.get_roles(user)))


def reasons_text(found: list[tuple[str, dict]], specific: bool) -> str:
	problems = d.problems(found, specific, bans.generic_refusal())
	return "<br>".join(_(message).format(**params) for message, params in problems)


def refuse_if_disqualified(point: str, user: str, title: str) -> None:
	found = found_for(point)
	if found:
		frappe.throw(reasons_text(found, sees_specific_reasons(user)), title=title)


# --- the rubric ----------------------------------------------------------------------------------

DEFAULT_RUBRIC = "临沂市家庭托育点示范点评分标准（2026版）"
_PLAN = "《临沂市家庭托育点建设试点方案》"
_NATIONAL = "《家庭托育点管理办法（试行）》（国卫人口发〔2023〕28号）"
_STANDARD = "《托育机构设置标准（试行）》《托育机构管理规范（试行）》"
DEFAULT_ITEMS = (
	(
		"SF-1",
		"安全管理：消防设施、监控全覆盖且录像保存不少于90日、安全制度与应急演练",
		25,
		"监控未全覆盖扣10分；录像保存不足90日扣5分；无应急预案或一年内未演练扣5分",
		_NATIONAL,
	),
	(
		"SF-2",
		"卫生保健：晨午检、全日观察、消毒与健康档案记录完整",
		20,
		"晨午检记录缺失扣5分；消毒记录不全扣5分；未配保健员扣10分",
		_STANDARD,
	),
	(
		"SF-3",
		"人员队伍：照护人员持证上岗、健康证每年更新、背景审查按年复查、培训达标",
		20,
		"每一人证件过期扣5分；背景审查逾期扣10分；培训课题不全扣5分",
		"《未成年人保护法》第六十二条；" + _NATIONAL,
	),
	(
		"SF-4",
		"照护服务：全日制托育，收托人数与照护比符合要求，一日生活安排科学",
		15,
		"超出收托规模扣10分；照护比不达标扣5分",
		_PLAN,
	),
	(
		"SF-5",
		"规范运营：依法备案，公示备案信息与收费标准，合同与收费规范",
		10,
		"未公示扣5分；无书面协议扣5分",
		_PLAN,
	),
	(
		"SF-6",
		"示范带动：参加行业协会，开展经验交流、开放观摩，家长满意度高",
		10,
		"未加入行业协会扣5分；一年内无交流或观摩活动扣5分",
		_PLAN,
	),
)
DEFAULT_PASS_MARK = 85


def ensure_default_rubric() -> None:
	"""after_install / after_migrate: the default rubric once; never overwrites a city
	administrator's edits, and never re-creates one they removed or replaced by another active
	rubric."""
	if frappe.db.exists(d.RUBRIC, DEFAULT_RUBRIC) or frappe.db.exists(d.RUBRIC, {"is_active": 1}):
		return
	doc = frappe.get_doc(
		{
			"doctype": d.RUBRIC,
			"rubric_name": DEFAULT_RUBRIC,
			"is_active": 1,
			"pass_mark": DEFAULT_PASS_MARK,
			"description": "依据" + _PLAN + "“创建示范点”的要求及国家托育相关规范制定，满分100分。",
			"items": [
				{
					"item_code": code,
					"item": item,
					"max_points": max_points,
					"deduction_notes": notes,
					"clause": clause,
				}
				for code, item, max_points, notes, clause in DEFAULT_ITEMS
			],
		}
	)
	doc.insert(ignore_permissions=True)


def active_rubric() -> str | None:
	return frappe.db.get_value(d.RUBRIC, {"is_active": 1}, "name", order_by="modified desc")


# --- the point's designation fields ----------------------------------------------------------------


def keep_point_fields(doc, method=None) -> None:
	"""doc_events validate of Tuoyu Point: the designation fields follow the applications, never a
	request (read_only fields are writable over REST)."""
	if doc.flags.demonstration_set_by_server:
		return
	stored = None if doc.is_new() else frappe.db.get_value(POINT, doc.name, POINT_FIELDS, as_dict=True)
	for field in POINT_FIELDS:
		doc.set(field, stored.get(field) if stored else None)
	doc.is_demonstration = doc.is_demonstration or 0


def set_point_designation(point: str, application: str | None, until=None) -> None:
	values = {
		"is_demonstration": 1 if application else 0,
		"demonstration_until": until if application else None,
		"demonstration_application": application,
	}
	# Column writes: the point's own validation (compliance, status) is not re-run for this; its
	# on_change followers (caches of what the public pages show) learn of it as of any change.
	doc = frappe.get_doc(POINT, point)
	doc.db_set(values, update_modified=False)
	doc.run_method("on_change")


def comment(doctype: str, name: str, text: str) -> None:
	frappe.get_doc(doctype, name).add_comment("Info", text)


# --- ending a designation ----------------------------------------------------------------------


def end_designation(name: str, outcome: str, found: list | None = None) -> bool:
	"""Expire (d.EXPIRED) or withdraw (d.WITHDRAWN) a designation in force. Safe to re-run: an
	application already ended is left alone. Returns whether it changed."""
	app = frappe.db.get_value(
		d.APPLICATION,
		name,
		["name", "point", "point_name", "area", "workflow_state", "valid_until"],
		as_dict=True,
		for_update=True,
	)
	if not app or app.workflow_state != d.DESIGNATED:
		return False
	day = getdate(today())
	operator_text = ""
	if outcome == d.EXPIRED:
		subject = _("The demonstration point designation of {0} expired on {1}").format(
			app.point_name, app.valid_until
		)
		reviewer_subject = subject
		values = {"workflow_state": d.EXPIRED, "withdrawn_on": day}
	else:
		specific = reasons_text(found or [], True)
		operator_text = reasons_text(found or [], False)
		subject = _("The demonstration point designation of {0} was withdrawn: {1}").format(
			app.point_name, operator_text
		)
		reviewer_subject = _("The demonstration point designation of {0} was withdrawn: {1}").format(
			app.point_name, specific
		)
		values = {"workflow_state": d.WITHDRAWN, "withdrawn_on": day, "withdrawal_reason": operator_text}
	frappe.db.set_value(d.APPLICATION, name, values)
	if frappe.db.get_value(POINT, app.point, "demonstration_application") == name:
		set_point_designation(app.point, None)
	# The audit trail: the application's and the point's timelines (which the operator reads, so
	# they carry the applicant's wording), and a notification to the operator and the area's
	# reviewers, the reviewers with the specific reason.
	comment(d.APPLICATION, name, subject)
	comment(POINT, app.point, subject)
	doc = frappe.get_doc(d.APPLICATION, name)
	notify.send(notify.point_operators(app.point), subject, doc)
	notify.send(notify.area_reviewers(app.area), reviewer_subject, doc)
	return True


def recheck(name: str) -> str | None:
	"""The yearly re-check of one designation (run daily): what happened to it, or None."""
	app = frappe.db.get_value(d.APPLICATION, name, ["point", "workflow_state", "valid_until"], as_dict=True)
	if not app:
		return None
	valid_to = getdate(app.valid_until) if app.valid_until else None
	found = found_for(app.point) if d.is_current(valid_to, getdate(today())) else []
	outcome = d.daily_outcome(app.workflow_state, valid_to, getdate(today()), found)
	if outcome and end_designation(name, outcome, found):
		return outcome
	return None


@in_site_language
def daily() -> dict[str, int]:
	"""Scheduled daily: every designation in force is expired past its year or withdrawn on a
	disqualifier, in chunks of CHUNK by name. The scheduler commits; the job does not."""
	counts = {"checked": 0, d.EXPIRED: 0, d.WITHDRAWN: 0}
	last = ""
	while True:
		names = frappe.get_all(
			d.APPLICATION,
			filters={"workflow_state": d.DESIGNATED, "name": (">", last)},
			pluck="name",
			order_by="name asc",
			limit=CHUNK,
		)
		if not names:
			break
		for name in names:
			counts["checked"] += 1
			outcome = recheck(name)
			if outcome:
				counts[outcome] += 1
		last = names[-1]
	sync_points()
	return counts


def sync_points() -> None:
	"""A point flagged as a demonstration point whose application is no longer in force (a flag
	left by an interrupted run) is cleared."""
	flagged = frappe.get_all(
		POINT, filters={"is_demonstration": 1}, fields=["name", "demonstration_application"]
	)
	for point in flagged:
		state = frappe.db.get_value(d.APPLICATION, point.demonstration_application, "workflow_state")
		if state != d.DESIGNATED:
			set_point_designation(point.name, None)


# --- at once, on a disqualifying event --------------------------------------------------------------


def current_designation(point: str | None) -> str | None:
	if not point:
		return None
	return frappe.db.get_value(d.APPLICATION, {"point": point, "workflow_state": d.DESIGNATED}, "name")


def on_disqualifying_event(doc, method=None) -> None:
	"""doc_events of incidents, complaints, enforcement actions and rectifications: a designated
	point that meets a disqualifier loses its designation in the same transaction. (A ban reaches
	the point through the rectification it opens there.)"""
	name = current_designation(doc.get("point"))
	if not name:
		return
	if doc.doctype == "Tuoyu Complaint" and doc.get("conclusion") not in d.SUBSTANTIATED:
		return
	found = found_for(doc.point)
	if found:
		end_designation(name, d.WITHDRAWN, found)
