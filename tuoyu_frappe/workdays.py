"""Chinese working days as plain functions (no database).

A day is a working day when it is a weekday that is not a public holiday, or a weekend day
that is a make-up workday (调休上班). The calendar knows which years are loaded and refuses
to guess beyond them.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from tuoyu_frappe.validation import _

HOLIDAY = "节假日"
MAKEUP_WORKDAY = "调休上班"

# chinesecalendar names its holidays in English.
HOLIDAY_NAMES_ZH = {
	"New Year's Day": "元旦",
	"Spring Festival": "春节",
	"Tomb-sweeping Day": "清明节",
	"Labour Day": "劳动节",
	"Dragon Boat Festival": "端午节",
	"National Day": "国庆节",
	"Mid-autumn Festival": "中秋节",
	"Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


class CalendarNotLoaded(LookupError):
	"""A clock reached a year whose holidays and make-up workdays have not been entered.

	`message` is the English template (translate it, then format it with `params`)."""

	def __init__(self, year: int):
		self.year = year
		self.message = _(
			"The working-day calendar for {year} is not loaded; a city administrator must enter that year's holidays and make-up workdays before this deadline can be computed"
		)
		self.params = {"year": year}
		super().__init__(self.message.format(**self.params))


@dataclass(frozen=True)
class WorkCalendar:
	holidays: frozenset[date]
	makeup_workdays: frozenset[date]
	years: frozenset[int]

	def is_workday(self, day: date) -> bool:
		if day.year not in self.years:
			raise CalendarNotLoaded(day.year)
		if day in self.makeup_workdays:
			return True
		return day.weekday() < 5 and day not in self.holidays

	def add_working_days(self, start: date, count: int) -> date:
		"""The `count`-th working day after `start` (`start` itself is not counted)."""
		if count < 0:
			raise ValueError("count must not be negative")
		day = start
		while count:
			day += timedelta(days=1)
			if self.is_workday(day):
				count -= 1
		return day

	def subtract_working_days(self, end: date, count: int) -> date:
		"""The day `count` working days before `end`: add_working_days(result, count) == end when
		`end` is a working day."""
		if count < 0:
			raise ValueError("count must not be negative")
		day = end
		while count:
			day -= timedelta(days=1)
			if self.is_workday(day):
				count -= 1
		return day

	def working_days_between(self, start: date, end: date) -> int:
		"""Working days in (start, end]; negative when `end` is before `start`."""
		if end < start:
			return -self.working_days_between(end, start)
		return sum(1 for n in range(1, (end - start).days + 1) if self.is_workday(start + timedelta(days=n)))


def special_days_from_chinesecalendar(year: int) -> list[tuple[date, str, str]]:
	"""(day, kind, Chinese name) for every holiday and make-up workday of `year`."""
	from chinese_calendar import constants

	rows = [
		(day, HOLIDAY, HOLIDAY_NAMES_ZH.get(name, name))
		for day, name in constants.holidays.items()
		if day.year == year
	]
	rows += [
		(day, MAKEUP_WORKDAY, HOLIDAY_NAMES_ZH.get(name, name))
		for day, name in constants.workdays.items()
		if day.year == year
	]
	return sorted(rows)


def chinesecalendar_years() -> range:
	from chinese_calendar import constants

	years = {d.year for d in constants.holidays}
	return range(min(years), max(years) + 1)
