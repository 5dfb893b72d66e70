"""Incidents and the lifetime ban as plain rules (tuoyu_frappe.safety.rules): no site needed."""

from datetime import date

from stdnum.cn import ric

from tuoyu_frappe.safety import rules as r
from tuoyu_frappe.supervision.enforcement_rules import REVOKE, SUSPEND


def make_id(birth: date, seq: int) -> str:
	body = f"371302{birth:%Y%m%d}{seq:03d}"
	return body + ric.calc_check_digit(body + "0")


def test_zero_tolerance_is_harm_abuse_and_serious_safety_and_food_accidents():
	assert {c for c in r.CATEGORIES if r.is_zero_tolerance(c)} == {r.HARM, r.ABUSE, r.SAFETY, r.FOOD}
	assert not r.is_zero_tolerance(r.INFECTIOUS)
	assert not r.is_zero_tolerance(None)


def test_report_needs_category_severity_and_description():
	assert r.report_problems(r.HARM, "重大", "午睡时摔伤", 1) == []
	messages = [m for m, _ in r.report_problems("其他", None, " ", -1)]
	assert len(messages) == 4


def test_a_zero_tolerance_conclusion_bans_and_suspends():
	p = r.conclusion_proposals(r.ABUSE, {}, persons=2)
	assert p.bans and p.enforcement == SUSPEND


def test_a_revocation_decided_by_the_investigation_replaces_the_suspension():
	assert r.conclusion_proposals(r.FOOD, {"action_revoke": True}, 1).enforcement == REVOKE


def test_an_infectious_disease_proposes_only_what_its_actions_say():
	assert r.conclusion_proposals(r.INFECTIOUS, {}, 1) == r.Proposals(bans=False, enforcement=None)
	chosen = r.conclusion_proposals(r.INFECTIOUS, {"action_suspend": True, "action_ban": True}, 1)
	assert chosen == r.Proposals(bans=True, enforcement=SUSPEND)


def test_no_persons_no_bans():
	assert not r.conclusion_proposals(r.HARM, {"action_ban": True}, 0).bans


def test_concluding_needs_findings_and_a_ban_needs_persons():
	assert r.conclusion_problems("查明保育员体罚幼儿", 1, True) == []
	assert len(r.conclusion_problems("", 0, True)) == 2
	assert r.conclusion_problems("传染病已处置", 0, False) == []


def test_the_register_key_is_the_compact_upper_case_id_number():
	number = make_id(date(1980, 5, 6), 37)
	lower_spaced = " " + number[:6] + " " + number[6:].lower() + " "
	assert r.normalise_id(lower_spaced) == number
	assert r.normalise_id("１１０１０５１９４９１２３１００２ｘ") == "11010519491231002X"  # full-width
	assert r.normalise_id(number[:-1] + ("0" if number[-1] != "0" else "1")) is None  # check character
	assert r.normalise_id("") is None and r.normalise_id(None) is None


def test_ban_status_moves():
	decided = ("吕卫禁〔2026〕1号", date(2026, 11, 1), None)
	assert r.ban_status_problems(None, r.B_PROPOSED, None, None, None) == []
	assert r.ban_status_problems(r.B_PROPOSED, r.B_EFFECTIVE, *decided) == []
	assert r.ban_status_problems(r.B_PROPOSED, r.B_EFFECTIVE, None, None, None)  # no decision
	assert r.ban_status_problems(r.B_EFFECTIVE, r.B_REVOKED, *decided)  # no reason
	assert r.ban_status_problems(r.B_EFFECTIVE, r.B_REVOKED, decided[0], decided[1], "复议撤销") == []
	assert r.ban_status_problems(r.B_EFFECTIVE, r.B_PROPOSED, *decided)  # not backwards
	assert r.ban_status_problems(r.B_REVOKED, r.B_EFFECTIVE, *decided) == []  # banned again
	assert r.ban_status_problems(r.B_PROPOSED, "其他", None, None, None)


def test_which_saves_are_hires():
	same = ("在职", "在职", "P1", "P1", "X", "X")
	assert r.hire_event(True, None, "在职", None, "P1", None, "X") == r.NEW_HIRE
	assert r.hire_event(True, None, "离职", None, "P1", None, "X") == r.NEW_HIRE
	assert r.hire_event(False, *same) is None
	assert r.hire_event(False, "离职", "在职", "P1", "P1", "X", "X") == r.REEMPLOYED
	assert r.hire_event(False, "在职", "在职", "P1", "P2", "X", "X") == r.MOVED
	assert r.hire_event(False, "在职", "在职", "P1", "P1", "X", "Y") == r.ID_CHANGED
	assert r.hire_event(False, "在职", "离职", "P1", "P1", "X", "X") is None  # ending is no hire
