"""Rectification (整改通知) and the enforcement ladder as plain rules: state and action names (Chinese,
as users see them), who moves a document from which state to which, and what the ladder allows.
No database: the controllers pass values in and turn the problems into errors."""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from tuoyu_frappe.validation import _

OPERATOR, REVIEWER, CITY = "Tuoyu Operator", "Tuoyu District Reviewer", "Tuoyu City Admin"
SUPERVISORS = (REVIEWER, CITY)

# A problem is an English message template and its parameters; the caller translates it.
Problem = tuple[str, dict]

# --- point statuses (Tuoyu Point.status) ------------------------------------------------------
PREPARING, FILED, SUSPENDED, REVOKED, CANCELLED = "筹建中", "已备案", "停业整改", "已撤销备案", "已注销"

# --- rectification ---------------------------------------------------------------------------
RECTIFICATION_WORKFLOW = "Tuoyu Rectification Workflow"
R_OPEN, R_AWAITING, R_PASSED, R_FAILED = "整改中", "待验收", "已通过", "未通过"
R_SUBMIT, R_SEND_BACK, R_PASS, R_FAIL = "提交整改", "退回整改", "验收通过", "验收不通过"
R_STATE_DOCSTATUS = {R_OPEN: 0, R_AWAITING: 0, R_PASSED: 1, R_FAILED: 1}
VERDICT_PASSED, VERDICT_FAILED = "验收通过", "未通过"
FAILED_RESULT = "不符合"  # an inspection result row that opens a rectification item

# --- enforcement actions -----------------------------------------------------------------------
ENFORCEMENT_WORKFLOW = "Tuoyu Enforcement Workflow"
E_DRAFT, E_PROPOSED, E_EFFECTIVE, E_REJECTED = "草稿", "待审批", "已生效", "已驳回"
E_PROPOSE, E_ISSUE, E_APPROVE, E_REJECT = "提交审批", "签发", "批准", "驳回"
E_STATE_DOCSTATUS = {E_DRAFT: 0, E_PROPOSED: 0, E_EFFECTIVE: 1, E_REJECTED: 1}

GUIDANCE, ORDER, SUSPEND, REVOKE, RESTORE = "指导督促", "责令限期整改", "停业整改", "撤销备案", "恢复"
ACTION_TYPES = (GUIDANCE, ORDER, SUSPEND, REVOKE, RESTORE)
NEEDS_CITY_APPROVAL = frozenset({SUSPEND, REVOKE, RESTORE})  # they change the point's status
STATUS_AFTER = {SUSPEND: SUSPENDED, REVOKE: REVOKED, RESTORE: FILED}
ORIGIN_MANUAL, ORIGIN_ESCALATION = "人工提出", "逾期或验收未通过自动提出"

# The founding plan (RULES.md §1): points that fail to rectify are suspended.
SUSPENSION_BASIS = "《临沂市家庭托育点建设试点方案》：对不符合要求的指导督促整改，整改不到位的责令停业整改"
OVERDUE, FAILED_VERIFICATION = "逾期未整改", "整改验收未通过"


@dataclass(frozen=True)
class Transition:
	state: str
	action: str
	next_state: str
	roles: tuple[str, ...]


RECTIFICATION_TRANSITIONS = (
	Transition(R_OPEN, R_SUBMIT, R_AWAITING, (OPERATOR,)),
	Transition(R_AWAITING, R_SEND_BACK, R_OPEN, SUPERVISORS),
	Transition(R_AWAITING, R_PASS, R_PASSED, SUPERVISORS),
	Transition(R_AWAITING, R_FAIL, R_FAILED, SUPERVISORS),
)

ENFORCEMENT_TRANSITIONS = (
	Transition(E_DRAFT, E_PROPOSE, E_PROPOSED, SUPERVISORS),  # 停业整改, 撤销备案, 恢复
	Transition(E_DRAFT, E_ISSUE, E_EFFECTIVE, SUPERVISORS),  # 指导督促, 责令限期整改
	Transition(E_PROPOSED, E_APPROVE, E_EFFECTIVE, (CITY,)),
	Transition(E_PROPOSED, E_REJECT, E_REJECTED, (CITY,)),
)


def find_transition(transitions, state: str, next_state: str) -> Transition | None:
	return next((t for t in transitions if t.state == state and t.next_state == next_state), None)


# --- rectification rules -------------------------------------------------------------------------


def evidence_problems(evidence_text: str | None, files: list[str]) -> list[Problem]:
	"""What the operator must give before the rectification goes to verification."""
	problems = []
	if not (evidence_text or "").strip():
		problems.append((_("Describe how each item was rectified"), {}))
	if not [f for f in files if f]:
		problems.append((_("Attach at least one evidence file (photos or scans of the rectification)"), {}))
	return problems


def verdict_problems(next_state: str, reason: str | None) -> list[Problem]:
	"""A failed verification and a return for more evidence must say why."""
	if next_state in (R_FAILED, R_OPEN) and not (reason or "").strip():
		return [(_("Give the reason for the verification result"), {})]
	return []


def escalation_reason(state: str, deadline: date | None, today: date, already_proposed: bool) -> str | None:
	"""Why a rectification escalates to a proposed suspension, or None: overdue while the operator
	has still not handed in evidence, or failed verification. Never twice for one rectification."""
	if already_proposed:
		return None
	if state == R_FAILED:
		return FAILED_VERIFICATION
	if state == R_OPEN and deadline and today > deadline:
		return OVERDUE
	return None


def rectification_problems(point_status: str) -> list[Problem]:
	if point_status in (REVOKED, CANCELLED):
		return [
			(_("A point whose status is {status} cannot be ordered to rectify"), {"status": point_status})
		]
	return []


# --- the enforcement ladder ---------------------------------------------------------------------


def ladder_problems(action_type: str, point_status: str, verified_since_suspension: bool) -> list[Problem]:
	"""Whether the point's current status allows this action.

	- 停业整改 only for a filed point; 撤销备案 for a filed or suspended point;
	- 恢复 only for a suspended point, and only after a rectification of it was verified (验收通过) on
	or after the day it was suspended;
	- guidance and orders to rectify for any point still operating or being set up."""
	params = {"action": action_type, "status": point_status}
	if action_type not in ACTION_TYPES:
		return [(_("Unknown enforcement action {action}"), params)]
	if action_type == SUSPEND and point_status != FILED:
		return [(_("Only a filed point can be suspended; this point is {status}"), params)]
	if action_type == REVOKE and point_status not in (FILED, SUSPENDED):
		return [
			(_("Only a filed or suspended point can have its filing revoked; this point is {status}"), params)
		]
	if action_type == RESTORE:
		if point_status != SUSPENDED:
			return [(_("Only a suspended point can be restored; this point is {status}"), params)]
		if not verified_since_suspension:
			return [
				(
					_(
						"A point is restored only after a rectification of it has passed verification since its suspension; link that rectification"
					),
					params,
				)
			]
	if action_type in (GUIDANCE, ORDER) and point_status in (REVOKED, CANCELLED):
		return [(_("{action} cannot be issued to a point whose status is {status}"), params)]
	return []


def verified_since(verified_on: date | None, suspended_on: date | None) -> bool:
	"""A verification counts for a restore when it came on or after the suspension."""
	return bool(verified_on) and (suspended_on is None or verified_on >= suspended_on)


def effect_problems(action_type: str, decision_no: str | None, reason: str | None, legal_basis: str | None):
	"""What an action must carry before it takes effect (the decision document's number included)."""
	problems = []
	if not (reason or "").strip():
		problems.append((_("Give the reason for the action"), {}))
	if not (legal_basis or "").strip():
		problems.append((_("Give the legal basis (the clause) of the action"), {}))
	if not (decision_no or "").strip():
		problems.append(
			(_("Enter the decision document number (决定书文号) before the action takes effect"), {})
		)
	return problems


def proposal_problems(action_type: str, reason: str | None, legal_basis: str | None) -> list[Problem]:
	problems = []
	if action_type not in NEEDS_CITY_APPROVAL:
		problems.append(
			(
				_("{action} takes effect when the reviewer issues it; it is not sent for approval"),
				{"action": action_type},
			)
		)
	if not (reason or "").strip():
		problems.append((_("Give the reason for the action"), {}))
	if not (legal_basis or "").strip():
		problems.append((_("Give the legal basis (the clause) of the action"), {}))
	return problems


def issue_problems(action_type: str) -> list[Problem]:
	if action_type in NEEDS_CITY_APPROVAL:
		return [
			(
				_("{action} needs the approval of a city administrator; send it for approval"),
				{"action": action_type},
			)
		]
	return []


# --- filing blocks -------------------------------------------------------------------------------


def refiling_allowed_from(revoked_on: date, wait_months: int) -> date:
	"""The first day a point whose filing was revoked may file again."""
	return revoked_on + relativedelta(months=max(0, wait_months or 0))
