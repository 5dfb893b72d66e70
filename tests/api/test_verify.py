"""The public verification page /tuoyu/verify and the guest method, over HTTP; and who may print a
receipt over HTTP. The server runs in another process, so the filed point is committed and purged
afterwards."""

import html
import random
from datetime import date

import frappe
import pytest

from tests import seed
from tests.conftest import Client
from tests.integration.test_receipt import RECEIPT, approve, make_point, purge_point
from tuoyu_frappe.filing.receipt import VERIFY_LIMIT

pytestmark = pytest.mark.http

PAGE = "/tuoyu/verify"
VERIFY_CMD = "tuoyu_frappe.filing.receipt.verify"
METHOD = f"/api/method/{VERIFY_CMD}"
NOT_FOUND = "未查询到该备案编号"
PUBLIC_KEYS = {
	"found",
	"point_name",
	"filing_number",
	"status",
	"status_note",
	"area",
	"township",
	"filed_on",
	# 示范点 (tuoyu_frappe.oversight): whether a designation is in force, and its end date
	"demonstration",
	"demonstration_until",
}


@pytest.fixture(scope="module")
def filed(site, server):
	"""A point filed end to end, of a 个体工商户 whose entity name is a person's name."""
	try:
		point = make_point("核验", 94, date(1986, 9, 15), legal_form="个体工商户", entity_name="王小丫")
		filing = approve(point["point"])
	except Exception:
		frappe.db.rollback()
		raise
	frappe.set_user("Administrator")
	frappe.db.commit()
	yield point, filing
	frappe.db.rollback()
	purge_point(point["point"])


_made_guests: list[str] = []


def new_guest(server: str) -> Client:
	"""A guest from an address of its own (the server trusts X-Forwarded-For, as behind bench's
	nginx), so rate-limit counters never mix with other tests or concurrent runs on 127.0.0.1."""
	client = Client(server)
	client.headers["X-Forwarded-For"] = "10.{}.{}.{}".format(*random.sample(range(1, 255), 3))
	_made_guests.append(client.headers["X-Forwarded-For"])
	return client


@pytest.fixture
def guest(server):
	yield new_guest(server)
	while _made_guests:
		ip = _made_guests.pop()
		for cmd in (None, VERIFY_CMD):
			frappe.cache.delete(frappe.cache.make_key(f"rl:{cmd}:{ip}"))


def page(client: Client, number: str):
	response = client.get(PAGE, params={"no": number})
	return response, html.unescape(response.text)


def set_status(point: str, status: str) -> None:
	frappe.set_user("Administrator")
	doc = frappe.get_doc("Tuoyu Point", point)
	doc.status = status
	doc.flags.status_set_by_server = True
	doc.save()
	frappe.db.commit()


def test_guest_page_shows_public_facts_and_nothing_personal(filed, guest):
	point, filing = filed
	response, text = page(guest, filing.filing_number)
	assert response.status_code == 200, text[:500]
	result = text.split('class="tuoyu-verify-result"', 1)[1]
	for shown in (point["point_name"], filing.filing_number, "已备案", "兰山区", "兰山街道"):
		assert shown in result, shown
	for hidden in (
		point["address"],
		"回执路",
		point["phone"],
		point["phone_digits"],
		point["phone_masked"],
		point["uscc"],
		point["entity_name"],
		point["staff_name"],
		point["staff_id"],
		point["staff"],
		seed.OP_A,
		seed.REV_LS,
	):
		assert hidden not in text, hidden
	assert "停业整改，" not in text and "已注销备案" not in text
	link = "/tuoyu/complaint?no=" + frappe.utils.quote(filing.filing_number, safe="")
	assert f'class="tuoyu-complaint-link" href="{link}">投诉举报</a>' in text


def test_guest_json_method_returns_only_public_fields(filed, guest):
	point, filing = filed
	for call in (
		lambda: guest.get(METHOD, params={"filing_number": filing.filing_number}),
		lambda: guest.post(METHOD, json={"filing_number": f"  {filing.filing_number} "}),
	):
		response = call()
		assert response.status_code == 200, response.text[:500]
		data = response.json()["message"]
		assert set(data) == PUBLIC_KEYS
		assert data["found"] is True and data["status"] == "已备案" and data["status_note"] == ""
		assert (data["point_name"], data["filing_number"]) == (point["point_name"], filing.filing_number)
		assert (data["area"], data["township"], data["filed_on"]) == (
			"兰山区",
			"兰山街道",
			str(filing.filed_on),
		)


def test_a_status_change_shows_at_once(filed, guest):
	point, filing = filed
	try:
		set_status(point["point"], "停业整改")
		response, text = page(guest, filing.filing_number)
		assert response.status_code == 200
		assert "停业整改" in text.split('class="tuoyu-verify-result"', 1)[1]
		assert "该托育点正在停业整改" in text
		data = guest.get(METHOD, params={"filing_number": filing.filing_number}).json()["message"]
		assert data["status"] == "停业整改" and "整改" in data["status_note"]

		set_status(point["point"], "已注销")
		_response, text = page(guest, filing.filing_number)
		assert "已注销" in text.split('class="tuoyu-verify-result"', 1)[1] and "该托育点已注销备案" in text
	finally:
		set_status(point["point"], "已备案")
	_response, text = page(guest, filing.filing_number)
	assert "该托育点正在停业整改" not in text and "该托育点已注销备案" not in text


@pytest.mark.parametrize(
	"number",
	["临卫托备〔1999〕371302-9999", "TYD-00001", "' or 1=1 -- ", "%", "_"],
)
def test_unknown_numbers_show_the_not_found_message(filed, guest, number):
	point, _filing = filed
	response, text = page(guest, number)
	assert response.status_code == 200 and NOT_FOUND in text
	assert point["point_name"] not in text and "tuoyu-verify-result" not in text
	data = guest.get(METHOD, params={"filing_number": number}).json()["message"]
	assert data == {"found": False, "message": NOT_FOUND}


def test_empty_and_overlong_input(filed, guest):
	_response, text = page(guest, "")
	assert NOT_FOUND not in text and "请输入备案回执上的备案编号" in text
	response, text = page(guest, "临" * 65)
	assert response.status_code == 200 and "不超过 64 个字符" in text and NOT_FOUND not in text
	response = guest.get(METHOD, params={"filing_number": "临" * 65})
	assert response.status_code == 417
	assert guest.get(METHOD, params={"filing_number": "  "}).status_code == 417


def test_json_method_is_rate_limited_per_ip(filed, guest, server):
	_point, filing = filed
	codes = [
		guest.get(METHOD, params={"filing_number": filing.filing_number}).status_code
		for _ in range(VERIFY_LIMIT + 3)
	]
	assert codes[:VERIFY_LIMIT] == [200] * VERIFY_LIMIT
	assert codes[VERIFY_LIMIT:] == [429] * 3
	# Another address has its own allowance, and the page keeps its own counter.
	other = new_guest(server)
	assert other.get(METHOD, params={"filing_number": filing.filing_number}).status_code == 200
	assert page(guest, filing.filing_number)[0].status_code == 200


def test_page_is_rate_limited_per_ip(filed, guest, server):
	_point, filing = filed
	codes = [page(guest, filing.filing_number)[0].status_code for _ in range(VERIFY_LIMIT)]
	assert codes == [200] * VERIFY_LIMIT
	response, text = page(guest, filing.filing_number)
	assert response.status_code == 429 and "查询过于频繁" in text
	assert filing.filing_number not in text.split("</form>", 1)[1]
	assert page(new_guest(server), filing.filing_number)[0].status_code == 200


@pytest.mark.parametrize("user", [seed.REV_LS, seed.OP_A, seed.CITY])
def test_the_areas_users_print_the_receipt_over_http(filed, login, user):
	_point, filing = filed
	client = login(user)
	response = client.get(
		"/api/method/frappe.www.printview.get_html_and_style",
		params={"doc": "Tuoyu Filing", "name": filing.name, "print_format": RECEIPT},
	)
	assert response.status_code == 200, response.text[:300]
	assert filing.filing_number in response.json()["message"]["html"]
	pdf = client.get(
		"/api/method/frappe.utils.print_format.download_pdf",
		params={"doctype": "Tuoyu Filing", "name": filing.name, "format": RECEIPT},
	)
	assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), pdf.text[:300]


@pytest.mark.parametrize("user", [seed.REV_LZ, seed.OP_B, seed.OP_C, seed.NOBODY])
def test_other_users_cannot_print_the_receipt_over_http(filed, login, user):
	_point, filing = filed
	client = login(user)
	response = client.get(
		"/api/method/frappe.www.printview.get_html_and_style",
		params={"doc": "Tuoyu Filing", "name": filing.name, "print_format": RECEIPT},
	)
	assert response.status_code == 403, response.text[:300]
	pdf = client.get(
		"/api/method/frappe.utils.print_format.download_pdf",
		params={"doctype": "Tuoyu Filing", "name": filing.name, "format": RECEIPT},
	)
	assert pdf.status_code == 403, pdf.text[:300]
	assert filing.filing_number not in response.text + pdf.text


def test_guests_cannot_print_the_receipt(filed, guest):
	_point, filing = filed
	response = guest.get(
		"/printview", params={"doctype": "Tuoyu Filing", "name": filing.name, "format": RECEIPT}
	)
	assert response.status_code == 403 and filing.filing_number not in response.text
	response = guest.get(
		"/api/method/frappe.utils.print_format.download_pdf",
		params={"doctype": "Tuoyu Filing", "name": filing.name, "format": RECEIPT},
	)
	assert response.status_code == 403 and not response.content.startswith(b"%PDF")
