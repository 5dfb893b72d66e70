"""Journey 2 of the public pages: the city admin changes the home-address privacy setting in Tuoyu
Public Settings (the Chinese desk), and the 备案公示 directory and map follow at once: the address of a
home point is cut at the compound instead of the street, and its map position moves when the grid
size changes. Seeded points A, B and C are made public for the journey
(tests/api/test_public_directory.world); the settings are restored afterwards. The ui conftest
fails the test on any console error; screenshots under test-results/."""

import time

import frappe
import pytest

from tests import seed
from tests.api.test_public_directory import NUMBERS, VALUES, world  # noqa: F401  (the fixture)
from tests.ui.test_desk import logged_in_page
from tests.ui.test_inspection_mobile import WIDTH
from tests.ui.test_public_directory_journey import BASE, reset_rate_limits, shot
from tuoyu_frappe.public_info import payload

pytestmark = pytest.mark.browser
SETTINGS_ROUTE = "/app/tuoyu-public-settings"
MAP_CMD = "tuoyu_frappe.public_info.api.map_points"


def restore(values: dict) -> None:
	frappe.db.rollback()
	frappe.set_user("Administrator")
	doc = frappe.get_single(payload.SETTINGS)
	doc.update(values)
	doc.save()
	frappe.db.commit()


def wait_for_setting(field: str, value) -> None:
	for _ in range(60):
		frappe.db.rollback()
		row = frappe.db.sql(
			"select value from tabSingles where doctype=%s and field=%s", (payload.SETTINGS, field)
		)
		if row and str(row[0][0]) == str(value):
			return
		time.sleep(0.5)
	raise AssertionError(f"{field} was not saved as {value}")


def save_form(page, field_selector: str, value: str, field: str) -> None:
	page.goto(f"{BASE}{SETTINGS_ROUTE}", wait_until="domcontentloaded")
	control = page.locator(f"{field_selector} >> visible=true").first
	try:
		control.wait_for(state="visible", timeout=20000)
	except Exception:
		shot(page, "public-settings-missing")
		raise
	if control.evaluate("e => e.tagName") == "SELECT":
		control.select_option(value)
	else:
		control.fill(value)
		control.press("Tab")
	page.wait_for_timeout(300)
	page.locator(".primary-action >> visible=true").first.click()
	try:
		wait_for_setting(field, value)
	finally:
		shot(page, f"public-settings-{field}")


def address_of_a(page, route: str) -> str:
	page.goto(f"{BASE}{route}?area={seed.LANSHAN}", wait_until="domcontentloaded")
	# The parent reloads (the answers are cacheable for payload.CACHE_SECONDS in the browser).
	page.reload(wait_until="domcontentloaded")
	card = page.locator(f"article.tuoyu-point[data-filing-number='{NUMBERS['A']}'] .tuoyu-address")
	return card.inner_text().strip()


def position_of_a(page) -> list:
	answer = page.request.get(f"{BASE}/api/method/{MAP_CMD}", params={"area": seed.LANSHAN}).json()
	return next(p["position"] for p in answer["message"]["points"] if p["filing_number"] == NUMBERS["A"])


def test_the_directory_and_the_map_follow_the_privacy_setting(browser, world):  # noqa: F811
	before = frappe.db.get_singles_dict(payload.SETTINGS, cast=True)
	keep = {
		"home_address_precision": before.get("home_address_precision") or payload.STREET,
		"map_coarsening": before.get("map_coarsening") or payload.GRID,
		"map_grid_metres": before.get("map_grid_metres") or 1000,
	}
	restore({**keep, "home_address_precision": payload.STREET, "map_grid_metres": 1000})
	reset_rate_limits()
	admin = logged_in_page(browser, seed.CITY)
	parent = browser.new_context(
		locale="zh-CN", viewport={"width": WIDTH, "height": 812}, is_mobile=True, has_touch=True
	).new_page()
	parent.set_default_timeout(60000)
	lat, lon = VALUES["A"]["latitude"], VALUES["A"]["longitude"]
	try:
		assert address_of_a(parent, "/tuoyu/directory") == "兰山区兰山街道北京路"
		assert address_of_a(parent, "/tuoyu/map") == "兰山区兰山街道北京路"
		assert "暂未配置地图服务" in parent.inner_text("#tm-no-tiles")
		first = position_of_a(parent)
		assert first == list(payload.coarsen(lat, lon, home=True, grid_metres=1000))
		shot(parent, "map-street")

		# The city admin cuts home addresses at the compound: both pages follow at once.
		save_form(
			admin,
			".frappe-control[data-fieldname='home_address_precision'] select",
			payload.COMPOUND,
			"home_address_precision",
		)
		shot(admin, "public-settings")
		assert address_of_a(parent, "/tuoyu/directory") == "兰山区兰山街道北京路阳光花园"
		assert address_of_a(parent, "/tuoyu/map") == "兰山区兰山街道北京路阳光花园"
		for private in ("123号", "12号楼", "1802室", "王秀兰"):
			assert private not in parent.content(), private
		shot(parent, "map-compound")

		# A coarser grid moves the home point's marker to the new cell's centre.
		save_form(admin, ".frappe-control[data-fieldname='map_grid_metres'] input", "5000", "map_grid_metres")
		second = position_of_a(parent)
		assert second == list(payload.coarsen(lat, lon, home=True, grid_metres=5000))
		assert second != first and second != [lat, lon]
	finally:
		admin.context.close()
		parent.context.close()
		restore(keep)
		reset_rate_limits()
		payload.clear_cache()
