"""The inspection rules as plain functions: who records which type, what completion needs, and how
results become a score, findings and a conclusion."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from tuoyu_frappe.supervision import checklists
from tuoyu_frappe.supervision import inspection_rules as r

OP, REV, CITY, ASSOC = r.OPERATOR_ROLE, r.REVIEWER_ROLE, r.CITY_ADMIN_ROLE, r.ASSOCIATION_ROLE


def actor(*roles, operates=False, reviews=False, member=False) -> r.Actor:
	return r.Actor(frozenset(roles), operates_point=operates, reviews_area=reviews, point_is_member=member)


def row(code="X-1", severity=r.MINOR, points=5, result=r.MET, photo_required=False, note="", photo=""):
	return r.ResultRow(
		code,
		f"检查项{code}",
		"《家庭托育点管理办法（试行）》",
		"条款",
		severity,
		photo_required,
		points,
		result,
		note,
		photo,
	)


# --- who records what ------------------------------------------------------------------------------


def test_an_operator_records_only_self_inspections_of_their_own_points():
	assert r.recorder_problems(r.SELF, actor(OP, operates=True)) == []
	assert r.recorder_problems(r.SELF, actor(OP, operates=False))
	for t in (r.ASSOCIATION, r.PATROL, r.COMPLAINT, r.RANDOM):
		assert r.recorder_problems(t, actor(OP, operates=True)), t
		assert r.recorder_problems(t, actor(OP, operates=False)), t


def test_the_association_records_association_inspections_of_member_points_only():
	assert r.recorder_problems(r.ASSOCIATION, actor(ASSOC, member=True)) == []
	assert r.recorder_problems(r.ASSOCIATION, actor(ASSOC, member=False))
	for t in (r.SELF, r.PATROL, r.COMPLAINT, r.RANDOM):
		assert r.recorder_problems(t, actor(ASSOC, member=True)), t


def test_a_reviewer_records_departmental_inspections_in_their_own_area():
	for t in r.DEPARTMENTAL_TYPES:
		assert r.recorder_problems(t, actor(REV, reviews=True)) == [], t
		assert r.recorder_problems(t, actor(REV, reviews=False)), t
	assert r.recorder_problems(r.SELF, actor(REV, reviews=True))
	assert r.recorder_problems(r.ASSOCIATION, actor(REV, reviews=True, member=True))


def test_a_city_admin_records_any_type_except_a_self_inspection():
	for t in (r.ASSOCIATION, *r.DEPARTMENTAL_TYPES):
		assert r.recorder_problems(t, actor(CITY)) == [], t
	assert r.recorder_problems(r.SELF, actor(CITY))


@given(roles=st.sets(st.sampled_from([OP, REV, CITY, ASSOC])), reviews=st.booleans(), member=st.booleans())
def test_nobody_inspects_a_point_they_operate(roles, reviews, member):
	someone = actor(*roles, operates=True, reviews=reviews, member=member)
	for t in (r.ASSOCIATION, *r.DEPARTMENTAL_TYPES):
		assert r.recorder_problems(t, someone), (t, roles)


def test_an_unknown_type_is_refused():
	assert r.recorder_problems("随便看看", actor(CITY))


# --- inspectors ----------------------------------------------------------------------------------


def inspector(name, enabled=True, cert="鲁卫执字第3713020001号", user=""):
	return r.InspectorRow(name, enabled, cert, user)


def test_patrols_and_random_inspections_need_two_enabled_certified_inspectors():
	two = [inspector("I1"), inspector("I2", cert="鲁卫执字第3713020002号")]
	for t in r.TWO_INSPECTOR_TYPES:
		assert r.inspector_problems(t, two) == []
		assert r.inspector_problems(t, two[:1])
		assert r.inspector_problems(t, [two[0], inspector("I2", enabled=False)])
		assert r.inspector_problems(t, [two[0], inspector("I2", cert="  ")])
		assert r.inspector_problems(t, [two[0], two[0]])  # the same inspector twice
		assert r.inspector_problems(t, [], require_count=False) == []  # a planned one may have none yet
	assert r.inspector_problems(r.COMPLAINT, []) == []
	assert r.inspector_problems(r.SELF, []) == []


def test_an_inspector_who_operates_the_point_is_refused_for_any_type():
	rows = [inspector("I1", user="op@x"), inspector("I2")]
	for t in r.TYPES:
		assert r.inspector_problems(t, rows, frozenset({"op@x"}), require_count=False), t
	assert r.inspector_problems(r.PATROL, rows, frozenset({"other@x"})) == []


# --- completion -------------------------------------------------------------------------------------


def test_completion_needs_every_item_answered_photos_where_required_and_notes_on_failures():
	assert r.completion_problems([row(result="")])
	assert r.completion_problems([row(photo_required=True)])
	assert r.completion_problems([row(photo_required=True, photo="/private/files/a.jpg")]) == []
	assert r.completion_problems([row(photo_required=True, result=r.NOT_APPLICABLE)]) == []
	assert r.completion_problems([row(result=r.NOT_MET)])
	assert r.completion_problems([row(result=r.NOT_MET, note="   ")])
	assert r.completion_problems([row(result=r.NOT_MET, note="无晨检记录")]) == []
	assert r.completion_problems([])


# --- score, findings, conclusion -----------------------------------------------------------------------


def test_score_counts_points_of_items_met_over_the_applicable_items():
	rows = [
		row("A", points=10),
		row("B", points=5, result=r.NOT_MET, note="n"),
		row("C", points=7, result=r.NOT_APPLICABLE),
	]
	o = r.outcome(rows)
	assert (o.score, o.max_score, o.failed_count, o.veto_failed) == (10, 15, 1, False)
	assert o.conclusion == r.RECTIFY
	assert [f.item_code for f in o.findings] == ["B"]


def test_all_met_is_pass():
	o = r.outcome([row("A"), row("B", result=r.NOT_APPLICABLE)])
	assert o.conclusion == r.PASS and o.findings == [] and o.score == o.max_score == 5


def test_a_veto_failure_forces_at_least_rectification_even_with_a_high_score():
	rows = [row(str(i), points=10) for i in range(20)] + [
		row("V", severity=r.VETO, points=1, result=r.NOT_MET, note="n")
	]
	o = r.outcome(rows)
	assert o.veto_failed and o.conclusion == r.RECTIFY


def test_a_veto_failure_with_a_low_score_proposes_suspension():
	rows = [row("A", points=2), row("V", severity=r.VETO, points=10, result=r.NOT_MET, note="n")]
	assert r.outcome(rows).conclusion == r.SUSPEND


def test_the_inspector_may_propose_suspension_for_a_failed_inspection_only():
	failed = [row("A", points=10), row("B", result=r.NOT_MET, note="n")]
	assert r.outcome(failed, propose_suspension=True).conclusion == r.SUSPEND
	assert r.outcome([row("A")], propose_suspension=True).conclusion == r.PASS
	assert r.suspension_proposal_problems(True, "", 1)
	assert r.suspension_proposal_problems(True, "多次整改不到位", 0)
	assert r.suspension_proposal_problems(True, "多次整改不到位", 1) == []
	assert r.suspension_proposal_problems(False, "", 0) == []


def test_findings_cite_their_clause_veto_first():
	rows = [
		row("M", result=r.NOT_MET, note="m"),
		row("V", severity=r.VETO, result=r.NOT_MET, note="v"),
		row("S", severity=r.SERIOUS, result=r.NOT_MET, note="s"),
	]
	findings = r.outcome(rows).findings
	assert [f.item_code for f in findings] == ["V", "S", "M"]
	assert all(f.legal_source and f.clause for f in findings)


results = st.sampled_from([r.MET, r.NOT_MET, r.NOT_APPLICABLE])
rows_strategy = st.lists(
	st.builds(
		lambda i, sev, pts, res: row(f"X{i}", severity=sev, points=pts, result=res, note="n"),
		st.integers(0, 999),
		st.sampled_from(r.SEVERITIES),
		st.integers(0, 20),
		results,
	),
	max_size=30,
)


@given(rows=rows_strategy, propose=st.booleans())
def test_outcome_invariants(rows, propose):
	o = r.outcome(rows, propose)
	assert 0 <= o.score <= o.max_score
	assert o.failed_count == sum(1 for x in rows if x.result == r.NOT_MET) == len(o.findings)
	assert o.veto_failed == any(x.severity == r.VETO and x.result == r.NOT_MET for x in rows)
	if o.failed_count == 0:
		assert o.conclusion == r.PASS
	else:
		assert o.conclusion in (r.RECTIFY, r.SUSPEND)  # a failure is never 合格
	if o.veto_failed:
		assert o.conclusion != r.PASS
	if propose and o.failed_count:
		assert o.conclusion == r.SUSPEND


@given(rows=rows_strategy, extra=st.integers(1, 20))
def test_a_further_failure_never_makes_the_conclusion_milder(rows, extra):
	worse = r.outcome([*rows, row("Z", severity=r.VETO, points=extra, result=r.NOT_MET, note="n")])
	assert r.CONCLUSIONS.index(worse.conclusion) >= r.CONCLUSIONS.index(r.outcome(rows).conclusion)


# --- templates ------------------------------------------------------------------------------------------


def test_template_version_signature_changes_with_any_item_field():
	items = [dict(i) for i in checklists.PATROL_ITEMS]
	base = r.items_signature(items)
	assert r.items_signature([dict(i) for i in checklists.PATROL_ITEMS]) == base
	for field in r.ITEM_FIELDS:
		changed = [dict(i) for i in items]
		changed[0][field] = 99 if field in ("points", "photo_required") else "改"
		assert r.items_signature(changed) != base, field
	assert r.items_signature(items[::-1]) != base
	assert r.items_signature(items[:-1]) != base


def test_shipped_templates_are_valid_and_cite_their_sources():
	types = set()
	for template in checklists.TEMPLATES:
		parsed = r.parse_inspection_types(template["inspection_types"])
		types.update(parsed)
		assert r.template_problems(parsed, template["items"]) == [], template["template_name"]
		for item in template["items"]:
			assert item["legal_source"].startswith("《"), item["item_code"]
			assert item["points"] > 0
	assert types == set(r.TYPES)  # every type has a template
	patrol = {i["section"] for i in checklists.PATROL_ITEMS}
	assert {
		"场所",
		"视频监控",
		"人员",
		"收托",
		"食品安全",
		"卫生消毒",
		"消防安全",
		"应急演练",
		"晨午检",
	} <= patrol
	texts = " ".join(i["item_text"] + i["clause"] for i in checklists.PATROL_ITEMS)
	for needle in (
		"90日",
		"违法犯罪记录",
		"健康合格证明",
		"3名婴幼儿",
		"晨午检",
		"演练",
		"消毒",
		"食品经营许可证",
	):
		assert needle in texts, needle
	assert any("第六十二条" in i["clause"] for i in checklists.PATROL_ITEMS)


def test_template_problems():
	good = [{"item_code": "A", "severity": r.MINOR, "legal_source": "《x》", "clause": "y"}]
	assert r.template_problems([r.SELF], good) == []
	assert r.template_problems([], good)
	assert r.template_problems(["不存在"], good)
	assert r.template_problems([r.SELF], [])
	assert r.template_problems([r.SELF], good + good)
	assert r.template_problems([r.SELF], [{**good[0], "clause": ""}])
	assert r.template_problems([r.SELF], [{**good[0], "severity": "很严重"}])
	assert r.parse_inspection_types("举办者自查，部门定期巡查\n部门定期巡查、投诉核查") == [
		r.SELF,
		r.PATROL,
		r.COMPLAINT,
	]


# --- reminders -------------------------------------------------------------------------------------------


def test_self_inspection_due_after_the_interval_or_when_never_done():
	today = date(2026, 12, 2)
	assert r.self_inspection_due(None, today, 12)
	assert r.self_inspection_due(date(2025, 12, 2), today, 12)
	assert not r.self_inspection_due(date(2025, 12, 3), today, 12)
	assert not r.self_inspection_due(None, today, 0)
	assert r.reminder_allowed(None, today, 12)
	assert not r.reminder_allowed(date(2026, 6, 1), today, 12)
	assert r.reminder_allowed(date(2025, 12, 1), today, 12)


@given(a=st.dates(date(2000, 1, 1), date(2040, 1, 1)), b=st.dates(date(2000, 1, 1), date(2040, 1, 1)))
def test_months_between_is_whole_months(a, b):
	m = r.months_between(a, b)
	if a <= b:
		assert m >= 0
		assert (b.year - a.year) * 12 + b.month - a.month - m in (0, 1)
