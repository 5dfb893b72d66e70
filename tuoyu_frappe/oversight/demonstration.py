"""Demonstration points (示范点, RULES.md §1: "create demonstration points — well-run, replicable
models") as plain rules: the workflow's states and actions (Chinese, as users see them), who moves
an application from which state to which, the rubric's arithmetic, the hard disqualifiers and how
long a designation lasts. No database: the controller and the daily job pass values in."""

from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from tuoyu_frappe.supervision.enforcement_rules import CITY, OPERATOR, REVIEWER, Problem, Transition
from tuoyu_frappe.validation import _

WORKFLOW = "Tuoyu Demonstration Workflow"
APPLICATION = "Tuoyu Demonstration Application"
RUBRIC = "Tuoyu Demonstration Rubric"

# --- states and actions --------------------------------------------------------------------------
DRAFT, REVIEW, AWAITING_CITY = "草稿", "待评审", "待认定"
DESIGNATED, NOT_RECOMMENDED, NOT_DESIGNATED = "已认定", "未推荐", "未认定"
EXPIRED, WITHDRAWN = "已到期", "已撤销"  # set only by the server (the daily job, a disqualifying event)
SUBMIT, RECOMMEND, RETURN, DECLINE = "提交申请", "推荐", "退回修改", "不予推荐"
DESIGNATE, REFUSE = "认定", "不予认定"

STATE_DOCSTATUS = {
	DRAFT: 0,
	REVIEW: 0,
	AWAITING_CITY: 0,
	DESIGNATED: 1,
	NOT_RECOMMENDED: 1,
	NOT_DESIGNATED: 1,
	EXPIRED: 1,
	WITHDRAWN: 1,
}
OPEN_STATES = (DRAFT, REVIEW, AWAITING_CITY)

TRANSITIONS = (
	Transition(DRAFT, SUBMIT, REVIEW, (OPERATOR, REVIEWER)),
	Transition(REVIEW, RECOMMEND, AWAITING_CITY, (REVIEWER,)),
	Transition(REVIEW, RETURN, DRAFT, (REVIEWER,)),
	Transition(REVIEW, DECLINE, NOT_RECOMMENDED, (REVIEWER,)),
	Transition(AWAITING_CITY, DESIGNATE, DESIGNATED, (CITY,)),
	Transition(AWAITING_CITY, REFUSE, NOT_DESIGNATED, (CITY,)),
)

ORIGIN_APPLIED, ORIGIN_NOMINATED = "举办者申请", "县区推荐"

# --- the designation -------------------------------------------------------------------------------
VALID_YEARS = 1
RENEWAL_WINDOW_DAYS = 90  # a designated point may apply again this close to the end
LOOKBACK_MONTHS = 12

FILED = "已备案"
SUBSTANTIATED = ("属实", "部分属实")
RESTORE = "恢复"  # an enforcement action that lifts a suspension disqualifies nothing by itself

# Disqualifier codes, in the order they are reported.
NOT_FILED, INCIDENT, COMPLAINT, ENFORCEMENT, RECTIFICATION, BANNED_STAFF = (
	"not_filed",
	"incident",
	"complaint",
	"enforcement",
	"rectification",
	"banned_staff",
)
DISQUALIFIER_ORDER = (NOT_FILED, INCIDENT, COMPLAINT, ENFORCEMENT, RECTIFICATION, BANNED_STAFF)
MESSAGES = {
	NOT_FILED: _("The point is not filed (its status is {status})"),
	INCIDENT: _("A safety incident was reported at the point in the last 12 months ({names})"),
	COMPLAINT: _("A complaint about the point was found substantiated in the last 12 months ({names})"),
	ENFORCEMENT: _("An enforcement action against the point took effect in the last 12 months ({names})"),
	RECTIFICATION: _("The point has a rectification notice not yet closed ({names})"),
	BANNED_STAFF: _("A staff member of the point is on the lifetime ban register ({names})"),
}


@dataclass(frozen=True)
class PointFacts:
	"""What the disqualifiers look at, gathered by the caller for one point and one day."""

	status: str | None
	incidents: tuple[str, ...] = ()  # reported in the look-back window
	complaints: tuple[str, ...] = ()  # concluded 属实/部分属实 in the window
	enforcement_actions: tuple[str, ...] = ()  # in effect, effective in the window
	open_rectifications: tuple[str, ...] = ()  # any age, not closed
	banned_staff: tuple[str, ...] = ()  # active staff whose ID number is on the register


def window_start(today: date) -> date:
	return today - relativedelta(months=LOOKBACK_MONTHS)


def in_window(when: date | datetime | None, today: date) -> bool:
	if when is None:
		return False
	day = when.date() if isinstance(when, datetime) else when
	return window_start(today) <= day <= today


def disqualifiers(facts: PointFacts) -> list[tuple[str, dict]]:
	"""(code, params) of every hard disqualifier that holds, in DISQUALIFIER_ORDER."""
	found = []
	if facts.status != FILED:
		found.append((NOT_FILED, {"status": facts.status or "—"}))
	for code, names in (
		(INCIDENT, facts.incidents),
		(COMPLAINT, facts.complaints),
		(ENFORCEMENT, facts.enforcement_actions),
		(RECTIFICATION, facts.open_rectifications),
		(BANNED_STAFF, facts.banned_staff),
	):
		if names:
			found.append((code, {"names": "、".join(names)}))
	return found


def problems(found: list[tuple[str, dict]], specific: bool, generic_ban: str) -> list[Problem]:
	"""The disqualifiers as problems to show. The supervising side (`specific`) reads every reason;
	the applicant reads the others, and for a banned staff member only the generic message given at
	hiring (`generic_ban`), with no name, so the register is no oracle."""
	out: list[Problem] = []
	for code, params in found:
		if code == BANNED_STAFF and not specific:
			out.append((generic_ban, {}))
		else:
			out.append((MESSAGES[code], params))
	return out


# --- the rubric ----------------------------------------------------------------------------------


def rubric_problems(items: list[tuple[str, float]], pass_mark: float) -> list[Problem]:
	"""A rubric (item codes and maximum points) a city administrator may save: items with codes and
	positive maxima, codes unique, a pass mark within the total."""
	found: list[Problem] = []
	if not items:
		return [(_("A rubric needs at least one item"), {})]
	codes = [code for code, _max in items]
	for idx, (code, max_points) in enumerate(items, start=1):
		if not (code or "").strip():
			found.append((_("Row {idx}: give the item a code"), {"idx": idx}))
		if not max_points or max_points <= 0:
			found.append((_("Row {idx}: the maximum points must be more than 0"), {"idx": idx}))
	if len(set(codes)) != len(codes):
		found.append((_("Item codes must be unique"), {}))
	total = sum(m or 0 for _c, m in items)
	if pass_mark is None or pass_mark <= 0 or pass_mark > total:
		found.append(
			(_("The pass mark must be more than 0 and at most the total of {total} points"), {"total": total})
		)
	return found


def total_score(scores: list[float | None]) -> float:
	return float(sum(s or 0 for s in scores))


def score_problems(rows: list[tuple[str, float, float | None]]) -> list[Problem]:
	"""Each row (item, max points, score) scores between 0 and its maximum."""
	found: list[Problem] = []
	for item, max_points, score in rows:
		if score is None:
			continue
		if score < 0 or score > (max_points or 0):
			found.append(
				(_("{item}: the score must be between 0 and {max}"), {"item": item, "max": max_points})
			)
	return found


def recommend_problems(total: float, pass_mark: float, review_note: str | None) -> list[Problem]:
	found: list[Problem] = []
	if total < (pass_mark or 0):
		found.append(
			(
				_("The total score {total} is below the pass mark {pass_mark}"),
				{"total": total, "pass_mark": pass_mark},
			)
		)
	if not (review_note or "").strip():
		found.append((_("Give the review opinion"), {}))
	return found


def reason_problems(reason: str | None) -> list[Problem]:
	if not (reason or "").strip():
		return [(_("Give the reason"), {})]
	return []


# --- the year of a designation ---------------------------------------------------------------------


def valid_until(designated_on: date) -> date:
	"""A designation lasts a year: designated on 2026-03-01, valid to 2027-02-28 inclusive."""
	return designated_on + relativedelta(years=VALID_YEARS) - relativedelta(days=1)


def is_current(valid_to: date | None, today: date) -> bool:
	return bool(valid_to) and today <= valid_to


def may_apply_again(current_until: date | None, today: date) -> bool:
	"""A point holding a designation applies again only in the last RENEWAL_WINDOW_DAYS of it."""
	if not is_current(current_until, today):
		return True
	return (current_until - today).days < RENEWAL_WINDOW_DAYS


def self_approval(user: str, applied_by: str | None, recommended_by: str | None, owner: str | None) -> bool:
	"""Nobody designates a point they applied for, nominated or recommended."""
	return user in {applied_by, recommended_by, owner} - {None, "", "Administrator"}


def daily_outcome(state: str, valid_to: date | None, today: date, found: list) -> str | None:
	"""What the daily job does to an application: EXPIRED past valid_until, WITHDRAWN when a
	disqualifier holds, else None. Only a designation in force is touched."""
	if state != DESIGNATED:
		return None
	if not is_current(valid_to, today):
		return EXPIRED
	if found:
		return WITHDRAWN
	return None
