"""Rectification notices and the enforcement ladder as real users of each role, in process (rolled
back): opened from a completed inspection, evidence, verification, escalation, suspension, restore,
revocation, and what they do to the point and its filings."""

from datetime import timedelta

import frappe
import pytest
from frappe.utils import add_months, getdate, today

from tests import seed
from tests.integration import enforcement_helpers as h
from tests.integration.clock_helpers import unload_year
from tuoyu_frappe.filing import clock
from tuoyu_frappe.filing import states as s
from tuoyu_frappe.setup.install import ensure_calendar_years
from tuoyu_frappe.supervision import enforcement_rules as r
from tuoyu_frappe.supervision import escalation
from tuoyu_frappe.supervision.rectification import fill_missing_deadlines, open_from_inspection

RECT, ACTION = h.RECT, h.ACTION


@pytest.fixture
def point(db):
	return h.filed_point("执法", 61)


def point_status(point: str) -> str:
	return frappe.db.get_value("Tuoyu Point", point, "status")


def timeline(point: str) -> str:
	return "\n".join(
		frappe.get_all(
			"Comment", filters={"reference_doctype": "Tuoyu Point", "reference_name": point}, pluck="content"
		)
	)


def notified(user: str, doctype: str, name: str) -> bool:
	return bool(
		frappe.db.exists(
			"Notification Log", {"for_user": user, "document_type": doctype, "document_name": name}
		)
	)


# --- opening a rectification -----------------------------------------------------------------


def test_opened_from_the_failed_items_with_their_clauses_and_a_working_day_deadline(point):
	inspection = h.record_failed_inspection(point, seed.REV_LS, failures=2)
	frappe.set_user(seed.REV_LS)
	name = open_from_inspection(inspection)
	doc = frappe.get_doc(RECT, name)
	failed = [row for row in frappe.get_doc("Tuoyu Inspection", inspection).results if row.result == "不符合"]
	assert [(i.item_code, i.clause, i.legal_source, i.source_result) for i in doc.items] == [
		(row.item_code, row.clause, row.legal_source, row.name) for row in failed
	]
	assert all(i.clause for i in doc.items)
	days = frappe.db.get_value("Tuoyu Rule Set", doc.rule_set, "rectification_working_days")
	assert doc.working_days == days > 0
	assert getdate(doc.notice_date) == getdate(today())
	assert getdate(doc.deadline) == clock.load_calendar().add_working_days(getdate(today()), days)
	assert (doc.workflow_state, doc.docstatus, doc.area) == (r.R_OPEN, 0, seed.LANSHAN)
	assert (doc.source_doctype, doc.source_name, doc.inspection) == (
		"Tuoyu Inspection",
		inspection,
		inspection,
	)
	assert doc.opened_by == seed.REV_LS
	assert notified(seed.OP_A, RECT, name)
	assert name in timeline(point)


def test_only_once_and_only_from_a_completed_inspection_with_failures(point):
	inspection = h.record_failed_inspection(point, seed.REV_LS)
	frappe.set_user(seed.REV_LS)
	open_from_inspection(inspection)
	with pytest.raises(frappe.ValidationError, match="已下达整改通知"):
		open_from_inspection(inspection)
	passed = h.record_failed_inspection(point, seed.REV_LS, failures=0)
	frappe.set_user(seed.REV_LS)
	with pytest.raises(frappe.ValidationError, match="没有不符合项"):
		open_from_inspection(passed)
	planned = frappe.get_doc(
		{
			"doctype": "Tuoyu Inspection",
			"inspection_type": "投诉核查",
			"point": point,
			"planned_date": today(),
		}
	).insert()
	with pytest.raises(frappe.ValidationError, match="只有已完成的检查"):
		open_from_inspection(planned.name)


@pytest.mark.parametrize("user", [seed.OP_A, seed.REV_LZ, seed.ASSOC, seed.NOBODY])
def test_only_the_areas_reviewers_and_city_admins_order_rectification(point, user):
	inspection = h.record_failed_inspection(point, seed.REV_LS)
	frappe.set_user(user)
	with pytest.raises(frappe.PermissionError):
		open_from_inspection(inspection)
	frappe.set_user(seed.CITY)
	assert open_from_inspection(inspection)


def test_a_rectification_cannot_be_inserted_directly(point):
	frappe.set_user(seed.REV_LS)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{"doctype": RECT, "point": point, "items": [{"item_text": "自拟事项"}], "deadline": "2030-01-01"}
		).insert()


def test_a_missing_calendar_year_leaves_the_deadline_empty_and_says_which_year(point):
	inspection = h.record_failed_inspection(point, seed.REV_LS)
	year = getdate(today()).year
	unload_year(year)
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc(RECT, open_from_inspection(inspection))
	assert doc.deadline is None and str(year) in doc.deadline_note and "日历" in doc.deadline_note
	# Once the year is entered, the daily job computes the deadline.
	frappe.set_user("Administrator")
	ensure_calendar_years()
	assert fill_missing_deadlines() == [doc.name]
	doc.reload()
	assert getdate(doc.deadline) == clock.load_calendar().add_working_days(
		getdate(doc.notice_date), doc.working_days
	)
	assert not doc.deadline_note


def test_the_escalation_runs_daily(site):
	assert "tuoyu_frappe.supervision.escalation.daily" in frappe.get_hooks("scheduler_events")["daily"]


# --- evidence and verification ---------------------------------------------------------------


def test_evidence_then_verification_passes(point):
	name = h.open_rectification(point)
	frappe.set_user(seed.OP_A)
	with pytest.raises(frappe.ValidationError, match=r"整改情况|整改证明材料"):
		h.act(seed.OP_A, RECT, name, r.R_SUBMIT)
	doc = h.submit_evidence(name)
	assert (doc.workflow_state, doc.submitted_by) == (r.R_AWAITING, seed.OP_A)
	assert notified(seed.REV_LS, RECT, name)
	frappe.set_user(seed.OP_A)
	doc = frappe.get_doc(RECT, name)
	doc.evidence_text = "验收期间改写"
	with pytest.raises(frappe.PermissionError):
		doc.save()
	doc = h.verify(name, seed.REV_LS, passed=True)
	assert (doc.workflow_state, doc.docstatus, doc.verification_result) == (r.R_PASSED, 1, "验收通过")
	assert doc.verified_by == seed.REV_LS and doc.verified_on
	assert not doc.enforcement_action  # nothing to escalate
	assert "验收通过" in timeline(point)


def test_sent_back_for_more_evidence_with_a_reason(point):
	name = h.open_rectification(point)
	h.submit_evidence(name)
	with pytest.raises(frappe.ValidationError, match="验收意见"):
		h.act(seed.REV_LS, RECT, name, r.R_SEND_BACK)
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc(RECT, name)
	doc.verification_reason = "照片不清晰，请补充灭火器照片"
	doc.save()
	doc = h.act(seed.REV_LS, RECT, name, r.R_SEND_BACK)
	assert (doc.workflow_state, doc.docstatus) == (r.R_OPEN, 0)
	assert notified(seed.OP_A, RECT, name) and "退回" in timeline(point)
	h.add_evidence(name, text="已补充灭火器照片")  # the operator's turn again
	doc = h.act(seed.OP_A, RECT, name, r.R_SUBMIT)
	assert doc.workflow_state == r.R_AWAITING and not doc.verification_reason


def test_nobody_supervises_a_point_they_operate(point):
	name = h.open_rectification(point)
	frappe.set_user("Administrator")
	frappe.get_doc("User", seed.REV_LS).add_roles("Tuoyu Operator")
	doc = frappe.get_doc("Tuoyu Point", point)
	doc.append("operators", {"user": seed.REV_LS})
	doc.save()
	try:
		h.submit_evidence(name, operator=seed.REV_LS)
		frappe.set_user(seed.REV_LS)
		with pytest.raises(frappe.PermissionError):
			h.verify(name, seed.REV_LS, passed=True)
		with pytest.raises(frappe.PermissionError):
			h.draft_action(point, r.GUIDANCE, seed.REV_LS)
		assert frappe.db.get_value(RECT, name, "workflow_state") == r.R_AWAITING
	finally:
		frappe.set_user("Administrator")
		frappe.get_doc("User", seed.REV_LS).remove_roles("Tuoyu Operator")


def test_a_failed_verification_needs_a_reason_and_escalates_once(point):
	name = h.open_rectification(point)
	h.submit_evidence(name)
	frappe.set_user(seed.REV_LS)
	with pytest.raises(frappe.ValidationError, match="验收意见"):
		h.act(seed.REV_LS, RECT, name, r.R_FAIL)
	doc = h.verify(name, seed.REV_LS, passed=False, reason="灭火器仍未配备")
	assert (doc.workflow_state, doc.verification_result) == (r.R_FAILED, "未通过")
	action = frappe.get_doc(ACTION, frappe.db.get_value(RECT, name, "enforcement_action"))
	assert (action.action_type, action.workflow_state, action.docstatus) == (r.SUSPEND, r.E_PROPOSED, 0)
	assert (action.origin, action.rectification, action.point) == (r.ORIGIN_ESCALATION, name, point)
	assert r.SUSPENSION_BASIS in action.legal_basis
	assert notified(seed.CITY, ACTION, action.name) and notified(seed.REV_LS, ACTION, action.name)
	frappe.set_user("Administrator")
	escalation.daily()
	assert frappe.db.count(ACTION, {"rectification": name}) == 1
	assert point_status(point) == r.FILED  # proposed, not yet decided


def test_the_daily_job_proposes_suspension_of_overdue_rectifications_once(point):
	name = h.open_rectification(point)
	frappe.set_user("Administrator")
	assert escalation.escalate(name) is None  # in time
	h.backdate(name, 40)
	assert getdate(frappe.db.get_value(RECT, name, "deadline")) < getdate(today())
	escalation.daily()
	escalation.daily()
	actions = frappe.get_all(
		ACTION, filters={"rectification": name}, fields=["name", "workflow_state", "reason"]
	)
	assert len(actions) == 1 and actions[0].workflow_state == r.E_PROPOSED and "逾期" in actions[0].reason
	assert frappe.db.get_value(RECT, name, "enforcement_action") == actions[0].name
	assert "停业整改" in timeline(point)


def test_no_proposal_for_a_point_that_is_not_filed(db, site):
	# Point B of the seed is still 筹建中: there is nothing to suspend.
	name = h.open_rectification(site.point["B"])
	h.backdate(name, 40)
	frappe.set_user("Administrator")
	assert escalation.escalate(name) is None
	assert not frappe.db.exists(ACTION, {"rectification": name})


# --- the ladder ------------------------------------------------------------------------------


def test_suspension_restore_and_the_change_filing_block(point):
	rect = h.open_rectification(point)
	action = h.suspend(point)
	doc = frappe.get_doc("Tuoyu Point", point)
	assert (doc.status, getdate(doc.suspended_on)) == (r.SUSPENDED, getdate(today()))
	assert frappe.db.get_value(ACTION, action, ["workflow_state", "docstatus", "approved_by"]) == (
		r.E_EFFECTIVE,
		1,
		seed.CITY,
	)
	assert "临卫监停字〔2026〕101号" in timeline(point)
	# A suspended point files no change until restored; it may still close.
	frappe.set_user(seed.OP_A)
	with pytest.raises(frappe.ValidationError, match="恢复之前不能提交变更备案"):
		frappe.get_doc({"doctype": "Tuoyu Filing", "filing_type": s.CHANGE, "point": point}).insert()
	# No restore before a rectification has passed verification.
	with pytest.raises(frappe.ValidationError, match="验收通过方可恢复"):
		h.restore(point, rect)
	h.submit_evidence(rect)
	h.verify(rect, seed.REV_LS, passed=True)
	h.restore(point, rect)
	assert point_status(point) == r.FILED
	frappe.set_user(seed.OP_A)
	change = frappe.get_doc(
		{
			"doctype": "Tuoyu Filing",
			"filing_type": s.CHANGE,
			"point": point,
			"change_description": "变更联系电话",
		}
	).insert()
	assert change.workflow_state == s.DRAFT


def test_a_restore_needs_a_rectification_of_this_point_verified_since_the_suspension(point, site):
	rect = h.open_rectification(point)
	h.submit_evidence(rect)
	h.verify(rect, seed.REV_LS, passed=True)
	h.suspend(point)
	frappe.db.set_value(RECT, rect, "verified_on", getdate(today()) - timedelta(days=3))
	with pytest.raises(frappe.ValidationError, match="验收通过方可恢复"):
		h.restore(point, rect)
	frappe.db.set_value(RECT, rect, "verified_on", frappe.utils.now_datetime())
	other = frappe.db.get_value(RECT, {"point": ("!=", point)}, "name")
	if other:
		with pytest.raises(frappe.ValidationError, match="不属于该托育点"):
			h.draft_action(point, r.RESTORE, rectification=other)
	h.restore(point, rect)
	assert point_status(point) == r.FILED


def test_a_suspension_needs_a_filed_point_and_a_decision_number(db, site, point):
	name = h.draft_action(site.point["B"], r.SUSPEND)  # 筹建中
	with pytest.raises(frappe.ValidationError, match="只有已备案的托育点"):
		h.act(seed.REV_LS, ACTION, name, r.E_PROPOSE)
	name = h.draft_action(point, r.SUSPEND)
	h.act(seed.REV_LS, ACTION, name, r.E_PROPOSE)
	with pytest.raises(frappe.ValidationError, match="决定书文号"):
		h.act(seed.CITY, ACTION, name, r.E_APPROVE)
	assert point_status(point) == r.FILED


def test_the_city_approves_and_nobody_approves_their_own_proposal(point):
	name = h.draft_action(point, r.SUSPEND)
	h.act(seed.REV_LS, ACTION, name, r.E_PROPOSE)
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc(ACTION, name)
	doc.decision_no = "临卫监停字〔2026〕9号"
	with pytest.raises(frappe.PermissionError):
		doc.save()  # a proposal waiting for the city is the city's to change
	frappe.db.set_value(ACTION, name, "decision_no", "临卫监停字〔2026〕9号")
	with pytest.raises(frappe.ValidationError):
		h.act(seed.REV_LS, ACTION, name, r.E_APPROVE)  # a reviewer has no such action
	frappe.set_user("Administrator")
	frappe.get_doc("User", seed.REV_LS).add_roles("Tuoyu City Admin")
	try:
		# With both roles, the proposer still may not approve: neither through the workflow action
		# (Frappe's own check of the owner) nor by a direct submit (ours, of the proposer).
		with pytest.raises((frappe.PermissionError, frappe.ValidationError)):
			h.act(seed.REV_LS, ACTION, name, r.E_APPROVE)
		frappe.set_user(seed.REV_LS)
		doc = frappe.get_doc(ACTION, name)
		doc.workflow_state = r.E_EFFECTIVE
		with pytest.raises(frappe.PermissionError, match="自己提出"):
			doc.submit()
		assert point_status(point) == r.FILED
	finally:
		frappe.set_user("Administrator")
		frappe.get_doc("User", seed.REV_LS).remove_roles("Tuoyu City Admin")
	h.act(seed.CITY, ACTION, name, r.E_APPROVE)
	assert point_status(point) == r.SUSPENDED


def test_a_rejection_needs_a_reason_and_changes_nothing(point):
	name = h.draft_action(point, r.SUSPEND)
	h.act(seed.REV_LS, ACTION, name, r.E_PROPOSE)
	with pytest.raises(frappe.ValidationError, match="驳回理由"):
		h.act(seed.CITY, ACTION, name, r.E_REJECT)
	frappe.set_user(seed.CITY)
	doc = frappe.get_doc(ACTION, name)
	doc.decision_note = "事实不清，证据不足"
	doc.save()
	doc = h.act(seed.CITY, ACTION, name, r.E_REJECT)
	assert (doc.workflow_state, doc.docstatus) == (r.E_REJECTED, 1)
	assert point_status(point) == r.FILED and "驳回" in timeline(point)


def test_guidance_is_issued_by_the_reviewer_and_changes_no_status(point):
	name = h.draft_action(point, r.GUIDANCE)
	with pytest.raises(frappe.ValidationError):
		h.act(seed.REV_LS, ACTION, name, r.E_PROPOSE)  # not sent to the city
	frappe.set_user(seed.REV_LS)
	with pytest.raises(frappe.ValidationError, match="决定书文号"):
		h.act(seed.REV_LS, ACTION, name, r.E_ISSUE)
	frappe.db.set_value(ACTION, name, "decision_no", "临卫监指字〔2026〕3号")
	doc = h.act(seed.REV_LS, ACTION, name, r.E_ISSUE)
	assert (doc.workflow_state, doc.docstatus, doc.approved_by) == (r.E_EFFECTIVE, 1, seed.REV_LS)
	assert point_status(point) == r.FILED and "临卫监指字〔2026〕3号" in timeline(point)
	assert notified(seed.OP_A, ACTION, name)


def test_a_suspension_cannot_be_issued_without_the_city(point):
	name = h.draft_action(point, r.SUSPEND, decision_no="临卫监停字〔2026〕5号")
	with pytest.raises(frappe.ValidationError):
		h.act(seed.REV_LS, ACTION, name, r.E_ISSUE)
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc(ACTION, name)
	doc.workflow_state, doc.docstatus = r.E_EFFECTIVE, 1
	with pytest.raises(frappe.ValidationError, match="须经市级管理员批准"):
		doc.save()
	assert point_status(point) == r.FILED


def test_revocation_and_the_wait_before_filing_again(point):
	name = h.draft_action(point, r.REVOKE)
	h.act(seed.REV_LS, ACTION, name, r.E_PROPOSE)
	h.approve_action(name, decision_no="临卫监撤字〔2026〕1号")
	doc = frappe.get_doc("Tuoyu Point", point)
	assert (doc.status, getdate(doc.revoked_on)) == (r.REVOKED, getdate(today()))
	wait = frappe.db.get_value("Tuoyu Rule Set", doc.rule_set, "refiling_wait_months")
	frappe.set_user(seed.OP_A)
	if wait:
		with pytest.raises(frappe.ValidationError, match="重新申请备案"):
			frappe.get_doc({"doctype": "Tuoyu Filing", "filing_type": s.NEW, "point": point}).insert()
	frappe.db.set_value("Tuoyu Point", point, "revoked_on", add_months(today(), -(wait or 0) - 1))
	filing = frappe.get_doc({"doctype": "Tuoyu Filing", "filing_type": s.NEW, "point": point}).insert()
	assert filing.workflow_state == s.DRAFT
	# Nothing climbs back from a revocation by a restore.
	with pytest.raises(frappe.ValidationError, match="只有停业整改的托育点才能恢复"):
		h.act(seed.REV_LS, ACTION, h.draft_action(point, r.RESTORE), r.E_PROPOSE)


def test_the_point_status_changes_only_through_the_server(point):
	for user in (seed.REV_LS, seed.CITY):
		frappe.set_user(user)
		doc = frappe.get_doc("Tuoyu Point", point)
		doc.status = r.SUSPENDED
		with pytest.raises(frappe.ValidationError):
			doc.save()
	assert point_status(point) == r.FILED


# --- demo ------------------------------------------------------------------------------------


def test_the_demo_goes_through_the_workflows_once(db):
	from tuoyu_frappe.demo import load_demo
	from tuoyu_frappe.supervision.demo_enforcement import load_enforcement

	load_demo(points=40, commit=False)
	made = load_enforcement(commit=False)
	assert made["created"] == 4, made
	rects = frappe.get_all(
		RECT,
		fields=["name", "point", "workflow_state", "deadline", "enforcement_action"],
		order_by="creation",
	)
	states = sorted(row.workflow_state for row in rects)
	assert states == sorted([r.R_OPEN, r.R_OPEN, r.R_FAILED, r.R_PASSED]), states
	overdue = [
		row for row in rects if row.workflow_state == r.R_OPEN and getdate(row.deadline) < getdate(today())
	]
	assert len(overdue) == 1 and overdue[0].enforcement_action
	assert frappe.db.get_value(ACTION, overdue[0].enforcement_action, "workflow_state") == r.E_PROPOSED
	failed = next(row for row in rects if row.workflow_state == r.R_FAILED)
	assert point_status(failed.point) == r.SUSPENDED
	passed = next(row for row in rects if row.workflow_state == r.R_PASSED)
	assert point_status(passed.point) == r.FILED
	assert frappe.db.exists(
		ACTION, {"point": passed.point, "action_type": r.RESTORE, "workflow_state": r.E_EFFECTIVE}
	)
	assert frappe.db.exists(
		ACTION, {"point": passed.point, "action_type": r.SUSPEND, "workflow_state": r.E_EFFECTIVE}
	)
	assert load_enforcement(commit=False)["created"] == 0
