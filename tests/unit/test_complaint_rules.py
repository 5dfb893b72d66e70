"""The complaint rules without a site: the public form's checks, the tracking code, the challenge,
the workflow table and the SLA clocks across holidays."""

from datetime import date

from tuoyu_frappe.complaints import rules as r
from tuoyu_frappe.filing.clock import working_days_left
from tuoyu_frappe.workdays import WorkCalendar, special_days_from_chinesecalendar

SECRET = "test-secret"


def report(**overrides) -> r.PublicReport:
	values = dict(
		category="安全",
		filing_number="",
		place_description="某小区3号楼101室",
		township="371302001",
		description="楼梯没有护栏，孩子在楼梯口玩耍。",
		anonymous=False,
		contact_name="",
		contact_phone="",
		contact_other="",
		honeypot="",
	)
	values.update(overrides)
	return r.PublicReport(**values)


def messages(problems):
	return [m for m, _p in problems]


def test_a_complete_report_has_no_problems():
	assert r.public_report_problems(report()) == []
	assert r.public_report_problems(report(place_description="", filing_number="LY123")) == []


def test_the_honeypot_refuses_the_report():
	assert r.public_report_problems(report(honeypot="http://spam")) != []


def test_lengths_and_required_fields_are_checked():
	assert r.public_report_problems(report(category="别的")) != []
	assert r.public_report_problems(report(township="")) != []
	assert r.public_report_problems(report(place_description="", filing_number="")) != []
	assert r.public_report_problems(report(description="太短")) != []
	assert r.public_report_problems(report(description="长" * (r.MAX_DESCRIPTION + 1))) != []
	assert r.public_report_problems(report(contact_name="名" * (r.MAX_NAME + 1))) != []


def test_an_anonymous_report_carries_no_contact():
	assert r.public_report_problems(report(anonymous=True)) == []
	assert r.public_report_problems(report(anonymous=True, contact_phone="13800001111")) != []


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 20


def test_photos_are_typed_by_content_not_name():
	assert r.sniff_image(PNG) == "png" and r.sniff_image(JPEG) == "jpeg"
	assert r.photo_problems([("a.jpg", b"<?php echo 1; ?>")]) != []  # named .jpg, is not one
	assert r.photo_problems([("a.txt", PNG)]) == []  # the content decides
	assert r.photo_problems([("big.png", PNG + b"\0" * r.MAX_PHOTO_BYTES)]) != []
	assert r.photo_problems([("p.png", PNG)] * (r.MAX_PHOTOS + 1)) != []
	assert r.photo_problems([("empty.png", b"")]) != []


def test_tracking_codes_are_random_and_only_their_hash_is_kept():
	codes = {r.new_tracking_code() for _i in range(200)}
	assert len(codes) == 200
	code = codes.pop()
	assert r.normalise_tracking_code(code.lower().replace("-", " ")) == code.replace("-", "")
	assert r.tracking_hash(code) == r.tracking_hash(code.lower()) and code not in r.tracking_hash(code)
	assert r.normalise_tracking_code("ABCD") == "" and r.normalise_tracking_code("0" * 16) == ""


def answer_of(question: str) -> str:
	a, b = question.replace("= ?", "").split("+")
	return str(int(a) + int(b))


def test_the_challenge_needs_the_right_answer_in_time_and_a_valid_signature():
	question, token = r.new_challenge(SECRET, now=1000)
	right = answer_of(question)
	assert r.challenge_problems(SECRET, token, right, now=1010)[0] == []
	assert r.challenge_problems(SECRET, token, str(int(right) + 1), now=1010)[0] != []
	assert r.challenge_problems(SECRET, token, right, now=1001)[0] != []  # too fast: a robot
	assert r.challenge_problems(SECRET, token, right, now=1000 + r.CHALLENGE_MAX_SECONDS + 1)[0] != []
	assert r.challenge_problems("another-site", token, right, now=1010)[0] != []
	forged = token.replace(token.split(".")[0], "999", 1)  # an earlier issue time is not signed
	assert r.challenge_problems(SECRET, forged, right, now=1010)[0] != []
	assert r.challenge_problems(SECRET, "junk", right, now=1010)[0] != []


def test_the_workflow_table():
	assert r.find_transition(r.NEW, r.ACCEPTED).action == r.ACCEPT
	assert r.find_transition(r.NEW, r.CLOSED) is None
	assert r.find_transition(r.NEW, r.CHECKING) is None
	assert r.find_transition(r.CHECKING, r.REJECTED) is None
	assert r.find_transition(r.CHECKING, r.CLOSED).handler_only
	reject = r.find_transition(r.NEW, r.REJECTED)
	assert r.transition_problems(reject, {}) != []
	assert r.transition_problems(reject, {"rejection_reason": "不属于监管范围"}) == []
	conclude = r.find_transition(r.CHECKING, r.CLOSED)
	assert r.transition_problems(conclude, {"conclusion": r.PARTLY}) != []
	assert (
		r.transition_problems(conclude, {"conclusion": r.PARTLY, "public_summary": "部分属实，已整改。"})
		== []
	)


def calendar_2025() -> WorkCalendar:
	days = special_days_from_chinesecalendar(2025)
	return WorkCalendar(
		holidays=frozenset(d for d, kind, _n in days if kind == "节假日"),
		makeup_workdays=frozenset(d for d, kind, _n in days if kind == "调休上班"),
		years=frozenset({2025}),
	)


def test_sla_deadlines_skip_the_national_day_holiday_and_count_the_makeup_workday():
	cal = calendar_2025()
	# Received on Tuesday 30 September 2025: 1–8 October are holidays, Saturday 11 October is worked.
	accept_due = cal.add_working_days(date(2025, 9, 30), 1)
	assert accept_due == date(2025, 10, 9)
	conclude_due = cal.add_working_days(date(2025, 10, 9), 15)
	assert conclude_due == date(2025, 10, 29)  # 11 October (调休上班) counts
	assert working_days_left(cal, date(2025, 10, 3), accept_due) == 1
	assert r.sla_status(working_days_left(cal, date(2025, 10, 3), accept_due)) == r.DUE_SOON
	assert r.sla_status(working_days_left(cal, date(2025, 10, 10), accept_due)) == r.OVERDUE
	assert r.sla_status(working_days_left(cal, date(2025, 10, 10), conclude_due)) == r.ON_TIME


def test_sla_actions_remind_once_a_day_and_escalate_once():
	today = date(2025, 10, 10)
	assert r.sla_actions(5, None, False, today) == r.SlaActions(False, False)
	assert r.sla_actions(1, None, False, today) == r.SlaActions(True, False)
	assert r.sla_actions(1, today, False, today) == r.SlaActions(False, False)
	assert r.sla_actions(-1, date(2025, 10, 9), False, today) == r.SlaActions(True, True)
	assert r.sla_actions(-2, today, True, today) == r.SlaActions(False, False)
	assert r.sla_actions(None, None, False, today) == r.SlaActions(False, False)
	assert r.clock_stage(r.NEW) == "accept" and r.clock_stage(r.CHECKING) == "conclude"
	assert r.clock_stage(r.CLOSED) is None
