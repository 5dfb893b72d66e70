"""Association membership (行业协会会员) as plain rules: the states of a point's membership record, who
moves it from which state to which, and what each decision must state. No database: the controller
passes values in and turns the problems into errors."""

from dataclasses import dataclass
from datetime import date

from tuoyu_frappe.validation import _

OPERATOR, REVIEWER, CITY, ASSOCIATION = (
	"Tuoyu Operator",
	"Tuoyu District Reviewer",
	"Tuoyu City Admin",
	"Tuoyu Association",
)
DECIDERS = frozenset({ASSOCIATION, CITY})  # the association decides; city admins may correct

# A problem is an English message template and its parameters; the caller translates it.
Problem = tuple[str, dict]

APPLIED, MEMBER, REJECTED, ENDED = "待审批", "会员", "已驳回", "已退出"
STATUSES = (APPLIED, MEMBER, REJECTED, ENDED)
OPEN_STATUSES = frozenset({APPLIED, MEMBER})  # at most one per point
END_STATUSES = frozenset({REJECTED, ENDED})  # nothing changes afterwards; a point applies anew


@dataclass(frozen=True)
class Decision:
	member_no: str | None = None
	member_since: date | None = None
	decision_reason: str | None = None
	ended_on: date | None = None
	end_reason: str | None = None


TRANSITIONS = {(APPLIED, MEMBER), (APPLIED, REJECTED), (MEMBER, ENDED)}


def _blank(value) -> bool:
	return not (str(value).strip() if value is not None else "")


def transition_problems(
	old: str | None, new: str, roles: set[str], decision: Decision, today: date
) -> list[Problem]:
	"""Whether a save may move a membership from `old` (None: a new record) to `new`."""
	if old is None:
		return [] if new == APPLIED else [(_("A membership starts as an application (待审批)"), {})]
	if old == new:
		return []
	if (old, new) not in TRANSITIONS:
		return [(_("A membership cannot go from {old} to {new}"), {"old": old, "new": new})]
	if not roles & DECIDERS:
		return [(_("Only the association decides on memberships"), {})]
	problems: list[Problem] = []
	if new == MEMBER:
		if _blank(decision.member_no):
			problems.append((_("Give the member number"), {}))
		if not decision.member_since:
			problems.append((_("Give the date the membership starts"), {}))
		elif decision.member_since > today:
			problems.append((_("A membership cannot start in the future"), {}))
	elif new == REJECTED:
		if _blank(decision.decision_reason):
			problems.append((_("Give the reason for rejecting the application"), {}))
	elif new == ENDED:
		if not decision.ended_on:
			problems.append((_("Give the date the membership ends"), {}))
		elif decision.member_since and decision.ended_on < decision.member_since:
			problems.append((_("A membership cannot end before it started"), {}))
		elif decision.ended_on > today:
			problems.append((_("A membership cannot end in the future"), {}))
		if _blank(decision.end_reason):
			problems.append((_("Give the reason the membership ends"), {}))
	return problems


def edit_problems(status: str, roles: set[str], changed: set[str]) -> list[Problem]:
	"""Which saves are allowed without a change of state: the applicant edits the application while
	it waits; the association corrects a member's number or start date; a decided record is final."""
	if not changed:
		return []
	if status in END_STATUSES:
		return [(_("A decided membership record can no longer be changed"), {})]
	if roles & DECIDERS:
		allowed = (
			{"application_note", "member_no", "member_since"} if status == MEMBER else {"application_note"}
		)
	else:
		allowed = {"application_note"} if status == APPLIED else set()
	if changed - allowed:
		return [
			(
				_("These fields cannot be changed now: {fields}"),
				{"fields": ", ".join(sorted(changed - allowed))},
			)
		]
	return []


def point_fields(status: str, decision: Decision) -> dict:
	"""What the point's own membership fields say after a record reaches `status`."""
	if status == MEMBER:
		return {
			"association_member": 1,
			"association_member_no": (decision.member_no or "").strip(),
			"association_member_since": decision.member_since,
		}
	return {"association_member": 0, "association_member_no": None, "association_member_since": None}
