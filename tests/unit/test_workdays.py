"""The working-day calendar (`tuoyu_frappe.workdays`) and the clock arithmetic of
`tuoyu_frappe.filing.clock`, without a database.

The calendar is built from chinesecalendar's data for 2004–2026, exactly as the install code
seeds `Tuoyu Calendar Year`. The explicit examples are counted by hand from the State
Council's published schedules (国务院办公厅关于部分节假日安排的通知) and cross-checked with
`chinese_calendar.is_workday`, an implementation independent of the one under test.
"""

import os
import tempfile
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from tuoyu_frappe.filing.clock import clock_status, working_days_left
from tuoyu_frappe.workdays import (
	HOLIDAY,
	MAKEUP_WORKDAY,
	CalendarNotLoaded,
	WorkCalendar,
	chinesecalendar_years,
	special_days_from_chinesecalendar,
)

FIRST, LAST = 2004, 2026
YEARS = range(FIRST, LAST + 1)


def build_calendar(years, extra: list[tuple[date, str]] = ()) -> WorkCalendar:
	rows = [(day, kind) for year in years for day, kind, _name in special_days_from_chinesecalendar(year)]
	rows += list(extra)
	return WorkCalendar(
		holidays=frozenset(d for d, kind in rows if kind == HOLIDAY),
		makeup_workdays=frozenset(d for d, kind in rows if kind == MAKEUP_WORKDAY),
		years=frozenset(years) | {d.year for d, _kind in extra},
	)


CAL = build_calendar(YEARS)

# An illustrative 2027, entered by hand as a city admin would (not the official schedule, which
# chinesecalendar does not know yet): 元旦 on Friday 1 January, a Spring Festival week and one
# make-up Saturday.
EXTRA_2027 = [
	(date(2027, 1, 1), HOLIDAY),
	*[(date(2027, 2, d), HOLIDAY) for d in range(8, 13)],
	(date(2027, 2, 13), MAKEUP_WORKDAY),
]
CAL_2027 = build_calendar([*YEARS, 2027], EXTRA_2027)

# The tests run from the bench's sites directory, shared with others: keep Hypothesis's files
# (example database, constants cache) out of it.
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
	set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "tuoyu-hypothesis")
PROPERTY = settings(max_examples=300, deadline=None, database=None)

any_day = st.dates(date(FIRST, 1, 1), date(LAST, 12, 31))
# Start dates from which any `counts` working days stay inside the loaded years.
start_day = st.dates(date(FIRST, 1, 1), date(LAST, 9, 30))
counts = st.integers(min_value=0, max_value=40)


@cache
def cc_is_workday(day: date) -> bool:
	"""chinesecalendar's answer (remembered: the oracles ask about the same days many times),
	limited to the years of CAL even once a newer chinesecalendar knows 2027."""
	if day.year > LAST:
		raise NotImplementedError(f"no available data for year {day.year}")
	return chinese_calendar.is_workday(day)


def oracle_add(start: date, count: int) -> date:
	"""The count-th working day after start, by chinesecalendar alone."""
	day = start
	while count:
		day += timedelta(days=1)
		count -= cc_is_workday(day)
	return day


def oracle_between(start: date, end: date) -> int:
	sign, (lo, hi) = (1, (start, end)) if start <= end else (-1, (end, start))
	return sign * sum(cc_is_workday(lo + timedelta(n)) for n in range(1, (hi - lo).days + 1))


# --- the data ------------------------------------------------------------------------------------


def test_chinesecalendar_covers_2004_to_2026():
	years = chinesecalendar_years()
	assert years.start == FIRST and years.stop > LAST


def test_every_day_of_every_loaded_year_agrees_with_chinesecalendar():
	day, disagreements = date(FIRST, 1, 1), []
	while day <= date(LAST, 12, 31):
		if CAL.is_workday(day) != cc_is_workday(day):
			disagreements.append(day)
		day += timedelta(days=1)
	assert disagreements == []


def test_special_days_are_named_in_chinese_and_make_up_days_fall_on_weekends():
	for year in YEARS:
		rows = special_days_from_chinesecalendar(year)
		assert rows == sorted(rows) and len({d for d, _k, _n in rows}) == len(rows)
		for day, kind, name in rows:
			assert day.year == year and name and not name.isascii(), (day, name)
			if kind == MAKEUP_WORKDAY:
				assert day.weekday() >= 5, day


# --- properties ----------------------------------------------------------------------------------


@PROPERTY
@given(any_day)
def test_is_workday_agrees_with_chinesecalendar(day):
	assert CAL.is_workday(day) == cc_is_workday(day)


@PROPERTY
@given(start_day, counts)
@example(date(2025, 9, 26), 5)
@example(date(2026, 2, 13), 15)
def test_add_working_days_agrees_with_counting_by_chinesecalendar(start, n):
	assert CAL.add_working_days(start, n) == oracle_add(start, n)


@PROPERTY
@given(start_day, st.integers(min_value=1, max_value=40))
def test_the_result_is_a_working_day_after_the_start(start, n):
	due = CAL.add_working_days(start, n)
	assert due > start
	assert CAL.is_workday(due) and cc_is_workday(due)


@PROPERTY
@given(start_day, counts)
def test_zero_days_is_the_start_and_the_result_strictly_increases(start, n):
	assert CAL.add_working_days(start, 0) == start
	assert CAL.add_working_days(start, n) < CAL.add_working_days(start, n + 1)


@PROPERTY
@given(start_day, counts)
def test_between_counts_back_what_was_added(start, n):
	due = CAL.add_working_days(start, n)
	assert CAL.working_days_between(start, due) == n
	# ... and the due day is the first day that many working days away.
	if n:
		assert CAL.working_days_between(start, due - timedelta(days=1)) == n - 1


@PROPERTY
@given(start_day, counts)
def test_subtracting_undoes_adding(start, n):
	due = CAL.add_working_days(start, n)
	back = CAL.subtract_working_days(due, n)
	assert CAL.working_days_between(back, due) == n
	# the earliest such day is a working day (or the start itself when nothing was added)
	assert back == start or CAL.is_workday(back) or not CAL.is_workday(start)
	assert CAL.add_working_days(back, n) == due


@PROPERTY
@given(start_day, st.integers(min_value=0, max_value=20), st.integers(min_value=0, max_value=20))
def test_adding_in_two_steps_is_adding_once(start, m, n):
	assert CAL.add_working_days(CAL.add_working_days(start, m), n) == CAL.add_working_days(start, m + n)


@PROPERTY
@given(any_day, any_day)
def test_between_agrees_with_chinesecalendar_and_is_antisymmetric(a, b):
	assert CAL.working_days_between(a, b) == oracle_between(a, b)
	assert CAL.working_days_between(a, b) == -CAL.working_days_between(b, a)
	assert CAL.working_days_between(a, a) == 0


@PROPERTY
@given(any_day, any_day, any_day)
def test_between_is_additive(a, b, c):
	assert CAL.working_days_between(a, b) + CAL.working_days_between(b, c) == CAL.working_days_between(a, c)


@PROPERTY
@given(
	st.one_of(any_day, st.dates(date(LAST, 10, 1), date(LAST, 12, 31))),
	st.integers(min_value=0, max_value=40),
)
@example(date(2026, 12, 28), 5)
@example(date(2026, 12, 24), 5)
def test_a_deadline_beyond_the_loaded_years_is_refused_not_guessed(start, n):
	"""The clock refuses exactly when chinesecalendar has no data, and then names 2027."""
	try:
		expected = oracle_add(start, n)
	except NotImplementedError:  # chinesecalendar: "no available data for year 2027"
		expected = None
	try:
		due = CAL.add_working_days(start, n)
	except CalendarNotLoaded as missing:
		assert expected is None
		assert missing.year == 2027
		assert CAL_2027.add_working_days(start, n).year == 2027
	else:
		assert due == expected
		assert CAL_2027.add_working_days(start, n) == due


@PROPERTY
@given(any_day, any_day)
def test_working_days_left_and_clock_status(today, due):
	left = working_days_left(CAL, today, due)
	status = clock_status(left)
	if today > due:
		assert left < 0 and status == "已超时"
		assert left == -max(1, oracle_between(due, today))
	else:
		assert left == oracle_between(today, due) >= 0
		assert status == ("即将超时" if left <= 1 else "正常")


# --- 2025: 国庆节 and 中秋节 together, 1–8 October off; Sunday 28 September and Saturday 11 October
# are make-up workdays (国办发明电〔2024〕12号).


def test_2025_national_day_schedule_is_loaded():
	assert all(not CAL.is_workday(date(2025, 10, d)) for d in range(1, 9))
	assert CAL.is_workday(date(2025, 9, 28)) and date(2025, 9, 28).weekday() == 6  # Sunday
	assert CAL.is_workday(date(2025, 10, 11)) and date(2025, 10, 11).weekday() == 5  # Saturday
	assert not CAL.is_workday(date(2025, 9, 27)) and not CAL.is_workday(date(2025, 10, 12))
	assert CAL.is_workday(date(2025, 10, 9))


@pytest.mark.parametrize(
	("start", "n", "due"),
	[
		# Fri 26 Sep: Sun 28 (1), Mon 29 (2), Tue 30 (3), 1–8 Oct off, Thu 9 (4), Fri 10 (5).
		(date(2025, 9, 26), 5, date(2025, 10, 10)),
		(date(2025, 9, 26), 6, date(2025, 10, 11)),  # the make-up Saturday
		(date(2025, 9, 26), 7, date(2025, 10, 13)),
		# ... Sat 11 (6), Mon 13–Fri 17 (7–11), Mon 20–Thu 23 (12–15).
		(date(2025, 9, 26), 15, date(2025, 10, 23)),
		# Received on Saturday 27 Sep (a day off): the make-up Sunday is the first working day.
		(date(2025, 9, 27), 1, date(2025, 9, 28)),
		(date(2025, 9, 27), 5, date(2025, 10, 10)),
		# Tue 30 Sep, the last working day before the holiday: Thu 9, Fri 10, Sat 11, Mon 13, Tue 14.
		(date(2025, 9, 30), 1, date(2025, 10, 9)),
		(date(2025, 9, 30), 5, date(2025, 10, 14)),
		# Received during the holiday.
		(date(2025, 10, 3), 1, date(2025, 10, 9)),
		(date(2025, 10, 8), 5, date(2025, 10, 14)),
		(date(2025, 10, 8), 6, date(2025, 10, 15)),
	],
)
def test_2025_national_day_examples(start, n, due):
	assert CAL.add_working_days(start, n) == due
	assert CAL.working_days_between(start, due) == n
	assert cc_is_workday(due)


def test_2025_the_whole_holiday_has_no_working_day():
	assert CAL.working_days_between(date(2025, 9, 30), date(2025, 10, 8)) == 0
	assert CAL.working_days_between(date(2025, 9, 30), date(2025, 10, 9)) == 1
	# The make-up Sunday counts, the Saturday before it does not.
	assert CAL.working_days_between(date(2025, 9, 26), date(2025, 9, 28)) == 1
	assert CAL.working_days_between(date(2025, 9, 26), date(2025, 9, 27)) == 0


# --- 2026: 春节 15 February (Sunday) to 23 February (Monday) off; Saturday 14 February and
# Saturday 28 February are make-up workdays (国办发明电〔2025〕7号).


def test_2026_spring_festival_schedule_is_loaded():
	assert all(not CAL.is_workday(date(2026, 2, d)) for d in range(15, 24))
	assert CAL.is_workday(date(2026, 2, 14)) and date(2026, 2, 14).weekday() == 5
	assert CAL.is_workday(date(2026, 2, 28)) and date(2026, 2, 28).weekday() == 5
	assert CAL.is_workday(date(2026, 2, 24))
	assert not CAL.is_workday(date(2026, 3, 1))  # an ordinary Sunday


@pytest.mark.parametrize(
	("start", "n", "due"),
	[
		# Fri 13 Feb: Sat 14 (1), 15–23 off, Tue 24 (2), Wed 25 (3), Thu 26 (4), Fri 27 (5).
		(date(2026, 2, 13), 1, date(2026, 2, 14)),
		(date(2026, 2, 13), 2, date(2026, 2, 24)),
		(date(2026, 2, 13), 5, date(2026, 2, 27)),
		(date(2026, 2, 13), 6, date(2026, 2, 28)),  # the second make-up Saturday
		(date(2026, 2, 13), 7, date(2026, 3, 2)),
		# ... Mon 2–Fri 6 Mar (7–11), Mon 9–Thu 12 (12–15).
		(date(2026, 2, 13), 15, date(2026, 3, 12)),
		# Thu 12 Feb: Fri 13, Sat 14, Tue 24, Wed 25, Thu 26.
		(date(2026, 2, 12), 5, date(2026, 2, 26)),
		# Received on the make-up Saturday itself: it is not counted.
		(date(2026, 2, 14), 1, date(2026, 2, 24)),
		(date(2026, 2, 18), 5, date(2026, 2, 28)),
	],
)
def test_2026_spring_festival_examples(start, n, due):
	assert CAL.add_working_days(start, n) == due
	assert CAL.working_days_between(start, due) == n
	assert cc_is_workday(due)


def test_2026_spring_festival_between():
	assert CAL.working_days_between(date(2026, 2, 14), date(2026, 2, 23)) == 0
	assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2
	assert CAL.working_days_between(date(2026, 2, 24), date(2026, 2, 13)) == -2


# --- 2026: 中秋节 25–27 September, 国庆节 1–7 October; Sunday 20 September and Saturday
# 10 October are make-up workdays.


@pytest.mark.parametrize(
	("start", "n", "due"),
	[
		# Fri 18 Sep: Sun 20 (1), Mon 21 (2), Tue 22 (3), Wed 23 (4), Thu 24 (5).
		(date(2026, 9, 18), 5, date(2026, 9, 24)),
		# Thu 24 Sep: 25–27 off, Mon 28 (1), Tue 29 (2), Wed 30 (3), 1–7 Oct off, Thu 8 (4), Fri 9 (5).
		(date(2026, 9, 24), 5, date(2026, 10, 9)),
		(date(2026, 9, 24), 6, date(2026, 10, 10)),
	],
)
def test_2026_mid_autumn_and_national_day_examples(start, n, due):
	assert CAL.add_working_days(start, n) == due
	assert cc_is_workday(due)


def test_2020_the_extended_spring_festival_cancelled_a_make_up_saturday():
	# The 2020 extension (国办发明电〔2020〕1号) turned Saturday 1 February from a make-up
	# workday into a day off; the clock resumes on Monday 3 February.
	assert not CAL.is_workday(date(2020, 2, 1))
	assert CAL.add_working_days(date(2020, 1, 23), 1) == date(2020, 2, 3)


def test_a_weekend_make_up_day_counts_and_an_ordinary_weekend_does_not():
	assert CAL.add_working_days(date(2015, 9, 4), 1) == date(2015, 9, 6)  # 抗战胜利70周年, Sunday make-up
	assert CAL.add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # an ordinary weekend


# --- the years beyond the calendar ----------------------------------------------------------


def test_a_clock_into_an_unloaded_year_names_that_year():
	# Mon 28 Dec 2026: Tue 29, Wed 30, Thu 31 are the last working days chinesecalendar knows.
	assert CAL.add_working_days(date(2026, 12, 28), 3) == date(2026, 12, 31)
	with pytest.raises(CalendarNotLoaded) as err:
		CAL.add_working_days(date(2026, 12, 28), 5)
	assert err.value.year == 2027 and err.value.params == {"year": 2027}
	assert "{year}" in err.value.message and "not loaded" in err.value.message
	assert "2027" in str(err.value) and "not loaded" in str(err.value)
	with pytest.raises(CalendarNotLoaded):
		CAL.working_days_between(date(2026, 12, 28), date(2027, 1, 4))
	with pytest.raises(CalendarNotLoaded) as err:
		CAL.is_workday(date(2003, 12, 31))
	assert err.value.year == 2003


def test_once_the_next_year_is_entered_the_clock_runs_into_it():
	# Mon 28 Dec: Tue 29 (1), Wed 30 (2), Thu 31 (3), Fri 1 Jan off (元旦), Mon 4 (4), Tue 5 (5).
	assert CAL_2027.add_working_days(date(2026, 12, 28), 5) == date(2027, 1, 5)
	# ... Wed 6–Fri 8 (6–8), Mon 11–Fri 15 (9–13), Mon 18 (14), Tue 19 (15).
	assert CAL_2027.add_working_days(date(2026, 12, 28), 15) == date(2027, 1, 19)
	# Fri 5 Feb: 8–12 off, Sat 13 is the entered make-up workday.
	assert CAL_2027.add_working_days(date(2027, 2, 5), 1) == date(2027, 2, 13)
	assert CAL_2027.working_days_between(date(2027, 2, 5), date(2027, 2, 15)) == 2
	with pytest.raises(CalendarNotLoaded) as err:
		CAL_2027.add_working_days(date(2027, 12, 28), 5)
	assert err.value.year == 2028


def test_negative_counts_are_refused():
	with pytest.raises(ValueError):
		CAL.add_working_days(date(2026, 3, 2), -1)


# --- days left and the clock status -----------------------------------------------------------


@pytest.mark.parametrize(
	("today", "due", "left", "status"),
	[
		(date(2025, 9, 26), date(2025, 10, 10), 5, "正常"),
		(date(2025, 10, 8), date(2025, 10, 10), 2, "正常"),
		(date(2025, 10, 9), date(2025, 10, 10), 1, "即将超时"),
		(date(2025, 10, 10), date(2025, 10, 10), 0, "即将超时"),
		# Saturday 11 October 2025 is a make-up workday: the first day overdue is a working day.
		(date(2025, 10, 11), date(2025, 10, 10), -1, "已超时"),
		(date(2025, 10, 13), date(2025, 10, 10), -2, "已超时"),
		# Due on Friday 6 March 2026: on the weekend after an ordinary due day it is already overdue.
		(date(2026, 3, 7), date(2026, 3, 6), -1, "已超时"),
		(date(2026, 3, 8), date(2026, 3, 6), -1, "已超时"),
		(date(2026, 3, 9), date(2026, 3, 6), -1, "已超时"),
		(date(2026, 3, 10), date(2026, 3, 6), -2, "已超时"),
		# A holiday just before the due day: 春节 leaves one working day to Tue 24 Feb.
		(date(2026, 2, 20), date(2026, 2, 24), 1, "即将超时"),
	],
)
def test_days_left_examples(today, due, left, status):
	assert working_days_left(CAL, today, due) == left
	assert clock_status(left) == status
