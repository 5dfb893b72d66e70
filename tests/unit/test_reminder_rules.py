"""Plain rules of the daily reminders: stages, recipients, the once-only key, working-day horizons."""

from datetime import date

from tuoyu_frappe.reminders import rules as r
from tuoyu_frappe.workdays import WorkCalendar

ON = date(2026, 9, 28)  # a Monday before the National Day holiday


def test_stage_before_within_and_after_the_lead_time():
	assert r.stage(date(2026, 11, 1), ON, 30) is None
	assert r.stage(date(2026, 10, 28), ON, 30) == r.DUE_SOON
	assert r.stage(ON, ON, 30) == r.DUE_SOON  # valid through its last day
	assert r.stage(date(2026, 9, 27), ON, 30) == r.OVERDUE
	assert r.stage(None, ON, 30) == r.OVERDUE  # never checked
	assert r.stage(date(2026, 9, 29), ON, 0) is None  # no lead time: only once it has passed


def test_background_due_and_the_query_bound():
	assert r.background_due(date(2025, 10, 10), 12) == date(2026, 10, 10)
	assert r.background_due(date(2025, 8, 31), 6) == date(2026, 2, 28)
	assert r.background_due(None, 12) is None
	# every check whose re-check is due by the horizon is on or before the bound
	horizon = date(2026, 2, 28)
	bound = r.latest_check_for_horizon(horizon, 6)
	assert date(2025, 8, 31) <= bound
	assert r.background_due(date(2025, 8, 31), 6) <= horizon


def test_reviewers_hear_only_of_what_has_passed():
	assert r.recipients(r.DUE_SOON, ["op"], ["rev"]) == ["op"]
	assert r.recipients(r.OVERDUE, ["op"], ["rev"]) == ["op", "rev"]
	assert r.recipients(r.OVERDUE, [], []) == []


def test_the_key_differs_by_due_date_and_stage_only():
	key = r.reminder_key(r.CERTIFICATE, "S1", "健康证", date(2026, 10, 1), r.DUE_SOON)
	assert key == r.reminder_key(r.CERTIFICATE, "S1", "健康证", date(2026, 10, 1), r.DUE_SOON)
	assert key != r.reminder_key(r.CERTIFICATE, "S1", "健康证", date(2027, 10, 1), r.DUE_SOON)
	assert key != r.reminder_key(r.CERTIFICATE, "S1", "健康证", date(2026, 10, 1), r.OVERDUE)
	assert key != r.reminder_key(r.CERTIFICATE, "S2", "健康证", date(2026, 10, 1), r.DUE_SOON)
	assert r.reminder_key(r.BACKGROUND, "S1", "-", None, r.OVERDUE).endswith("|-|-|已过期")


def calendar_2026() -> WorkCalendar:
	holidays = {date(2026, 10, d) for d in range(1, 8)}
	return WorkCalendar(
		holidays=frozenset(holidays), makeup_workdays=frozenset({date(2026, 10, 10)}), years=frozenset({2026})
	)


def test_workday_horizon_skips_holidays_and_counts_makeup_days():
	cal = calendar_2026()
	assert r.workday_horizon(cal, ON, 0) == ON
	assert r.workday_horizon(cal, ON, 2) == date(2026, 9, 30)
	assert r.workday_horizon(cal, ON, 3) == date(2026, 10, 8)  # over the National Day week
	assert r.workday_horizon(cal, date(2026, 10, 8), 2) == date(2026, 10, 10)  # Saturday make-up day
	assert r.working_days_left(cal, ON, date(2026, 10, 8)) == 3
	assert r.working_days_left(cal, ON, ON) == 0


def test_workday_horizon_counts_weekdays_of_an_unloaded_year():
	cal = calendar_2026()
	# 2027 is not loaded: its weekdays count, so the reminder comes early rather than never
	assert r.workday_horizon(cal, date(2026, 12, 31), 1) == date(2027, 1, 1)
	assert r.workday_horizon(cal, date(2027, 1, 1), 1) == date(2027, 1, 4)
	assert r.working_days_left(cal, date(2026, 12, 31), date(2027, 1, 4)) == 2
