"""Compliance of a point against its rule set, as plain typed functions.

`evaluate(point, staff, rules, today)` takes values only and returns findings; the
controllers build these values from documents (see `from_docs`). Messages are English
source strings with named placeholders, translated when shown.
"""

import math
from dataclasses import asdict, dataclass, field
from datetime import date

from tuoyu_frappe.validation import _

BLOCKING = "blocking"  # 不合规: stops a filing
WARNING = "warning"  # 提示: shown, does not stop a filing

PREMISES_FLAGS = {
	"村居": "allow_village",
	"社区用房": "allow_community_room",
	"居民住宅": "allow_residence",
	"沿街房": "allow_street_front",
}

CAREGIVER_POSTS = ("保育人员",)


@dataclass(frozen=True)
class RuleSetValues:
	name: str
	legal_source: str
	max_capacity: int
	children_per_caregiver: int
	min_floor_area_per_child: float = 0
	allowed_premises: frozenset[str] = frozenset()
	min_lease_years: int = 0
	full_day_required: bool = False
	cctv_retention_days: int = 0
	health_cert_validity_months: int = 12
	background_check_interval_months: int = 12
	clauses: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PointValues:
	capacity: int
	enrolment: int
	floor_area: float
	premises_type: str
	tenure: str  # 自有 / 租赁
	lease_end: date | None
	full_day: bool
	cctv_retention_days: int


@dataclass(frozen=True)
class StaffValues:
	name: str
	post: str
	health_cert_expiry: date | None
	last_background_check: date | None


@dataclass(frozen=True)
class Finding:
	rule: str
	severity: str
	message: str
	params: dict
	legal_source: str
	clause: str

	def as_dict(self) -> dict:
		return asdict(self)


def add_months(day: date, months: int) -> date:
	month_index = day.month - 1 + months
	year, month = day.year + month_index // 12, month_index % 12 + 1
	for candidate_day in (day.day, 30, 29, 28):
		try:
			return date(year, month, candidate_day)
		except ValueError:
			continue
	raise AssertionError("unreachable")


def years_between(start: date, end: date) -> float:
	return (end - start).days / 365.25


def evaluate(
	point: PointValues, staff: list[StaffValues], rules: RuleSetValues, today: date
) -> list[Finding]:
	findings: list[Finding] = []

	def add(rule: str, severity: str, message: str, clause_key: str | None = None, **params):
		clause = rules.clauses.get(clause_key or rule, "")
		findings.append(Finding(rule, severity, message, params, rules.legal_source, clause))

	if rules.max_capacity and point.capacity > rules.max_capacity:
		add(
			"max_capacity",
			BLOCKING,
			_("Filed capacity {capacity} exceeds the cap of {cap} children"),
			capacity=point.capacity,
			cap=rules.max_capacity,
		)
	if rules.max_capacity and point.enrolment > rules.max_capacity:
		add(
			"max_capacity",
			BLOCKING,
			_("Current enrolment {enrolment} exceeds the cap of {cap} children"),
			enrolment=point.enrolment,
			cap=rules.max_capacity,
		)

	caregivers = [s for s in staff if s.post in CAREGIVER_POSTS]
	if rules.children_per_caregiver and point.enrolment:
		needed = math.ceil(point.enrolment / rules.children_per_caregiver)
		if len(caregivers) < needed:
			add(
				"children_per_caregiver",
				BLOCKING,
				_("{enrolment} children need at least {needed} caregivers (1:{ratio}); {have} are employed"),
				enrolment=point.enrolment,
				needed=needed,
				ratio=rules.children_per_caregiver,
				have=len(caregivers),
			)

	children = max(point.capacity, point.enrolment)
	if rules.min_floor_area_per_child and children and point.floor_area:
		per_child = point.floor_area / children
		if per_child < rules.min_floor_area_per_child:
			add(
				"min_floor_area_per_child",
				WARNING,
				_("Floor area per child is {per_child} m², below the recommended {minimum} m²"),
				per_child=round(per_child, 1),
				minimum=rules.min_floor_area_per_child,
			)

	if rules.allowed_premises and point.premises_type not in rules.allowed_premises:
		add(
			"premises",
			BLOCKING,
			_("Premises type {premises_type} is not allowed under this rule set"),
			premises_type=point.premises_type,
		)

	if rules.min_lease_years and point.tenure == "租赁":
		if not point.lease_end or years_between(today, point.lease_end) < rules.min_lease_years:
			add(
				"min_lease_years",
				BLOCKING,
				_("The lease must run at least {years} more years (lease end: {lease_end})"),
				years=rules.min_lease_years,
				lease_end=str(point.lease_end or "—"),
			)

	if rules.full_day_required and not point.full_day:
		add("full_day_required", BLOCKING, _("Full-day care is required under this rule set"))

	if rules.cctv_retention_days and (point.cctv_retention_days or 0) < rules.cctv_retention_days:
		add(
			"cctv_retention_days",
			BLOCKING,
			_("CCTV recordings are kept {days} days; at least {minimum} days are required"),
			days=point.cctv_retention_days or 0,
			minimum=rules.cctv_retention_days,
		)

	for person in staff:
		if not person.health_cert_expiry or person.health_cert_expiry < today:
			add(
				"health_cert_validity_months",
				BLOCKING,
				_("{staff}: health certificate missing or expired"),
				staff=person.name,
			)
		if rules.background_check_interval_months:
			due = (
				add_months(person.last_background_check, rules.background_check_interval_months)
				if person.last_background_check
				else None
			)
			if not due or due < today:
				add(
					"background_check_interval_months",
					BLOCKING,
					_("{staff}: background check missing or overdue (every {months} months)"),
					staff=person.name,
					months=rules.background_check_interval_months,
				)

	return findings
