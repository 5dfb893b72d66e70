"""Training (培训) as plain rules: who may organise a session, whose staff may attend it, who confirms
attendance, and what a person's confirmed attendance adds up to against the national rule's
required topics. No database: callers pass values in."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from tuoyu_frappe.validation import _

OPERATOR, REVIEWER, CITY, ASSOCIATION = (
	"Tuoyu Operator",
	"Tuoyu District Reviewer",
	"Tuoyu City Admin",
	"Tuoyu Association",
)
Problem = tuple[str, dict]

BY_ASSOCIATION, BY_BUREAU = "行业协会", "区县卫健局"
ORGANISERS = (BY_ASSOCIATION, BY_BUREAU)

# 托育机构设置标准(试行) via RULES.md §2.1: caregivers are trained in care, mental health, food safety,
# first aid and fire safety.
REQUIRED_TOPICS = ("保育", "心理健康", "食品安全", "急救", "消防")
OTHER_TOPIC = "其他"
TOPICS = (*REQUIRED_TOPICS, OTHER_TOPIC)
MAX_SESSION_HOURS = 24.0

SCHEDULED, CANCELLED = "已安排", "已取消"
SESSION_STATUSES = (SCHEDULED, CANCELLED)


@dataclass(frozen=True)
class Organiser:
	kind: str | None
	area: str | None


def organiser_problems(organiser: Organiser, roles: set[str], reviewer_areas: Iterable[str]) -> list[Problem]:
	"""Whether a user may organise (create or change) a session of this organiser: the association
	its own, a district's reviewer their district bureau's, a city admin any."""
	problems: list[Problem] = []
	if organiser.kind not in ORGANISERS:
		return [(_("Choose the organiser"), {})]
	if organiser.kind == BY_BUREAU and not organiser.area:
		problems.append((_("Give the district whose health bureau organises the session"), {}))
	if organiser.kind == BY_ASSOCIATION and organiser.area:
		problems.append((_("A session of the association has no district"), {}))
	if CITY in roles:
		return problems
	if organiser.kind == BY_ASSOCIATION and ASSOCIATION in roles:
		return problems
	if organiser.kind == BY_BUREAU and REVIEWER in roles and organiser.area in set(reviewer_areas):
		return problems
	return [*problems, (_("Only the organiser may record or change this training session"), {})]


def session_problems(hours: float | None, topic: str | None, topic_detail: str | None) -> list[Problem]:
	problems: list[Problem] = []
	if not hours or hours <= 0 or hours > MAX_SESSION_HOURS:
		problems.append(
			(_("Training hours must be more than 0 and at most {max}"), {"max": MAX_SESSION_HOURS})
		)
	if topic not in TOPICS:
		problems.append((_("Choose the topic"), {}))
	elif topic == OTHER_TOPIC and not (topic_detail or "").strip():
		problems.append((_("Describe the topic"), {}))
	return problems


def enrolment_problems(
	organiser: Organiser, session_status: str, staff_area: str | None, point_is_member: bool, employed: bool
) -> list[Problem]:
	"""Whether a person may be put on a session's attendance: the association trains the staff of its
	member points, a district bureau the staff of its district."""
	problems: list[Problem] = []
	if session_status == CANCELLED:
		problems.append((_("The training session has been cancelled"), {}))
	if not employed:
		problems.append((_("Only staff currently employed can attend training"), {}))
	if organiser.kind == BY_ASSOCIATION and not point_is_member:
		problems.append((_("The association's training is for the staff of its member points"), {}))
	if organiser.kind == BY_BUREAU and staff_area != organiser.area:
		problems.append((_("A district's training is for the staff of points in that district"), {}))
	return problems


def confirmation_problems(
	organiser: Organiser,
	roles: set[str],
	reviewer_areas: Iterable[str],
	training_date: date | None,
	today: date,
) -> list[Problem]:
	"""Attendance counts once the organiser confirms it, on or after the day of the session."""
	if organiser_problems(organiser, roles, reviewer_areas):
		return [(_("Only the organiser of the session confirms attendance"), {})]
	if training_date and training_date > today:
		return [(_("Attendance can be confirmed only on or after the day of the session"), {})]
	return []


@dataclass(frozen=True)
class TrainingSummary:
	hours: float
	met: tuple[str, ...]
	missing: tuple[str, ...]


def training_summary(attended: Iterable[tuple[str | None, float | None]]) -> TrainingSummary:
	"""Confirmed attendances (topic, hours) of one person: total hours and the required topics met
	or still missing, in the rule's order."""
	hours, topics = 0.0, set()
	for topic, session_hours in attended:
		hours += float(session_hours or 0)
		topics.add(topic)
	met = tuple(t for t in REQUIRED_TOPICS if t in topics)
	missing = tuple(t for t in REQUIRED_TOPICS if t not in topics)
	return TrainingSummary(round(hours, 2), met, missing)
