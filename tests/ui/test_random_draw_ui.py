"""双随机抽查 in the Chinese desk: a reviewer runs the draw, verifies it and confirms it with the
form's three buttons, and reads each result in Chinese."""

import os

import frappe
import pytest

from tests import seed
from tests.conftest import PORT
from tests.draw_helpers import DRAW, file_points, make_inspector, new_draw, remove_draw, restore_points
from tests.ui.test_chinese_desk import child_table_labels, english_words, version_line_words, visible_text
from tests.ui.test_desk import SCREENSHOTS, logged_in_page

pytestmark = pytest.mark.browser


@pytest.fixture
def draft_draw(site):
	frappe.set_user("Administrator")
	statuses = file_points(site.point["A"], site.point["B"])
	pool = [make_inspector(seed.LANSHAN, label) for label in ("卯", "辰", "巳")]
	name = new_draw(seed.REV_LS, seed.LANSHAN, pool).name
	frappe.set_user("Administrator")
	frappe.db.commit()
	yield name
	frappe.db.rollback()
	remove_draw(name)
	for inspector in pool:
		frappe.db.delete("Tuoyu Inspector", {"name": inspector})
	restore_points(statuses)
	frappe.db.commit()


def dialog_text(page) -> str:
	page.wait_for_selector(".modal.show .modal-body", timeout=30000)
	page.wait_for_timeout(500)  # the dialog fades in
	text = page.inner_text(".modal.show")
	page.click(".modal.show .btn-modal-close")
	page.wait_for_selector(".modal.show", state="detached", timeout=30000)
	return text


def assert_chinese(page, where: str) -> None:
	"""No untranslated English on the page, Frappe's own version-line gaps apart."""
	text, versions = visible_text(page)
	labels = child_table_labels((DRAW,))
	words = english_words(text) + [w for line in versions for w in version_line_words(line, labels)]
	assert not words, (where, words)


def test_reviewer_draws_verifies_and_confirms_in_the_form(browser, draft_draw):
	page = logged_in_page(browser, seed.REV_LS)
	page.goto(f"http://127.0.0.1:{PORT}/app/tuoyu-random-draw/{draft_draw}", wait_until="domcontentloaded")
	page.wait_for_selector("[data-fieldname='pool']", timeout=60000)
	page.wait_for_timeout(1000)
	body = page.inner_text("body")
	for text in ("检查人员库", "抽取方式", "回避期限（月）", "未抽取"):
		assert text in body, text
	assert page.locator("button:has-text('核验')").count() == 0  # nothing to verify yet
	assert_chinese(page, "draft")

	page.click("button:has-text('抽取')")
	assert "个已备案托育点中抽取了" in dialog_text(page)
	page.wait_for_selector("button:has-text('核验')", timeout=30000)
	assert "已抽取" in page.inner_text("body")
	assert_chinese(page, "drawn")

	page.click("button:has-text('核验')")
	text = dialog_text(page)
	assert "核验一致" in text and "输入摘要一致" in text

	page.click("button:has-text('确认')")
	page.wait_for_selector(".modal.show .btn-primary", timeout=30000)
	page.click(".modal.show .btn-primary")
	page.wait_for_selector(".indicator-pill:has-text('已确认')", timeout=60000)  # reloaded after 确认
	frappe.db.rollback()
	assert frappe.db.get_value(DRAW, draft_draw, "docstatus") == 1
	page.reload(wait_until="domcontentloaded")
	page.wait_for_selector("[data-fieldname='picks']", timeout=60000)
	page.wait_for_timeout(1000)
	assert "已确认" in page.inner_text("body")
	assert page.locator("button:has-text('抽取')").count() == 0
	page.click(".section-head:has-text('存储的抽取输入')")  # the stored inputs, collapsed
	page.wait_for_timeout(500)
	assert_chinese(page, "confirmed")
	if SCREENSHOTS:
		page.screenshot(path=os.path.join(SCREENSHOTS, "random-draw-confirmed.png"), full_page=True)
	page.context.close()
