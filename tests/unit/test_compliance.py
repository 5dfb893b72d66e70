from datetime import date

import pytest

from tuoyu_frappe import compliance as c

TODAY = date(2026, 11, 30)
NATIONAL = c.RuleSetValues(
	name="国家家庭托育点管理办法 (2023)",
	legal_source="《家庭托育点管理办法（试行）》",
	max_capacity=5,
	children_per_caregiver=3,
	min_floor_area_per_child=9,
	allowed_premises=frozenset({"居民住宅"}),
	min_lease_years=3,
	full_day_required=False,
	cctv_retention_days=90,
	health_cert_validity_months=12,
	background_check_interval_months=12,
	clauses={"max_capacity": "收托人数不得超过5人"},
)
GOOD_POINT = c.PointValues(
	capacity=5,
	enrolment=5,
	floor_area=60,
	premises_type="居民住宅",
	tenure="自有",
	lease_end=None,
	full_day=True,
	cctv_retention_days=90,
)
CAREGIVER = c.StaffValues("张三", "保育人员", date(2027, 6, 1), date(2026, 6, 1))


def rules_hit(findings):
	return sorted({f.rule for f in findings})


def test_a_compliant_point_has_no_findings():
	assert c.evaluate(GOOD_POINT, [CAREGIVER, CAREGIVER], NATIONAL, TODAY) == []


@pytest.mark.parametrize(
	"changes, rule, severity",
	[
		({"capacity": 6}, "max_capacity", c.BLOCKING),
		({"enrolment": 7, "capacity": 5}, "max_capacity", c.BLOCKING),
		({"floor_area": 30}, "min_floor_area_per_child", c.WARNING),
		({"premises_type": "沿街房"}, "premises", c.BLOCKING),
		({"tenure": "租赁", "lease_end": date(2028, 1, 1)}, "min_lease_years", c.BLOCKING),
		({"tenure": "租赁", "lease_end": None}, "min_lease_years", c.BLOCKING),
		({"cctv_retention_days": 30}, "cctv_retention_days", c.BLOCKING),
	],
)
def test_each_point_rule_reports_its_finding(changes, rule, severity):
	point = c.PointValues(**{**GOOD_POINT.__dict__, **changes})
	findings = c.evaluate(point, [CAREGIVER, CAREGIVER], NATIONAL, TODAY)
	assert rule in rules_hit(findings)
	assert {f.severity for f in findings if f.rule == rule} == {severity}
	assert all(f.legal_source == NATIONAL.legal_source for f in findings)


def test_a_lease_of_three_years_or_more_passes():
	point = c.PointValues(**{**GOOD_POINT.__dict__, "tenure": "租赁", "lease_end": date(2030, 1, 1)})
	assert c.evaluate(point, [CAREGIVER, CAREGIVER], NATIONAL, TODAY) == []


def test_too_few_caregivers_for_the_enrolment():
	findings = c.evaluate(GOOD_POINT, [CAREGIVER], NATIONAL, TODAY)  # 5 children need 2 at 1:3
	[finding] = [f for f in findings if f.rule == "children_per_caregiver"]
	assert finding.params == {"enrolment": 5, "needed": 2, "ratio": 3, "have": 1}
	cook = c.StaffValues("李四", "炊事人员", date(2027, 6, 1), date(2026, 6, 1))
	assert "children_per_caregiver" in rules_hit(c.evaluate(GOOD_POINT, [CAREGIVER, cook], NATIONAL, TODAY))


def test_full_day_required_only_where_the_rule_set_says_so():
	half_day = c.PointValues(**{**GOOD_POINT.__dict__, "full_day": False})
	assert "full_day_required" not in rules_hit(c.evaluate(half_day, [CAREGIVER] * 2, NATIONAL, TODAY))
	linyi = c.RuleSetValues(**{**NATIONAL.__dict__, "full_day_required": True, "max_capacity": 30})
	assert "full_day_required" in rules_hit(c.evaluate(half_day, [CAREGIVER] * 2, linyi, TODAY))


def test_expired_health_certificate_and_overdue_background_check():
	expired = c.StaffValues("王五", "保育人员", date(2026, 11, 29), date(2025, 11, 29))
	findings = c.evaluate(GOOD_POINT, [CAREGIVER, expired], NATIONAL, TODAY)
	assert rules_hit(findings) == ["background_check_interval_months", "health_cert_validity_months"]
	assert all(f.params["staff"] == "王五" for f in findings)


def test_background_check_exactly_twelve_months_ago_is_still_valid():
	on_the_day = c.StaffValues("赵六", "保育人员", date(2027, 1, 1), date(2025, 11, 30))
	assert c.evaluate(GOOD_POINT, [CAREGIVER, on_the_day], NATIONAL, TODAY) == []


def test_the_clause_is_cited():
	point = c.PointValues(**{**GOOD_POINT.__dict__, "capacity": 6})
	[finding] = [f for f in c.evaluate(point, [CAREGIVER] * 2, NATIONAL, TODAY) if f.rule == "max_capacity"]
	assert finding.clause == "收托人数不得超过5人"
	assert finding.message.format(**finding.params) == "Filed capacity 6 exceeds the cap of 5 children"


@pytest.mark.parametrize(
	"start, months, expected",
	[
		(date(2026, 1, 31), 1, date(2026, 2, 28)),
		(date(2024, 2, 29), 12, date(2025, 2, 28)),
		(date(2026, 11, 30), 2, date(2027, 1, 30)),
	],
)
def test_add_months_clamps_to_month_end(start, months, expected):
	assert c.add_months(start, months) == expected
