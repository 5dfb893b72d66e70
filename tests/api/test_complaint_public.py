"""The public complaint form and tracking page over HTTP, as a guest: the challenge, the honeypot,
photo checks by content, nothing half-saved, the per-IP rate limit, anonymous reports, and a
tracking page that leaks no private field. Then the desk's REST bypasses as the wrong users."""

import time

import frappe
import pytest
import requests
from frappe.model.workflow import apply_workflow

from tests import seed
from tests.complaint_helpers import png
from tuoyu_frappe.complaints import public
from tuoyu_frappe.complaints import rules as r
from tuoyu_frappe.complaints.doctype.tuoyu_complaint.tuoyu_complaint import refresh_point_count

pytestmark = pytest.mark.http

SUBMIT = "/api/method/tuoyu_frappe.complaints.public.submit"
SEARCH = "/api/method/tuoyu_frappe.complaints.public.search_points"


def reset_rate_limits():
	for cmd in ("tuoyu_frappe.complaints.public.submit", "tuoyu_frappe.complaints.public.search_points"):
		frappe.cache.delete(frappe.cache.make_key(f"rl:{cmd}:127.0.0.1"))


@pytest.fixture
def guest(server, site):
	reset_rate_limits()
	session = requests.Session()
	yield lambda method, url, **kw: session.request(method, server + url, timeout=60, **kw)
	reset_rate_limits()
	frappe.db.rollback()


def challenge(age: int = 10, wrong: bool = False) -> dict:
	question, token = r.new_challenge(public.secret(), int(time.time()) - age)
	a, b = question.replace("= ?", "").split("+")
	answer = int(a) + int(b) + (1 if wrong else 0)
	return {"challenge_token": token, "challenge_answer": str(answer)}


def form(**overrides) -> dict:
	values = {
		"category": "卫生",
		"township": seed.LANSHAN_TOWN,
		"place_description": "兰山区某小区5号楼一楼",
		"description": "托育点厨房很脏，餐具没有消毒，孩子吃饭的地方有苍蝇。",
		"contact_name": "李先生",
		"contact_phone": "13900002222",
		**challenge(),
	}
	values.update(overrides)
	return values


def said(response) -> str:
	"""The messages of a refusal, as the page shows them."""
	import json

	body = response.json()
	return " ".join(json.loads(m)["message"] for m in json.loads(body.get("_server_messages") or "[]"))


def complaints_count() -> int:
	frappe.db.rollback()  # see the server's commits
	return frappe.db.count("Tuoyu Complaint")


def files_count() -> int:
	return frappe.db.count("File", {"attached_to_doctype": "Tuoyu Complaint"})


def created(code: str):
	frappe.db.rollback()
	return frappe.db.get_value("Tuoyu Complaint", {"tracking_hash": r.tracking_hash(code)}, "*", as_dict=True)


def remove(name: str):
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for f in frappe.get_all(
		"File", {"attached_to_doctype": "Tuoyu Complaint", "attached_to_name": name}, pluck="name"
	):
		frappe.delete_doc("File", f, force=True, ignore_permissions=True)
	frappe.db.delete("Tuoyu Complainant Contact", {"complaint": name})
	point = frappe.db.get_value("Tuoyu Complaint", name, "point")
	frappe.db.delete("Tuoyu Complaint", {"name": name})
	if point:
		refresh_point_count(point)
	frappe.db.commit()


def test_a_guest_files_a_complaint_with_a_photo_and_gets_a_code(guest):
	response = guest("POST", SUBMIT, data=form(), files=[("photos", ("kitchen.png", png(), "image/png"))])
	assert response.status_code == 200, response.text[:500]
	code = response.json()["message"]["tracking_code"]
	doc = created(code)
	try:
		assert doc and doc.channel == r.ONLINE and doc.area == seed.LANSHAN and doc.workflow_state == r.NEW
		assert code.replace("-", "") not in str(doc.values())  # only the hash is stored
		files = frappe.get_all(
			"File", {"attached_to_doctype": "Tuoyu Complaint", "attached_to_name": doc.name}, ["is_private"]
		)
		assert [f.is_private for f in files] == [1]
		contact = frappe.db.get_value("Tuoyu Complainant Contact", {"complaint": doc.name}, "phone")
		assert contact == "13900002222"
		page = guest("GET", "/tuoyu/complaint-status", params={"code": code.lower()})
		assert "已收到，等待受理" in page.text
	finally:
		remove(doc.name)


def test_an_anonymous_report_keeps_no_contact(guest):
	response = guest("POST", SUBMIT, data=form(anonymous="1", contact_name="", contact_phone=""))
	assert response.status_code == 200, response.text[:500]
	doc = created(response.json()["message"]["tracking_code"])
	try:
		assert doc.anonymous == 1
		assert not frappe.db.exists("Tuoyu Complainant Contact", {"complaint": doc.name})
	finally:
		remove(doc.name)


@pytest.mark.parametrize(
	"overrides, message",
	[
		("wrong answer", "验证问题回答错误"),
		("too fast", "提交过快"),
		({"challenge_token": "junk"}, "请用数字回答验证问题"),
		({"website": "http://spam.example"}, "无法接收该举报"),
		({"description": "短"}, "问题描述至少"),
		({"township": "", "place_description": ""}, "请选择托育点所在的乡镇"),
		({"anonymous": "1"}, "匿名举报不留联系方式"),
		({"contact_phone": "12345"}, "手机号码"),
		({"filing_number": "NO-SUCH-NUMBER"}, "没有备案编号为"),
	],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(guest, overrides, message):
	if overrides == "wrong answer":
		overrides = challenge(wrong=True)
	elif overrides == "too fast":
		overrides = challenge(age=0)
	before = complaints_count()
	response = guest("POST", SUBMIT, data=form(**overrides))
	assert response.status_code >= 400
	assert message in said(response), said(response)
	assert complaints_count() == before


def test_a_photo_is_checked_by_its_content_and_a_bad_one_saves_nothing(guest):
	before, files_before = complaints_count(), files_count()
	fake = [
		("photos", ("ok.png", png(), "image/png")),
		("photos", ("cat.jpg", b"<?php system(1); ?>", "image/jpeg")),
	]
	response = guest("POST", SUBMIT, data=form(), files=fake)
	assert response.status_code >= 400 and "不是 JPG 或 PNG 图片" in said(response)
	# A signature without a decodable image behind it is refused too.
	truncated = [("photos", ("broken.png", b"\x89PNG\r\n\x1a\n" + b"x" * 50, "image/png"))]
	response = guest("POST", SUBMIT, data=form(), files=truncated)
	assert response.status_code >= 400 and "不是 JPG 或 PNG 图片" in said(response)
	too_many = [("photos", (f"{n}.png", png(), "image/png")) for n in range(r.MAX_PHOTOS + 1)]
	response = guest("POST", SUBMIT, data=form(), files=too_many)
	assert response.status_code >= 400 and "最多可上传" in said(response)
	assert complaints_count() == before and files_count() == files_before


def test_a_challenge_is_answered_once(guest):
	values = form()
	first = guest("POST", SUBMIT, data=values)
	assert first.status_code == 200, first.text[:300]
	try:
		second = guest("POST", SUBMIT, data=values)
		assert second.status_code >= 400 and "验证问题已使用" in said(second)
	finally:
		remove(created(first.json()["message"]["tracking_code"]).name)


def test_the_rate_limit_stops_an_ip_after_its_quota(guest):
	names = []
	try:
		for _n in range(public.SUBMIT_LIMIT):
			response = guest("POST", SUBMIT, data=form())
			assert response.status_code == 200, response.text[:300]
			names.append(created(response.json()["message"]["tracking_code"]).name)
		blocked = guest("POST", SUBMIT, data=form())
		assert blocked.status_code == 429
	finally:
		for name in names:
			remove(name)


def test_point_search_returns_only_name_and_number_of_filed_points(guest, site):
	point = site.point["A"]
	stored = frappe.db.get_value("Tuoyu Point", point, ["status", "filing_number"], as_dict=True)
	frappe.db.set_value(
		"Tuoyu Point", point, {"status": "已备案", "filing_number": "ZZFN-TEST-A"}, update_modified=False
	)
	frappe.db.commit()
	try:
		found = guest("GET", SEARCH, params={"text": "测试甲"}).json()["message"]
		assert found == [{"point_name": seed.POINTS["A"][0], "filing_number": "ZZFN-TEST-A"}]
		assert guest("GET", SEARCH, params={"text": "zzfn-test-a"}).json()["message"] == found
		assert guest("GET", SEARCH, params={"text": "测试乙"}).json()["message"] == []  # not filed
		response = guest("POST", SUBMIT, data=form(filing_number="ZZFN-TEST-A", place_description=""))
		assert response.status_code == 200, response.text[:300]
		doc = created(response.json()["message"]["tracking_code"])
		assert doc.point == point and doc.area == seed.LANSHAN
		remove(doc.name)
	finally:
		frappe.db.set_value("Tuoyu Point", point, stored, update_modified=False)
		frappe.db.commit()


PRIVATE_MARKERS = {
	"internal_notes": "ZZPRIV内部备注甲乙丙",
	"place_description": "ZZPRIV地点描述某某小区",
	"description": "ZZPRIV举报内容描述，孩子受到伤害的经过。",
}
CONTACT_MARKERS = {"contact_name": "ZZPRIV张三丰", "phone": "13912349876", "other_contact": "ZZPRIV微信号abc"}


def test_the_tracking_page_shows_the_conclusion_and_no_private_field(guest, site):
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc(
		{
			"doctype": "Tuoyu Complaint",
			"category": "收费",
			"channel": r.HOTLINE,
			"point": site.point["A"],
			"township": seed.LANSHAN_TOWN,
			"place_description": PRIVATE_MARKERS["place_description"],
			"description": PRIVATE_MARKERS["description"],
			"contact_name_entry": CONTACT_MARKERS["contact_name"],
			"contact_phone_entry": CONTACT_MARKERS["phone"],
			"contact_other_entry": CONTACT_MARKERS["other_contact"],
		}
	).insert()
	code = doc.flags.tracking_code
	apply_workflow(doc.as_dict(), r.ACCEPT)
	doc = frappe.get_doc("Tuoyu Complaint", doc.name)
	doc.update(
		{
			"internal_notes": PRIVATE_MARKERS["internal_notes"],
			"conclusion": r.PARTLY,
			"public_summary": "经核查部分属实，已责令退还多收费用。",
		}
	)
	doc.save()
	apply_workflow(doc.as_dict(), r.CONCLUDE)
	frappe.set_user("Administrator")
	frappe.db.commit()
	try:
		body = guest("GET", "/tuoyu/complaint-status", params={"code": code}).text
		assert "已办结" in body and "部分属实" in body and "经核查部分属实，已责令退还多收费用。" in body
		stored = frappe.get_doc("Tuoyu Complaint", doc.name)
		private = {
			f.fieldname: stored.get(f.fieldname)
			for f in stored.meta.fields
			if f.fieldname not in public.PUBLIC_FIELDS and isinstance(stored.get(f.fieldname), str)
		}
		private.update({"name": stored.name, "owner": stored.owner, "handler_name": "兰山审核员"})
		private.update(CONTACT_MARKERS)
		leaked = {k: v for k, v in private.items() if v and len(v) >= 4 and v in body and v not in ("网上",)}
		# Words the page itself prints (its labels) are not leaks; every private value is distinctive here.
		leaked = {
			k: v
			for k, v in leaked.items()
			if k not in ("category", "channel", "sla_status", "workflow_state")
		}
		assert not leaked, leaked
		assert (
			guest("GET", "/tuoyu/complaint-status", params={"code": r.new_tracking_code()}).text.count(
				"未查询到"
			)
			== 1
		)
	finally:
		remove(doc.name)


# --- the desk's REST paths as the wrong users -------------------------------------------------


@pytest.fixture
def desk_complaint(site):
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc(
		{
			"doctype": "Tuoyu Complaint",
			"category": "安全",
			"channel": r.HOTLINE,
			"point": site.point["A"],
			"township": seed.LANSHAN_TOWN,
			"description": "楼道堆放杂物，存在消防隐患，请尽快核查。",
			"contact_name_entry": "赵女士",
			"contact_phone_entry": "13700003333",
		}
	).insert()
	frappe.set_user("Administrator")
	frappe.db.commit()
	yield doc.name
	remove(doc.name)


def put(client, name, values):
	return client.put(f"/api/resource/Tuoyu Complaint/{name}", json=values)


def test_rest_cannot_jump_the_workflow_or_set_server_fields(login, desk_complaint):
	client = login(seed.REV_LS)
	for values in ({"workflow_state": r.CLOSED}, {"workflow_state": r.CHECKING}, {"docstatus": 1}):
		response = put(client, desk_complaint, values)
		assert response.status_code >= 400, (values, response.text[:300])
	response = put(client, desk_complaint, {"handler": seed.REV_LS, "tracking_hash": "0" * 64})
	frappe.db.rollback()
	stored = frappe.db.get_value(
		"Tuoyu Complaint", desk_complaint, ["handler", "tracking_hash"], as_dict=True
	)
	assert not stored.handler and stored.tracking_hash != "0" * 64
	response = put(client, desk_complaint, {"conclusion": r.UNSUBSTANTIATED})  # not before acceptance
	assert response.status_code >= 400


def test_rest_reads_of_complaints_and_contacts_by_the_wrong_users(login, desk_complaint, server):
	contact = frappe.db.get_value("Tuoyu Complainant Contact", {"complaint": desk_complaint})
	for user in (seed.REV_LZ, seed.OP_A, seed.ASSOC, seed.NOBODY):
		assert login(user).get(f"/api/resource/Tuoyu Complaint/{desk_complaint}").status_code == 403, user
		assert login(user).get(f"/api/resource/Tuoyu Complainant Contact/{contact}").status_code == 403, user
	assert (
		requests.get(f"{server}/api/resource/Tuoyu Complaint/{desk_complaint}", timeout=30).status_code == 403
	)
	# The reviewer who recorded it reads the complaint, not the complainant, until they accept it.
	rev = login(seed.REV_LS)
	assert rev.get(f"/api/resource/Tuoyu Complaint/{desk_complaint}").status_code == 200
	assert rev.get(f"/api/resource/Tuoyu Complainant Contact/{contact}").status_code == 403
	listed = rev.get("/api/resource/Tuoyu Complainant Contact", params={"fields": '["phone"]'}).text
	assert "13700003333" not in listed
	exported = rev.post(
		"/api/method/frappe.desk.reportview.get",
		data={"doctype": "Tuoyu Complainant Contact", "fields": '["name","phone"]'},
	).text
	assert "13700003333" not in exported
	response = rev.post(
		"/api/method/frappe.model.workflow.apply_workflow",
		data={
			"doc": frappe.as_json(frappe.get_doc("Tuoyu Complaint", desk_complaint).as_dict()),
			"action": r.ACCEPT,
		},
	)
	assert response.status_code == 200, response.text[:300]
	assert (
		rev.get(f"/api/resource/Tuoyu Complainant Contact/{contact}").json()["data"]["phone"] == "13700003333"
	)
	city = login(seed.CITY)
	assert city.get(f"/api/resource/Tuoyu Complainant Contact/{contact}").status_code == 200
	# The other area's reviewer still cannot act on it.
	response = login(seed.REV_LZ).post(
		"/api/method/tuoyu_frappe.complaints.handling.open_inspection", data={"complaint": desk_complaint}
	)
	assert response.status_code == 403


def test_an_empty_file_input_is_no_photo(guest):
	"""A browser sends an empty, nameless part for a file input where nothing was chosen."""
	response = guest("POST", SUBMIT, data=form(), files=[("photos", ("", b"", "application/octet-stream"))])
	assert response.status_code == 200, said(response)
	remove(created(response.json()["message"]["tracking_code"]).name)
