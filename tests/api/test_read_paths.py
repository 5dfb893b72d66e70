"""Isolation tests generated from the read-path inventory (tuoyu_frappe/security/read_paths.py)
and from the DocType metadata: each probed read path × each scoped DocType and child DocType ×
a wrong user, over HTTP against the real server. A DocType or child table added later is
covered the day it is added: its marker rows come from the metadata (tests/scoped_world.py)."""

import json
import re

import pytest

from tests import seed
from tests.scoped_world import ScopedWorld, city_only_doctypes
from tuoyu_frappe import hooks
from tuoyu_frappe.security.read_paths import READ_PATHS

pytestmark = pytest.mark.http

PROBED = [path for path in READ_PATHS if path.probe]
TARGETS = {
	"scoped": [(dt, None) for dt in hooks._SCOPED],
	"child": [(child, None) for child in hooks._SCOPED_CHILDREN],
}
# Unscoped DocTypes only city administrators read (the ban register): every user below is wrong.
TARGETS["city_only"] = [(dt, None) for dt in city_only_doctypes()]
# Users for whom the rows of side A (兰山区, point A) are out of scope, and one for side C.
WRONG_USERS = {"A": (seed.REV_LZ, seed.OP_B, seed.NOBODY), "C": (seed.REV_LS, seed.OP_A, seed.ASSOC)}
# Rows read by their handler, not their area (tests/scoped_world.HANDLED_BY): side C's reviewer is
# the wrong user for side C's contact too, which is not theirs until they accept the complaint.
WRONG_USERS_BY_DOCTYPE = {"Tuoyu Complainant Contact": {"C": (seed.REV_LZ,)}}


def cases():
	for path in PROBED:
		kinds = ("scoped", "child") if path.probe.target == "both" else (path.probe.target,)
		if "scoped" in kinds:
			kinds += ("city_only",)
		for kind in kinds:
			for doctype, _ in TARGETS[kind]:
				for side, users in WRONG_USERS.items():
					for user in users + WRONG_USERS_BY_DOCTYPE.get(doctype, {}).get(side, ()):
						yield pytest.param(
							path, doctype, side, user, id=f"{path.path}|{doctype}|{side}|{user.split('@')[0]}"
						)


@pytest.fixture(scope="module")
def world(site):
	built = ScopedWorld(site).build()
	yield built
	built.remove()


def fill(value, placeholders: dict):
	if isinstance(value, str):
		if re.fullmatch(r"\{(\w+)\}", value):  # a whole placeholder keeps its type
			return placeholders[value[1:-1]]
		return value.format(**placeholders)
	if isinstance(value, list):
		return [fill(v, placeholders) for v in value]
	if isinstance(value, dict):
		return {k: fill(v, placeholders) for k, v in value.items()}
	return value


def a_text_field(doctype: str) -> str:
	import frappe

	for df in frappe.get_meta(doctype).fields:
		if df.fieldtype in ("Data", "Link", "Select") and df.fieldname not in ("naming_series",):
			return df.fieldname
	return "name"


_FOREIGN_VALUES: dict[tuple, list[str]] = {}


def foreign_values(world, user: str, side: str, fieldname: str) -> list[str]:
	"""Titles and probed values of the rows out of the user's scope (the world's rows do not change
	within the module: read once per user, side and field)."""
	key = (id(world), user, side, fieldname)
	if key not in _FOREIGN_VALUES:
		_FOREIGN_VALUES[key] = _read_foreign_values(world, user, side, fieldname)
	return _FOREIGN_VALUES[key]


def _read_foreign_values(world, user: str, side: str, fieldname: str) -> list[str]:
	import frappe

	values = []
	for r in world.rows:
		if r.side != side or world.in_scope(user, r):
			continue
		meta = frappe.get_meta(r.doctype)
		for field in {meta.title_field, fieldname} - {None, "", "name"}:
			if meta.has_field(field):
				value = frappe.db.get_value(r.doctype, r.name, field)
				if isinstance(value, str) and len(value) >= 4:
					values.append(value)
	return values


def readable_body(response) -> str:
	"""The body with JSON's \\uXXXX escapes undone, nested messages included, so Chinese titles
	and values are seen as the user would read them."""
	text = response.content.decode("utf-8", "replace")
	for _ in range(3):  # _server_messages is JSON inside JSON inside JSON
		try:
			decoded = text.encode("latin-1", "backslashreplace").decode("unicode_escape")
		except UnicodeDecodeError:
			break
		if decoded == text:
			break
		text = decoded
	return response.content.decode("utf-8", "replace") + "\n" + text


def placeholders_for(doctype: str, row) -> dict:
	return {
		"doctype": doctype,
		"name": row.name,
		"parent_doctype": row.parent_doctype or "",
		"parent": row.parent or "",
		"fieldname": a_text_field(doctype),
	}


def send(client, path, placeholders: dict):
	params = fill(path.probe.params, placeholders)
	if not path.probe.json_body:
		params = {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in params.items()}
	url = path.path.split(" ", 2)[2] if path.path.startswith("ROUTE ") else f"/api/method/{path.path}"
	url = fill(url, placeholders)
	if path.probe.method == "GET":
		return client.get(url, params=params)
	if path.probe.json_body:
		return client.post(url, json=params)
	return client.post(url, data=params)


@pytest.mark.parametrize("path, doctype, side, user", list(cases()))
def test_read_path_returns_nothing_outside_the_users_scope(login, world, path, doctype, side, user):
	rows = [r for r in world.rows if r.doctype == doctype and r.side == side]
	assert rows, f"no marker row of {doctype} on side {side}"
	row = rows[0]
	placeholders = placeholders_for(doctype, row)
	response = send(login(user), path, placeholders)
	assert response.status_code < 500, (response.status_code, response.text[:500])
	body = readable_body(response)
	foreign = [r.name for r in world.rows if r.side == side and not world.in_scope(user, r)]
	if path.probe.reveals != "name":
		# Titles and values: the foreign rows' title and probed field must not appear either.
		foreign += foreign_values(world, user, side, placeholders["fieldname"])
	# What a readable row names by design (a membership application, its point) is no leak.
	foreign = [value for value in foreign if value not in world.disclosed(user, side)]
	if response.status_code >= 400:
		# A refusal may echo the name the caller sent; nothing else may appear.
		foreign = [value for value in foreign if value not in (row.name, row.parent)]
	leaked = [value for value in foreign if value in body]
	assert not leaked, (response.status_code, leaked, body[:500])


RIGHT_USERS = {"A": seed.REV_LS, "C": seed.REV_LZ}
# The everyday reads of a row, for the other way round: the area's own reviewer gets the row, so an
# empty or refused answer cannot pass the test above by accident.
EVERYDAY_READS = (
	"ROUTE GET /api/resource/{doctype}",
	"ROUTE GET /api/resource/{doctype}/{name}",
	"frappe.client.get_list",
	"frappe.client.get",
	"frappe.desk.form.load.getdoc",
	"frappe.desk.reportview.get",
	"frappe.desk.search.search_link",
)


def positive_cases():
	by_path = {path.path: path for path in PROBED}
	for path_name in EVERYDAY_READS:
		path = by_path.get(path_name)
		if not path:
			yield pytest.param(None, path_name, "A", None, id=f"missing|{path_name}")
			continue
		for doctype, _ in TARGETS["scoped"]:
			yield pytest.param(path, doctype, "A", RIGHT_USERS["A"], id=f"{path.path}|{doctype}")
		for doctype, _ in TARGETS["city_only"]:
			yield pytest.param(path, doctype, "A", seed.CITY, id=f"{path.path}|{doctype}|city")


@pytest.mark.parametrize("path, doctype, side, user", list(positive_cases()))
def test_read_path_still_answers_the_areas_own_reviewer(login, world, path, doctype, side, user):
	assert path, f"{doctype} is no longer probed in the read-path inventory"
	row = next(r for r in world.rows if r.doctype == doctype and r.side == side)
	response = send(login(user), path, placeholders_for(doctype, row))
	assert response.status_code == 200, (response.status_code, response.text[:300])
	assert row.name in response.content.decode("utf-8", "replace"), response.text[:300]
