"""The 备案公示 directory (/tuoyu/directory and its guest JSON method) over HTTP, as guests.

The seeded points A, B (兰山区) and C (罗庄区) are made public for the module with data rich in
names, phones, ID numbers and house numbers; every such value in the database for those points
(the entity, the phone, the operators, the staff and their identities, the address's numbers) must
be absent from every public response: the page, the JSON method, their refusals (bad input, 429),
the home page and the pre-filled complaint form. Then the hand counts of the filters and paging,
the privacy setting taking effect at once, the cache following a point's change, and the limiter.
The rows are restored afterwards."""

import html
import re
from datetime import date, timedelta

import frappe
import pytest

from tests import seed
from tests.api.test_verify import _made_guests, new_guest
from tests.conftest import Client
from tuoyu_frappe.public_info import payload

pytestmark = pytest.mark.http

PAGE = "/tuoyu/directory"
CMD = "tuoyu_frappe.public_info.api.directory"
METHOD = f"/api/method/{CMD}"
POINT = "Tuoyu Point"
TODAY = date.today()
NUMBERS = {
	"A": "临卫托备〔2026〕371302-9101",
	"B": "临卫托备〔2026〕371302-9102",
	"C": "临卫托备〔2026〕371311-9103",
}
VALUES = {
	"A": {
		"status": "已备案",
		"entity_name": "王秀兰",
		"phone": "+8613812340001",
		"phone_masked": "138****0001",
		"address": "临沂市兰山区兰山街道北京路123号阳光花园12号楼3单元1802室",
		"premises_type": "居民住宅",
		"capacity": 5,
		"enrolment": 3,
		"service_model": "家庭服务",
		"full_day": 1,
		"half_day": 1,
		"hourly": 0,
		"occasional": 0,
		"latitude": 35.061234,
		"longitude": 118.342345,
	},
	"B": {
		"status": "已备案",
		"entity_name": "李桂芝",
		"phone": "+8613912340002",
		"phone_masked": "139****0002",
		"address": "兰山区兰山街道沂蒙路88号幸福家园7栋2单元601室",
		"premises_type": "居民住宅",
		"capacity": 5,
		"enrolment": 5,
		"service_model": "社区服务",
		"full_day": 1,
		"half_day": 0,
		"hourly": 1,
		"occasional": 0,
	},
	"C": {
		"status": "停业整改",
		"entity_name": "赵建华",
		"phone": "+8613712340003",
		"phone_masked": "137****0003",
		"address": "罗庄区罗庄街道湖北路9号翡翠城3号楼101室",
		"premises_type": "居民住宅",
		"capacity": 4,
		"enrolment": 1,
		"service_model": "家庭服务",
		"full_day": 1,
		"half_day": 0,
		"hourly": 0,
		"occasional": 1,
	},
}
STAFF = {"A": ("张秀英", "13600001111"), "B": ("刘美玲", "13600002222"), "C": ("陈志强", "13600003333")}
HOUSE_NUMBERS = (
	"123号",
	"12号楼",
	"3单元",
	"1802室",
	"88号",
	"7栋",
	"2单元",
	"601室",
	"9号",
	"3号楼",
	"101室",
)
INSPECTED_AT = "2026-10-15 10:00:00"


def clear_public_cache() -> None:
	payload.clear_cache()


@pytest.fixture(scope="module")
def world(site, server):
	frappe.set_user("Administrator")
	before = {key: frappe.db.get_value(POINT, site.point[key], "*", as_dict=True) for key in VALUES}
	staff_before = {
		key: frappe.db.get_value("Tuoyu Staff", site.staff[key], ["staff_name", "phone"], as_dict=True)
		for key in VALUES
	}
	inspections = []
	try:
		for key, values in VALUES.items():
			frappe.db.set_value(
				POINT,
				site.point[key],
				{**values, "filing_number": NUMBERS[key], "filed_on": str(TODAY - timedelta(days=100))},
				update_modified=False,
			)
			name, phone = STAFF[key]
			frappe.db.set_value(
				"Tuoyu Staff", site.staff[key], {"staff_name": name, "phone": phone}, update_modified=False
			)
		# A's last departmental inspection (a patrol); B has only a self-inspection, which is not shown.
		for key, kind, when in (("A", "部门定期巡查", INSPECTED_AT), ("B", "举办者自查", INSPECTED_AT)):
			doc = frappe.get_doc(
				{
					"doctype": "Tuoyu Inspection",
					"inspection_type": kind,
					"point": site.point[key],
					"point_name": before[key].point_name,
					"area": before[key].area,
					"workflow_state": "已完成",
					"inspected_at": when,
					"conclusion": "合格",
					"docstatus": 1,
				}
			)
			doc.db_insert()
			inspections.append(doc.name)
		frappe.db.commit()
		clear_public_cache()
		yield frappe._dict(point=site.point, staff=site.staff, inspections=inspections)
	finally:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		for name in inspections:
			frappe.db.delete("Tuoyu Inspection", {"name": name})
		for key, row in before.items():
			keep = {k: row[k] for k in (*VALUES[key], "filing_number", "filed_on", "revoked_on", "modified")}
			frappe.db.set_value(POINT, row.name, keep, update_modified=False)
			frappe.db.set_value("Tuoyu Staff", site.staff[key], staff_before[key], update_modified=False)
		frappe.db.commit()
		clear_public_cache()


def secrets(world) -> list[str]:
	"""Every personal or internal value in the database for the three points."""
	found = set(HOUSE_NUMBERS)
	for key in VALUES:
		point = frappe.db.get_value(POINT, world.point[key], "*", as_dict=True)
		found |= {point.name, point.entity_name, point.uscc, point.phone, point.phone_masked, point.address}
		found.add(point.phone.replace("+86", ""))
		for row in frappe.get_all(
			"Tuoyu Point Operator", filters={"parent": point.name}, fields=["user", "full_name"]
		):
			found |= {row.user, row.full_name, frappe.db.get_value("User", row.user, "full_name")}
		for staff in frappe.get_all(
			"Tuoyu Staff",
			filters={"point": point.name},
			fields=["name", "staff_name", "phone", "phone_masked", "id_number_masked"],
		):
			found |= {staff.name, staff.staff_name, staff.phone, staff.phone_masked, staff.id_number_masked}
		for identity in frappe.get_all(
			"Tuoyu Staff Identity", filters={"point": point.name}, fields=["id_number", "staff_name"]
		):
			found |= {identity.id_number, identity.staff_name}
		found.add(seed.STAFF_IDS[key])
	found |= {seed.REV_LS, seed.REV_LZ, "兰山审核员", "罗庄审核员"}
	return sorted(v for v in found if v and len(str(v)) >= 3)


@pytest.fixture
def guest(server):
	yield new_guest(server)
	while _made_guests:
		ip = _made_guests.pop()
		for cmd in ("tuoyu-directory-page", f"{CMD}", "tuoyu-complaint-prefill"):
			frappe.cache.delete(frappe.cache.make_key(f"rl:{cmd}:{ip}"))


def get_json(client: Client, **params):
	response = client.get(METHOD, params=params)
	return response, response.json()


def page(client: Client, **params):
	response = client.get(PAGE, params=params)
	return response, html.unescape(response.text)


def numbers(data: dict) -> list[str]:
	return [p["filing_number"] for p in data["message"]["points"] if p["filing_number"] in NUMBERS.values()]


def assert_nothing_private(world, text: str, where: str) -> None:
	for value in secrets(world):
		assert str(value) not in text, f"{where}: {value}"
	assert "Traceback" not in text, where


# --- nothing outside the allow-list, anywhere -------------------------------------------------------


def test_json_entries_have_the_allow_listed_keys_only(world, guest):
	response, data = get_json(guest)
	assert response.status_code == 200, response.text[:300]
	assert set(data) == {"message"}
	answer = data["message"]
	assert tuple(answer) == payload.ANSWER_KEYS
	assert len(numbers(data)) == 3
	for entry in answer["points"]:
		assert tuple(entry) == payload.PUBLIC_KEYS
		if entry["last_inspection"]:
			assert tuple(entry["last_inspection"]) == payload.INSPECTION_KEYS
	assert response.headers["Cache-Control"] == f"public, max-age={payload.CACHE_SECONDS}"


@pytest.mark.parametrize(
	"params",
	[
		{},
		{"area": seed.LANSHAN},
		{"township": seed.LUOZHUANG_TOWN},
		{"q": "测试"},
		{"care_modes": "full_day,half_day", "min_places": "1"},
		{"q": "x" * 41},  # refused
		{"area": "999999"},  # refused
		{"min_places": "-1"},  # refused
		{"care_modes": "nightly"},  # refused
		{"page": "0"},  # refused
	],
)
def test_no_private_value_in_any_answer(world, guest, params):
	response, _data = get_json(guest, **params)
	assert response.status_code in (200, 417), response.text[:300]
	assert_nothing_private(world, response.text, f"JSON {params}")
	response, text = page(guest, **params)
	assert response.status_code == 200, text[:300]
	assert_nothing_private(world, text, f"page {params}")


def test_refusals_are_short_chinese_messages(world, guest):
	response, data = get_json(guest, area="999999")
	assert response.status_code == 417
	assert data["message"] == {"error": "invalid", "message": "未知的县区"}
	assert response.headers["Cache-Control"] == "no-store"
	_response, text = page(guest, min_places="99")
	assert "空余托位须为 0 到 30 的整数" in text
	assert "Traceback" not in text and "tuoyu-point-name" not in text


def test_the_home_page_and_the_prefilled_complaint_form_show_nothing_private(world, guest):
	_response, text = page(guest)
	for label in ("家庭托育点备案公示", "县区", "乡镇（街道）", "服务模式", "空余托位", "全日托", "查询"):
		assert label in text, label
	home = guest.get("/tuoyu")
	assert home.status_code == 200
	home_text = html.unescape(home.text)
	for link in ("/tuoyu/directory", "/tuoyu/verify", "/tuoyu/complaint"):
		assert f'href="{link}"' in home_text, link
	assert "备案" in home_text and "家庭托育点" in home_text
	assert_nothing_private(world, home_text, "home")
	complaint = guest.get("/tuoyu/complaint", params={"no": NUMBERS["A"]})
	text = html.unescape(complaint.text)
	assert complaint.status_code == 200 and f"已选择：测试甲托育点（{NUMBERS['A']}）" in text
	assert_nothing_private(world, text, "complaint form")


# --- what the entries say ---------------------------------------------------------------------------


def entries(client: Client, **params) -> dict:
	response, data = get_json(client, **params)
	assert response.status_code == 200, response.text[:300]
	return {
		p["filing_number"]: p for p in data["message"]["points"] if p["filing_number"] in NUMBERS.values()
	}


def test_entries_show_the_public_facts(world, guest):
	shown = entries(guest)
	a, b, c = (shown[NUMBERS[k]] for k in "ABC")
	assert (a["point_name"], a["status"], a["capacity"], a["places_available"]) == (
		"测试甲托育点",
		"已备案",
		5,
		2,
	)
	assert a["care_modes"] == ["full_day", "half_day"] and a["service_model"] == "家庭服务"
	assert (a["area_name"], a["township_name"]) == ("兰山区", "兰山街道")
	assert a["address"] == "兰山区兰山街道北京路"
	assert a["last_inspection"] == {"date": "2026-10-15", "type": "部门定期巡查", "conclusion": "合格"}
	assert b["last_inspection"] is None and b["places_available"] == 0
	assert b["address"] == "兰山区兰山街道沂蒙路"
	assert c["status"] == "停业整改" and c["places_available"] == 0 and "整改" in c["status_note"]
	assert c["address"] == "罗庄区罗庄街道湖北路"
	assert a["verify_url"] == "/tuoyu/verify?no=" + frappe.utils.quote(NUMBERS["A"], safe="")
	assert a["complaint_url"] == "/tuoyu/complaint?no=" + frappe.utils.quote(NUMBERS["A"], safe="")
	assert c["complaint_url"] == "/tuoyu/complaint"  # the form takes filed points only


@pytest.mark.parametrize(
	"params, expected",
	[
		({}, "ABC"),
		({"area": seed.LANSHAN}, "AB"),
		({"area": seed.LUOZHUANG}, "C"),
		({"township": seed.LANSHAN_TOWN}, "AB"),
		({"township": seed.LUOZHUANG_TOWN, "area": seed.LUOZHUANG}, "C"),
		({"service_model": "社区服务"}, "B"),
		({"care_modes": "hourly"}, "B"),
		({"care_modes": "full_day,half_day"}, "A"),
		({"care_modes": "occasional"}, "C"),
		({"min_places": "1"}, "A"),
		({"min_places": "2"}, "A"),
		({"min_places": "3"}, ""),
		({"q": "测试乙"}, "B"),
		({"q": "371311-9103"}, "C"),
		({"q": "测试", "area": seed.LANSHAN, "care_modes": "full_day"}, "AB"),
	],
)
def test_filters_give_the_hand_counted_points(world, guest, params, expected):
	assert sorted(entries(guest, **params)) == sorted(NUMBERS[k] for k in expected)


def test_a_township_outside_the_area_is_refused(world, guest):
	response, data = get_json(guest, area=seed.LANSHAN, township=seed.LUOZHUANG_TOWN)
	assert response.status_code == 417 and data["message"]["error"] == "invalid"


def test_paging_in_order(world, db, monkeypatch):
	monkeypatch.setattr(payload, "PAGE_SIZE", 2)
	query = payload.Query(text="测试")
	clear_public_cache()
	try:
		first = payload.directory(query)
		second = payload.directory(payload.Query(text="测试", page=2))
		third = payload.directory(payload.Query(text="测试", page=3))
	finally:
		clear_public_cache()
	assert (first["total"], first["pages"]) == (3, 2)
	# Filed points first, then suspended ones; by area, township and name (collation order) within.
	assert [p["filing_number"] for p in first["points"]] == [NUMBERS["B"], NUMBERS["A"]]  # 乙 < 甲
	assert [p["filing_number"] for p in second["points"]] == [NUMBERS["C"]]
	assert third["points"] == []


def test_the_page_lists_and_pages(world, guest):
	response, text = page(guest, area=seed.LANSHAN)
	assert response.status_code == 200
	assert "共 2 个托育点" in re.sub(r"<[^>]+>", "", text)
	assert text.count('class="tuoyu-point"') == 2
	for shown in (
		"测试甲托育点",
		"测试乙托育点",
		NUMBERS["A"],
		"兰山区兰山街道北京路",
		"全日托、半日托",
		"2026-10-15 部门定期巡查：合格",
	):
		assert shown in text, shown
	assert "测试丙托育点" not in text
	assert response.headers["Cache-Control"] == f"public, max-age={payload.CACHE_SECONDS}"
	_response, text = page(guest, q="不存在的托育点")
	assert "没有符合条件的托育点" in text


# --- recently cancelled -------------------------------------------------------------------------------


def test_a_revoked_point_stays_listed_for_the_set_days(world, guest):
	point = world.point["B"]
	try:
		frappe.db.set_value(
			POINT,
			point,
			{"status": "已撤销备案", "revoked_on": str(TODAY - timedelta(days=10))},
			update_modified=False,
		)
		frappe.db.commit()
		clear_public_cache()
		shown = entries(guest)
		assert shown[NUMBERS["B"]]["status"] == "已撤销备案" and shown[NUMBERS["B"]]["places_available"] == 0
		frappe.db.set_value(
			POINT, point, "revoked_on", str(TODAY - timedelta(days=400)), update_modified=False
		)
		frappe.db.commit()
		clear_public_cache()
		assert NUMBERS["B"] not in entries(guest)
	finally:
		frappe.db.set_value(POINT, point, {"status": "已备案", "revoked_on": None}, update_modified=False)
		frappe.db.commit()
		clear_public_cache()


# --- the privacy setting and the cache --------------------------------------------------------------


def set_precision(value: str) -> None:
	frappe.set_user("Administrator")
	settings = frappe.get_single(payload.SETTINGS)
	settings.home_address_precision = value
	settings.save()
	frappe.db.commit()


def test_the_privacy_setting_changes_the_address_at_once(world, guest):
	assert entries(guest)[NUMBERS["A"]]["address"] == "兰山区兰山街道北京路"  # now cached
	try:
		set_precision("小区")
		shown = entries(guest)
		assert shown[NUMBERS["A"]]["address"] == "兰山区兰山街道北京路阳光花园"
		assert shown[NUMBERS["B"]]["address"] == "兰山区兰山街道沂蒙路幸福家园"
		assert shown[NUMBERS["C"]]["address"] == "罗庄区罗庄街道湖北路翡翠城"
		_response, text = page(guest)
		assert "兰山区兰山街道北京路阳光花园" in text
		assert_nothing_private(world, text, "page, 小区 precision")
	finally:
		set_precision("街路")
	assert entries(guest)[NUMBERS["A"]]["address"] == "兰山区兰山街道北京路"


def test_answers_are_cached_and_a_point_change_clears_them(world, guest):
	point = world.point["A"]
	assert entries(guest)[NUMBERS["A"]]["places_available"] == 2
	# A write that bypasses the document (no doc event): the cached answer stands.
	frappe.db.set_value(POINT, point, "enrolment", 4, update_modified=False)
	frappe.db.commit()
	try:
		assert entries(guest)[NUMBERS["A"]]["places_available"] == 2
		# A change saved through the document (its on_change hook) shows at once.
		doc = frappe.get_doc(POINT, point)
		doc.enrolment = 1
		doc.save(ignore_permissions=True)
		frappe.db.commit()
		assert entries(guest)[NUMBERS["A"]]["places_available"] == 4
	finally:
		frappe.db.set_value(POINT, point, "enrolment", 3, update_modified=False)
		frappe.db.commit()
		clear_public_cache()


# --- the limiter ------------------------------------------------------------------------------------


def test_the_json_method_is_rate_limited_in_chinese(world, guest, server):
	codes = [get_json(guest)[0].status_code for _ in range(payload.DIRECTORY_LIMIT)]
	assert codes == [200] * payload.DIRECTORY_LIMIT
	response, data = get_json(guest)
	assert response.status_code == 429
	assert data["message"] == {"error": "rate_limited", "message": "请求过于频繁，请稍后再试"}
	assert response.headers["Cache-Control"] == "no-store"
	assert_nothing_private(world, response.text, "429")
	assert get_json(new_guest(server))[0].status_code == 200  # another address has its own allowance
	assert page(guest)[0].status_code == 200  # the page keeps its own counter


def test_the_page_is_rate_limited_in_chinese(world, guest, server):
	codes = [page(guest)[0].status_code for _ in range(payload.PAGE_LIMIT)]
	assert codes == [200] * payload.PAGE_LIMIT
	response, text = page(guest)
	assert response.status_code == 429 and "查询过于频繁，请稍后再试。" in text
	assert "tuoyu-point-name" not in text
	assert_nothing_private(world, text, "page 429")
	assert page(new_guest(server))[0].status_code == 200


# --- the 示范点 badge and filter (when Tuoyu Point has the demonstration fields) --------------------


def test_the_demonstration_badge_and_filter(world, guest):
	frappe.clear_cache(doctype=POINT)
	if not payload.demonstration_enabled():
		pytest.skip("Tuoyu Point has no demonstration fields on this site")
	point = world.point["A"]
	try:
		until = str(TODAY + timedelta(days=100))
		frappe.db.set_value(
			POINT, point, {"is_demonstration": 1, "demonstration_until": until}, update_modified=False
		)
		frappe.db.commit()
		clear_public_cache()
		shown = entries(guest)
		assert shown[NUMBERS["A"]]["demonstration"] is True and shown[NUMBERS["B"]]["demonstration"] is False
		assert sorted(entries(guest, demonstration="1")) == [NUMBERS["A"]]
		_response, text = page(guest, demonstration="1")
		assert "只看示范点" in text and text.count('class="tuoyu-point"') == 1
		assert '<span class="tuoyu-badge tuoyu-badge-demo">示范点</span>' in text
		# A designation past its end date shows no badge and is not a demonstration point.
		frappe.db.set_value(
			POINT, point, "demonstration_until", str(TODAY - timedelta(days=1)), update_modified=False
		)
		frappe.db.commit()
		clear_public_cache()
		assert entries(guest)[NUMBERS["A"]]["demonstration"] is False
		assert entries(guest, demonstration="1") == {}
	finally:
		frappe.db.set_value(
			POINT, point, {"is_demonstration": 0, "demonstration_until": None}, update_modified=False
		)
		frappe.db.commit()
		clear_public_cache()


# --- the settings are the city admin's ---------------------------------------------------------------


@pytest.mark.parametrize("user", [None, seed.OP_A, seed.REV_LS])
def test_only_city_admins_read_the_settings(world, guest, login, user):
	client = login(user) if user else guest
	url = f"/api/resource/{payload.SETTINGS}/{payload.SETTINGS}"
	assert client.get(url).status_code == 403
	response = client.put(url, json={"home_address_precision": "小区"})
	assert response.status_code == 403
	assert login(seed.CITY).get(url).status_code == 200
	frappe.db.rollback()
	assert payload.settings().home_address_precision == "街路"


def test_a_cancelled_point_stays_listed_for_the_set_days(world, guest):
	"""已注销: listed while its approved 注销备案 filing was decided within the set days."""
	point = world.point["C"]
	filing = frappe.get_doc(
		{
			"doctype": "Tuoyu Filing",
			"point": point,
			"area": seed.LUOZHUANG,
			"filing_type": "注销备案",
			"workflow_state": "已备案",
			"docstatus": 1,
			"decided_on": str(TODAY - timedelta(days=30)),
		}
	)
	try:
		frappe.db.set_value(POINT, point, "status", "已注销", update_modified=False)
		filing.db_insert()
		frappe.db.commit()
		clear_public_cache()
		shown = entries(guest)
		assert shown[NUMBERS["C"]]["status"] == "已注销" and "注销" in shown[NUMBERS["C"]]["status_note"]
		frappe.db.set_value("Tuoyu Filing", filing.name, "decided_on", str(TODAY - timedelta(days=91)))
		frappe.db.commit()
		clear_public_cache()
		assert NUMBERS["C"] not in entries(guest)  # 90 days by default
		frappe.db.delete("Tuoyu Filing", {"name": filing.name})  # cancelled without a filing: not listed
		frappe.db.commit()
		clear_public_cache()
		assert NUMBERS["C"] not in entries(guest)
	finally:
		frappe.db.rollback()
		frappe.db.delete("Tuoyu Filing", {"name": filing.name})
		frappe.db.set_value(POINT, point, "status", "停业整改", update_modified=False)
		frappe.db.commit()
		clear_public_cache()
