"""Phone first: on a 375-px-wide window in the Chinese desk, the operator uploads rectification
evidence with the form's button and submits it; the reviewer verifies it; the city administrator
opens the proposed restore and approves it. Every step in the browser."""

import os
import re
import tempfile

import frappe
import pytest

from tests import seed
from tests.conftest import PORT
from tests.integration import enforcement_helpers as h
from tests.integration.test_receipt import purge_point
from tests.ui.test_inspection_mobile import WIDTH, phone_page
from tuoyu_frappe.supervision import enforcement_rules as r
from tuoyu_frappe.supervision.demo_enforcement import DEMO_PHOTO

pytestmark = pytest.mark.browser
BASE = f"http://127.0.0.1:{PORT}"


def fits_the_screen(page) -> bool:
	return page.evaluate("() => document.documentElement.scrollWidth") <= WIDTH + 1


def open_form(page, doctype: str, name: str) -> None:
	page.goto(f"{BASE}/app/{frappe.scrub(doctype).replace('_', '-')}/{name}", wait_until="domcontentloaded")
	page.wait_for_selector(".form-layout", timeout=60000)
	page.wait_for_timeout(1500)


def click_action(page, action: str) -> None:
	"""A workflow action of the form on screen (the desk keeps earlier forms' pages, hidden)."""
	page.locator("button:has-text('操作'):visible").first.click()
	page.locator(".dropdown-menu.show").get_by_text(action, exact=True).click()
	try:
		page.locator(".modal.show .btn-primary").click(timeout=3000)  # v15 confirms some actions
	except Exception:
		pass
	page.wait_for_load_state("networkidle")
	page.wait_for_timeout(1500)


def stored(doctype: str, name: str, field: str):
	frappe.db.rollback()
	return frappe.db.get_value(doctype, name, field)


@pytest.fixture
def suspended(site, server):
	"""A filed point with a rectification, suspended by an approved 停业整改; committed."""
	try:
		point = h.filed_point("整改手机", 97)
		rect = h.open_rectification(point)
		h.suspend(point)
	except Exception:
		frappe.db.rollback()
		raise
	frappe.set_user("Administrator")
	frappe.db.commit()
	yield point, rect
	frappe.db.rollback()
	h.purge_supervision([point])
	purge_point(point)


@pytest.fixture
def photo_file():
	with tempfile.TemporaryDirectory() as folder:
		path = os.path.join(folder, "整改照片.png")
		with open(path, "wb") as f:
			f.write(DEMO_PHOTO)
		yield path


def test_evidence_verification_and_restore_on_a_phone(browser, suspended, photo_file):
	point, rect = suspended
	page = phone_page(browser, seed.OP_A)
	open_form(page, h.RECT, rect)
	body = page.inner_text("body")
	assert "整改中" in body and "请于" in body and fits_the_screen(page)
	page.locator("[data-fieldname='evidence_text'] textarea").fill("已补配灭火器，补录晨午检记录")
	page.keyboard.press("Control+s")
	page.wait_for_timeout(2000)
	page.locator("[data-fieldname='upload_evidence'] button").click()
	dialog = page.locator(".modal.show")
	dialog.locator("input[type='file']").set_input_files(photo_file)
	page.wait_for_timeout(1000)
	dialog.locator(".btn-primary").last.click()  # 上传
	prompt = page.locator(".modal.show:has([data-fieldname='description'])")
	prompt.locator("[data-fieldname='description'] input").fill("整改后现场照片")
	prompt.locator(".btn-primary").click()
	page.wait_for_selector("[data-fieldname='evidence'] .grid-row[data-idx='1']", timeout=60000)
	page.wait_for_timeout(2000)
	assert fits_the_screen(page)
	click_action(page, r.R_SUBMIT)
	assert stored(h.RECT, rect, "workflow_state") == r.R_AWAITING
	url = frappe.db.get_value("Tuoyu Rectification Evidence", {"parent": rect}, "file")
	assert url.startswith("/private/files/")
	page.context.close()

	page = phone_page(browser, seed.REV_LS)
	open_form(page, h.RECT, rect)
	page.locator("[data-fieldname='verification_reason'] textarea").fill("现场复查，已整改到位")
	page.keyboard.press("Control+s")
	page.wait_for_timeout(2000)
	click_action(page, r.R_PASS)
	assert stored(h.RECT, rect, "workflow_state") == r.R_PASSED
	open_form(page, h.RECT, rect)
	page.locator("[data-fieldname='propose_restore'] button").click()
	page.wait_for_selector("[data-fieldname='reason'] textarea", timeout=60000)
	page.locator("[data-fieldname='reason'] textarea").fill("整改已验收通过，申请恢复收托")
	page.locator("[data-fieldname='legal_basis'] textarea").fill(r.SUSPENSION_BASIS)
	page.keyboard.press("Control+s")
	page.wait_for_url(re.compile(r".*/tuoyu-enforcement-action/TYZF-.*"), timeout=60000)
	page.wait_for_timeout(2000)
	action = page.url.rstrip("/").split("/")[-1]
	assert fits_the_screen(page)
	click_action(page, r.E_PROPOSE)
	assert stored(h.ACTION, action, "workflow_state") == r.E_PROPOSED
	page.context.close()

	page = phone_page(browser, seed.CITY)
	open_form(page, h.ACTION, action)
	assert "等待市级管理员审批" in page.inner_text("body") and fits_the_screen(page)
	page.locator("[data-fieldname='decision_no'] input").fill("临卫监复字〔2026〕9号")
	page.keyboard.press("Control+s")
	page.wait_for_timeout(2000)
	click_action(page, r.E_APPROVE)
	assert stored(h.ACTION, action, "workflow_state") == r.E_EFFECTIVE
	assert stored("Tuoyu Point", point, "status") == r.FILED
	page.context.close()
