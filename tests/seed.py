"""A small fixed world for integration and HTTP tests: two areas, three points, three staff,
and one user per role and place. Idempotent and committed once per session, so a running
server sees it too."""

from datetime import date, timedelta

import frappe
from stdnum.cn import ric, uscc

PASSWORD = "Tuoyu#Test-2026"
LANSHAN, LUOZHUANG = "371302", "371311"
LANSHAN_TOWN, LUOZHUANG_TOWN = "371302001", "371311001"

CITY = "city.admin@tuoyu.test"
REV_LS = "reviewer.lanshan@tuoyu.test"
REV_LZ = "reviewer.luozhuang@tuoyu.test"
OP_A = "operator.a@tuoyu.test"
OP_B = "operator.b@tuoyu.test"
OP_C = "operator.c@tuoyu.test"
NOBODY = "nobody@tuoyu.test"  # a desk user with no Tuoyu role
ASSOC = "association@tuoyu.test"  # 行业协会: point A is a member, points B and C are not

SYSADMIN = "sysadmin@tuoyu.test"  # holds System Manager, so no role user is forced to
USERS = {
	SYSADMIN: ("系统管理员", "System Manager"),
	CITY: ("市级管理员", "Tuoyu City Admin"),
	REV_LS: ("兰山审核员", None),
	REV_LZ: ("罗庄审核员", None),
	OP_A: ("甲举办者", None),
	OP_B: ("乙举办者", None),
	OP_C: ("丙举办者", None),
	NOBODY: ("无角色用户", None),
	ASSOC: ("协会督导员", "Tuoyu Association"),
}
MEMBER_POINTS = ("A",)

POINTS = {
	"A": ("测试甲托育点", LANSHAN_TOWN, OP_A),
	"B": ("测试乙托育点", LANSHAN_TOWN, OP_B),
	"C": ("测试丙托育点", LUOZHUANG_TOWN, OP_C),
}


def make_uscc(seq: int) -> str:
	body = f"9137130{seq:02d}MA3C{seq:04d}"[:17]
	return body + uscc.calc_check_digit(body)


def make_id(birth: date, seq: int, region: str = "371302") -> str:
	body = f"{region}{birth:%Y%m%d}{seq:03d}"
	return body + ric.calc_check_digit(body + "0")


STAFF_IDS = {key: make_id(date(1990, 1, 1 + i), 11 + 2 * i) for i, key in enumerate(POINTS)}


def ensure_user(email: str, full_name: str, role: str | None) -> None:
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": full_name,
				"language": "zh",
				"send_welcome_email": 0,
				"new_password": PASSWORD,
			}
		)
		user.insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	if role and role not in frappe.get_roles(email):
		user.add_roles(role)
	# Frappe makes the first desk user a System Manager: tests of a role must see only that role.
	if role != "System Manager" and "System Manager" in frappe.get_roles(email):
		user.remove_roles("System Manager")


def ensure_point(key: str) -> str:
	point_name, township, operator = POINTS[key]
	name = frappe.db.get_value("Tuoyu Point", {"point_name": point_name})
	if name:
		return name
	doc = frappe.get_doc(
		{
			"doctype": "Tuoyu Point",
			"point_name": point_name,
			"entity_name": f"临沂{key}托育服务有限公司",
			"legal_form": "企业",
			"uscc": make_uscc(ord(key)),
			"phone": f"1380000{ord(key):04d}",
			"township": township,
			"address": f"测试路{ord(key)}号",
			"premises_type": "居民住宅",
			"tenure": "自有",
			"floor_area": 120,
			"cctv_retention_days": 90,
			"capacity": 5,
			"enrolment": 3,
			"service_model": "家庭服务",
			"full_day": 1,
			"operators": [{"user": operator}],
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def ensure_staff(key: str, point: str) -> str:
	name = frappe.db.get_value("Tuoyu Staff", {"point": point})
	if name:
		return name
	doc = frappe.get_doc(
		{
			"doctype": "Tuoyu Staff",
			"staff_name": f"保育员{key}",
			"point": point,
			"post": "保育人员",
			"employment_start": "2024-03-01",
			"id_number_entry": STAFF_IDS[key],
			"health_cert_date": str(date.today() - timedelta(days=30)),
		}
	)
	doc.insert(ignore_permissions=True)
	identity = frappe.get_doc("Tuoyu Staff Identity", doc.name)
	identity.append(
		"background_checks", {"check_date": str(date.today() - timedelta(days=60)), "result": "无相关记录"}
	)
	identity.save(ignore_permissions=True)
	return doc.name


def ensure_world() -> None:
	frappe.set_user("Administrator")
	for email, (full_name, role) in USERS.items():
		ensure_user(email, full_name, role)
	for reviewer, area in ((REV_LS, LANSHAN), (REV_LZ, LUOZHUANG)):
		if not frappe.db.exists("Tuoyu Reviewer Assignment", {"reviewer": reviewer, "area": area}):
			frappe.get_doc(
				{"doctype": "Tuoyu Reviewer Assignment", "reviewer": reviewer, "area": area}
			).insert(ignore_permissions=True)
	for key in POINTS:
		point = ensure_point(key)
		ensure_staff(key, point)
		frappe.db.set_value("Tuoyu Point", point, "association_member", int(key in MEMBER_POINTS))


class World:
	"""Names of the seeded rows, looked up once."""

	def __init__(self):
		self.point = {
			key: frappe.db.get_value("Tuoyu Point", {"point_name": POINTS[key][0]}) for key in POINTS
		}
		self.staff = {key: frappe.db.get_value("Tuoyu Staff", {"point": self.point[key]}) for key in POINTS}
