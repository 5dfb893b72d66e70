"""Every Script Report the app ships, generated from its report folders (so a new report is covered the
day it is added): over HTTP, the 兰山区 and the 罗庄区 reviewer each get only rows of their own area, in
the report and in its export, while the city admin gets rows of both areas; an operator is refused both.
Each report must carry an `area` column (CONVENTIONS §6) and show something for the seeded history."""

import csv
import io
import json
from pathlib import Path

import frappe
import pytest

from tests import seed
from tests.oversight_helpers import give_history, restore

APP = Path(__file__).resolve().parents[2] / "tuoyu_frappe"
RUN = "/api/method/frappe.desk.query_report.run"
EXPORT = "/api/method/frappe.desk.query_report.export_query"
AREA_NAMES = {seed.LANSHAN: "兰山区", seed.LUOZHUANG: "罗庄区"}


def script_reports() -> list[str]:
	names = []
	for path in sorted(APP.glob("*/report/*/*.json")):
		meta = json.loads(path.read_text())
		if meta.get("doctype") == "Report" and meta.get("report_type") == "Script Report":
			names.append(meta["name"])
	return names


REPORTS = script_reports()


@pytest.fixture(scope="module")
def history(site):
	frappe.set_user("Administrator")
	before = give_history(site)
	frappe.db.commit()
	yield site
	frappe.set_user("Administrator")
	restore(site, before)
	frappe.db.commit()


def run(client, report: str) -> dict:
	response = client.post(RUN, data={"report_name": report, "filters": json.dumps({})})
	assert response.status_code == 200, (report, response.text[:300])
	return response.json()["message"]


def areas_of(message: dict, report: str) -> set[str]:
	fieldnames = [c.get("fieldname") if isinstance(c, dict) else None for c in message["columns"]]
	assert "area" in fieldnames, f"{report} has no area column"
	rows = [r for r in message["result"] if isinstance(r, dict)]  # a total row is a list
	assert all(r.get("area") for r in rows), f"{report} has rows without an area"
	return {r["area"] for r in rows}


def exported_cells(client, report: str) -> set[str]:
	response = client.post(
		EXPORT,
		data={
			"report_name": report,
			"file_format_type": "CSV",
			"filters": json.dumps({}),
			"visible_idx": json.dumps([]),
		},
	)
	assert response.status_code == 200, (report, response.text[:300])
	return {cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for cell in row}


def test_the_app_ships_script_reports():
	assert "County Filing Progress" in REPORTS


@pytest.mark.parametrize("report", REPORTS)
def test_the_city_admin_sees_both_areas(history, login, report):
	assert {seed.LANSHAN, seed.LUOZHUANG} <= areas_of(run(login(seed.CITY), report), report)


@pytest.mark.parametrize(
	"reviewer, own, other",
	[(seed.REV_LS, seed.LANSHAN, seed.LUOZHUANG), (seed.REV_LZ, seed.LUOZHUANG, seed.LANSHAN)],
)
@pytest.mark.parametrize("report", REPORTS)
def test_a_reviewer_sees_only_their_own_area_in_the_report_and_its_export(
	history, login, report, reviewer, own, other
):
	client = login(reviewer)
	assert areas_of(run(client, report), report) == {own}
	cells = exported_cells(client, report)
	assert other not in cells and AREA_NAMES[other] not in cells


@pytest.mark.parametrize("report", REPORTS)
def test_an_operator_can_neither_run_nor_export_it(history, login, report):
	client = login(seed.OP_A)
	response = client.post(RUN, data={"report_name": report, "filters": json.dumps({})})
	assert response.status_code == 403, (report, response.text[:300])
	response = client.post(
		EXPORT, data={"report_name": report, "file_format_type": "CSV", "filters": json.dumps({})}
	)
	assert response.status_code == 403 and "兰山区" not in response.text
