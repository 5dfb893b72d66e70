"""Phone first: a reviewer completes a whole 部门日常巡查 checklist, photos included, in the Chinese
desk on a 375-px-wide window. Every step is done in the browser: the workflow actions, each item's
result and note in the grid's row form, and each photo through Frappe's uploader (private files)."""

import os
import re
import tempfile

import frappe
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests import seed
from tests.conftest import PORT
from tests.inspection_helpers import PNG, ensure_inspectors, new_inspection, remove_inspections
from tests.ui.test_desk import SCREENSHOTS, logged_in_page
from tests.ui.test_filing_end_to_end import click_action
from tuoyu_frappe.supervision import inspection_rules as r

pytestmark = pytest.mark.browser
BASE = f"http://127.0.0.1:{PORT}"
WIDTH = 375
FAILED = {"XC-10": "消毒记录缺少近两周内容"}


def phone_page(browser, user: str):
	"""A page signed in as `user` on a 375-px-wide touch screen, realtime connection up."""
	return logged_in_page(
		browser, user, viewport={"width": WIDTH, "height": 812}, is_mobile=True, has_touch=True
	)


@pytest.fixture
def planned(site):
	inspectors = ensure_inspectors(seed.LANSHAN)
	doc = new_inspection(site.point["A"], r.PATROL, seed.REV_LS, inspectors)
	frappe.set_user("Administrator")
	frappe.db.commit()
	yield doc.name
	frappe.db.rollback()
	remove_inspections([doc.name])
	frappe.db.commit()


@pytest.fixture
def photo_file():
	with tempfile.TemporaryDirectory() as folder:
		path = os.path.join(folder, "现场照片.png")
		with open(path, "wb") as f:
			f.write(PNG)
		yield path


def open_inspection(page, name: str) -> None:
	page.goto(f"{BASE}/app/tuoyu-inspection/{name}", wait_until="domcontentloaded")
	page.wait_for_selector("[data-fieldname='results'] .grid-row", timeout=60000)
	page.wait_for_timeout(1000)


def fits_the_screen(page) -> bool:
	"""No horizontal scrolling, and the results grid (with its result column) within the screen."""
	return page.evaluate(
		"""() => document.documentElement.scrollWidth <= window.innerWidth + 1
		&& document.querySelector("[data-fieldname='results'] .form-grid").getBoundingClientRect().right
			<= window.innerWidth + 1
		&& [...document.querySelectorAll("[data-fieldname='results'] .grid-body [data-fieldname='result']")]
			.every((cell) => cell.getBoundingClientRect().right <= window.innerWidth + 1)"""
	)


def upload_photo(page, row_form, idx: int, path: str) -> None:
	"""Frappe's uploader, private by default; an Attach field saves the form once uploaded."""
	row_form.locator("[data-fieldname='photo'] button").first.click()
	dialog = page.locator(".modal.show")
	dialog.locator("input[type='file']").set_input_files(path)
	dialog.locator(".btn-modal-primary").click()  # 上传
	page.wait_for_selector(".modal.show", state="detached", timeout=60000)
	page.wait_for_function(
		f"() => (cur_frm.doc.results[{idx - 1}].photo || '').startsWith('/private/files/') && !cur_frm.is_dirty()"
	)


def open_result_row(page, idx: int):
	"""Open checklist row `idx` in the grid's row form. A photo upload saves the form, which
	redraws the grid (and may close a row form opened meanwhile): wait, click, and try again."""
	grid = page.locator("[data-fieldname='results'] .form-grid")
	row_form = page.locator(".grid-row-open")
	for attempt in range(3):
		page.wait_for_function("() => window.cur_frm && !cur_frm.saving")
		grid.locator(f".grid-row[data-idx='{idx}'] .data-row").first.click()
		try:
			row_form.wait_for(timeout=10000)
			return row_form
		except PlaywrightTimeoutError:
			if attempt == 2:
				raise
	return row_form


def record_row(page, idx: int, item_code: str, photo_required: bool, path: str) -> None:
	row_form = open_result_row(page, idx)
	row_form.locator("[data-fieldname='result'] select").select_option(
		r.NOT_MET if item_code in FAILED else r.MET
	)
	if item_code in FAILED:
		row_form.locator("[data-fieldname='note'] textarea").fill(FAILED[item_code])
	if photo_required:
		upload_photo(page, row_form, idx, path)
	if row_form.count() and row_form.first.is_visible():
		row_form.locator(".grid-collapse-row").first.click()
	page.wait_for_selector(".grid-row-open", state="detached")
	answered = page.evaluate(f"() => cur_frm.doc.results[{idx - 1}].result")
	assert answered == (r.NOT_MET if item_code in FAILED else r.MET), (item_code, answered)


def test_a_reviewer_completes_a_patrol_on_a_phone(browser, site, planned, photo_file):
	page = phone_page(browser, seed.REV_LS)
	open_inspection(page, planned)
	assert "部门定期巡查" in page.inner_text("body") and fits_the_screen(page)
	click_action(page, r.START)
	frappe.db.rollback()
	assert frappe.db.get_value("Tuoyu Inspection", planned, "workflow_state") == r.IN_PROGRESS

	open_inspection(page, planned)
	items = frappe.get_all(
		"Tuoyu Inspection Result",
		filters={"parent": planned, "parenttype": "Tuoyu Inspection"},
		fields=["idx", "item_code", "photo_required"],
		order_by="idx",
	)
	assert len(items) == 14 and sum(i.photo_required for i in items) >= 7
	for item in items:
		record_row(page, item.idx, item.item_code, bool(item.photo_required), photo_file)
	assert fits_the_screen(page)
	page.keyboard.press("Control+s")
	page.wait_for_selector(".indicator-pill:has-text('检查中')", timeout=60000)
	page.wait_for_timeout(1500)
	if SCREENSHOTS:
		page.screenshot(path=os.path.join(SCREENSHOTS, "inspection-375.png"), full_page=True)
	click_action(page, r.COMPLETE)

	frappe.db.rollback()
	doc = frappe.get_doc("Tuoyu Inspection", planned)
	assert (doc.workflow_state, doc.docstatus) == (r.COMPLETED, 1)
	assert all(row.result for row in doc.results)
	assert doc.failed_count == 1 and doc.conclusion == r.RECTIFY and FAILED["XC-10"] in doc.findings
	photos = [row.photo for row in doc.results if row.photo_required]
	assert photos and all(p.startswith("/private/files/") for p in photos)
	assert all(
		frappe.db.get_value("File", {"file_url": p, "attached_to_name": planned}, "is_private") == 1
		for p in photos
	)
	open_inspection(page, planned)
	assert "限期整改" in page.inner_text("body") and fits_the_screen(page)
	# 下达整改通知 (on a phone Frappe folds the form's buttons into its menu): the button's handler
	page.evaluate("() => cur_frm.custom_buttons['下达整改通知'].click()")
	page.wait_for_url(re.compile(r".*/app/tuoyu-rectification/.+"), wait_until="domcontentloaded")
	frappe.db.rollback()
	notice = frappe.get_all("Tuoyu Rectification", filters={"inspection": planned}, pluck="name")
	assert len(notice) == 1 and notice[0] in page.url
