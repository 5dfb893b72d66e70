"""Journey 1 of the public pages: a parent on a 375-px-wide phone opens /tuoyu, goes to the 备案公示
directory, narrows it to a township, finds a filed point there, opens its verification page, and
files a complaint about it through the point's 投诉举报 link (the form arrives with the point, its
county and township chosen). Seeded points A, B (兰山区) and C (罗庄区) are made public for the
journey (tests/api/test_public_directory.world) and restored afterwards."""

import os
import re

import frappe
import pytest

from tests import seed
from tests.api.test_public_directory import NUMBERS, world  # noqa: F401  (the fixture)
from tests.complaint_helpers import purge_complaints_since
from tests.conftest import PORT
from tests.ui.test_complaint_journey import answer_and_submit
from tests.ui.test_desk import SCREENSHOTS
from tests.ui.test_inspection_mobile import WIDTH
from tests.ui.test_supervision_journey import fits_the_screen
from tuoyu_frappe.complaints import rules as r
from tuoyu_frappe.public_info import payload

pytestmark = pytest.mark.browser
BASE = f"http://127.0.0.1:{PORT}"
COMPLAINT = "Tuoyu Complaint"
DESCRIPTION = "托育点门口的楼梯没有护栏，接送孩子时很多婴幼儿在楼梯口玩耍，存在摔落危险。"
# Screenshots go to TUOYU_SCREENSHOTS when set, else to the checkout's ignored test-results/.
SHOTS = SCREENSHOTS or os.path.join(
	os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "test-results"
)
RATE_KEYS = (
	"tuoyu-directory-page",
	"tuoyu-complaint-prefill",
	"None",  # the verify page's counter (a page has no cmd)
	"tuoyu_frappe.public_info.api.directory",
	"tuoyu_frappe.complaints.public.submit",
	"tuoyu_frappe.complaints.public.search_points",
)


def reset_rate_limits() -> None:
	for key in RATE_KEYS:
		frappe.cache.delete(frappe.cache.make_key(f"rl:{key}:127.0.0.1"))


@pytest.fixture
def journey(world):  # noqa: F811
	started = frappe.db.sql("select now(6)")[0][0]
	reset_rate_limits()
	payload.clear_cache()
	try:
		yield world
	finally:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		reset_rate_limits()
		purge_complaints_since(started)
		frappe.db.commit()


def shot(page, name: str) -> None:
	os.makedirs(SHOTS, exist_ok=True)
	page.screenshot(path=os.path.join(SHOTS, f"public-{name}.png"), full_page=True)


def test_a_parent_finds_a_point_verifies_it_and_files_a_complaint(browser, journey):
	number = NUMBERS["A"]
	page = browser.new_context(
		locale="zh-CN", viewport={"width": WIDTH, "height": 812}, is_mobile=True, has_touch=True
	).new_page()
	page.set_default_timeout(60000)

	# The home page explains and links.
	page.goto(f"{BASE}/tuoyu", wait_until="domcontentloaded")
	for label in ("什么是家庭托育点？", "什么是备案？", "备案公示", "备案核验", "投诉举报"):
		assert page.get_by_text(label, exact=True).first.is_visible(), label
	assert fits_the_screen(page)
	shot(page, "home")
	page.click("#th-directory")
	page.wait_for_url(re.compile(r".*/tuoyu/directory$"))

	# The directory, narrowed to 兰山街道 of 兰山区 and to points with a free place.
	for label in ("县区", "乡镇（街道）", "服务模式", "空余托位", "全日托", "半日托", "计时托", "临时托"):
		assert page.get_by_text(label, exact=True).first.is_visible(), label
	page.select_option("#td-area", seed.LANSHAN)
	page.select_option("#td-township", seed.LANSHAN_TOWN)
	page.select_option("#td-places", "1")
	page.click("#td-submit")
	page.wait_for_url(re.compile(r".*township=" + seed.LANSHAN_TOWN + ".*"))
	assert "共 1 个托育点" in page.inner_text("#td-count")
	card = page.locator(f"article.tuoyu-point[data-filing-number='{number}']")
	text = card.inner_text()
	for shown in (
		"测试甲托育点",
		"已备案",
		number,
		"兰山区 兰山街道",
		"兰山区兰山街道北京路",
		"全日托、半日托",
	):
		assert shown in text, shown
	assert "备案托位" in text and "5 个" in text and "空余托位" in text and "2 个" in text
	assert "2026-10-15 部门定期巡查：合格" in text
	for private in ("123号", "阳光花园", "1802室", "王秀兰", "13812340001", "张秀英"):
		assert private not in page.content(), private
	assert fits_the_screen(page)
	shot(page, "directory-township")

	# Its verification page.
	card.locator(".tuoyu-verify-link").click()
	page.wait_for_url(re.compile(r".*/tuoyu/verify\?no=.*"))
	result = page.locator(".tuoyu-verify-result")
	assert "测试甲托育点" in result.inner_text() and number in result.inner_text()
	assert page.locator(".tuoyu-status").inner_text().startswith("已备案")
	assert fits_the_screen(page)
	shot(page, "verify")

	# Back to the entry, and its complaint link: the form arrives with the point chosen.
	page.go_back(wait_until="domcontentloaded")
	page.locator(f"article.tuoyu-point[data-filing-number='{number}'] .tuoyu-complaint-link").click()
	page.wait_for_url(re.compile(r".*/tuoyu/complaint\?no=.*"))
	assert page.inner_text("#tc-chosen") == f"已选择：测试甲托育点（{number}）"
	assert page.input_value("#tc-filing-number") == number
	assert page.input_value("#tc-county") == seed.LANSHAN
	assert page.input_value("#tc-township") == seed.LANSHAN_TOWN
	page.select_option("#tc-category", "安全")
	page.fill("#tc-description", DESCRIPTION)
	page.check("#tc-anonymous")
	code = answer_and_submit(page)
	assert "您的投诉举报已提交" in page.inner_text("#tc-done")
	shot(page, "complaint-filed")
	page.context.close()

	frappe.db.rollback()
	filed = frappe.db.get_value(
		COMPLAINT, {"tracking_hash": r.tracking_hash(code)}, ["point", "township", "anonymous"], as_dict=True
	)
	assert (filed.point, filed.township, filed.anonymous) == (journey.point["A"], seed.LANSHAN_TOWN, 1)
