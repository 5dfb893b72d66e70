"""Done-when of the complaints part: a member of the public files a complaint about a filed point on
a 375-px-wide phone and keeps the tracking code; the area's reviewer accepts it in the Chinese desk,
opens a 投诉核查 inspection from it and concludes it; the tracking page then shows the conclusion,
and nothing of the complainant. Point A of the seed is filed for the journey and left as found."""

import re

import frappe
import pytest

from tests import seed
from tests.complaint_helpers import png, purge_complaints_since
from tests.conftest import PORT
from tests.integration.test_receipt import approve
from tests.ui.test_desk import logged_in_page
from tests.ui.test_inspection_mobile import WIDTH
from tests.ui.test_supervision_journey import (
	click_action,
	fits_the_screen,
	open_form,
	purge,
	save,
	state_pill,
)
from tuoyu_frappe.complaints import rules as r

pytestmark = pytest.mark.browser
BASE = f"http://127.0.0.1:{PORT}"
COMPLAINT = "Tuoyu Complaint"
DESCRIPTION = "托育点午睡室的窗户没有防护栏，窗下还放着小椅子，孩子很容易爬上去，非常危险。"
CONTACT_NAME, CONTACT_PHONE = "刘女士", "13600004444"
SUMMARY = "经现场核查，反映问题属实，已责令托育点当日加装窗户防护栏并移走窗下桌椅。"


def reset_rate_limits() -> None:
	for cmd in ("tuoyu_frappe.complaints.public.submit", "tuoyu_frappe.complaints.public.search_points"):
		frappe.cache.delete(frappe.cache.make_key(f"rl:{cmd}:127.0.0.1"))


@pytest.fixture
def filed_point(site, server):
	point = site.point["A"]
	frappe.set_user("Administrator")
	before = frappe.db.get_value("Tuoyu Point", point, "*", as_dict=True)
	started = frappe.db.sql("select now(6)")[0][0]
	reset_rate_limits()
	try:
		if before.status != "已备案":
			approve(point)
		frappe.set_user("Administrator")
		frappe.db.commit()
		yield frappe._dict(
			point=point, filing_number=frappe.db.get_value("Tuoyu Point", point, "filing_number")
		)
	finally:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		reset_rate_limits()
		purge_complaints_since(started)
		purge(
			"Tuoyu Inspection",
			frappe.get_all(
				"Tuoyu Inspection", filters={"point": point, "creation": (">=", started)}, pluck="name"
			),
		)
		for filing in frappe.get_all(
			"Tuoyu Filing", filters={"point": point, "creation": (">=", started)}, pluck="name"
		):
			from tests.factories import remove_filing

			remove_filing(filing)
		for dt, field in (("Comment", "reference_name"), ("Version", "docname")):
			frappe.db.delete(dt, {field: point, "creation": (">=", started)})
		after = frappe.db.get_value("Tuoyu Point", point, "*", as_dict=True)
		changed = {k: v for k, v in before.items() if k != "modified" and after.get(k) != v}
		if changed:
			frappe.db.set_value("Tuoyu Point", point, changed, update_modified=False)
		frappe.db.set_value("Tuoyu Point", point, "modified", before.modified, update_modified=False)
		frappe.db.commit()


def file_on_a_phone(browser, filing_number: str) -> str:
	page = browser.new_context(
		locale="zh-CN", viewport={"width": WIDTH, "height": 812}, is_mobile=True, has_touch=True
	).new_page()
	page.set_default_timeout(60000)
	page.goto(f"{BASE}/tuoyu/complaint", wait_until="domcontentloaded")
	page.select_option("#tc-category", "安全")
	page.fill("#tc-point-search", "测试甲")
	page.locator("#tc-matches button", has_text=filing_number).click()
	assert filing_number in page.inner_text("#tc-chosen")
	page.select_option("#tc-county", seed.LANSHAN)
	page.select_option("#tc-township", seed.LANSHAN_TOWN)
	page.fill("#tc-description", DESCRIPTION)
	page.set_input_files("#tc-photos", files=[{"name": "窗户.png", "mimeType": "image/png", "buffer": png()}])
	page.fill("#tc-name", CONTACT_NAME)
	page.fill("#tc-phone", CONTACT_PHONE)
	code = answer_and_submit(page)
	page.context.close()
	return code


def answer_and_submit(page) -> str:
	"""Answers the form's check question, waits as a person would, submits and returns the
	tracking code shown; the page fits the phone before and after."""
	question = page.inner_text("label[for='tc-answer']")
	a, b = re.search(r"(\d+)\s*\+\s*(\d+)", question).groups()
	page.fill("#tc-answer", str(int(a) + int(b)))
	assert fits_the_screen(page)
	page.wait_for_timeout((r.CHALLENGE_MIN_SECONDS + 1) * 1000)  # a person takes longer than a robot
	page.click("#tc-submit")
	page.wait_for_function(
		"() => !document.getElementById('tc-done').hidden || !document.getElementById('tc-error').hidden"
	)
	assert page.locator("#tc-done").is_visible(), page.inner_text("#tc-error")
	code = page.inner_text("#tc-code").strip()
	assert r.normalise_tracking_code(code), code
	assert fits_the_screen(page)
	return code


def track(browser, code: str) -> str:
	page = browser.new_context(
		locale="zh-CN", viewport={"width": WIDTH, "height": 812}, is_mobile=True
	).new_page()
	page.goto(f"{BASE}/tuoyu/complaint-status?code={code}", wait_until="domcontentloaded")
	page.locator(".tuoyu-track-result").wait_for()
	text = page.inner_text(".tuoyu-track")
	page.context.close()
	return text


def test_a_public_complaint_is_accepted_verified_and_concluded(browser, filed_point):
	code = file_on_a_phone(browser, filed_point.filing_number)
	assert "已收到，等待受理" in track(browser, code)
	frappe.db.rollback()
	name = frappe.db.get_value(COMPLAINT, {"tracking_hash": r.tracking_hash(code)})
	assert frappe.db.get_value(COMPLAINT, name, "point") == filed_point.point
	photos = frappe.get_all(
		"File", filters={"attached_to_doctype": COMPLAINT, "attached_to_name": name}, pluck="is_private"
	)
	assert photos == [1]

	page = logged_in_page(browser, seed.REV_LS)
	open_form(page, COMPLAINT, name, "[data-fieldname='category']")
	assert state_pill(page, r.NEW).is_visible()
	click_action(page, r.ACCEPT, r.ACCEPTED)
	# Accepted: the complainant's contact shows to the handler, and only now.
	page.locator(".form-message:visible", has_text=CONTACT_PHONE).first.wait_for()
	page.locator(".page-head:visible button:has-text('发起投诉核查')").first.click()
	page.wait_for_url(re.compile(r".*/tuoyu-inspection/TYJC-.*"))
	inspection = page.url.rstrip("/").split("/")[-1]
	frappe.db.rollback()
	assert frappe.db.get_value("Tuoyu Inspection", inspection, ["inspection_type", "complaint"]) == (
		"投诉核查",
		name,
	)
	assert frappe.db.get_value(COMPLAINT, name, ["workflow_state", "inspection"]) == (r.CHECKING, inspection)

	open_form(page, COMPLAINT, name, "[data-fieldname='category']")
	assert state_pill(page, r.CHECKING).is_visible()
	page.locator(".form-layout:visible [data-fieldname='conclusion'] select").select_option(r.SUBSTANTIATED)
	page.locator(".form-layout:visible [data-fieldname='public_summary'] textarea").fill(SUMMARY)
	save(page)
	click_action(page, r.CONCLUDE, r.CLOSED)
	page.context.close()
	frappe.db.rollback()
	assert frappe.db.get_value(COMPLAINT, name, ["docstatus", "conclusion"]) == (1, r.SUBSTANTIATED)
	assert frappe.db.get_value("Tuoyu Point", filed_point.point, "substantiated_complaints") >= 1

	shown = track(browser, code)
	assert "已办结" in shown and r.SUBSTANTIATED in shown and SUMMARY in shown
	for private in (CONTACT_NAME, CONTACT_PHONE, DESCRIPTION, seed.REV_LS, "兰山审核员", name):
		assert private not in shown, private
