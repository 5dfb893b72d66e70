"""Oversight over HTTP: 县区备案进度 through frappe.desk.query_report.run and export_query as the city
admin (every area) and as the 罗庄区 reviewer (only 罗庄区), and the utility-price certificate
printed in every print path for a filed point and refused for one that is not."""

import csv
import io
import json

import frappe
import pytest

from tests import seed
from tests.oversight_helpers import EXPECTED, give_history, restore

REPORT = "County Filing Progress"
CERTIFICATE = "Tuoyu Utility Certificate"
RUN = "/api/method/frappe.desk.query_report.run"
EXPORT = "/api/method/frappe.desk.query_report.export_query"
HTML = "/api/method/frappe.www.printview.get_html_and_style"
PDF = "/api/method/frappe.utils.print_format.download_pdf"


@pytest.fixture(scope="module")
def history(site):
	frappe.set_user("Administrator")
	before = give_history(site)
	frappe.db.commit()
	yield site
	frappe.set_user("Administrator")
	restore(site, before)
	frappe.db.delete(CERTIFICATE, {"point": ("in", list(site.point.values()))})
	frappe.db.commit()


def said(response) -> str:
	"""The response's text with Frappe's JSON-encoded server messages decoded."""
	try:
		body = response.json()
	except ValueError:
		return response.text
	messages = [json.loads(m).get("message", "") for m in json.loads(body.get("_server_messages") or "[]")]
	return response.text + "".join(messages)


def run(client, year: int) -> list[dict]:
	response = client.post(RUN, data={"report_name": REPORT, "filters": json.dumps({"year": year})})
	assert response.status_code == 200, response.text[:300]
	return response.json()["message"]["result"]


def export(client, year: int) -> list[list[str]]:
	response = client.post(
		EXPORT,
		data={
			"report_name": REPORT,
			"file_format_type": "CSV",
			"filters": json.dumps({"year": year}),
			"visible_idx": json.dumps([]),
		},
	)
	assert response.status_code == 200, response.text[:300]
	return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("year", [2022, 2023])
def test_the_city_admin_sees_every_area_over_rest_and_in_the_export(history, login, year):
	client = login(seed.CITY)
	rows = {r["area"]: r for r in run(client, year)}
	assert len(rows) == 13
	for area, (points, places) in EXPECTED[year].items():
		assert (rows[area]["filed_points"], rows[area]["filed_places"]) == (points, places)
	exported = export(client, year)
	assert "兰山区" in {cell for row in exported for cell in row}
	assert len([row for row in exported if row and row[0].isdigit() and len(row[0]) == 6]) == 13


@pytest.mark.parametrize("year", [2022, 2023])
def test_the_luozhuang_reviewer_sees_only_luozhuang_over_rest_and_in_the_export(history, login, year):
	client = login(seed.REV_LZ)
	rows = run(client, year)
	assert [r["area"] for r in rows] == [seed.LUOZHUANG]
	assert rows[0]["filed_points"] == EXPECTED[year][seed.LUOZHUANG][0]
	exported = export(client, year)
	cells = {cell for row in exported for cell in row}
	assert "罗庄区" in cells and "兰山区" not in cells and seed.LANSHAN not in cells
	# A filter naming another area returns nothing of it.
	response = client.post(
		RUN, data={"report_name": REPORT, "filters": json.dumps({"year": year, "area": seed.LANSHAN})}
	)
	assert response.status_code == 200 and response.json()["message"]["result"] == []


@pytest.mark.parametrize("user", [seed.OP_A, seed.NOBODY])
def test_operators_and_users_without_a_role_cannot_run_or_export_it(history, login, user):
	client = login(user)
	response = client.post(RUN, data={"report_name": REPORT, "filters": json.dumps({"year": 2022})})
	assert response.status_code == 403, response.text[:300]
	response = client.post(
		EXPORT, data={"report_name": REPORT, "file_format_type": "CSV", "filters": json.dumps({"year": 2022})}
	)
	assert response.status_code == 403 and "兰山区" not in response.text


@pytest.mark.parametrize("user", [seed.REV_LS, seed.OP_A, seed.CITY])
def test_the_certificate_of_a_filed_point_prints_in_every_path(history, login, user):
	point = history.point["A"]
	client = login(user)
	response = client.get(HTML, params={"doc": "Tuoyu Point", "name": point, "print_format": CERTIFICATE})
	assert response.status_code == 200, response.text[:300]
	html = response.json()["message"]["html"]
	assert "居民价格用水用电用气证明" in html and "临沂市家庭托育点建设试点方案" in html
	frappe.db.rollback()
	number = frappe.db.get_value(CERTIFICATE, {"point": point}, "certificate_number")
	assert number and number in html  # committed by the print request, kept for the next one
	page = client.get("/printview", params={"doctype": "Tuoyu Point", "name": point, "format": CERTIFICATE})
	assert page.status_code == 200 and number in page.text
	pdf = client.get(PDF, params={"doctype": "Tuoyu Point", "name": point, "format": CERTIFICATE})
	assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), pdf.text[:300]


def test_the_certificate_of_a_point_that_is_not_filed_is_refused_in_every_path(history, login):
	point = history.point["C"]  # 已撤销备案
	client = login(seed.REV_LZ)
	response = client.get(HTML, params={"doc": "Tuoyu Point", "name": point, "print_format": CERTIFICATE})
	assert response.status_code == 417 and "仅对已备案的托育点出具" in said(response), response.text[:300]
	page = client.get("/printview", params={"doctype": "Tuoyu Point", "name": point, "format": CERTIFICATE})
	assert page.status_code == 200 and "不能出具居民价格用水用电用气证明" in page.text
	assert "仅对已备案的托育点出具" in page.text and "临沂市家庭托育点建设试点方案" not in page.text
	pdf = client.get(PDF, params={"doctype": "Tuoyu Point", "name": point, "format": CERTIFICATE})
	assert not pdf.content.startswith(b"%PDF") and "仅对已备案的托育点出具" in said(pdf)
	frappe.db.rollback()
	assert not frappe.db.exists(CERTIFICATE, {"point": point})


def test_a_reviewer_of_another_area_cannot_print_the_certificate(history, login):
	point = history.point["A"]
	client = login(seed.REV_LZ)
	response = client.get(HTML, params={"doc": "Tuoyu Point", "name": point, "print_format": CERTIFICATE})
	assert response.status_code == 403 and "临沂市家庭托育点建设试点方案" not in response.text
	pdf = client.get(PDF, params={"doctype": "Tuoyu Point", "name": point, "format": CERTIFICATE})
	assert pdf.status_code == 403 and not pdf.content.startswith(b"%PDF")
