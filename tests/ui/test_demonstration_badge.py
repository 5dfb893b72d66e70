"""The 示范点 badge in the Chinese desk: a designated point's form shows it in its headline and
the point list as its indicator; an operator of another point sees neither the point nor a badge."""

import pytest

from tests import demonstration_helpers as h
from tests import seed
from tests.api.test_demonstration_bypass import commit, point  # noqa: F401 (the fixture)
from tests.conftest import PORT
from tests.ui.test_desk import logged_in_page, open_point_list
from tuoyu_frappe.oversight import demonstration as d

pytestmark = pytest.mark.browser


def test_a_designated_point_shows_the_badge_in_the_desk(browser, point):  # noqa: F811
	name = h.new_application(point)
	h.act(seed.OP_A, name, d.SUBMIT)
	h.score(name)
	h.act(seed.REV_LS, name, d.RECOMMEND)
	h.act(seed.CITY, name, d.DESIGNATE)
	commit()
	page = logged_in_page(browser, seed.OP_A)
	page.goto(f"http://127.0.0.1:{PORT}/app/tuoyu-point/{point}", wait_until="domcontentloaded")
	badge = page.locator(".form-message .tuoyu-demonstration-badge")
	badge.wait_for(timeout=60000)
	assert badge.inner_text().strip() == "示范点"
	assert "有效期至" in page.locator(".form-message").inner_text()
	open_point_list(page)
	rows = page.locator(".list-row-container")
	assert rows.count() == 1 and "示范点" in rows.first.locator(".indicator-pill").first.inner_text()
	page.context.close()
