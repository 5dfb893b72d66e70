"""Done-when of the filing issue, in the Chinese desk: an operator files, a reviewer returns it and
later approves it, and the receipt prints with a QR code that opens the verification page.

Uploads and material verdicts go through the REST API as the same users (the desk's grid editing
adds nothing to what is tested); every workflow action is clicked in the desk."""

import os
import re
from urllib.parse import unquote

import frappe
import pytest

from tests import seed
from tests.conftest import PORT
from tests.factories import attach_all_materials, remove_filing
from tests.ui.test_desk import SCREENSHOTS, logged_in_page
from tuoyu_frappe.filing import states as s

pytestmark = pytest.mark.browser
BASE = f"http://127.0.0.1:{PORT}"


def click_action(page, action: str) -> None:
	page.click("button:has-text('操作')")
	page.locator(".dropdown-menu.show").get_by_text(action, exact=True).click()
	# v15 asks for confirmation of some actions; accept it when it appears
	confirm = page.locator(".modal.show .btn-primary")
	try:
		confirm.click(timeout=3000)
	except Exception:
		pass
	# the form reloads after the action; wait until it shows the new state
	page.wait_for_load_state("networkidle")
	page.wait_for_timeout(1500)


def open_filing(page, name: str) -> None:
	page.goto(f"{BASE}/app/tuoyu-filing/{name}", wait_until="domcontentloaded")
	page.wait_for_selector("[data-fieldname='materials']", timeout=60000)
	page.wait_for_timeout(1000)


def state(name: str) -> str:
	frappe.db.rollback()
	return frappe.db.get_value("Tuoyu Filing", name, "workflow_state")


def set_verdicts(name: str, verdict: str, reason: str | None = None) -> None:
	frappe.db.rollback()  # a fresh snapshot: the desk has just saved this filing
	frappe.set_user(seed.REV_LS)
	doc = frappe.get_doc("Tuoyu Filing", name)
	for row in doc.materials:
		row.verdict = verdict
	if reason:
		doc.materials[0].verdict, doc.materials[0].reason = s.NEEDS_CORRECTION, reason
	doc.save()
	frappe.set_user("Administrator")
	frappe.db.commit()


@pytest.fixture
def filing(site):
	frappe.set_user(seed.OP_A)
	doc = frappe.get_doc({"doctype": "Tuoyu Filing", "filing_type": s.NEW, "point": site.point["A"]}).insert()
	attach_all_materials(doc)
	doc.save()
	frappe.set_user("Administrator")
	frappe.db.commit()
	yield doc.name
	frappe.db.rollback()
	remove_filing(doc.name)
	frappe.db.set_value(
		"Tuoyu Point", site.point["A"], {"status": "筹建中", "filing_number": None, "filed_on": None}
	)
	frappe.db.commit()


def test_file_return_approve_print_and_verify_in_the_desk(browser, site, filing):
	operator = logged_in_page(browser, seed.OP_A)
	open_filing(operator, filing)
	operator.get_by_role("checkbox", name="本人已阅读并确认承诺书").check()
	operator.keyboard.press("Control+s")
	operator.wait_for_timeout(1500)
	click_action(operator, s.SUBMIT)
	assert state(filing) == s.PENDING

	reviewer = logged_in_page(browser, seed.REV_LS)
	open_filing(reviewer, filing)
	click_action(reviewer, s.ACCEPT)
	assert state(filing) == s.IN_REVIEW
	set_verdicts(filing, s.PASSED, reason="营业执照扫描件不清晰")
	open_filing(reviewer, filing)
	click_action(reviewer, s.RETURN)
	assert state(filing) == s.RETURNED

	open_filing(operator, filing)
	assert "营业执照扫描件不清晰" in operator.inner_text("body")
	click_action(operator, s.RESUBMIT)
	assert state(filing) == s.PENDING

	open_filing(reviewer, filing)
	click_action(reviewer, s.ACCEPT)
	set_verdicts(filing, s.PASSED)
	open_filing(reviewer, filing)
	click_action(reviewer, s.APPROVE)
	assert state(filing) == s.FILED
	number = frappe.db.get_value("Tuoyu Filing", filing, "filing_number")
	assert number

	reviewer.goto(
		f"{BASE}/printview?doctype=Tuoyu%20Filing&name={filing}&format=Tuoyu%20Filing%20Receipt&trigger_print=0",
		wait_until="domcontentloaded",
	)
	reviewer.wait_for_selector("img[src^='data:image/svg+xml']", timeout=60000)
	receipt = reviewer.inner_text("body")
	if SCREENSHOTS:
		reviewer.screenshot(path=os.path.join(SCREENSHOTS, "e2e-receipt.png"), full_page=True)
	assert "家庭托育点备案回执" in receipt and number in receipt and "兰山区卫生健康局" in receipt
	html = reviewer.content()
	assert re.search(r"tuoyu/verify\?no=", unquote(html)) or "扫码" in receipt

	guest = browser.new_context(locale="zh-CN").new_page()
	from tuoyu_frappe.filing.receipt import verify_url

	url = verify_url(number)
	path = url[url.index("/tuoyu/verify") :]
	guest.goto(f"{BASE}{path}", wait_until="domcontentloaded")
	page_text = guest.inner_text("body")
	assert number in page_text and seed.POINTS["A"][0] in page_text and "已备案" in page_text
	assert "测试路" not in page_text  # no street address
	for page in (operator, reviewer, guest):
		page.context.close()
