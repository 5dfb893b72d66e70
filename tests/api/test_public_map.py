"""The 备案公示 map (/tuoyu/map and its guest JSON method public_info.api.map_points) over HTTP, as
guests, on the seeded points of tests/api/test_public_directory.py (names, phones, ID numbers and
house numbers): nothing outside payload.MAP_KEYS, anywhere (refusals and 429 included); a home
point at its grid cell centre, never at its stored position, a non-home point where it is; no tile
source, no map script and no tile URL; the limiter in Chinese."""

import html

import frappe
import pytest

from tests import seed
from tests.api import test_public_directory as directory_tests
from tests.api.test_public_directory import NUMBERS, VALUES, assert_nothing_private
from tests.api.test_verify import _made_guests, new_guest
from tuoyu_frappe.public_info import payload

pytestmark = pytest.mark.http

world = directory_tests.world  # the seeded, public points A, B and C (module fixture)
PAGE = "/tuoyu/map"
CMD = "tuoyu_frappe.public_info.api.map_points"
METHOD = f"/api/method/{CMD}"
POINT = "Tuoyu Point"


@pytest.fixture
def map_guest(server):
	yield new_guest(server)
	while _made_guests:
		ip = _made_guests.pop()
		for cmd in ("tuoyu-map-page", CMD):
			frappe.cache.delete(frappe.cache.make_key(f"rl:{cmd}:{ip}"))


def get_json(client, **params):
	response = client.get(METHOD, params=params)
	return response, response.json()


def page(client, **params):
	response = client.get(PAGE, params=params)
	return response, html.unescape(response.text)


def shown(client, **params) -> dict:
	response, data = get_json(client, **params)
	assert response.status_code == 200, response.text[:300]
	return {
		p["filing_number"]: p for p in data["message"]["points"] if p["filing_number"] in NUMBERS.values()
	}


def test_map_points_have_the_allow_listed_keys_only(world, map_guest):
	response, data = get_json(map_guest)
	assert response.status_code == 200, response.text[:300]
	assert set(data) == {"message"} and tuple(data["message"]) == payload.MAP_ANSWER_KEYS
	for point in data["message"]["points"]:
		assert tuple(point) == payload.MAP_KEYS
	assert len(shown(map_guest)) == 3
	assert response.headers["Cache-Control"] == f"public, max-age={payload.CACHE_SECONDS}"


@pytest.mark.parametrize(
	"params",
	[
		{},
		{"area": seed.LANSHAN},
		{"q": "测试"},
		{"q": "x" * 41},
		{"area": "999999"},
		{"care_modes": "nightly"},
	],
)
def test_no_private_value_in_any_map_answer(world, map_guest, params):
	response, _data = get_json(map_guest, **params)
	assert response.status_code in (200, 417), response.text[:300]
	assert_nothing_private(world, response.text, f"map JSON {params}")
	response, text = page(map_guest, **params)
	assert response.status_code == 200, text[:300]
	assert_nothing_private(world, text, f"map page {params}")


def set_point(point, values):
	frappe.db.set_value(POINT, point, values, update_modified=False)
	frappe.db.commit()
	payload.clear_cache()


def test_a_home_is_coarsened_and_a_shop_is_exact(world, map_guest):
	b = world.point["B"]
	lat, lon = VALUES["A"]["latitude"], VALUES["A"]["longitude"]
	conf = payload.settings()
	before = frappe.db.get_value(POINT, b, ["premises_type", "latitude", "longitude"], as_dict=True)
	try:
		set_point(b, {"premises_type": "沿街房", "latitude": 35.071234, "longitude": 118.352345})
		points = shown(map_guest)
		home = points[NUMBERS["A"]]["position"]
		cell = payload.coarsen(lat, lon, home=True, mode=payload.GRID, grid_metres=conf.map_grid_metres)
		assert conf.map_coarsening == payload.GRID
		assert home == list(cell) and home != [lat, lon]
		assert abs(home[0] - lat) > 1e-5 or abs(home[1] - lon) > 1e-5
		assert points[NUMBERS["B"]]["position"] == [35.0712, 118.3523]
		_response, text = page(map_guest)
		assert str(lat) not in text and str(lon) not in text
	finally:
		set_point(b, before)


def test_no_tile_source_no_map(world, map_guest):
	assert not payload.settings().tile_url_template
	response, text = page(map_guest)
	assert response.status_code == 200
	assert "暂未配置地图服务" in text and "测试甲托育点" in text
	for absent in ("leaflet.js", "leaflet.css", "tileLayer", 'id="tm-map"', "{z}", "tile.openstreetmap"):
		assert absent not in text, absent
	assert get_json(map_guest)[1]["message"]["tiles"] is None


def test_the_map_is_linked(world, map_guest):
	assert 'href="/tuoyu/map"' in map_guest.get("/tuoyu").text
	assert 'href="/tuoyu/map?area=' in html.unescape(
		map_guest.get("/tuoyu/directory", params={"area": seed.LANSHAN}).text
	)


def test_the_map_method_is_rate_limited_in_chinese(world, map_guest, server):
	codes = [get_json(map_guest)[0].status_code for _ in range(payload.MAP_LIMIT)]
	assert codes == [200] * payload.MAP_LIMIT
	response, data = get_json(map_guest)
	assert response.status_code == 429
	assert data["message"] == {"error": "rate_limited", "message": "请求过于频繁，请稍后再试"}
	assert_nothing_private(world, response.text, "map 429")
	assert get_json(new_guest(server))[0].status_code == 200


def test_the_map_page_is_rate_limited_in_chinese(world, map_guest, server):
	codes = [page(map_guest)[0].status_code for _ in range(payload.MAP_PAGE_LIMIT)]
	assert codes == [200] * payload.MAP_PAGE_LIMIT
	response, text = page(map_guest)
	assert response.status_code == 429 and "查询过于频繁，请稍后再试。" in text
	assert_nothing_private(world, text, "map page 429")
