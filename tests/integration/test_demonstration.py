"""Demonstration points (示范点) in process: the operator applies (or the area's reviewer
nominates), the reviewer scores against the rubric and recommends, a city administrator who did
neither designates for a year; each hard disqualifier refuses the application at every step (the
applicant told only the generic message for a banned staff member); the daily job expires and
withdraws designations with notice and an audit entry; a disqualifying event withdraws at once."""

import frappe
import pytest
from dateutil.relativedelta import relativedelta
from frappe.utils import add_days, getdate, today

from tests import demonstration_helpers as h
from tests import seed
from tests.api.test_verify import PUBLIC_KEYS
from tests.integration.clock_helpers import add_reviewer
from tuoyu_frappe.filing.receipt import lookup
from tuoyu_frappe.oversight import demonstration as d
from tuoyu_frappe.oversight import demonstration_service as svc

APP, POINT = h.APP, "Tuoyu Point"


@pytest.fixture
def world(db):
	points = h.points()
	for key in ("A", "B", "C"):
		h.file_point(points[key])
	return points


def state(name: str) -> str:
	return frappe.db.get_value(APP, name, "workflow_state")


def point_flags(point: str) -> tuple:
	return tuple(frappe.db.get_value(POINT, point, svc.POINT_FIELDS))


def notified(user: str, name: str) -> list[str]:
	return frappe.get_all(
		"Notification Log", filters={"for_user": user, "document_name": name}, pluck="subject"
	)


def comments(doctype: str, name: str) -> str:
	return " ".join(
		frappe.get_all(
			"Comment", filters={"reference_doctype": doctype, "reference_name": name}, pluck="content"
		)
	)


# --- the way through -------------------------------------------------------------------------------


def test_applied_scored_recommended_and_designated_for_a_year(world):
	point = world["A"]
	name = h.new_application(point)
	doc = frappe.get_doc(APP, name)
	assert doc.origin == d.ORIGIN_APPLIED and doc.workflow_state == d.DRAFT and doc.area == seed.LANSHAN
	assert doc.rubric == svc.DEFAULT_RUBRIC and doc.pass_mark == svc.DEFAULT_PASS_MARK
	assert [r.item_code for r in doc.scores] == [i[0] for i in svc.DEFAULT_ITEMS]
	h.act(seed.OP_A, name, d.SUBMIT)
	assert frappe.db.get_value(APP, name, "applied_by") == seed.OP_A
	h.score(name, fraction=0.9)
	assert frappe.db.get_value(APP, name, "total_score") == 90
	h.act(seed.REV_LS, name, d.RECOMMEND)
	assert frappe.db.get_value(APP, name, "recommended_by") == seed.REV_LS
	assert notified(seed.CITY, name)
	h.act(seed.CITY, name, d.DESIGNATE)
	doc = frappe.get_doc(APP, name)
	assert (doc.workflow_state, doc.docstatus, doc.designated_by) == (d.DESIGNATED, 1, seed.CITY)
	assert getdate(doc.valid_until) == getdate(today()) + relativedelta(years=1) - relativedelta(days=1)
	assert point_flags(point) == (1, getdate(doc.valid_until), name)
	assert "示范点" in comments(POINT, point) or "demonstration" in comments(POINT, point)
	assert notified(seed.OP_A, name)


def test_a_reviewer_nominates_a_point_of_their_area_only(world):
	name = h.new_application(world["B"], seed.REV_LS, "县区推荐：连续两年检查全部合格")
	assert frappe.db.get_value(APP, name, "origin") == d.ORIGIN_NOMINATED
	h.act(seed.REV_LS, name, d.SUBMIT)
	assert state(name) == d.REVIEW
	with pytest.raises(frappe.PermissionError):
		h.new_application(world["A"], seed.REV_LZ)
	with pytest.raises(frappe.PermissionError):
		h.new_application(world["B"], seed.OP_A)  # not their point
	with pytest.raises(frappe.PermissionError):
		h.new_application(world["A"], seed.CITY)  # the city designates, it does not apply


def test_one_open_application_per_point(world):
	h.new_application(world["A"])
	with pytest.raises(frappe.ValidationError, match=r"仍在办理|still open"):
		h.new_application(world["A"])


def test_scores_are_bounded_and_the_pass_mark_holds(world):
	name = h.new_application(world["A"])
	h.act(seed.OP_A, name, d.SUBMIT)
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc(APP, name)
	doc.scores[0].score = doc.scores[0].max_points + 1
	with pytest.raises(frappe.ValidationError):
		doc.save()
	h.score(name, fraction=0.5)
	with pytest.raises(frappe.ValidationError, match="85"):
		h.act(seed.REV_LS, name, d.RECOMMEND)
	# the rubric's rows stay as copied
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc(APP, name)
	doc.scores[0].max_points = 100
	doc.scores[0].item = "改过的项目"
	doc.save()
	assert frappe.db.get_value("Tuoyu Demonstration Score", doc.scores[0].name, ["max_points", "item"]) == (
		svc.DEFAULT_ITEMS[0][2],
		svc.DEFAULT_ITEMS[0][1],
	)
	doc.append("scores", {"item_code": "X", "item": "额外", "max_points": 50, "score": 50})
	with pytest.raises(frappe.PermissionError):
		doc.save()


def test_the_operator_cannot_score_and_the_reviewer_returns_with_a_reason(world):
	name = h.new_application(world["A"])
	h.act(seed.OP_A, name, d.SUBMIT)
	frappe.set_user(seed.OP_A)
	doc = frappe.get_doc(APP, name)
	doc.scores[0].score = 5
	doc.save()  # Frappe drops the change of a level-1 table (the operator reads it only)
	assert frappe.db.get_value("Tuoyu Demonstration Score", doc.scores[0].name, "score") == 0
	doc = frappe.get_doc(APP, name)
	doc.application_text = "改写"
	with pytest.raises(frappe.PermissionError):
		doc.save()
	with pytest.raises(frappe.ValidationError):
		h.act(seed.REV_LS, name, d.RETURN)
	h.score(name, fraction=0.2, note="材料不全，请补充监控与消毒记录")
	h.act(seed.REV_LS, name, d.RETURN)
	assert state(name) == d.DRAFT
	frappe.set_user(seed.OP_A)
	doc = frappe.get_doc(APP, name)
	doc.application_text = "已补充材料"
	doc.save()
	h.act(seed.OP_A, name, d.SUBMIT)
	assert state(name) == d.REVIEW


def test_no_self_approval_by_a_user_who_recommended(world):
	both = add_reviewer("reviewer.city.demo@tuoyu.test", seed.LANSHAN, "兼任审核员")
	frappe.get_doc("User", both).add_roles("Tuoyu City Admin")
	frappe.clear_cache(user=both)
	name = h.recommended(world["A"], reviewer=both)
	with pytest.raises(frappe.PermissionError):
		h.act(both, name, d.DESIGNATE)
	assert state(name) == d.AWAITING_CITY
	with pytest.raises(frappe.ValidationError):
		h.act(seed.CITY, name, d.REFUSE)  # a refusal says why
	frappe.set_user(seed.CITY)
	doc = frappe.get_doc(APP, name)
	doc.decision_note = "本年度示范点名额已满"
	doc.save()
	h.act(seed.CITY, name, d.REFUSE)
	assert state(name) == d.NOT_DESIGNATED and point_flags(world["A"])[0] == 0


def test_wrong_role_and_wrong_area_cannot_move_it(world):
	name = h.new_application(world["A"])
	h.act(seed.OP_A, name, d.SUBMIT)
	h.score(name)
	for user in (seed.OP_A, seed.REV_LZ, seed.CITY):
		with pytest.raises((frappe.PermissionError, frappe.ValidationError)):
			h.act(user, name, d.RECOMMEND)
	h.act(seed.REV_LS, name, d.RECOMMEND)
	for user in (seed.OP_A, seed.REV_LS, seed.REV_LZ):
		with pytest.raises((frappe.PermissionError, frappe.ValidationError)):
			h.act(user, name, d.DESIGNATE)
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc(APP, name)
	doc.workflow_state, doc.docstatus = d.DESIGNATED, 1
	with pytest.raises((frappe.PermissionError, frappe.ValidationError)):
		doc.save()
	assert state(name) == d.AWAITING_CITY


def test_users_cannot_set_the_points_demonstration_fields(world):
	for user in (seed.OP_A, seed.REV_LS, seed.CITY):
		frappe.set_user(user)
		doc = frappe.get_doc(POINT, world["A"])
		doc.is_demonstration, doc.demonstration_until = 1, add_days(today(), 300)
		doc.flags.ignore_mandatory = True
		try:
			doc.save()
		except frappe.ValidationError:
			pass
		assert point_flags(world["A"]) == (0, None, None), user


# --- the hard disqualifiers ----------------------------------------------------------------------

DISQUALIFIERS = {
	"not_filed": lambda w: frappe.db.set_value(POINT, w["A"], "status", "停业整改"),
	"incident": lambda w: h.incident(w["A"]),
	"complaint": lambda w: h.substantiated_complaint(w["A"]),
	"partly_substantiated": lambda w: h.substantiated_complaint(w["A"], "部分属实"),
	"enforcement": lambda w: h.guidance_in_effect(w["A"]),
	"rectification": lambda w: h.open_rectification(w["A"]),
	"banned_staff": lambda w: h.ban_staff_of("A"),
}
EXPECTED = {
	"not_filed": "未备案",
	"incident": "安全事件",
	"complaint": "投诉",
	"partly_substantiated": "投诉",
	"enforcement": "执法",
	"rectification": "整改",
	"banned_staff": "禁入",
}


def raised(fn) -> str:
	with pytest.raises(frappe.ValidationError) as excinfo:
		fn()
	return str(excinfo.value)


@pytest.mark.parametrize("kind", list(DISQUALIFIERS))
def test_each_disqualifier_refuses_the_application(world, kind):
	name = h.new_application(world["A"])
	frappe.set_user("Administrator")
	DISQUALIFIERS[kind](world)
	message = raised(lambda: h.act(seed.OP_A, name, d.SUBMIT))
	if kind == "banned_staff":
		assert h.GENERIC in message and "禁入" not in message and "保育员" not in message, message
	else:
		assert EXPECTED[kind] in message, message
	assert state(name) == d.DRAFT


@pytest.mark.parametrize("kind", ["incident", "complaint", "enforcement", "rectification", "banned_staff"])
def test_each_disqualifier_refuses_the_recommendation_and_the_designation(world, kind):
	name = h.new_application(world["A"])
	h.act(seed.OP_A, name, d.SUBMIT)
	h.score(name)
	frappe.set_user("Administrator")
	DISQUALIFIERS[kind](world)
	message = raised(lambda: h.act(seed.REV_LS, name, d.RECOMMEND))
	assert EXPECTED[kind] in message, message  # the reviewer reads the specific reason
	assert state(name) == d.REVIEW


def test_a_disqualifier_arising_before_the_designation_refuses_it(world):
	name = h.recommended(world["A"])
	frappe.set_user("Administrator")
	h.ban_staff_of("A")
	message = raised(lambda: h.act(seed.CITY, name, d.DESIGNATE))
	assert "禁入" in message and "保育员A" in message, message
	assert state(name) == d.AWAITING_CITY


def test_records_older_than_twelve_months_do_not_disqualify(world):
	inc = h.incident(world["A"])
	frappe.db.set_value("Tuoyu Incident", inc.name, "occurred_at", add_days(today(), -400))
	comp = h.substantiated_complaint(world["A"])
	frappe.db.set_value("Tuoyu Complaint", comp, "concluded_at", add_days(today(), -400))
	assert svc.found_for(world["A"]) == []
	name = h.new_application(world["A"])
	h.act(seed.OP_A, name, d.SUBMIT)
	assert state(name) == d.REVIEW


# --- the year and the daily job ---------------------------------------------------------------------


def test_the_daily_job_expires_a_designation_past_its_year(world, no_commit):
	name = h.designated(world["A"])
	frappe.set_user("Administrator")
	frappe.db.set_value(APP, name, "valid_until", add_days(today(), -1))
	assert svc.daily()[d.EXPIRED] == 1
	assert state(name) == d.EXPIRED and point_flags(world["A"]) == (0, None, None)
	assert any("到期" in s for s in notified(seed.OP_A, name))
	assert notified(seed.REV_LS, name)
	assert "到期" in comments(APP, name)
	assert svc.daily()[d.EXPIRED] == 0  # safe to re-run


def test_the_daily_job_withdraws_a_disqualified_designation(world, no_commit):
	name = h.designated(world["A"])
	other = h.designated(world["C"], seed.OP_C, seed.REV_LZ)
	frappe.set_user("Administrator")
	complaint = h.substantiated_complaint(world["A"])  # written without the hooks: only the job sees it
	assert state(name) == d.DESIGNATED
	counts = svc.daily()
	assert counts[d.WITHDRAWN] == 1 and counts["checked"] == 2
	assert state(name) == d.WITHDRAWN and state(other) == d.DESIGNATED
	assert point_flags(world["A"]) == (0, None, None) and point_flags(world["C"])[0] == 1
	assert complaint in " ".join(notified(seed.OP_A, name)) and notified(seed.REV_LS, name)
	assert not notified(seed.REV_LZ, name)
	assert complaint in comments(APP, name) and complaint in comments(POINT, world["A"])
	assert svc.daily()[d.WITHDRAWN] == 0  # safe to re-run


def test_a_ban_withdraws_the_designation_the_operator_told_only_the_generic_reason(world):
	name = h.designated(world["A"])
	h.ban_staff_of("A")  # the register opens a rectification at the point, which withdraws at once
	assert state(name) == d.WITHDRAWN and point_flags(world["A"]) == (0, None, None)
	operator_text = " ".join(notified(seed.OP_A, name))
	assert h.GENERIC in operator_text and "禁入" not in operator_text and "保育员A" not in operator_text
	assert "禁入" in " ".join(notified(seed.REV_LS, name))
	assert "禁入" not in comments(APP, name) and "禁入" not in comments(POINT, world["A"])
	assert "禁入" not in (frappe.db.get_value(APP, name, "withdrawal_reason") or "")


def test_an_incident_withdraws_the_designation_at_once(world):
	name = h.designated(world["A"])
	inc = h.incident(world["A"])
	assert state(name) == d.WITHDRAWN
	assert inc.name in frappe.db.get_value(APP, name, "withdrawal_reason")
	assert point_flags(world["A"]) == (0, None, None)


def test_an_enforcement_action_withdraws_the_designation_at_once(world):
	name = h.designated(world["A"])
	h.guidance_in_effect(world["A"])
	assert state(name) == d.WITHDRAWN


def test_a_designated_point_applies_again_only_near_the_end(world):
	name = h.designated(world["A"])
	with pytest.raises(frappe.ValidationError):
		h.new_application(world["A"])
	frappe.set_user("Administrator")
	frappe.db.set_value(APP, name, "valid_until", add_days(today(), 30))
	renewal = h.designated(world["A"])
	assert state(name) == d.EXPIRED and point_flags(world["A"])[2] == renewal


def test_the_verify_lookup_shows_the_badge_and_nothing_personal(world):
	h.file_point(world["A"], "LS-DEMO-0001")
	assert lookup("LS-DEMO-0001")["demonstration"] is False
	h.designated(world["A"])
	result = lookup("LS-DEMO-0001")
	assert result["demonstration"] is True and result["demonstration_until"]
	assert set(result) == PUBLIC_KEYS - {"found"}


def test_the_default_rubric_is_never_overwritten(db):
	frappe.db.set_value(d.RUBRIC, svc.DEFAULT_RUBRIC, "pass_mark", 80)
	svc.ensure_default_rubric()
	assert frappe.db.get_value(d.RUBRIC, svc.DEFAULT_RUBRIC, "pass_mark") == 80
	assert frappe.db.count(d.RUBRIC) >= 1


def test_the_demo_drives_applications_through_every_state(world):
	from tuoyu_frappe.oversight.demonstration_demo import PLAN, load_demonstration_demo

	frappe.db.delete(APP)  # rolled back with the test
	frappe.db.delete("Tuoyu Demonstration Score")
	result = load_demonstration_demo(commit=False)
	states = frappe.get_all(APP, pluck="workflow_state")
	assert result["created"] == len(states) >= 3  # the seeded world has three filed points
	assert states.count(d.DESIGNATED) == 2 or len(states) < len(PLAN)
	designated = frappe.get_all(APP, filters={"workflow_state": d.DESIGNATED}, fields=["point", "name"])
	assert designated
	for row in designated:
		assert point_flags(row.point)[0] == 1 and point_flags(row.point)[2] == row.name
	assert load_demonstration_demo(commit=False) == {"created": 0}  # idempotent


def test_a_complaint_concluded_substantiated_withdraws_the_designation_at_once(world):
	from tests.complaint_helpers import act, desk_complaint, write
	from tuoyu_frappe.complaints import rules as cr
	from tuoyu_frappe.complaints.handling import open_inspection

	name = h.designated(world["A"])
	complaint = desk_complaint(world["A"]).name
	act(complaint, cr.ACCEPT, seed.REV_LS)
	frappe.set_user(seed.REV_LS)
	open_inspection(complaint)
	write(complaint, seed.REV_LS, conclusion="不属实", public_summary="经核查不属实。")
	assert state(name) == d.DESIGNATED  # a conclusion not substantiated changes nothing
	write(complaint, seed.REV_LS, conclusion=cr.SUBSTANTIATED, public_summary="经核查属实，已责令整改。")
	assert state(name) == d.DESIGNATED  # not yet concluded
	act(complaint, cr.CONCLUDE, seed.REV_LS)
	assert state(name) == d.WITHDRAWN
	assert complaint in frappe.db.get_value(APP, name, "withdrawal_reason")
