"""The demonstration point rules (tuoyu_frappe.oversight.demonstration) without a database."""

from datetime import date, datetime

import pytest

from tuoyu_frappe.oversight import demonstration as d

TODAY = date(2026, 12, 2)
GENERIC = "This person does not meet the requirements for working in childcare"


def codes(facts: d.PointFacts) -> list[str]:
	return [code for code, _params in d.disqualifiers(facts)]


def test_a_filed_point_with_a_clean_year_has_no_disqualifier():
	assert d.disqualifiers(d.PointFacts(status=d.FILED)) == []


@pytest.mark.parametrize("status", ["筹建中", "停业整改", "已撤销备案", "已注销", None])
def test_a_point_not_filed_is_disqualified(status):
	assert codes(d.PointFacts(status=status)) == [d.NOT_FILED]


@pytest.mark.parametrize(
	"field, code",
	[
		("incidents", d.INCIDENT),
		("complaints", d.COMPLAINT),
		("enforcement_actions", d.ENFORCEMENT),
		("open_rectifications", d.RECTIFICATION),
		("banned_staff", d.BANNED_STAFF),
	],
)
def test_each_record_disqualifies_and_names_itself(field, code):
	found = d.disqualifiers(d.PointFacts(status=d.FILED, **{field: ("X-1", "X-2")}))
	assert found == [(code, {"names": "X-1、X-2"})]


def test_every_disqualifier_is_reported_in_order():
	facts = d.PointFacts(
		status="停业整改",
		incidents=("I",),
		complaints=("C",),
		enforcement_actions=("E",),
		open_rectifications=("R",),
		banned_staff=("张三",),
	)
	assert codes(facts) == list(d.DISQUALIFIER_ORDER)


def test_the_applicant_reads_only_the_generic_message_for_a_ban():
	found = d.disqualifiers(d.PointFacts(status=d.FILED, incidents=("I",), banned_staff=("张三",)))
	applicant = d.problems(found, specific=False, generic_ban=GENERIC)
	assert applicant[1] == (GENERIC, {})
	assert "张三" not in repr(applicant) and "ban register" not in repr(applicant)
	reviewer = d.problems(found, specific=True, generic_ban=GENERIC)
	assert reviewer[1] == (d.MESSAGES[d.BANNED_STAFF], {"names": "张三"})
	assert applicant[0] == reviewer[0]  # the other reasons are the same for both


def test_the_look_back_window_is_twelve_months():
	assert d.window_start(TODAY) == date(2025, 12, 2)
	assert d.in_window(date(2025, 12, 2), TODAY)
	assert d.in_window(datetime(2026, 6, 1, 9, 30), TODAY)
	assert not d.in_window(date(2025, 12, 1), TODAY)
	assert not d.in_window(None, TODAY)


def test_a_designation_lasts_a_year():
	assert d.valid_until(date(2026, 3, 1)) == date(2027, 2, 28)
	assert d.valid_until(date(2024, 2, 29)) == date(2025, 2, 27)
	assert d.is_current(date(2026, 12, 2), TODAY)
	assert not d.is_current(date(2026, 12, 1), TODAY)
	assert not d.is_current(None, TODAY)


def test_a_designated_point_applies_again_only_in_the_last_days():
	assert d.may_apply_again(None, TODAY)
	assert d.may_apply_again(date(2026, 1, 1), TODAY)  # expired
	assert not d.may_apply_again(date(2027, 6, 1), TODAY)
	assert d.may_apply_again(date(2027, 2, 1), TODAY)


@pytest.mark.parametrize(
	"user, expected",
	[("op@x", True), ("rev@x", True), ("owner@x", True), ("city@x", False), ("Administrator", False)],
)
def test_no_self_approval(user, expected):
	assert d.self_approval(user, "op@x", "rev@x", "owner@x") is expected


def test_self_approval_ignores_empty_values():
	assert not d.self_approval("city@x", None, None, None)


def test_scores_bounded_by_each_items_maximum():
	assert d.score_problems([("安全", 25, 25), ("卫生", 20, 0), ("其他", 10, None)]) == []
	assert len(d.score_problems([("安全", 25, 26), ("卫生", 20, -1)])) == 2
	assert d.total_score([25, 20.5, None]) == 45.5


def test_recommendation_needs_the_pass_mark_and_an_opinion():
	assert d.recommend_problems(85, 85, "达标") == []
	assert len(d.recommend_problems(84.5, 85, "达标")) == 1
	assert len(d.recommend_problems(90, 85, "  ")) == 1
	assert d.reason_problems("") and not d.reason_problems("材料不全")


def test_a_rubric_needs_unique_coded_items_and_a_reachable_pass_mark():
	assert d.rubric_problems([("A", 60), ("B", 40)], 85) == []
	assert d.rubric_problems([], 10)
	assert d.rubric_problems([("A", 60), ("A", 40)], 85)
	assert d.rubric_problems([("", 60)], 50)
	assert d.rubric_problems([("A", 0)], 1)
	assert d.rubric_problems([("A", 60)], 61)
	assert d.rubric_problems([("A", 60)], 0)


def test_the_daily_outcome():
	later, earlier = date(2027, 1, 1), date(2026, 12, 1)
	assert d.daily_outcome(d.DESIGNATED, later, TODAY, []) is None
	assert d.daily_outcome(d.DESIGNATED, earlier, TODAY, []) == d.EXPIRED
	assert d.daily_outcome(d.DESIGNATED, earlier, TODAY, [("incident", {})]) == d.EXPIRED
	assert d.daily_outcome(d.DESIGNATED, later, TODAY, [("incident", {})]) == d.WITHDRAWN
	for state in (d.EXPIRED, d.WITHDRAWN, d.REVIEW, d.DRAFT):
		assert d.daily_outcome(state, earlier, TODAY, [("incident", {})]) is None


def test_transitions_and_docstatus_agree():
	states = set(d.STATE_DOCSTATUS)
	for t in d.TRANSITIONS:
		assert t.state in states and t.next_state in states
		assert d.STATE_DOCSTATUS[t.state] == 0
	designate = next(t for t in d.TRANSITIONS if t.action == d.DESIGNATE)
	assert designate.roles == (d.CITY,)
	assert all(t.roles == (d.REVIEWER,) for t in d.TRANSITIONS if t.state == d.REVIEW)
	# the end of a designation is the server's alone: no transition leads there
	assert not {t.next_state for t in d.TRANSITIONS} & {d.EXPIRED, d.WITHDRAWN}


def test_the_shipped_workflow_matches_the_rules():
	import json
	from pathlib import Path

	path = Path(d.__file__).resolve().parent.parent / "fixtures" / "workflow.json"
	workflow = next(w for w in json.loads(path.read_text(encoding="utf-8")) if w["name"] == d.WORKFLOW)
	assert workflow["document_type"] == d.APPLICATION
	shipped = {(t["state"], t["action"], t["next_state"], t["allowed"]) for t in workflow["transitions"]}
	expected = {(t.state, t.action, t.next_state, role) for t in d.TRANSITIONS for role in t.roles}
	assert shipped == expected
	docstatus = {s["state"]: int(s["doc_status"]) for s in workflow["states"]}
	assert docstatus == d.STATE_DOCSTATUS
