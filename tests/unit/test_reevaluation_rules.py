"""The plain rules of re-evaluation: status classification, chunk planning, version changes and
which finding a newly non-compliant point is listed with (no site)."""

import itertools
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tuoyu_frappe import compliance as c
from tuoyu_frappe.supervision import reevaluation_rules as r

APP = Path(__file__).resolve().parents[2] / "tuoyu_frappe"
TODAY = date(2026, 11, 30)
RULES = c.RuleSetValues(
	name="国家",
	legal_source="《家庭托育点管理办法（试行）》",
	max_capacity=5,
	children_per_caregiver=3,
	min_floor_area_per_child=9,
	allowed_premises=frozenset({"居民住宅"}),
	cctv_retention_days=90,
	background_check_interval_months=12,
	clauses={"max_capacity": "收托人数不得超过5人"},
)
POINT = c.PointValues(5, 5, 60, "居民住宅", "自有", None, True, 90)
CAREGIVER = c.StaffValues("张三", "保育人员", date(2027, 6, 1), date(2026, 6, 1))


def finding(rule: str, severity: str = c.BLOCKING) -> c.Finding:
	return c.Finding(rule, severity, "m", {}, "src", f"clause of {rule}")


# --- classification ----------------------------------------------------------------------------


def test_no_findings_is_compliant():
	assert r.classify([]) == r.Classification("合规", 0)


def test_warnings_only_is_with_warnings():
	result = r.classify([finding("min_floor_area_per_child", c.WARNING)])
	assert result == r.Classification("有提示", 0)


def test_any_blocking_finding_is_non_compliant_and_counted():
	findings = [finding("max_capacity"), finding("min_floor_area_per_child", c.WARNING), finding("premises")]
	assert r.classify(findings) == r.Classification("不合规", 2)


def test_classification_of_real_evaluations():
	good = c.evaluate(POINT, [CAREGIVER, CAREGIVER], RULES, TODAY)
	assert r.classify(good).status == "合规"
	crowded = c.evaluate(replace(POINT, floor_area=40), [CAREGIVER, CAREGIVER], RULES, TODAY)
	assert r.classify(crowded).status == "有提示"
	over_cap = c.evaluate(POINT, [CAREGIVER, CAREGIVER], replace(RULES, max_capacity=4), TODAY)
	assert r.classify(over_cap) == r.Classification("不合规", 2)  # filed capacity and enrolment


@pytest.mark.parametrize(
	("previous", "status", "newly"),
	[
		("合规", "不合规", True),
		("有提示", "不合规", True),
		(None, "不合规", True),
		("", "不合规", True),
		("不合规", "不合规", False),
		("合规", "有提示", False),
		("不合规", "合规", False),
	],
)
def test_newly_non_compliant(previous, status, newly):
	assert r.is_newly_non_compliant(previous, status) is newly


# --- chunk planning ----------------------------------------------------------------------------


def names(n: int) -> list[str]:
	return [f"TYD-{i:05d}" for i in range(1, n + 1)]


def test_chunks_cover_every_point_once_by_key_ranges():
	points = names(2503)
	chunks = r.plan_chunks(points, 1000)
	assert [(ch.chunk_no, ch.size) for ch in chunks] == [(1, 1000), (2, 1000), (3, 503)]
	assert chunks[0].after == "" and chunks[-1].last == points[-1]
	covered = [p for ch in chunks for p in points if ch.after < p <= ch.last]
	assert covered == points
	for earlier, later in itertools.pairwise(chunks):
		assert later.after == earlier.last


def test_an_exact_multiple_has_no_empty_chunk():
	assert [ch.size for ch in r.plan_chunks(names(6), 3)] == [3, 3]


def test_no_points_no_chunks():
	assert r.plan_chunks([], 500) == []


def test_chunk_size_one():
	chunks = r.plan_chunks(names(3), 1)
	assert [(ch.after, ch.last) for ch in chunks] == [
		("", "TYD-00001"),
		("TYD-00001", "TYD-00002"),
		("TYD-00002", "TYD-00003"),
	]


def test_a_point_added_later_lands_in_one_chunk_and_moves_no_other():
	chunks = r.plan_chunks(["TYD-00001", "TYD-00003", "TYD-00005"], 2)
	late = "TYD-00002"
	assert [ch.chunk_no for ch in chunks if ch.after < late <= ch.last] == [1]


@pytest.mark.parametrize("size", [0, -5])
def test_chunk_size_must_be_positive(size):
	with pytest.raises(ValueError):
		r.plan_chunks(names(3), size)


def test_duplicate_names_are_refused():
	with pytest.raises(ValueError):
		r.plan_chunks(["TYD-00001", "TYD-00001"], 10)


def test_progress_percent():
	assert r.progress_percent(0, 0) == 100.0
	assert r.progress_percent(250, 1000) == 25.0
	assert r.progress_percent(1200, 1000) == 100.0


# --- versions ----------------------------------------------------------------------------------


def test_a_value_change_is_an_assessed_change():
	before = {"max_capacity": 5, "allow_village": 0, "max_capacity_clause": "a"}
	assert r.changed_assessed_fields(before, {**before, "max_capacity": 4}) == ["max_capacity"]
	assert r.changed_assessed_fields(before, {**before, "allow_village": 1}) == ["allow_village"]


def test_label_clause_and_date_edits_are_not_assessed_changes():
	before = {"max_capacity": 5, "max_capacity_clause": "a", "legal_source": "x", "effective_to": None}
	after = {**before, "max_capacity_clause": "b", "legal_source": "y", "effective_to": "2027-01-01"}
	assert r.changed_assessed_fields(before, after) == []


def test_the_same_number_in_another_type_is_no_change():
	assert r.changed_assessed_fields({"min_floor_area_per_child": 9}, {"min_floor_area_per_child": 9.0}) == []
	assert r.changed_assessed_fields({"max_capacity": "5"}, {"max_capacity": 5}) == []
	assert r.changed_assessed_fields({"min_lease_years": None}, {"min_lease_years": 0}) == []


def test_assessed_fields_are_rule_set_fields_and_findings_rules():
	model = json.loads((APP / "registry/doctype/tuoyu_rule_set/tuoyu_rule_set.json").read_text())
	fields = {f["fieldname"] for f in model["fields"]}
	assert set(r.ASSESSED_FIELDS) <= fields
	# Each assessed field is one compliance.evaluate reads: changing it alone changes a finding.
	point = c.PointValues(31, 31, 60, "村居", "租赁", date(2027, 1, 1), False, 30)
	staff = [c.StaffValues("甲", "保育人员", date(2027, 6, 1), date(2025, 1, 1))]
	loose = c.RuleSetValues(
		"宽",
		"src",
		100,
		100,
		allowed_premises=frozenset(c.PREMISES_FLAGS),
		background_check_interval_months=0,
	)
	strict = {
		"max_capacity": {"max_capacity": 30},
		"children_per_caregiver": {"children_per_caregiver": 3},
		"min_floor_area_per_child": {"min_floor_area_per_child": 9},
		"allow_village": {"allowed_premises": frozenset({"居民住宅"})},
		"min_lease_years": {"min_lease_years": 3},
		"full_day_required": {"full_day_required": True},
		"cctv_retention_days": {"cctv_retention_days": 90},
		"background_check_interval_months": {"background_check_interval_months": 12},
	}
	for field, change in strict.items():
		assert field in r.ASSESSED_FIELDS
		before = {f.rule for f in c.evaluate(point, staff, loose, TODAY)}
		after = {f.rule for f in c.evaluate(point, staff, replace(loose, **change), TODAY)}
		assert r.FIELD_RULE[field] in after - before, field


def test_changed_rules_map_premises_flags_to_one_rule():
	fields = ["allow_village", "allow_street_front", "max_capacity"]
	assert r.changed_rules(fields) == ["premises", "max_capacity"]


def test_the_cited_finding_prefers_a_rule_that_changed():
	findings = [
		finding("health_cert_validity_months"),
		finding("min_floor_area_per_child", c.WARNING),
		finding("max_capacity"),
	]
	assert r.cited_finding(findings, ["max_capacity"]).rule == "max_capacity"
	assert r.cited_finding(findings, []).rule == "health_cert_validity_months"
	assert r.cited_finding([finding("x", c.WARNING)], []) is None


def test_version_label():
	assert r.version_label("国家家庭托育点管理办法 (2023)", 3) == "国家家庭托育点管理办法 (2023) v3"
	assert r.version_label("X", None) == "X v1"
