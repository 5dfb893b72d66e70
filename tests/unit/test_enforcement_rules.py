"""The rectification and enforcement rules as plain functions (no site)."""

from datetime import date

import pytest

from tuoyu_frappe.filing import states as s
from tuoyu_frappe.supervision import enforcement_rules as r

ALL_STATUSES = (r.PREPARING, r.FILED, r.SUSPENDED, r.REVOKED, r.CANCELLED)


# --- the ladder --------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_suspension_only_of_a_filed_point(status):
	problems = r.ladder_problems(r.SUSPEND, status, verified_since_suspension=True)
	assert (problems == []) == (status == r.FILED)


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_revocation_of_a_filed_or_suspended_point(status):
	problems = r.ladder_problems(r.REVOKE, status, verified_since_suspension=False)
	assert (problems == []) == (status in (r.FILED, r.SUSPENDED))


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_restore_only_of_a_suspended_point_after_a_verified_rectification(status):
	with_verified = r.ladder_problems(r.RESTORE, status, verified_since_suspension=True)
	without = r.ladder_problems(r.RESTORE, status, verified_since_suspension=False)
	assert (with_verified == []) == (status == r.SUSPENDED)
	assert without != []
	if status == r.SUSPENDED:
		assert "verification" in without[0][0]


@pytest.mark.parametrize("action", [r.GUIDANCE, r.ORDER])
@pytest.mark.parametrize("status", ALL_STATUSES)
def test_guidance_and_orders_for_points_still_operating(action, status):
	problems = r.ladder_problems(action, status, verified_since_suspension=False)
	assert (problems == []) == (status in (r.PREPARING, r.FILED, r.SUSPENDED))


def test_an_unknown_action_is_refused():
	assert r.ladder_problems("罚款", r.FILED, True)


def test_which_actions_need_the_city_and_what_they_do_to_the_point():
	assert r.NEEDS_CITY_APPROVAL == {r.SUSPEND, r.REVOKE, r.RESTORE}
	assert r.STATUS_AFTER == {r.SUSPEND: r.SUSPENDED, r.REVOKE: r.REVOKED, r.RESTORE: r.FILED}
	for action in (r.SUSPEND, r.REVOKE, r.RESTORE):
		assert r.issue_problems(action) and not r.proposal_problems(action, "理由", "依据")
	for action in (r.GUIDANCE, r.ORDER):
		assert not r.issue_problems(action) and r.proposal_problems(action, "理由", "依据")


def test_an_action_takes_effect_only_with_reason_basis_and_decision_number():
	assert r.effect_problems(r.SUSPEND, "临卫监停字〔2026〕1号", "逾期未整改", "试点方案") == []
	for missing in ({"decision_no": " "}, {"reason": ""}, {"legal_basis": None}):
		values = {
			"decision_no": "临卫监停字〔2026〕1号",
			"reason": "逾期未整改",
			"legal_basis": "试点方案",
			**missing,
		}
		assert len(r.effect_problems(r.SUSPEND, **values)) == 1, missing


def test_a_verification_counts_for_a_restore_only_on_or_after_the_suspension():
	suspended = date(2026, 3, 2)
	assert r.verified_since(date(2026, 3, 2), suspended)
	assert r.verified_since(date(2026, 4, 1), suspended)
	assert not r.verified_since(date(2026, 3, 1), suspended)
	assert not r.verified_since(None, suspended)


# --- the workflows ------------------------------------------------------------------------------


def test_transition_tables_match_the_state_tables():
	for transitions, states in (
		(r.RECTIFICATION_TRANSITIONS, r.R_STATE_DOCSTATUS),
		(r.ENFORCEMENT_TRANSITIONS, r.E_STATE_DOCSTATUS),
	):
		for t in transitions:
			assert t.state in states and t.next_state in states
			assert states[t.state] == 0  # nothing leaves a final state
	assert r.find_transition(r.RECTIFICATION_TRANSITIONS, r.R_OPEN, r.R_AWAITING).roles == (r.OPERATOR,)
	assert r.OPERATOR not in r.find_transition(r.RECTIFICATION_TRANSITIONS, r.R_AWAITING, r.R_PASSED).roles
	assert r.find_transition(r.RECTIFICATION_TRANSITIONS, r.R_OPEN, r.R_PASSED) is None
	assert r.find_transition(r.ENFORCEMENT_TRANSITIONS, r.E_PROPOSED, r.E_EFFECTIVE).roles == (r.CITY,)
	assert r.find_transition(r.ENFORCEMENT_TRANSITIONS, r.E_PROPOSED, r.E_REJECTED).roles == (r.CITY,)


def test_evidence_needs_a_description_and_a_file():
	assert r.evidence_problems("已更换灭火器并补录晨午检记录", ["/private/files/a.jpg"]) == []
	assert len(r.evidence_problems("  ", ["/private/files/a.jpg"])) == 1
	assert len(r.evidence_problems("已整改", [])) == 1
	assert len(r.evidence_problems(None, [""])) == 2


@pytest.mark.parametrize(
	"state,reason,ok",
	[
		(r.R_PASSED, "", True),
		(r.R_FAILED, "", False),
		(r.R_FAILED, "灭火器仍未配备", True),
		(r.R_OPEN, " ", False),
	],
)
def test_a_failed_verification_or_a_return_gives_a_reason(state, reason, ok):
	assert (r.verdict_problems(state, reason) == []) == ok


# --- escalation --------------------------------------------------------------------------------

DEADLINE = date(2026, 3, 13)


@pytest.mark.parametrize(
	"state,today,already,expected",
	[
		(r.R_OPEN, date(2026, 3, 13), False, None),  # the deadline day itself is still in time
		(r.R_OPEN, date(2026, 3, 14), False, r.OVERDUE),
		(r.R_OPEN, date(2026, 3, 14), True, None),  # never a second proposal
		(r.R_AWAITING, date(2026, 4, 1), False, None),  # evidence handed in: the reviewer's turn
		(r.R_FAILED, date(2026, 3, 1), False, r.FAILED_VERIFICATION),
		(r.R_FAILED, date(2026, 3, 1), True, None),
		(r.R_PASSED, date(2026, 4, 1), False, None),
	],
)
def test_escalation(state, today, already, expected):
	assert r.escalation_reason(state, DEADLINE, today, already) == expected


def test_no_deadline_no_overdue():
	assert r.escalation_reason(r.R_OPEN, None, date(2030, 1, 1), False) is None


def test_no_rectification_for_closed_points():
	assert r.rectification_problems(r.FILED) == [] and r.rectification_problems(r.SUSPENDED) == []
	assert r.rectification_problems(r.REVOKED) and r.rectification_problems(r.CANCELLED)


# --- filing blocks -------------------------------------------------------------------------------


def test_refiling_wait_in_calendar_months():
	assert r.refiling_allowed_from(date(2026, 1, 31), 1) == date(2026, 2, 28)
	assert r.refiling_allowed_from(date(2026, 5, 10), 12) == date(2027, 5, 10)
	assert r.refiling_allowed_from(date(2026, 5, 10), 0) == date(2026, 5, 10)


@pytest.mark.parametrize(
	"filing_type,status,ok",
	[
		(s.NEW, r.PREPARING, True),
		(s.NEW, r.FILED, False),
		(s.CHANGE, r.FILED, True),
		(s.CHANGE, r.SUSPENDED, False),  # not until restored
		(s.CANCEL, r.SUSPENDED, True),  # a suspended point may still close
		(s.CANCEL, r.REVOKED, False),
		(s.CHANGE, r.REVOKED, False),
		(s.NEW, r.CANCELLED, False),
	],
)
def test_which_filings_a_point_may_make(filing_type, status, ok):
	assert (s.point_status_problems(filing_type, status) == []) == ok


def test_a_suspended_point_is_told_to_be_restored_first():
	[(message, _params)] = s.point_status_problems(s.CHANGE, r.SUSPENDED)
	assert "restored" in message


def test_a_revoked_point_files_again_only_after_the_wait():
	start = date(2027, 5, 10)
	assert s.point_status_problems(s.NEW, r.REVOKED, start, date(2027, 5, 10)) == []
	[(message, params)] = s.point_status_problems(s.NEW, r.REVOKED, start, date(2027, 5, 9))
	assert "revoked" in message and params["date"] == "2027-05-10"
