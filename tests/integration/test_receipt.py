"""The filing receipt (print format "Tuoyu Filing Receipt"), in process: a point filed end to end,
then printed as HTML and as PDF by the users who may print it."""

import base64
import io
import re
from datetime import date, timedelta
from urllib.parse import quote

import frappe
import pyqrcode
import pytest
from frappe.utils import today
from pypdf import PdfReader

from tests import seed
from tests.factories import attach_all_materials, point_values, staff_values
from tests.integration.test_filing_workflow import act, pass_all_materials, refuse
from tuoyu_frappe.filing import states as s
from tuoyu_frappe.filing.receipt import chinese_date, tuoyu_filing_receipt, verify_url

RECEIPT = "Tuoyu Filing Receipt"
SETTINGS = "Tuoyu Filing Settings"
QR_IMG = re.compile(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"')


def make_point(tag: str, seq: int, birth: date, **overrides) -> dict:
	"""A Lanshan point of seed.OP_A with one caregiver, distinct from the seeded points (whose rows
	other tests lock and count). Returns the values a receipt must show and must hide."""
	frappe.set_user("Administrator")
	values = point_values(
		point_name=f"回执{tag}托育点",
		entity_name=f"临沂回执{tag}托育服务有限公司",
		uscc=seed.make_uscc(seq),
		phone=f"1391234{seq:04d}",
		address=f"兰山区回执路{seq}号{tag}小区3单元",
		operators=[{"user": seed.OP_A}],
	)
	values.update(overrides)
	point = frappe.get_doc(values).insert()
	staff_id = seed.make_id(birth, seq * 10 + 1)
	staff = frappe.get_doc(
		staff_values(point.name, staff_name=f"回执保育员{tag}", id_number_entry=staff_id)
	).insert()
	identity = frappe.get_doc("Tuoyu Staff Identity", staff.name)
	identity.append(
		"background_checks", {"check_date": str(date.today() - timedelta(days=60)), "result": "无相关记录"}
	)
	identity.save()
	return {
		"point": point.name,
		"point_name": point.point_name,
		"entity_name": point.entity_name,
		"uscc": point.uscc,
		"address": values["address"],
		"phone": point.phone,
		"phone_digits": values["phone"],
		"phone_masked": point.phone_masked,
		"staff": staff.name,
		"staff_name": staff.staff_name,
		"staff_id": staff_id,
		"rule_set": point.rule_set,
	}


def purge_point(point: str) -> None:
	"""Delete a test point and everything made for it, for tests that must commit (HTTP tests)."""
	frappe.set_user("Administrator")
	filings = frappe.get_all("Tuoyu Filing", filters={"point": point}, pluck="name")
	staff = frappe.get_all("Tuoyu Staff", filters={"point": point}, pluck="name")
	names = [point, *filings, *staff]
	for file in frappe.get_all("File", filters={"attached_to_name": ("in", names)}, pluck="name"):
		frappe.delete_doc("File", file, ignore_permissions=True, delete_permanently=True)
	for doctype, field in (
		("Notification Log", "document_name"),
		("Comment", "reference_name"),
		("Version", "docname"),
		("Access Log", "reference_document"),
	):
		frappe.db.delete(doctype, {field: ("in", names)})
	for doctype, rows in (
		("Tuoyu Filing", filings),
		("Tuoyu Staff Identity", staff),
		("Tuoyu Staff", staff),
		("Tuoyu Point", [point]),
	):
		for name in rows:
			if doctype == "Tuoyu Filing":
				frappe.db.set_value(doctype, name, "docstatus", 2, update_modified=False)
			if frappe.db.exists(doctype, name):
				frappe.delete_doc(doctype, name, ignore_permissions=True, force=True, delete_permanently=True)
	frappe.db.commit()


def new_filing(point: str):
	frappe.set_user(seed.OP_A)
	frappe.local.lang = "zh"
	filing = frappe.get_doc({"doctype": "Tuoyu Filing", "filing_type": s.NEW, "point": point}).insert()
	attach_all_materials(filing)
	filing.commitment_confirmed = 1
	filing.save()
	return filing


def under_review(point: str):
	filing = act(new_filing(point), seed.OP_A, s.SUBMIT)
	return act(filing, seed.REV_LS, s.ACCEPT)


def approve(point: str):
	"""草稿 → 待审核 → 审核中 → 已备案, each step by the user whose turn it is."""
	filing = act(pass_all_materials(under_review(point)), seed.REV_LS, s.APPROVE)
	assert filing.workflow_state == s.FILED and filing.docstatus == 1 and filing.filing_number
	return filing


def get_print(**kwargs):
	"""frappe.get_print writes an Access Log and commits unless `in_test` is set: keep the test's
	transaction open so the `db` fixture can roll it back."""
	in_test, frappe.flags.in_test = frappe.flags.in_test, True
	try:
		return frappe.get_print(print_format=RECEIPT, **kwargs)
	finally:
		frappe.flags.in_test = in_test


def print_as(user: str, filing: str, **kwargs):
	frappe.set_user(user)
	frappe.local.lang = "zh"
	return get_print(doctype="Tuoyu Filing", name=filing, **kwargs)


def qr_svgs(html: str) -> list[bytes]:
	return [base64.b64decode(m) for m in QR_IMG.findall(html)]


def qr_modules(svg: bytes) -> set[tuple[int, int]]:
	"""The dark modules drawn by a pyqrcode SVG path (runs of `h` strokes, in module units)."""
	path = re.search(rb'class="pyqrline" d="([^"]+)"', svg).group(1).decode()
	x = y = 0.0
	cells = set()
	for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
		if command == "M":
			x, y = float(a), float(b)
		elif command == "m":
			x, y = x + float(a), y + float(b)
		else:
			cells |= {(int(x) + i, int(y)) for i in range(int(a))}
			x += int(a)
	return cells


def encodes(svg: bytes, text: str) -> bool:
	"""Whether the SVG draws exactly the QR code of `text` (quiet zone of 4 modules)."""
	matrix = pyqrcode.create(text, error="M").code
	expected = {(c + 4, r + 4) for r, row in enumerate(matrix) for c, dark in enumerate(row) if dark == 1}
	return qr_modules(svg) == expected


@pytest.fixture
def settings(db):
	"""Change Tuoyu Filing Settings for one test; the process-wide single-value cache is dropped
	after the rollback so later tests read the real settings again."""
	yield lambda field, value: frappe.db.set_single_value(SETTINGS, field, value)
	frappe.db.rollback()
	frappe.db.value_cache.pop(SETTINGS, None)
	frappe.clear_document_cache(SETTINGS, SETTINGS)


@pytest.fixture
def filed(db):
	point = make_point("甲", 91, date(1986, 9, 12))
	filing = approve(point["point"])
	frappe.set_user("Administrator")
	return point, filing


def test_receipt_shows_the_filing_and_hides_the_street_address_and_staff(filed):
	point, filing = filed
	for user in (seed.REV_LS, seed.OP_A, seed.CITY):
		html = print_as(user, filing.name)
		assert "家庭托育点备案回执" in html
		for text in (
			filing.filing_number,
			point["point_name"],
			point["entity_name"],
			point["uscc"],
			"临沂市兰山区兰山街道",  # township level: city, county, township
			"5 人",
			"家庭服务",
			point["rule_set"],
			"新办备案",
			"兰山区卫生健康局",
			chinese_date(today()),
		):
			assert text in html, (user, text)
		for secret in (
			point["address"],
			"回执路",
			point["phone"],
			point["phone_digits"],
			point["phone_masked"],
			point["staff_name"],
			point["staff_id"],
			point["staff"],
		):
			assert secret not in html, (user, secret)
		# The QR code is an SVG image that encodes exactly the public verification URL.
		url = verify_url(filing.filing_number)
		assert url.endswith("/tuoyu/verify?no=" + quote(filing.filing_number, safe=""))
		svgs = qr_svgs(html)
		assert len(svgs) == 1 and encodes(svgs[0], url), user
		assert svgs[0].startswith(b"<svg ") and b"viewBox" in svgs[0]
		assert not encodes(svgs[0], url + "x")


def test_verify_base_url_setting_is_used_for_the_qr_code(filed, settings):
	_point, filing = filed
	settings("verify_base_url", "https://tuoyu.example.cn/")
	url = verify_url(filing.filing_number)
	assert url.startswith("https://tuoyu.example.cn/tuoyu/verify?no=%E4%B8%B4%E5%8D%AB")
	assert encodes(qr_svgs(print_as(seed.REV_LS, filing.name))[0], url)


def test_authority_suffix_comes_from_the_settings(filed, settings):
	_point, filing = filed
	settings("filing_authority_suffix", "卫生健康委员会")
	html = print_as(seed.REV_LS, filing.name)
	assert "兰山区卫生健康委员会" in html and "兰山区卫生健康局" not in html


def test_receipt_reads_the_point_at_print_time(filed):
	point, filing = filed
	frappe.db.set_value("Tuoyu Point", point["point"], "capacity", 4)
	assert "4 人" in print_as(seed.REV_LS, filing.name)


@pytest.mark.parametrize("stage", ["draft", "review"])
def test_a_filing_that_is_not_filed_renders_a_notice_not_a_receipt(db, stage):
	point = make_point("乙", 92, date(1986, 9, 13))
	filing = new_filing(point["point"]) if stage == "draft" else under_review(point["point"])
	html = print_as(seed.REV_LS, filing.name)
	assert "不能出具备案回执" in html and "已备案" in html
	assert "家庭托育点备案回执" not in html and "卫生健康局" not in html
	assert not qr_svgs(html) and point["uscc"] not in html


def test_a_refused_filing_renders_the_notice(db):
	point = make_point("丙", 93, date(1986, 9, 14))
	filing = refuse(under_review(point["point"]))
	assert filing.docstatus == 1 and filing.workflow_state == s.REFUSED
	html = print_as(seed.REV_LS, filing.name)
	assert "不能出具备案回执" in html and s.REFUSED in html and not qr_svgs(html)


def test_a_posted_document_cannot_forge_a_receipt(filed):
	"""The print view also renders a document posted as JSON; the receipt ignores it and reads the
	saved filing, so edited values or an invented state never reach the receipt."""
	point, filing = filed
	forged = frappe.get_doc("Tuoyu Filing", filing.name).as_dict()
	forged.update({"filing_number": "伪造编号-0001", "point_name": "伪造托育点"})
	frappe.set_user(seed.REV_LS)
	receipt = get_print(doc=frappe.get_doc(forged)).split('<div class="tuoyu-receipt">', 1)[1]
	assert filing.filing_number in receipt and point["point_name"] in receipt and "伪造" not in receipt
	unsaved = {**forged, "name": "TYBA-NOT-SAVED", "workflow_state": s.FILED, "docstatus": 1}
	html = get_print(doc=frappe.get_doc(unsaved))
	assert "不能出具备案回执" in html and not qr_svgs(html)


def test_users_outside_the_area_or_point_cannot_print_or_call_the_jinja_method(filed):
	_point, filing = filed
	for outsider in (seed.REV_LZ, seed.OP_B, seed.NOBODY):
		with pytest.raises(frappe.PermissionError):
			print_as(outsider, filing.name)
		with pytest.raises(frappe.PermissionError):
			tuoyu_filing_receipt(filing.name)
	frappe.set_user(seed.REV_LS)
	assert tuoyu_filing_receipt(filing.name)["filing_number"] == filing.filing_number


def test_receipt_renders_as_a_one_page_a4_pdf(filed, server):
	"""wkhtmltopdf fetches the print CSS from the site's URL; the test site's own host name does not
	resolve here, so the PDF is made against the running test server."""
	_point, filing = filed
	host_name, frappe.local.conf.host_name = frappe.local.conf.host_name, server
	try:
		pdf = print_as(seed.REV_LS, filing.name, as_pdf=True)
	finally:
		frappe.local.conf.host_name = host_name
	assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
	reader = PdfReader(io.BytesIO(pdf))
	assert len(reader.pages) == 1
	box = reader.pages[0].mediabox
	assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
	text = reader.pages[0].extract_text()
	assert "备案回执" in text and filing.filing_number in text, text[:500]
