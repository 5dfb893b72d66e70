"""Re-evaluation of points when a rule set changes (RULES.md §3), as plain typed functions: which
rule-set values points are assessed by, how findings become a stored compliance status, how the
points of a run are cut into chunks, and which finding a newly non-compliant point is listed with.
No database here; tuoyu_frappe/supervision/reevaluation.py runs them in background jobs."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tuoyu_frappe.compliance import BLOCKING, Finding

COMPLIANT, WITH_WARNINGS, NON_COMPLIANT = "合规", "有提示", "不合规"

# Rule-set fields that `compliance.evaluate` reads: a change of one raises the rule set's version
# and re-evaluates its points. Names, dates, clauses and legal sources are labels (cited, never
# compared); health_cert_validity_months only computes a new certificate's expiry when staff are
# saved, so a change re-evaluates nothing either.
ASSESSED_FIELDS = (
	"max_capacity",
	"children_per_caregiver",
	"min_floor_area_per_child",
	"allow_village",
	"allow_community_room",
	"allow_residence",
	"allow_street_front",
	"min_lease_years",
	"full_day_required",
	"cctv_retention_days",
	"background_check_interval_months",
)
# The finding rule a changed field produces (the premises flags share one rule).
FIELD_RULE = {field: field for field in ASSESSED_FIELDS} | {
	"allow_village": "premises",
	"allow_community_room": "premises",
	"allow_residence": "premises",
	"allow_street_front": "premises",
}


@dataclass(frozen=True)
class Classification:
	status: str
	blocking_count: int


@dataclass(frozen=True)
class Chunk:
	"""Points with after < name <= last (after "" for the first chunk), in name order."""

	chunk_no: int
	after: str
	last: str
	size: int


def classify(findings: Iterable[Finding]) -> Classification:
	"""Any blocking finding → 不合规; warnings only → 有提示; none → 合规."""
	findings = list(findings)
	blocking = sum(1 for f in findings if f.severity == BLOCKING)
	if blocking:
		return Classification(NON_COMPLIANT, blocking)
	return Classification(WITH_WARNINGS if findings else COMPLIANT, 0)


def is_newly_non_compliant(previous_status: str | None, status: str) -> bool:
	"""Out of compliance now and not recorded so before (a point never evaluated counts: nobody has
	been told about it)."""
	return status == NON_COMPLIANT and previous_status != NON_COMPLIANT


def _same(before, after) -> bool:
	# Int/Check/Float values come back from the form as str, int or float.
	try:
		return float(before or 0) == float(after or 0)
	except (TypeError, ValueError):
		return before == after


def changed_assessed_fields(before: Mapping, after: Mapping) -> list[str]:
	"""The assessed values that differ between two versions of a rule set."""
	return [f for f in ASSESSED_FIELDS if not _same(before.get(f), after.get(f))]


def changed_rules(fields: Iterable[str]) -> list[str]:
	"""Finding rules affected by changed fields, in a stable order without repeats."""
	rules: list[str] = []
	for field in fields:
		rule = FIELD_RULE.get(field)
		if rule and rule not in rules:
			rules.append(rule)
	return rules


def cited_finding(findings: Sequence[Finding], rules_changed: Sequence[str] = ()) -> Finding | None:
	"""The blocking finding a newly non-compliant point is listed with: one of a rule that just
	changed if there is one, else the first blocking finding."""
	blocking = [f for f in findings if f.severity == BLOCKING]
	for finding in blocking:
		if finding.rule in rules_changed:
			return finding
	return blocking[0] if blocking else None


def plan_chunks(names: Sequence[str], size: int) -> list[Chunk]:
	"""Cut point names, in the database's order, into key ranges of at most `size` points. A chunk
	is named by its bounds, not by offsets, so a point added or removed meanwhile moves no other
	point to another chunk and a retried chunk reads the same rows. (The order is the database's
	collation, so it is not checked against Python's.)"""
	if size < 1:
		raise ValueError("chunk size must be at least 1")
	if len(set(names)) != len(names):
		raise ValueError("point names must be distinct")
	chunks = []
	after = ""
	for start in range(0, len(names), size):
		part = names[start : start + size]
		chunks.append(Chunk(len(chunks) + 1, after, part[-1], len(part)))
		after = part[-1]
	return chunks


def version_label(rule_set: str, version: int | None) -> str:
	return f"{rule_set} v{version or 1}"


def progress_percent(done: int, total: int) -> float:
	return 100.0 if not total else round(100.0 * min(done, total) / total, 1)
