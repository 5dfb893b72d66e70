"""Inspections: the workflow's states and actions (Chinese names, as users see them), who may
record which type of inspection, what completion needs, and how results become a score, findings
and a conclusion. Plain functions of values: no database, testable without a site."""

from dataclasses import dataclass, field

from tuoyu_frappe.validation import _

# --- types, states, actions ---------------------------------------------------------------------

SELF, ASSOCIATION, PATROL, COMPLAINT, RANDOM = (
	"举办者自查",
	"行业协会监督",
	"部门定期巡查",
	"投诉核查",
	"双随机抽查",
)
TYPES = (SELF, ASSOCIATION, PATROL, COMPLAINT, RANDOM)
DEPARTMENTAL_TYPES = (PATROL, COMPLAINT, RANDOM)  # recorded by the health department
TWO_INSPECTOR_TYPES = (PATROL, RANDOM)  # on-site law enforcement: at least two certified inspectors
MIN_INSPECTORS = 2

PLANNED, IN_PROGRESS, COMPLETED = "计划", "检查中", "已完成"
START, COMPLETE = "开始检查", "完成检查"
WORKFLOW_NAME = "Tuoyu Inspection Workflow"
STATE_DOCSTATUS = {PLANNED: 0, IN_PROGRESS: 0, COMPLETED: 1}
NEXT_STATE = {(PLANNED, IN_PROGRESS): START, (IN_PROGRESS, COMPLETED): COMPLETE}

MET, NOT_MET, NOT_APPLICABLE = "符合", "不符合", "不适用"
RESULTS = (MET, NOT_MET, NOT_APPLICABLE)
MINOR, SERIOUS, VETO = "一般", "严重", "否决"
SEVERITIES = (MINOR, SERIOUS, VETO)
PASS, RECTIFY, SUSPEND = "合格", "限期整改", "停业整改"
CONCLUSIONS = (PASS, RECTIFY, SUSPEND)  # in order of severity

# Below this share of the applicable points, a failed veto item proposes 停业整改 on its own.
SUSPENSION_SCORE_RATIO = 0.6

OPERATOR_ROLE = "Tuoyu Operator"
REVIEWER_ROLE = "Tuoyu District Reviewer"
CITY_ADMIN_ROLE = "Tuoyu City Admin"
ASSOCIATION_ROLE = "Tuoyu Association"

# A problem is an English message template and its parameters; the caller translates it.
Problem = tuple[str, dict]


# --- who may record what --------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
	"""The user recording an inspection, as seen from one point."""

	roles: frozenset[str]
	operates_point: bool = False  # listed among the point's operators
	reviews_area: bool = False  # a reviewer assigned to the point's area
	point_is_member: bool = False  # the point is a member of the association


def recorder_problems(inspection_type: str, actor: Actor) -> list[Problem]:
	"""Why this user may not record (create, start, complete or edit) an inspection of this type
	of this point; empty when they may. A city admin records any type; nobody but the operator
	inspects a point they operate, and an operator records only their own self-inspections."""
	if inspection_type not in TYPES:
		return [(_("Unknown inspection type {type}"), {"type": inspection_type})]
	if inspection_type == SELF:
		if OPERATOR_ROLE in actor.roles and actor.operates_point:
			return []
		return [(_("A self-inspection is recorded only by an operator of the point"), {})]
	if actor.operates_point:
		return [(_("Nobody may inspect a point they operate"), {})]
	if CITY_ADMIN_ROLE in actor.roles:
		return []
	if inspection_type == ASSOCIATION:
		if ASSOCIATION_ROLE in actor.roles and actor.point_is_member:
			return []
		return [(_("An association inspection is recorded only by the association, of a member point"), {})]
	if REVIEWER_ROLE in actor.roles and actor.reviews_area:
		return []
	return [
		(
			_("A {type} is recorded only by a reviewer of the point's area or a city administrator"),
			{"type": inspection_type},
		)
	]


@dataclass(frozen=True)
class InspectorRow:
	inspector: str
	enabled: bool
	certificate_no: str
	user: str = ""


def inspector_problems(
	inspection_type: str,
	inspectors: list[InspectorRow],
	point_operators: frozenset[str] = frozenset(),
	require_count: bool = True,
) -> list[Problem]:
	"""No inspector may be listed twice or be an operator of the point. Patrols and random
	inspections need at least two distinct, enabled inspectors with certificate numbers, checked
	when they start and when they complete (`require_count`): a planned one may have none yet."""
	problems: list[Problem] = []
	names = [row.inspector for row in inspectors]
	if len(set(names)) != len(names):
		problems.append((_("An inspector is listed twice"), {}))
	for row in inspectors:
		if row.user and row.user in point_operators:
			problems.append((_("Inspector {inspector} operates this point"), {"inspector": row.inspector}))
	if require_count and inspection_type in TWO_INSPECTOR_TYPES:
		qualified = {
			row.inspector for row in inspectors if row.enabled and (row.certificate_no or "").strip()
		}
		if len(qualified) < MIN_INSPECTORS:
			problems.append(
				(
					_(
						"A {type} needs at least {count} enabled law-enforcement inspectors with certificate numbers"
					),
					{"type": inspection_type, "count": MIN_INSPECTORS},
				)
			)
	return problems


# --- results, score, findings, conclusion ---------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
	item_code: str
	item_text: str
	legal_source: str
	clause: str
	severity: str
	photo_required: bool
	points: int
	result: str = ""
	note: str = ""
	photo: str = ""


def completion_problems(rows: list[ResultRow]) -> list[Problem]:
	"""What is missing before an inspection can be completed: every item answered, a photo where
	the item requires one (unless not applicable), a note on every failed item."""
	problems: list[Problem] = []
	if not rows:
		problems.append((_("The inspection has no checklist items"), {}))
	for row in rows:
		if row.result not in RESULTS:
			problems.append((_("Item {code} has no result"), {"code": row.item_code}))
			continue
		if row.photo_required and row.result != NOT_APPLICABLE and not row.photo:
			problems.append((_("Item {code} needs a photo"), {"code": row.item_code}))
		if row.result == NOT_MET and not (row.note or "").strip():
			problems.append(
				(_("Item {code} is not met: describe the problem in the note"), {"code": row.item_code})
			)
	return problems


@dataclass(frozen=True)
class Finding:
	"""A failed item, citing the clause it checks."""

	item_code: str
	item_text: str
	severity: str
	legal_source: str
	clause: str
	note: str


@dataclass(frozen=True)
class Outcome:
	score: int
	max_score: int
	failed_count: int
	veto_failed: bool
	findings: list[Finding] = field(default_factory=list)
	conclusion: str = PASS


def minimum_conclusion(score: int, max_score: int, failed_count: int, veto_failed: bool) -> str:
	"""The least conclusion the results allow: any failure needs rectification; a failed veto
	item with less than SUSPENSION_SCORE_RATIO of the points proposes suspension."""
	if veto_failed and max_score and score < SUSPENSION_SCORE_RATIO * max_score:
		return SUSPEND
	if failed_count or veto_failed:
		return RECTIFY
	return PASS


def stricter(a: str, b: str) -> str:
	return max(a, b, key=CONCLUSIONS.index)


def outcome(rows: list[ResultRow], propose_suspension: bool = False) -> Outcome:
	"""Score (points of the items met), maximum (points of the applicable items), findings and the
	conclusion. The inspector may propose 停业整改 for a failed inspection, never a milder
	conclusion than the results give."""
	applicable = [r for r in rows if r.result in (MET, NOT_MET)]
	failed = [r for r in rows if r.result == NOT_MET]
	score = sum(max(int(r.points or 0), 0) for r in applicable if r.result == MET)
	max_score = sum(max(int(r.points or 0), 0) for r in applicable)
	veto_failed = any(r.severity == VETO for r in failed)
	order = {s: i for i, s in enumerate(reversed(SEVERITIES))}  # veto first
	findings = [
		Finding(r.item_code, r.item_text, r.severity, r.legal_source, r.clause, (r.note or "").strip())
		for r in sorted(failed, key=lambda r: order.get(r.severity, len(order)))
	]
	conclusion = minimum_conclusion(score, max_score, len(failed), veto_failed)
	if propose_suspension and failed:
		conclusion = stricter(conclusion, SUSPEND)
	return Outcome(score, max_score, len(failed), veto_failed, findings, conclusion)


def suspension_proposal_problems(propose_suspension: bool, reason: str, failed_count: int) -> list[Problem]:
	if not propose_suspension:
		return []
	if not failed_count:
		return [(_("Suspension can be proposed only when an item is not met"), {})]
	if not (reason or "").strip():
		return [(_("Give the reason for proposing suspension"), {})]
	return []


# --- checklist templates ------------------------------------------------------------------------

ITEM_FIELDS = (
	"item_code",
	"section",
	"item_text",
	"legal_source",
	"clause",
	"severity",
	"photo_required",
	"points",
)


def items_signature(items: list[dict]) -> tuple:
	"""What a template version is made of: its items, in order. A change of any of these raises the
	version; an inspection copies the items of the version it used."""
	return tuple(tuple(_normal(item.get(f)) for f in ITEM_FIELDS) for item in items)


def _normal(value):
	if value is None:
		return ""
	if isinstance(value, bool):
		return int(value)
	if isinstance(value, float) and value.is_integer():
		return int(value)
	return value.strip() if isinstance(value, str) else value


def parse_inspection_types(text: str) -> list[str]:
	"""The inspection types a template serves, one a line (commas and 、 also separate)."""
	raw = (text or "").replace("，", "\n").replace(",", "\n").replace("、", "\n")
	seen: list[str] = []
	for part in raw.splitlines():
		part = part.strip()
		if part and part not in seen:
			seen.append(part)
	return seen


def template_problems(inspection_types: list[str], items: list[dict]) -> list[Problem]:
	problems: list[Problem] = []
	if not inspection_types:
		problems.append((_("Name at least one inspection type the template serves"), {}))
	for t in inspection_types:
		if t not in TYPES:
			problems.append((_("Unknown inspection type {type}"), {"type": t}))
	codes = [(item.get("item_code") or "").strip() for item in items]
	if not items:
		problems.append((_("A checklist template needs at least one item"), {}))
	for code in sorted({c for c in codes if codes.count(c) > 1}):
		problems.append((_("Item code {code} is used twice"), {"code": code}))
	for item in items:
		if item.get("severity") not in SEVERITIES:
			problems.append((_("Item {code} has no valid severity"), {"code": item.get("item_code")}))
		if not (item.get("legal_source") or "").strip() or not (item.get("clause") or "").strip():
			problems.append(
				(_("Item {code} must cite its legal source and clause"), {"code": item.get("item_code")})
			)
	return problems


# --- self-inspection reminders ---------------------------------------------------------------------


def months_between(earlier, later) -> int:
	"""Whole months from `earlier` to `later` (dates); a month is complete on the same day-of-month."""
	months = (later.year - earlier.year) * 12 + later.month - earlier.month
	if later.day < earlier.day:
		months -= 1
	return months


def self_inspection_due(last_self_inspection, today, interval_months: int) -> bool:
	"""A filed point owes a self-inspection when it never had one or the last is an interval old."""
	if interval_months <= 0:
		return False
	return last_self_inspection is None or months_between(last_self_inspection, today) >= interval_months


def reminder_allowed(last_reminded, today, interval_months: int) -> bool:
	"""At most one reminder per interval."""
	return last_reminded is None or months_between(last_reminded, today) >= max(interval_months, 1)
