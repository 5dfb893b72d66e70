"""Row isolation at province scale: a throwaway site filled with set-based SQL, then list, count,
group-by and has_permission timed per role next to the same query in raw SQL.

Run by `make bench` (never by `make test`): it prepares the site `tuoyu-bench.localhost`, then

	cd $FRAPPE_BENCH/sites && ../env/bin/python path/to/benchmarks/province_scale.py tuoyu-bench.localhost

BENCH_POINTS (default 100000) sets the scale: 3 staff and 3 staff identities per point, one filing
per two points. BENCH_ROUNDS (default 15) sets how many runs each median is taken over.
The rows are valid (IDs, USCCs and phones pass the app's validators) and a sample of every
DocType is saved through its controller in a rolled-back transaction; the script stops otherwise."""

import os
import platform
import sys
import time
from datetime import date, timedelta

import frappe
import timing
from stdnum.cn import ric, uscc

POINTS = int(os.environ.get("BENCH_POINTS", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
STAFF_PER_POINT = 3
CHUNK = 5000
OPERATOR_POOL = 1000  # bulk operator users: every point has an operator row, as in production
NOW = "2026-01-05 09:00:00.000000"
PASSWORD = "Tuoyu#Bench-2026"

CITY = "city@bench.tuoyu"
REVIEWER = "reviewer@bench.tuoyu"
OPERATOR = "operator@bench.tuoyu"
ROLES = {"City admin": CITY, "District reviewer": REVIEWER, "Operator": OPERATOR}
GOALS = (("list", 1.2), ("count", 1.2), ("has_permission", 1.5))


# --- valid values ------------------------------------------------------------------------------


def make_uscc(i: int, county: str) -> str:
	body = f"91{county}MA{i:07d}"
	return body + uscc.calc_check_digit(body)


def make_mobile(i: int) -> tuple[str, str]:
	national = f"13{8 + i % 2}{i:08d}"
	return f"+86{national}", f"{national[:3]}****{national[-4:]}"


def make_id(j: int, county: str) -> tuple[str, date]:
	"""Unique by (birth date, sequence); born 1970–1997, so every staff member is an adult."""
	birth = date(1970, 1, 1) + timedelta(days=j % 10000)
	body = f"{county}{birth:%Y%m%d}{j // 10000:03d}"
	return body + ric.calc_check_digit(body + "0"), birth


def std(name: str, idx: int = 0) -> tuple:
	return (name, NOW, NOW, "Administrator", "Administrator", 0, idx)


STD = ["name", "creation", "modified", "owner", "modified_by", "docstatus", "idx"]


def insert(doctype: str, fields: list[str], rows) -> int:
	count = 0
	chunk = []
	for row in rows:
		chunk.append(row)
		if len(chunk) == CHUNK:
			frappe.db.bulk_insert(doctype, STD + fields, chunk, chunk_size=CHUNK)
			count += len(chunk)
			chunk = []
	if chunk:
		frappe.db.bulk_insert(doctype, STD + fields, chunk, chunk_size=CHUNK)
		count += len(chunk)
	return count


# --- the fill ----------------------------------------------------------------------------------


def areas() -> tuple[list[str], dict[str, list[str]]]:
	counties = frappe.get_all("Tuoyu Area", filters={"level": "县区"}, pluck="name", order_by="name")
	towns: dict[str, list[str]] = {c: [] for c in counties}
	for t in frappe.get_all(
		"Tuoyu Area", filters={"level": "乡镇街道"}, fields=["name", "county_area"], order_by="name"
	):
		towns[t.county_area].append(t.name)
	return counties, towns


def point_place(i: int, counties, towns) -> tuple[str, str]:
	county = counties[i % len(counties)]
	return county, towns[county][(i // len(counties)) % len(towns[county])]


def fill(counties, towns) -> dict[str, int]:
	from tuoyu_frappe.utils import rule_set_in_force

	rule_set = rule_set_in_force()
	assert rule_set, "no rule set in force on the bench site"
	pool = [f"op{k:04d}@bench.tuoyu" for k in range(OPERATOR_POOL)]
	insert(
		"User",
		["email", "first_name", "full_name", "enabled", "user_type", "language"],
		((*std(u), u, f"举办者{k}", f"举办者{k}", 1, "System User", "zh") for k, u in enumerate(pool)),
	)
	insert(
		"Has Role",
		["parent", "parenttype", "parentfield", "role"],
		((*std(f"bench-role-{k}", 1), u, "User", "roles", "Tuoyu Operator") for k, u in enumerate(pool)),
	)

	def points():
		for i in range(1, POINTS + 1):
			county, town = point_place(i, counties, towns)
			phone, masked = make_mobile(i)
			yield (
				*std(f"TYD-{i:05d}"),
				f"临沂第{i}号托育点",
				"筹建中",
				rule_set,
				f"临沂第{i}号托育服务有限公司",
				"企业",
				make_uscc(i, county),
				phone,
				masked,
				county,
				town,
				f"{town}测试路{i}号",
				"居民住宅",
				"自有",
				120,
				90,
				5,
				3,
				"家庭服务",
				1,
			)

	counts = {}
	counts["Tuoyu Point"] = insert(
		"Tuoyu Point",
		[
			"point_name",
			"status",
			"rule_set",
			"entity_name",
			"legal_form",
			"uscc",
			"phone",
			"phone_masked",
			"area",
			"township",
			"address",
			"premises_type",
			"tenure",
			"floor_area",
			"cctv_retention_days",
			"capacity",
			"enrolment",
			"service_model",
			"full_day",
		],
		points(),
	)
	counts["Tuoyu Point Operator"] = insert(
		"Tuoyu Point Operator",
		["parent", "parenttype", "parentfield", "user", "full_name"],
		(
			(
				*std(f"bench-op-{i}", 1),
				f"TYD-{i:05d}",
				"Tuoyu Point",
				"operators",
				pool[i % OPERATOR_POOL],
				"举办者",
			)
			for i in range(1, POINTS + 1)
		),
	)

	def staff(identity: bool):
		for j in range(POINTS * STAFF_PER_POINT):
			i = j // STAFF_PER_POINT + 1
			county, _town = point_place(i, counties, towns)
			number, birth = make_id(j, county)
			name = f"TYS-{j + 1:06d}"
			if identity:
				yield (*std(name), name, f"员工{j + 1}", f"TYD-{i:05d}", county, number, birth)
				continue
			phone, masked = make_mobile(POINTS + j)
			sex = "男" if int(number[16]) % 2 else "女"
			age = 2026 - birth.year - 1
			yield (
				*std(name),
				f"员工{j + 1}",
				f"TYD-{i:05d}",
				county,
				"负责人" if j % STAFF_PER_POINT == 0 else "保育人员",
				"在职",
				"2024-03-01",
				number[:6] + "********" + number[-4:],
				sex,
				age,
				phone,
				masked,
				"2025-10-01",
				"2026-10-01",
			)

	counts["Tuoyu Staff"] = insert(
		"Tuoyu Staff",
		[
			"staff_name",
			"point",
			"area",
			"post",
			"employment_status",
			"employment_start",
			"id_number_masked",
			"sex",
			"age",
			"phone",
			"phone_masked",
			"health_cert_date",
			"health_cert_expiry",
		],
		staff(identity=False),
	)
	counts["Tuoyu Staff Identity"] = insert(
		"Tuoyu Staff Identity",
		["staff", "staff_name", "point", "area", "id_number", "birth_date"],
		staff(identity=True),
	)
	counts["Tuoyu Filing"] = insert(
		"Tuoyu Filing",
		["filing_type", "point", "point_name", "area", "workflow_state", "rule_set"],
		(
			(
				*std(f"TYBA-2026-{k:05d}"),
				"新办备案",
				f"TYD-{2 * k:05d}",
				f"临沂第{2 * k}号托育点",
				point_place(2 * k, counties, towns)[0],
				"草稿",
				rule_set,
			)
			for k in range(1, POINTS // 2 + 1)
		),
	)
	# Later documents named by the series must not collide with the bulk rows.
	for prefix, current in (("TYD-", POINTS), ("TYS-", POINTS * STAFF_PER_POINT), ("TYBA-2026-", POINTS)):
		frappe.db.sql(
			"insert into tabSeries (name, current) values (%s, %s) on duplicate key update current=%s",
			(prefix, current, current),
		)
	for doctype in counts:
		frappe.db.sql(f"analyze table `tab{doctype}`")
	frappe.db.commit()
	return counts


def check_validity(counties) -> list[str]:
	"""Validators and controllers accept a sample of every DocType (saved, then rolled back)."""
	from tuoyu_frappe import validation

	checked = []
	today = date.today()
	for doctype in ("Tuoyu Point", "Tuoyu Staff", "Tuoyu Staff Identity", "Tuoyu Filing"):
		names = frappe.get_all(doctype, pluck="name", order_by="name", limit=3) + frappe.get_all(
			doctype, pluck="name", order_by="name desc", limit=3
		)
		for name in names:
			doc = frappe.get_doc(doctype, name)
			if doctype == "Tuoyu Point":
				assert validation.validate_uscc(doc.uscc) == doc.uscc
				assert validation.validate_mobile(doc.phone) == doc.phone
			if doctype == "Tuoyu Staff Identity":
				validation.validate_id_number(doc.id_number, today)
			if doctype == "Tuoyu Staff":
				assert validation.validate_mobile(doc.phone) == doc.phone
			doc.flags.ignore_permissions = True
			doc.save()
		checked.append(f"{doctype}: {len(names)} rows saved through the controller")
	frappe.db.rollback()
	return checked


def make_users(counties) -> str:
	"""The three users, made through the app's documents so the app grants their roles."""
	for email, first in ((CITY, "市级管理员"), (REVIEWER, "县区审核员"), (OPERATOR, "举办者")):
		if not frappe.db.exists("User", email):
			frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": first,
					"language": "zh",
					"send_welcome_email": 0,
					"new_password": PASSWORD,
				}
			).insert(ignore_permissions=True)
	city = frappe.get_doc("User", CITY)
	city.add_roles("Tuoyu City Admin")
	for email in ROLES.values():
		if "System Manager" in frappe.get_roles(email):
			frappe.get_doc("User", email).remove_roles("System Manager")
	frappe.get_doc(
		{"doctype": "Tuoyu Reviewer Assignment", "reviewer": REVIEWER, "area": counties[0]}
	).insert(ignore_permissions=True)
	# The operator's point: one of the reviewer's area, so has_permission compares like for like.
	point = frappe.get_doc("Tuoyu Point", f"TYD-{len(counties):05d}")
	assert point.area == counties[0]
	point.append("operators", {"user": OPERATOR})
	point.save(ignore_permissions=True)
	frappe.db.commit()
	return point.name


# --- measuring ---------------------------------------------------------------------------------


def median_ms(fn) -> float:
	return timing.median_ms(fn, ROUNDS)


def raw_condition(user: str, area: str, point: str) -> str:
	"""The scope as hand-written SQL, what a bespoke system would run."""
	if user == CITY:
		return "1=1"
	if user == REVIEWER:
		return f"area = {frappe.db.escape(area)}"
	return (
		"name in (select parent from `tabTuoyu Point Operator` "
		f"where user = {frappe.db.escape(user)} and parenttype = 'Tuoyu Point')"
	)


def operations(user: str, area: str, point: str) -> dict[str, tuple]:
	from frappe.desk.listview import get_group_by_count
	from frappe.desk.reportview import get_count

	cond = raw_condition(user, area, point)

	def count():
		frappe.local.form_dict = frappe._dict(doctype="Tuoyu Point", filters="[]", fields="[]")
		return get_count()

	def staff_count():
		frappe.local.form_dict = frappe._dict(doctype="Tuoyu Staff", filters="[]", fields="[]")
		return get_count()

	staff_cond = (
		cond.replace("name in", "point in") if user == OPERATOR else cond
	)  # staff carry the point's area and the point
	return {
		"list": (
			lambda: frappe.get_list(
				"Tuoyu Point", fields=["name", "point_name", "status", "area"], limit_page_length=20
			),
			lambda: frappe.db.sql(
				f"select name, point_name, status, area from `tabTuoyu Point` where {cond} "
				"order by modified desc limit 20"
			),
		),
		"count": (count, lambda: frappe.db.sql(f"select count(*) from `tabTuoyu Point` where {cond}")),
		"group-by": (
			lambda: get_group_by_count("Tuoyu Point", "[]", "township"),
			lambda: frappe.db.sql(
				f"select township, count(*) c from `tabTuoyu Point` where {cond} "
				"group by township order by c desc limit 50"
			),
		),
		"has_permission": (
			lambda: frappe.has_permission("Tuoyu Point", "read", doc=point),
			lambda: frappe.db.sql(
				f"select name from `tabTuoyu Point` where name = {frappe.db.escape(point)} and {cond}"
			),
		),
		"staff list": (
			lambda: frappe.get_list("Tuoyu Staff", fields=["name", "staff_name"], limit_page_length=20),
			lambda: frappe.db.sql(
				f"select name, staff_name from `tabTuoyu Staff` where {staff_cond} "
				"order by modified desc limit 20"
			),
		),
		"staff count": (
			staff_count,
			lambda: frappe.db.sql(f"select count(*) from `tabTuoyu Staff` where {staff_cond}"),
		),
	}


def machine() -> str:
	cpu = next(
		(
			line.split(":", 1)[1].strip()
			for line in open("/proc/cpuinfo")
			if line.lower().startswith("model name")
		),
		platform.processor(),
	)
	mem_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
	return (
		f"{cpu}, {os.cpu_count()} cores, {mem_kb / 1024 / 1024:.1f} GiB RAM; "
		f"MariaDB {frappe.db.sql('select version()')[0][0]}; Frappe {frappe.__version__}; "
		f"Python {platform.python_version()}"
	)


def explain(user: str) -> None:
	sql = frappe.get_list(
		"Tuoyu Point", fields=["name", "point_name", "status", "area"], limit_page_length=20, run=0
	)
	print(f"  EXPLAIN list ({user}):")
	for row in frappe.db.sql(f"explain {sql}", as_dict=True):
		print(f"    {row.table}: type={row.type} key={row.key} rows={row.rows} extra={row.Extra}")


def main(site: str) -> int:
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.flags.mute_emails = True
	frappe.set_user("Administrator")
	counties, towns = areas()
	print(f"site {site}: {len(counties)} county-level areas, {sum(map(len, towns.values()))} townships")
	if frappe.db.count("Tuoyu Point") == 0:
		started = time.perf_counter()
		counts = fill(counties, towns)
		print(f"filled in {time.perf_counter() - started:.0f} s: {counts}")
	for line in check_validity(counties):
		print(f"  valid: {line}")
	point = frappe.db.get_value("Tuoyu Point Operator", {"user": OPERATOR}, "parent") or make_users(counties)
	area = counties[0]
	print(f"machine: {machine()}")
	print(f"median of {ROUNDS} runs, in process; the machine is shared, so figures are approximate")

	results: dict[str, dict[str, tuple[float, float]]] = {}
	for label, user in ROLES.items():
		frappe.set_user(user)
		rows = (
			frappe.db.count("Tuoyu Point")
			if user == CITY
			else len(frappe.get_list("Tuoyu Point", pluck="name", limit_page_length=0))
		)
		results[label] = {
			op: (median_ms(app), median_ms(raw)) for op, (app, raw) in operations(user, area, point).items()
		}
		print(f"\n{label} ({user}): {rows} points visible")
		print(f"  {'operation':<16}{'app ms':>9}{'SQL ms':>9}{'×SQL':>7}{'×city':>7}")
		for op, (app_ms, raw_ms) in results[label].items():
			city_ms = results["City admin"][op][0]
			print(f"  {op:<16}{app_ms:>9.2f}{raw_ms:>9.2f}{app_ms / raw_ms:>7.1f}{app_ms / city_ms:>7.2f}")
		if user != CITY:
			explain(user)

	failed = 0
	print()
	for label in ("District reviewer", "Operator"):
		for op, limit in GOALS:
			ratio = results[label][op][0] / results["City admin"][op][0]
			ok = ratio <= limit
			failed += not ok
			print(f"{'PASS' if ok else 'FAIL'} {label} {op}: {ratio:.2f}× the city admin's (goal ≤ {limit}×)")
	frappe.set_user("Administrator")
	frappe.destroy()
	return 1 if failed else 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "tuoyu-bench.localhost"))
