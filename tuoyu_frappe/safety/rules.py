"""Incidents (重大事件) and the lifetime ban register (终身禁入) as plain rules: categories, states,
who moves an incident, what concluding one proposes, how a ban record's status may change, and
which saves of a staff record are hires. No database: controllers pass values in.

The founding plan (RULES.md §1) has zero tolerance for harming or abusing infants, serious
safety-management accidents and food-safety accidents: those responsible and the directly
responsible managers are banned for life."""

from dataclasses import dataclass

from stdnum.exceptions import ValidationError as StdnumError

from tuoyu_frappe.supervision.enforcement_rules import REVOKE, SUSPEND, Transition
from tuoyu_frappe.validation import _, _validate_ric, normalize_code

OPERATOR, REVIEWER, CITY = "Tuoyu Operator", "Tuoyu District Reviewer", "Tuoyu City Admin"
SUPERVISORS = (REVIEWER, CITY)

# --- incidents ---------------------------------------------------------------------------------
INCIDENT_WORKFLOW = "Tuoyu Incident Workflow"
HARM, ABUSE, SAFETY, FOOD, INFECTIOUS = "婴幼儿伤害", "虐待侵害", "严重安全管理事故", "食品安全事故", "传染病"
CATEGORIES = (HARM, ABUSE, SAFETY, FOOD, INFECTIOUS)
ZERO_TOLERANCE = frozenset({HARM, ABUSE, SAFETY, FOOD})
SEVERITIES = ("一般", "较大", "重大", "特别重大")

I_REPORTED, I_INVESTIGATING, I_CLOSED = "报告", "调查中", "已结案"
I_START, I_CONCLUDE = "开始调查", "结案"
I_STATE_DOCSTATUS = {I_REPORTED: 0, I_INVESTIGATING: 0, I_CLOSED: 1}
INCIDENT_TRANSITIONS = (
	Transition(I_REPORTED, I_START, I_INVESTIGATING, SUPERVISORS),
	Transition(I_INVESTIGATING, I_CONCLUDE, I_CLOSED, SUPERVISORS),
)

RESPONSIBLE, MANAGER = "责任人", "直接负责的主管人员"
ACTION_FIELDS = {  # Check field → the action it records
	"action_suspend": "停业整改",
	"action_revoke": "撤销备案",
	"action_ban": "终身禁入",
	"action_judicial": "移送司法机关",
}

# The founding plan's zero-tolerance clause, cited by the proposals.
ZERO_TOLERANCE_BASIS = (
	"《临沂市家庭托育点建设试点方案》：对伤害、虐待婴幼儿和发生严重安全管理事故、食品安全事故的，"
	"依法依规处理当事人和直接负责的主管人员，终身禁止从事托育服务"
)

Problem = tuple[str, dict]


def is_zero_tolerance(category: str | None) -> bool:
	return category in ZERO_TOLERANCE


def report_problems(category, severity, description, children_affected) -> list[Problem]:
	problems = []
	if category not in CATEGORIES:
		problems.append((_("Choose the category of the incident"), {}))
	if severity not in SEVERITIES:
		problems.append((_("Choose the severity of the incident"), {}))
	if not (description or "").strip():
		problems.append((_("Describe what happened"), {}))
	if children_affected is not None and children_affected < 0:
		problems.append((_("The number of children affected cannot be negative"), {}))
	return problems


def conclusion_problems(findings: str | None, persons: int, action_ban: bool) -> list[Problem]:
	"""What concluding needs: the findings, and for a ban the persons it bans."""
	problems = []
	if not (findings or "").strip():
		problems.append((_("Give the findings of the investigation"), {}))
	if action_ban and not persons:
		problems.append((_("A lifetime ban needs at least one responsible person"), {}))
	return problems


@dataclass(frozen=True)
class Proposals:
	bans: bool  # ban entries for every responsible person and manager
	enforcement: str | None  # the enforcement action type proposed against the point


def conclusion_proposals(category: str, actions: dict[str, bool], persons: int) -> Proposals:
	"""A zero-tolerance incident bans its responsible persons and suspends the point (or revokes its
	filing, when the investigation decided so); another incident proposes what its actions say."""
	zero = is_zero_tolerance(category)
	if actions.get("action_revoke"):
		enforcement = REVOKE
	elif actions.get("action_suspend") or zero:
		enforcement = SUSPEND
	else:
		enforcement = None
	return Proposals(
		bans=bool(persons) and (zero or bool(actions.get("action_ban"))), enforcement=enforcement
	)


# --- the ban register --------------------------------------------------------------------------
B_PROPOSED, B_EFFECTIVE, B_REVOKED = "待确认", "有效", "撤销"
BAN_STATUSES = (B_PROPOSED, B_EFFECTIVE, B_REVOKED)
BAN_MOVES = {
	(None, B_PROPOSED),
	(None, B_EFFECTIVE),
	(B_PROPOSED, B_EFFECTIVE),
	(B_PROPOSED, B_REVOKED),
	(B_EFFECTIVE, B_REVOKED),
	(B_REVOKED, B_EFFECTIVE),  # a new decision bans again
	(B_REVOKED, B_PROPOSED),  # a later incident proposes again
}


def normalise_id(value: str | None) -> str | None:
	"""The register's key: the ID number compacted (stdnum.cn.ric), upper-case; None when it is not
	a valid resident ID number."""
	number = normalize_code(value)
	if len(number) != 18:
		return None
	try:
		return _validate_ric(number).upper()
	except (StdnumError, KeyError):
		return None


def ban_status_problems(
	old: str | None, new: str, decision_no: str | None, decision_date, revoke_reason: str | None
) -> list[Problem]:
	problems = []
	if new not in BAN_STATUSES:
		return [(_("Unknown ban status {status}"), {"status": new})]
	if old != new and (old, new) not in BAN_MOVES:
		problems.append((_("A ban record cannot go from {old} to {new}"), {"old": old, "new": new}))
	if new == B_EFFECTIVE and not ((decision_no or "").strip() and decision_date):
		problems.append((_("A ban takes effect only with its decision document number and date"), {}))
	if new == B_REVOKED and old != new and not (revoke_reason or "").strip():
		problems.append((_("Give the reason for revoking the ban (for example the appeal decision)"), {}))
	return problems


# --- hires ---------------------------------------------------------------------------------------
NEW_HIRE, REEMPLOYED, MOVED, ID_CHANGED = "新增", "重新在职", "调往其他托育点", "更正身份证号"
ACTIVE = "在职"


def hire_event(
	is_new: bool,
	old_status: str | None,
	new_status: str | None,
	old_point: str | None,
	new_point: str | None,
	old_id: str | None,
	new_id: str | None,
) -> str | None:
	"""Which hire a save of a staff record is, or None: adding a person, employing them again,
	moving them to another point, or putting another ID number on an active record."""
	if is_new:
		return NEW_HIRE
	if new_status == ACTIVE and old_status != ACTIVE:
		return REEMPLOYED
	if new_point != old_point:
		return MOVED
	if new_id != old_id:
		return ID_CHANGED
	return None
