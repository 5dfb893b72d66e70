"""Filing in the Chinese desk: the operator prepares a filing and sees the workflow action."""

import os

import frappe
import pytest

from tests import seed
from tests.conftest import PORT
from tests.ui.test_desk import SCREENSHOTS, expect_console_error, logged_in_page

pytestmark = pytest.mark.browser


@pytest.fixture
def draft_filing(site):
	frappe.set_user(seed.OP_A)
	filing = frappe.get_doc(
		{"doctype": "Tuoyu Filing", "filing_type": "新办备案", "point": site.point["A"]}
	).insert()
	frappe.set_user("Administrator")
	frappe.db.commit()
	yield filing.name
	frappe.db.rollback()
	frappe.delete_doc("Tuoyu Filing", filing.name, force=True, ignore_permissions=True)
	frappe.db.commit()


def test_operator_sees_materials_commitment_and_the_submit_action(browser, draft_filing):
	page = logged_in_page(browser, seed.OP_A)
	page.goto(f"http://127.0.0.1:{PORT}/app/tuoyu-filing/{draft_filing}", wait_until="domcontentloaded")
	page.wait_for_selector("[data-fieldname='materials']", timeout=60000)
	page.wait_for_timeout(1500)
	body = page.inner_text("body")
	if SCREENSHOTS:
		page.screenshot(path=os.path.join(SCREENSHOTS, "filing-operator.png"), full_page=True)
	for text in ("备案材料", "营业执照或其他法人登记证书", "备案承诺", "草稿"):
		assert text in body, text
	page.click("button:has-text('操作')")
	page.wait_for_timeout(500)
	assert page.locator(".dropdown-menu.show :text('提交')").count() >= 1
	page.context.close()


def test_reviewer_of_another_area_cannot_open_the_filing(browser, draft_filing):
	page = logged_in_page(browser, seed.REV_LZ)
	expect_console_error(r"frappe\.desk\.form\.load\.getdoc.*status of 403")  # the server refuses
	page.goto(f"http://127.0.0.1:{PORT}/app/tuoyu-filing/{draft_filing}", wait_until="domcontentloaded")
	page.wait_for_timeout(3000)
	body = page.inner_text("body")
	assert "营业执照或其他法人登记证书" not in body
	page.context.close()
