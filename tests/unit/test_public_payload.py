"""The public payload's plain functions (tuoyu_frappe.public_info.payload), without a site: the
public address of home premises never carries a number, whatever was typed, and the map's
positions of homes are snapped to a grid cell's centre."""

import random
import re

import pytest

from tuoyu_frappe.public_info.payload import COMPOUND, STREET, TOWNSHIP_CENTRE, coarsen, public_address

AREA, TOWN = "兰山区", "兰山街道"
NUMBERED = re.compile(r"[0-9０-９号楼栋幢单元室层户#]")


@pytest.mark.parametrize(
	"address, street, compound",
	[
		("临沂市兰山区兰山街道北京路123号阳光花园12号楼3单元1802室", "北京路", "北京路阳光花园"),
		("兰山区兰山街道沂蒙路88号幸福家园7栋2单元601室", "沂蒙路", "沂蒙路幸福家园"),
		("北京路123号", "北京路", "北京路"),
		("解放路东段18号翡翠城B座1202", "解放路", "解放路"),  # 东段翡翠城 is not a compound word at the start
		("金雀山街道 人民大街 5 号 锦绣苑 3 幢 101", "人民大街", "人民大街锦绣苑"),
		("阳光花园12号楼3单元1802室", "", ""),  # no street recognised: the township only
		("12号楼3单元", "", ""),
		("", "", ""),
	],
)
def test_home_addresses_stop_at_the_street_or_compound(address, street, compound):
	assert public_address(address, "居民住宅", STREET, AREA, TOWN) == AREA + TOWN + street
	assert public_address(address, "居民住宅", COMPOUND, AREA, TOWN) == AREA + TOWN + compound


def test_unknown_premises_count_as_homes_and_street_fronts_show_as_stored():
	address = "兰山区兰山街道北京路123号阳光花园12号楼3单元1802室"
	assert public_address(address, None, STREET, AREA, TOWN) == "兰山区兰山街道北京路"
	assert public_address(address, "村居", STREET, AREA, TOWN) == "兰山区兰山街道北京路"
	assert public_address("通达路18号", "沿街房", STREET, AREA, TOWN) == "通达路18号"


def test_no_number_passes_whatever_was_typed():
	rng = random.Random(20261202)
	parts = [
		"北京路",
		"12号",
		"阳光花园",
		"3单元",
		"1802室",
		"七号楼",
		"东",
		"幸福家园",
		"#",
		"-",
		"１２",
		"小区",
	]
	for _ in range(5000):
		typed = "".join(rng.choice(parts) for _ in range(rng.randint(1, 7)))
		for precision in (STREET, COMPOUND):
			shown = public_address(typed, "居民住宅", precision, AREA, TOWN)
			assert shown.startswith(AREA + TOWN), typed
			assert not NUMBERED.search(shown[len(AREA + TOWN) :]), (typed, shown)


def test_homes_snap_to_the_centre_of_their_grid_cell():
	lat, lon = 35.061234, 118.342345
	cell = coarsen(lat, lon, home=True, grid_metres=1000)
	assert cell != (round(lat, 5), round(lon, 5))
	assert abs(cell[0] - lat) <= 1000 / 111_320 / 2 + 1e-6
	# Two homes in the same cell share one position; the grid is at least 200 m.
	assert coarsen(lat + 0.0001, lon + 0.0001, home=True, grid_metres=1000) == cell
	assert coarsen(lat, lon, home=True, grid_metres=10) == coarsen(lat, lon, home=True, grid_metres=200)
	assert coarsen(lat, lon, home=False) == (35.0612, 118.3423)
	assert coarsen(lat, lon, home=True, mode=TOWNSHIP_CENTRE) is None
	assert coarsen(lat, lon, home=True, mode=TOWNSHIP_CENTRE, township_centre=(35.1, 118.3)) == (35.1, 118.3)
	assert coarsen(None, lon, home=True) is None and coarsen(0, 0, home=False) is None


def test_the_map_position_follows_the_settings():
	from tuoyu_frappe.public_info.payload import Settings, position

	home = {"premises_type": "居民住宅", "latitude": 35.061234, "longitude": 118.342345, "township": "T"}
	assert position(home, Settings(map_grid_metres=500)) == coarsen(
		35.061234, 118.342345, home=True, grid_metres=500
	)
	assert position({**home, "premises_type": None}, Settings()) == coarsen(35.061234, 118.342345, home=True)
	assert position({**home, "premises_type": "沿街房"}, Settings()) == (35.0612, 118.3423)
	centre = Settings(map_coarsening=TOWNSHIP_CENTRE)
	assert position(home, centre) is None
	assert position(home, centre, {"T": (35.05, 118.33)}) == (35.05, 118.33)
