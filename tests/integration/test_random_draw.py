"""双随机抽查 in process, as the real users: a draw reproduced from its seed, tampering found by
verify, recusal, confirmation creating the planned inspections, and who may draw where."""

import json

import frappe
import pytest

from tests import seed
from tests.draw_helpers import (
	DRAW,
	action,
	file_points,
	filed_population,
	make_inspector,
	new_draw,
	taken_filing,
)
from tuoyu_frappe.supervision import draw as d


@pytest.fixture
def lanshan(db, site):
	"""Points A and B filed; four Lanshan inspectors, the first the operator of A, the second the
	Lanshan reviewer (a user account of each), the others without ties."""
	file_points(site.point["A"], site.point["B"])
	pool = [
		make_inspector(seed.LANSHAN, "甲", user=seed.OP_A),
		make_inspector(seed.LANSHAN, "乙", user=seed.REV_LS),
		make_inspector(seed.LANSHAN, "丙"),
		make_inspector(seed.LANSHAN, "丁"),
	]
	return site, pool


def rerun(doc) -> d.DrawResult:
	"""The draw run again from what is stored, by the plain function alone."""
	return d.draw(doc.stored_inputs())


def stored_picks(doc) -> list[tuple]:
	return [(p.point, p.inspector_1, p.inspector_2) for p in doc.picks]


def test_a_draw_is_reproduced_from_its_seed(lanshan):
	site, pool = lanshan
	draft = new_draw(seed.REV_LS, seed.LANSHAN, pool)
	assert not draft.seed and draft.draw_status == "未抽取"
	action("run_draw", draft.name, seed.REV_LS)
	doc = frappe.get_doc(DRAW, draft.name)

	assert len(doc.seed) == 32 and int(doc.seed, 16) >= 0  # secrets.token_hex(16), by the server
	population = json.loads(doc.population_snapshot)
	assert population == filed_population(seed.LANSHAN)
	assert site.point["C"] not in population  # another county's point
	assert doc.population_size == len(population) == doc.sample_size  # 100 %
	assert doc.drawn_by == seed.REV_LS and doc.drawn_at and doc.draw_status == "已抽取"

	again = rerun(doc)
	assert [(p.point, p.inspector_1, p.inspector_2) for p in again.picks] == stored_picks(doc)
	assert again.input_digest == doc.input_digest
	for pick in doc.picks:
		assert pick.inspector_1 != pick.inspector_2 and {pick.inspector_1, pick.inspector_2} <= set(pool)
		assert pick.point_name and pick.area == seed.LANSHAN

	result = action("verify_draw", doc.name, seed.REV_LS)
	assert result["ok"] and "核验一致" in result["message"]
	doc.reload()
	assert doc.verification_result == "一致" and doc.last_verified_by == seed.REV_LS
	comments = frappe.get_all(
		"Comment", filters={"reference_doctype": DRAW, "reference_name": doc.name}, pluck="content"
	)
	assert any(doc.seed in c and "执行抽取" in c for c in comments)
	assert any("核验一致" in c for c in comments)


def test_verify_detects_a_tampered_input_or_pick(lanshan):
	_site, pool = lanshan
	name = new_draw(seed.REV_LS, seed.LANSHAN, pool).name
	action("run_draw", name, seed.REV_LS)
	frappe.set_user("Administrator")
	doc = frappe.get_doc(DRAW, name)
	population, seed_value = doc.population_snapshot, doc.seed

	# a point removed from the stored population (as a direct database edit would)
	shrunk = json.dumps(json.loads(population)[1:])
	frappe.db.set_value(DRAW, name, "population_snapshot", shrunk, update_modified=False)
	result = action("verify_draw", name, seed.REV_LS)
	assert not result["ok"]
	assert "核验不一致" in result["message"] and "输入摘要不符" in result["message"]
	assert frappe.db.get_value(DRAW, name, "verification_result") == "不一致"
	frappe.db.set_value(DRAW, name, "population_snapshot", population, update_modified=False)

	# another seed
	frappe.db.set_value(DRAW, name, "seed", "0" * 32, update_modified=False)
	assert not action("verify_draw", name, seed.REV_LS)["ok"]
	frappe.db.set_value(DRAW, name, "seed", seed_value, update_modified=False)

	# a pick given to another inspector: the digest still matches, the re-run does not
	first = doc.picks[0]
	other = next(i for i in pool if i not in (first.inspector_1, first.inspector_2))
	frappe.db.set_value("Tuoyu Draw Pick", first.name, "inspector_2", other, update_modified=False)
	result = action("verify_draw", name, seed.REV_LS)
	assert not result["ok"] and first.point in result["message"]
	assert "重新抽取" in result["message"] and "输入摘要不符" not in result["message"]
	frappe.db.set_value(
		"Tuoyu Draw Pick", first.name, "inspector_2", first.inspector_2, update_modified=False
	)

	# unreadable stored inputs
	frappe.db.set_value(DRAW, name, "recusal_snapshot", "{not json", update_modified=False)
	result = action("verify_draw", name, seed.REV_LS)
	assert not result["ok"] and "无法读取" in result["message"]
	frappe.db.set_value(DRAW, name, "recusal_snapshot", doc.recusal_snapshot, update_modified=False)

	assert action("verify_draw", name, seed.REV_LS)["ok"]  # everything restored


def test_recusal_keeps_operators_and_recent_filing_reviewers_away(lanshan):
	site, pool = lanshan
	operator_a, reviewer_ls = pool[0], pool[1]
	taken_filing(site.point["B"], seed.REV_LS)  # the Lanshan reviewer took B's filing just now
	name = new_draw(seed.REV_LS, seed.LANSHAN, pool).name
	action("run_draw", name, seed.REV_LS)
	doc = frappe.get_doc(DRAW, name)
	recusals = {(r["point"], r["inspector"]): r["reason"] for r in json.loads(doc.recusal_snapshot)}
	assert recusals[(site.point["A"], operator_a)] == "举办该托育点"
	assert "受理或审核决定了备案" in recusals[(site.point["B"], reviewer_ls)]
	picks = {p.point: {p.inspector_1, p.inspector_2} for p in doc.picks}
	assert operator_a not in picks[site.point["A"]]
	assert reviewer_ls not in picks[site.point["B"]]
	for (point, inspector), _reason in recusals.items():
		assert inspector not in picks.get(point, set())


def test_a_filing_older_than_the_recusal_period_does_not_bar(lanshan):
	site, pool = lanshan
	taken_filing(site.point["B"], seed.REV_LS, months_ago=13)
	name = new_draw(seed.REV_LS, seed.LANSHAN, pool, recusal_months=12).name
	action("run_draw", name, seed.REV_LS)
	recusals = json.loads(frappe.db.get_value(DRAW, name, "recusal_snapshot"))
	assert (site.point["B"], pool[1]) not in {(r["point"], r["inspector"]) for r in recusals}
	# the same filing bars the reviewer when the period is longer (configurable per draw)
	name = new_draw(seed.REV_LS, seed.LANSHAN, pool, recusal_months=24).name
	action("run_draw", name, seed.REV_LS)
	recusals = json.loads(frappe.db.get_value(DRAW, name, "recusal_snapshot"))
	assert (site.point["B"], pool[1]) in {(r["point"], r["inspector"]) for r in recusals}


def test_a_point_without_an_eligible_pair_is_shown_and_blocks_confirmation(lanshan):
	site, pool = lanshan
	# point A's operator and one other: A cannot get a pair, B can
	name = new_draw(seed.REV_LS, seed.LANSHAN, [pool[0], pool[2]]).name
	out = action("run_draw", name, seed.REV_LS)
	doc = frappe.get_doc(DRAW, name)
	unpaired = [p for p in doc.picks if not p.inspector_1]
	assert site.point["A"] in [p.point for p in unpaired] and out["unpaired"] == len(unpaired)
	assert doc.unpaired_count == len(unpaired) and "没有可配对的检查人员" in doc.draw_note
	with pytest.raises(frappe.ValidationError, match="没有可配对的检查人员"):
		action("confirm_draw", name, seed.REV_LS)
	assert frappe.db.get_value(DRAW, name, "docstatus") == 0


def test_confirm_freezes_the_draw_and_creates_the_planned_inspections(lanshan):
	_site, pool = lanshan
	name = new_draw(seed.REV_LS, seed.LANSHAN, pool).name
	action("run_draw", name, seed.REV_LS)
	out = action("confirm_draw", name, seed.REV_LS)
	doc = frappe.get_doc(DRAW, name)
	assert doc.docstatus == 1 and doc.draw_status == "已确认" and doc.confirmed_by == seed.REV_LS
	assert len(out["inspections"]) == len(doc.picks) and all(out["inspections"])
	for pick in doc.picks:
		inspection = frappe.get_doc("Tuoyu Inspection", pick.inspection)
		assert inspection.inspection_type == "双随机抽查" and inspection.random_draw == name
		assert inspection.workflow_state == "计划" and inspection.point == pick.point
		assert [i.inspector for i in inspection.inspectors] == [pick.inspector_1, pick.inspector_2]
	# frozen: no draw, no confirmation, no edit of inputs, picks or seed
	with pytest.raises(frappe.PermissionError):
		action("run_draw", name, seed.REV_LS)
	with pytest.raises(frappe.PermissionError):
		action("confirm_draw", name, seed.REV_LS)
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc(DRAW, name)
	doc.sample_percent = 50
	# Nobody holds the submit right, so Frappe refuses any update after submission; the
	# controller would refuse it too (before_update_after_submit).
	with pytest.raises((frappe.PermissionError, frappe.ValidationError)):
		doc.save()
	# the controller's own refusal, reached even past Frappe's permission check
	for change in ("verification_result", "inspection"):
		doc = frappe.get_doc(DRAW, name)
		if change == "inspection":
			doc.picks[0].inspection = None
		else:
			doc.verification_result = "不一致"
		doc.flags.ignore_permissions = True
		with pytest.raises(frappe.PermissionError, match="已确认的抽取不能修改"):
			doc.save()
	# still verifiable after confirmation, and the stored draw still verifies
	assert action("verify_draw", name, seed.REV_LS)["ok"]


def test_the_same_inputs_are_not_drawn_twice_and_an_edit_clears_the_result(lanshan):
	_site, pool = lanshan
	name = new_draw(seed.REV_LS, seed.LANSHAN, pool).name
	action("run_draw", name, seed.REV_LS)
	with pytest.raises(frappe.ValidationError, match="抽取输入与上次抽取相同"):
		action("run_draw", name, seed.REV_LS)
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc(DRAW, name)
	doc.pool = doc.pool[:3]
	doc.save()
	assert not doc.seed and not doc.picks and doc.draw_status == "未抽取" and not doc.input_digest
	with pytest.raises(frappe.ValidationError, match="请先执行抽取"):
		action("confirm_draw", name, seed.REV_LS)
	action("run_draw", name, seed.REV_LS)  # changed inputs: a new draw
	assert frappe.db.get_value(DRAW, name, "draw_status") == "已抽取"


def test_server_fields_are_not_writable(lanshan):
	_site, pool = lanshan
	frappe.set_user(seed.REV_LS)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc({**new_values(pool), "seed": "chosen"}).insert()
	name = new_draw(seed.REV_LS, seed.LANSHAN, pool).name
	action("run_draw", name, seed.REV_LS)
	for field, value in (("seed", "0" * 32), ("input_digest", "0" * 64), ("population_snapshot", "[]")):
		doc = frappe.get_doc(DRAW, name)
		doc.set(field, value)
		with pytest.raises(frappe.PermissionError):
			doc.save()
	doc = frappe.get_doc(DRAW, name)
	doc.picks[0].inspector_1 = doc.picks[0].inspector_2
	with pytest.raises(frappe.PermissionError):
		doc.save()
	doc = frappe.get_doc(DRAW, name)
	with pytest.raises(frappe.PermissionError):
		doc.submit()  # only through 确认
	with pytest.raises(frappe.PermissionError):
		doc.delete()  # a draw that ran is part of the audit trail


def new_values(pool):
	from tests.draw_helpers import draw_values

	return draw_values(seed.LANSHAN, pool)


def test_reviewers_draw_in_their_own_area_and_city_admins_anywhere(lanshan):
	site, pool = lanshan
	file_points(site.point["C"])
	with pytest.raises(frappe.PermissionError):
		new_draw(seed.REV_LZ, seed.LANSHAN, [])
	with pytest.raises(frappe.PermissionError):
		new_draw(seed.REV_LS, "371300", [])  # the whole city is the city admin's
	with pytest.raises(frappe.PermissionError):
		new_draw(seed.OP_A, seed.LANSHAN, [])
	name = new_draw(seed.REV_LS, seed.LANSHAN, pool).name
	for user in (seed.REV_LZ, seed.OP_A, seed.ASSOC):
		with pytest.raises(frappe.PermissionError):
			action("run_draw", name, user)
	frappe.set_user("Administrator")
	assert not frappe.has_permission(DRAW, "read", doc=name, user=seed.REV_LZ)
	assert frappe.has_permission(DRAW, "write", doc=name, user=seed.REV_LS)
	# another county's inspector cannot be put into a Lanshan reviewer's pool
	luozhuang = make_inspector(seed.LUOZHUANG, "戊")
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc(DRAW, name)
	doc.append("pool", {"inspector": luozhuang})
	with pytest.raises(frappe.PermissionError):
		doc.save()

	city = new_draw(seed.CITY, "371300", [*pool, luozhuang]).name
	action("run_draw", city, seed.CITY)
	population = json.loads(frappe.db.get_value(DRAW, city, "population_snapshot"))
	assert population == filed_population(None)
	assert {site.point["A"], site.point["C"]} <= set(population)
	frappe.set_user(seed.REV_LS)
	assert city not in frappe.get_list(DRAW, pluck="name")
	assert name in frappe.get_list(DRAW, pluck="name")


def test_bad_inputs_are_refused_in_chinese(lanshan):
	_site, pool = lanshan
	with pytest.raises(frappe.ValidationError, match="结束日期早于开始日期"):
		new_draw(seed.REV_LS, seed.LANSHAN, pool, period_start="2027-01-02", period_end="2027-01-01")
	with pytest.raises(frappe.ValidationError, match="抽取范围须为一个县区或全市"):
		new_draw(seed.CITY, seed.LANSHAN_TOWN, pool)
	with pytest.raises(frappe.ValidationError, match="回避期限"):
		new_draw(seed.REV_LS, seed.LANSHAN, pool, recusal_months=0)
	with pytest.raises(frappe.ValidationError, match="重复"):
		new_draw(seed.REV_LS, seed.LANSHAN, [pool[0], pool[0]])
	name = new_draw(seed.REV_LS, seed.LANSHAN, pool[:1]).name
	with pytest.raises(frappe.ValidationError, match="至少需要两名检查人员"):
		action("run_draw", name, seed.REV_LS)
	name = new_draw(seed.REV_LS, seed.LANSHAN, pool, sample_mode="数量", sample_count=99).name
	action("run_draw", name, seed.REV_LS)
	doc = frappe.get_doc(DRAW, name)
	assert doc.sample_size == doc.population_size and "已抽取全部已备案托育点" in doc.draw_note
