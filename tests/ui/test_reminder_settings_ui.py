"""The reminder settings and the reminder log read in Chinese in the desk: every switch with its
label and its description; city admins change them, a reviewer reads them only."""

import frappe
import pytest

from tests import seed
from tests.ui.test_chinese_desk import BASE, LIST, english_words, shown, visible_text
from tests.ui.test_desk import logged_in_page
from tuoyu_frappe.reminders import settings

pytestmark = pytest.mark.browser

FORM = ".form-layout .frappe-control"
SETTINGS_ROUTE = "/app/tuoyu-reminder-settings"


def read_page(page, route: str, ready: str) -> str:
	page.goto(f"{BASE}{route}", wait_until="domcontentloaded")
	shown(page, ready)
	page.wait_for_timeout(1000)  # late parts: sidebar, counts
	text, _versions = visible_text(page)
	return text


def test_the_settings_form_and_the_log_are_chinese_for_a_city_admin(browser, site):
	meta = frappe.get_meta(settings.DOCTYPE)
	page = logged_in_page(browser, seed.CITY)
	try:
		text = read_page(page, SETTINGS_ROUTE, FORM)
		assert english_words(text) == [], english_words(text)
		for df in meta.fields:
			assert frappe._(df.label, lang="zh") in text, df.label
			assert frappe._(df.description, lang="zh") in text, df.description
		assert frappe._(settings.DOCTYPE, lang="zh") in text  # the title
		# a city admin may save the form
		page.locator(".primary-action >> visible=true").first.wait_for(state="visible")
		text = read_page(page, "/app/tuoyu-reminder-log", LIST)
		assert english_words(text) == [], english_words(text)
	finally:
		page.context.close()


def test_a_reviewer_reads_the_settings_without_changing_them(browser, site):
	page = logged_in_page(browser, seed.REV_LS)
	try:
		text = read_page(page, SETTINGS_ROUTE, FORM)
		assert english_words(text) == [], english_words(text)
		assert frappe._("Remind Certificates Expiring", lang="zh") in text
		assert page.locator(".primary-action >> visible=true").count() == 0  # no Save
		assert page.locator("input[data-fieldname='remind_certificates'] >> visible=true").count() == 0
	finally:
		page.context.close()
