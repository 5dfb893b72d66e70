"""Demo data for a presentation site: users, points in all county-level areas, and their staff.

Everything is drawn from one Faker (zh_CN) seeded once and used in a fixed order: the users first,
then point after point with its operator and staff. The same seed therefore always gives the same
rows, and point n is the same whatever number of points is asked for. Before inserting, each row
is looked up by a natural key (user email, point name, staff ID number), so a second run creates
nothing. All documents go through their controllers, so every row passes the app's own validation.
"""

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random

import frappe
from faker import Faker
from frappe import _
from frappe.utils import getdate, today
from stdnum.cn import ric, uscc

from tuoyu_frappe.compliance import add_months
from tuoyu_frappe.permissions import CITY_ADMIN, OPERATOR, REVIEWER

DEMO_PASSWORD = "Tuoyu@2026"
DEMO_DOMAIN = "demo.tuoyu"
CITY_ADMIN_EMAIL = f"city@{DEMO_DOMAIN}"
SYSTEM_ADMIN_EMAIL = f"it@{DEMO_DOMAIN}"
BATCH_SIZE = 20

# Approximate centres of the county-level areas (latitude, longitude); points scatter around them.
CENTRES = {
	"371302": (35.07, 118.33),
	"371311": (34.97, 118.30),
	"371312": (35.10, 118.42),
	"371321": (35.55, 118.47),
	"371322": (34.62, 118.37),
	"371323": (35.79, 118.63),
	"371324": (34.86, 118.06),
	"371325": (35.27, 117.98),
	"371326": (35.51, 117.64),
	"371327": (35.18, 118.83),
	"371328": (35.71, 117.95),
	"371329": (34.92, 118.65),
	"371371": (35.03, 118.24),
}
LINYI_BOUNDS = ((34.4, 36.2), (117.4, 119.1))
# 高新区 has no ID-card region code of its own; its residents hold 罗庄区 (371311) numbers.
ID_REGIONS = tuple(code for code in CENTRES if code != "371371")
SHORT_NAMES = {"371371": "临沂高新区"}

MOBILE_PREFIXES = (
	"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
	"155", "156", "157", "158", "159", "180", "181", "182", "183", "185", "186", "187", "188", "189",
)  # fmt: skip
BRANDS = (
	"小星星", "小蜜蜂", "童心", "阳光宝贝", "爱心", "小太阳", "七彩虹", "小橘灯", "萌芽", "小树苗",
	"贝贝", "乐乐", "暖暖", "童趣", "小天使", "小脚丫", "向日葵", "蒲公英", "小海豚", "彩虹桥",
	"咿呀", "宝贝屋", "苗苗", "欢欢", "小雨点", "小白兔", "星光", "花朵", "禾苗", "金色童年",
	"快乐宝贝", "小不点", "悦悦", "安心", "沂蒙娃", "蒙山娃", "小叮当", "小海星", "晨曦", "小书虫",
)  # fmt: skip
COMMUNITY_STEMS = ("幸福", "阳光", "和谐", "锦绣", "凤凰", "书香", "滨河", "沂河", "蒙山", "丽景", "金色", "翡翠")  # fmt: skip
COMMUNITY_SUFFIXES = ("花园", "小区", "家园", "新村", "苑", "名邸", "佳苑")
# USCC positions 1–2 (登记管理部门 + 机构类别) by legal form.
USCC_PREFIX = {"企业": "91", "个体工商户": "92", "民办非企业单位": "52"}
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714 check of the embedded organisation code

QUALIFICATIONS = {
	"负责人": ("保育师", "幼儿园教师资格证", "育婴员"),
	"保育人员": ("保育师", "育婴员", "婴幼儿发展引导员"),
	"保健人员": ("护士执业证书", "医师执业证书"),
	"炊事人员": ("营养师", "其他"),
	"安保人员": ("其他",),
}
FEMALE_SHARE = {"负责人": 0.8, "保育人员": 0.95, "保健人员": 0.9, "炊事人员": 0.6, "安保人员": 0.1}
FILED_SHARE = 0.3
FILING_START = date(2022, 3, 1)  # the first filings under the Linyi plan of 2022 (history for the reports)
EMPLOYMENT_START = date(2022, 1, 1)  # the Linyi pilot began in 2022


@dataclass(frozen=True)
class County:
	code: str
	name: str
	townships: tuple[tuple[str, str], ...]  # (area code, name)

	@property
	def short(self) -> str:
		return SHORT_NAMES.get(self.code, self.name)


@dataclass
class StaffPlan:
	values: dict
	# Kept in the restricted Tuoyu Staff Identity record, which the staff controller creates.
	background_checks: list[dict]


@dataclass
class PointPlan:
	operator: dict
	point: dict
	staff: list[StaffPlan]
	filing: dict | None = None


@dataclass
class Generator:
	"""Draws the demo rows in a fixed order from one seeded Faker; no database access."""

	seed: int
	counties: list[County]
	on: date
	fake: Faker = field(init=False)
	used: dict[str, set] = field(default_factory=lambda: {"point": set(), "uscc": set(), "id": set()})
	staff_count: int = 0

	def __post_init__(self):
		self.fake = Faker("zh_CN")
		self.fake.seed_instance(self.seed)

	@property
	def rng(self) -> Random:
		return self.fake.random

	def person(self, female_share: float) -> tuple[str, bool]:
		female = self.rng.random() < female_share
		first = self.fake.first_name_female() if female else self.fake.first_name_male()
		return self.fake.last_name() + first, female

	def user(self, email: str, title: str, roles: tuple[str, ...] = (), name: str | None = None) -> dict:
		"""A user whose full name says their role, e.g. 兰山区审核员 张伟."""
		return {
			"doctype": "User",
			"email": email,
			"first_name": f"{title} {name or self.person(0.6)[0]}",
			"language": "zh",
			"send_welcome_email": 0,
			"new_password": DEMO_PASSWORD,
			"roles": [{"role": role} for role in roles],
		}

	def city_admin(self) -> dict:
		return self.user(CITY_ADMIN_EMAIL, "市级管理员", (CITY_ADMIN,))

	def reviewer(self, county: County) -> dict:
		return self.user(reviewer_email(county.code), f"{county.short}审核员", (REVIEWER,))

	def spread(self, days: int) -> int:
		"""0..days with exactly one draw: ranges that grow with today's date must not shift the draws
		after them, or a run on another day would name the points differently."""
		return int(self.rng.random() * (max(days, 0) + 1))

	def mobile(self) -> str:
		return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

	def unique(self, kind: str, make: Callable[[], str]) -> str:
		while (value := make()) in self.used[kind]:
			pass
		self.used[kind].add(value)
		return value

	# --- points -------------------------------------------------------------------------

	def county_for(self, n: int) -> County:
		# Round robin first so every area has points, then weighted by the number of townships.
		if n <= len(self.counties):
			return self.counties[n - 1]
		weights = [max(len(c.townships), 4) for c in self.counties]
		return self.rng.choices(self.counties, weights)[0]

	def point_plan(self, n: int) -> PointPlan:
		county = self.county_for(n)
		township = self.rng.choice(county.townships) if county.townships else None
		filed = self.rng.random() < FILED_SHARE
		owner_name, owner_female = self.person(0.8)
		operator = self.user(operator_email(n), f"{county.short}举办者", (OPERATOR,), owner_name)
		brand, point_name = self.point_name(county, township, owner_name)
		legal_form = self.rng.choices(("个体工商户", "企业", "民办非企业单位"), (55, 35, 10))[0]
		point = {
			"doctype": "Tuoyu Point",
			"point_name": point_name,
			"entity_name": entity_name(county, brand, legal_form),
			"legal_form": legal_form,
			"uscc": self.unique("uscc", lambda: self.uscc(legal_form, county.code)),
			"phone": self.mobile(),
			"area": county.code,
			"township": township[0] if township else None,
			"operators": [{"user": operator["email"]}],
			**self.location(county, township),
			**self.premises(filed),
			**self.service(filed),
		}
		owner = (owner_name, owner_female)
		staff = [self.staff(county, post, owner) for post in self.posts(point)]
		return PointPlan(operator, point, staff, self.filing() if filed else None)

	def point_name(self, county: County, township: tuple[str, str] | None, owner: str) -> tuple[str, str]:
		"""(brand, point name), e.g. (小星星, 兰山区小星星家庭托育点); names are unique."""
		while True:
			style, brand = self.rng.random(), self.rng.choice(BRANDS)
			if style < 0.15:
				brand = owner[0] + self.rng.choice(("妈妈", "老师", "阿姨"))
			if 0.15 <= style < 0.35 and township:
				name = f"{county.short}{township[1]}{brand}家庭托育点"
			else:
				name = f"{county.short}{brand}{self.rng.choice(('家庭托育点', '家庭托育点', '托育之家'))}"
			if name not in self.used["point"]:
				self.used["point"].add(name)
				return brand, name

	def uscc(self, legal_form: str, county_code: str) -> str:
		org = "MA" + "".join(self.rng.choice(USCC_CHARS) for _ in range(6))
		remainder = 11 - sum(int(c, 36) * w for c, w in zip(org, ORG_CODE_WEIGHTS, strict=True)) % 11
		body = USCC_PREFIX[legal_form] + county_code + org + {10: "X", 11: "0"}.get(remainder, str(remainder))
		return body + uscc.calc_check_digit(body)

	def location(self, county: County, township: tuple[str, str] | None) -> dict:
		(lat_min, lat_max), (lon_min, lon_max) = LINYI_BOUNDS
		lat, lon = CENTRES.get(county.code, (35.05, 118.35))
		return {
			"latitude": round(min(max(lat + self.rng.uniform(-0.08, 0.08), lat_min), lat_max), 6),
			"longitude": round(min(max(lon + self.rng.uniform(-0.09, 0.09), lon_min), lon_max), 6),
			"address": self.address(county, township),
		}

	def address(self, county: County, township: tuple[str, str] | None) -> str:
		# Faker also makes streets from bare surnames (李街); prefer the city-named ones (北京路).
		while len(street := self.fake.street_name()) < 3:
			pass
		community = self.rng.choice(COMMUNITY_STEMS) + self.rng.choice(COMMUNITY_SUFFIXES)
		building, unit = self.rng.randint(1, 28), self.rng.randint(1, 4)
		room = f"{self.rng.randint(1, 18)}0{self.rng.randint(1, 4)}"
		place = f"临沂市{county.name}{township[1] if township else ''}"
		return f"{place}{street}{self.rng.randint(1, 399)}号{community}{building}号楼{unit}单元{room}室"

	def premises(self, filed: bool) -> dict:
		# The 2023 national rules allow residences only; older pilot-era premises stay unfiled.
		premises_type = (
			"居民住宅"
			if filed
			else self.rng.choices(("居民住宅", "沿街房", "社区用房", "村居"), (85, 7, 5, 3))[0]
		)
		values = {
			"premises_type": premises_type,
			"tenure": self.rng.choice(("自有", "租赁")),
			"owners_consent": int(premises_type == "居民住宅" and (filed or self.rng.random() < 0.85)),
			"floor_area": round(self.rng.uniform(75, 180), 1),
			"cctv_retention_days": self.cctv_days(filed),
		}
		if values["tenure"] == "租赁":
			# The rule set in force requires at least three more years of lease.
			values["lease_end"] = str(self.on + timedelta(days=1100 + self.rng.randint(30, 1500)))
		return values

	def cctv_days(self, filed: bool) -> int:
		# At least 90 days are required; about one point in six still under preparation keeps less.
		days = self.rng.choices((90, 120, 180, 60, 30), (65, 10, 8, 10, 7))[0]
		return max(days, 90) if filed else days

	def service(self, filed: bool) -> dict:
		capacity = self.rng.choices((3, 4, 5), (1, 2, 5))[0]
		if filed:
			enrolment = self.rng.randint(max(1, capacity - 2), capacity)
		else:
			enrolment = self.rng.randint(1, capacity) if self.rng.random() < 0.3 else 0
		return {
			"capacity": capacity,
			"enrolment": enrolment,
			"service_model": self.rng.choices(
				("家庭服务", "社区服务", "社会服务", "医育结合"), (60, 20, 10, 10)
			)[0],
			"meals_prepared": int(self.rng.random() < 0.6),
			"full_day": int(filed or self.rng.random() < 0.9),
			"half_day": int(self.rng.random() < 0.4),
			"hourly": int(self.rng.random() < 0.25),
			"occasional": int(self.rng.random() < 0.15),
		}

	def filing(self) -> dict:
		filed_on = FILING_START + timedelta(days=self.spread((self.on - FILING_START).days - 14))
		return {"filed_on": str(filed_on)}  # numbered by number_filings

	# --- staff --------------------------------------------------------------------------

	def posts(self, point: dict) -> list[str]:
		# One caregiver for every three children (1:3) the point takes or is filed for.
		caregivers = math.ceil(max(point["capacity"], point["enrolment"]) / 3)
		posts = ["负责人"] + ["保育人员"] * caregivers
		extras = ["保健人员", "安保人员"] + (["炊事人员"] if point["meals_prepared"] else [])
		return posts + self.rng.choices(extras, k=self.rng.randint(0, max(4 - len(posts), 0)))

	def staff(self, county: County, post: str, owner: tuple[str, bool]) -> StaffPlan:
		self.staff_count += 1
		# The operator runs the point themselves as its 负责人.
		name, female = owner if post == "负责人" else self.person(FEMALE_SHARE[post])
		start = EMPLOYMENT_START + timedelta(days=self.spread((self.on - EMPLOYMENT_START).days - 30))
		cert_date, cert_expiry = self.health_cert()
		values = {
			"doctype": "Tuoyu Staff",
			"staff_name": name,
			"post": post,
			"employment_status": "在职",
			"employment_start": str(start),
			"id_number_entry": self.unique("id", lambda: self.id_number(county, female)),
			"phone": self.mobile() if self.rng.random() < 0.8 else None,
			"health_cert_date": str(cert_date),
			"health_cert_expiry": str(cert_expiry),
			"qualifications": [self.qualification(post, start)],
		}
		return StaffPlan(values, self.background_checks(county, start))

	def id_number(self, county: County, female: bool) -> str:
		own = county.code if county.code in ID_REGIONS else "371311"
		region = own if self.rng.random() < 0.8 else self.rng.choice(ID_REGIONS)
		birth = date(self.rng.randint(1970, 2000), 1, 1) + timedelta(days=self.rng.randint(0, 364))
		# The 17th digit is odd for men and even for women.
		sequence = self.rng.randint(0, 99) * 10 + self.rng.choice(
			(0, 2, 4, 6, 8) if female else (1, 3, 5, 7, 9)
		)
		body = f"{region}{birth:%Y%m%d}{sequence:03d}"
		return body + ric.calc_check_digit(body + "0")

	def health_cert(self) -> tuple[date, date]:
		# Every 10th certificate runs out within 30 days and every 40th has already expired, so
		# reminders and findings have something to show.
		if self.staff_count % 10 == 4:
			expiry = self.on + timedelta(days=self.rng.randint(1, 29))
		elif self.staff_count % 40 == 17:
			expiry = self.on - timedelta(days=self.rng.randint(3, 60))
		else:
			expiry = self.on + timedelta(days=self.rng.randint(35, 330))
		return add_months(expiry, -12), expiry

	def qualification(self, post: str, start: date) -> dict:
		issued = start - timedelta(days=self.rng.randint(30, 2500))
		return {
			"qualification_type": self.rng.choice(QUALIFICATIONS[post]),
			"certificate_number": f"{issued.year}{self.rng.randrange(10**10):010d}",
			"issue_date": str(issued),
		}

	def background_checks(self, county: County, start: date) -> list[dict]:
		# A check at hiring, then one every year (未成年人保护法 Art. 62).
		authority = (
			f"临沂市公安局{county.name[:-1]}分局" if county.name.endswith("区") else f"{county.name}公安局"
		)
		checked, interval = start - timedelta(days=self.rng.randint(3, 20)), self.rng.randint(330, 360)
		checks = []
		while checked <= self.on:
			note = "入职查询" if not checks else "年度复查"
			checks.append(
				{"check_date": str(checked), "result": "无相关记录", "authority": authority, "note": note}
			)
			checked += timedelta(days=interval)
		return checks


def number_filings(plans: list[PointPlan]) -> None:
	"""Filing numbers run per county and year in the order of the filing dates."""
	filed = sorted((p for p in plans if p.filing), key=lambda p: (p.point["area"], p.filing["filed_on"]))
	sequence: Counter = Counter()
	for plan in filed:
		area, year = plan.point["area"], plan.filing["filed_on"][:4]
		sequence[area, year] += 1
		plan.filing["filing_number"] = f"临卫托备〔{year}〕{area}{sequence[area, year]:03d}号"


def reviewer_email(area_code: str) -> str:
	return f"reviewer.{area_code}@{DEMO_DOMAIN}"


def operator_email(n: int) -> str:
	return f"operator.{n}@{DEMO_DOMAIN}"


def entity_name(county: County, brand: str, legal_form: str) -> str:
	if legal_form == "企业":
		return f"临沂市{county.name}{brand}托育服务有限公司"
	if legal_form == "民办非企业单位":
		return f"{county.name}{brand}托育中心"
	return f"{county.name}{brand}托育服务部"


def load_counties() -> list[County]:
	townships: dict[str, list[tuple[str, str]]] = {}
	for row in frappe.get_all(
		"Tuoyu Area",
		filters={"level": "乡镇街道", "enabled": 1},
		fields=["name", "area_name", "parent_area"],
		order_by="name",
	):
		townships.setdefault(row.parent_area, []).append((row.name, row.area_name))
	counties = frappe.get_all(
		"Tuoyu Area", filters={"level": "县区", "enabled": 1}, fields=["name", "area_name"], order_by="name"
	)
	return [County(c.name, c.area_name, tuple(townships.get(c.name, ()))) for c in counties]


def drop_forced_system_manager(values: dict) -> None:
	"""Sites loaded before the IT administrator existed gave the city admin System Manager."""
	wanted = {r["role"] for r in values.get("roles", [])}
	if "System Manager" not in wanted and "System Manager" in frappe.get_roles(values["email"]):
		if frappe.get_all(
			"Has Role",
			filters={"role": "System Manager", "parent": ("not in", ("Administrator", values["email"]))},
		):
			frappe.get_doc("User", values["email"]).remove_roles("System Manager")


class Loader:
	"""Inserts what is missing and counts what was created and what already existed."""

	def __init__(self):
		self.created: Counter = Counter()
		self.existing: Counter = Counter()
		self.users = set(frappe.get_all("User", filters={"name": ("like", f"%@{DEMO_DOMAIN}")}, pluck="name"))
		self.points = dict(frappe.get_all("Tuoyu Point", fields=["point_name", "name"], as_list=True))
		self.id_numbers = set(frappe.get_all("Tuoyu Staff Identity", pluck="id_number"))

	def found(self, kind: str, exists: bool) -> bool:
		(self.existing if exists else self.created)[kind] += 1
		return exists

	def user(self, values: dict) -> None:
		if self.found("users", values["email"] in self.users):
			drop_forced_system_manager(values)
			return
		user = frappe.new_doc("User")  # with the DocType's defaults, which imports do not set
		user.update(values)
		# Created the way Data Import does, or Frappe refuses more than 60 new users a minute
		# (throttle_user_creation).
		in_import, frappe.flags.in_import = frappe.flags.in_import, True
		try:
			user.insert(ignore_permissions=True)
		finally:
			frappe.flags.in_import = in_import
		self.users.add(values["email"])

	def reviewer_assignment(self, county: County) -> None:
		key = {"reviewer": reviewer_email(county.code), "area": county.code}
		if not self.found("reviewer_assignments", bool(frappe.db.exists("Tuoyu Reviewer Assignment", key))):
			frappe.get_doc({"doctype": "Tuoyu Reviewer Assignment", **key}).insert(ignore_permissions=True)

	def point(self, plan: PointPlan) -> None:
		point_name = plan.point["point_name"]
		if not self.found("points", point_name in self.points):
			self.points[point_name] = frappe.get_doc(plan.point).insert(ignore_permissions=True).name
		for staff in plan.staff:
			self.staff(staff, self.points[point_name])
		if plan.filing:
			self.file(self.points[point_name], plan.filing)

	def staff(self, plan: StaffPlan, point: str) -> None:
		id_number = plan.values["id_number_entry"]
		if self.found("staff", id_number in self.id_numbers):
			return
		doc = frappe.get_doc({**plan.values, "point": point}).insert(ignore_permissions=True)
		self.id_numbers.add(id_number)
		identity = frappe.get_doc("Tuoyu Staff Identity", doc.name)
		identity.extend("background_checks", plan.background_checks)
		identity.save(ignore_permissions=True)

	def file(self, point: str, filing: dict) -> None:
		"""Mark the point filed, as the filing workflow's server code would."""
		doc = frappe.get_doc("Tuoyu Point", point)
		if self.found("filed_points", doc.status != "筹建中"):
			return
		doc.update({"status": "已备案", **filing})
		doc.flags.status_set_by_server = True
		doc.save(ignore_permissions=True)


def load_demo(
	points: int = 220,
	seed: int = 2026,
	commit: bool = True,
	log: Callable[[str], None] | None = None,
) -> dict:
	"""Create the demo users, points and staff that are missing; return what was created and found.

	With `commit=False` nothing is committed (tests roll back); otherwise every batch is committed
	so a long run keeps its progress. `log` receives a progress line after every batch."""

	def checkpoint(done: int, total: int, what: str) -> None:
		if done % BATCH_SIZE and done != total:
			return
		if commit:
			frappe.db.commit()
		if log:
			log(f"  {done}/{total} {what}")

	previous_user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		counties = load_counties()
		if not counties:
			frappe.throw(_("No county-level Tuoyu Area is enabled; install the reference data first"))
		# Draw everything first, so that the draws never depend on what the database holds.
		generator = Generator(seed=seed, counties=counties, on=getdate(today()))
		# The IT administrator holds System Manager, which Frappe would otherwise force onto the
		# first desk user (the city admin); its name takes no draw, so the other rows stay the same.
		users = [
			generator.user(SYSTEM_ADMIN_EMAIL, "系统管理员", ("System Manager",), name="信息科"),
			generator.city_admin(),
			*(generator.reviewer(c) for c in counties),
		]
		plans = [generator.point_plan(n) for n in range(1, points + 1)]
		number_filings(plans)
		users += [plan.operator for plan in plans]

		loader = Loader()
		# Users come first and with their roles: Frappe clears the whole site cache on every User
		# save (User.validate → ask_pass_update → set_default), so one save per user, all together,
		# leaves warm caches for the points and staff. The assignment and point controllers then find
		# the role already granted and save no user again.
		for i, values in enumerate(users, 1):
			loader.user(values)
			checkpoint(i, len(users), "个用户 users")
		for county in counties:
			loader.reviewer_assignment(county)
		for n, plan in enumerate(plans, 1):
			loader.point(plan)
			checkpoint(n, points, "个托育点 points")
	finally:
		frappe.set_user(previous_user)
	return {"created": dict(loader.created), "existing": dict(loader.existing)}
