"""A malformed REST list of any of our DocTypes (bad JSON, filters Frappe cannot build, an unknown
sort column) is refused in words (HTTP 417), never answered with a server error; a well-formed one
still answers. Generated from the app's DocTypes, so a new one is covered the day it is added."""

import json

import frappe
import pytest

from tests import seed

pytestmark = pytest.mark.http

MALFORMED = {
	"bad JSON filters": {"filters": "[[bad"},
	"bad JSON fields": {"fields": '["name",'},
	"a filter without a value": {"filters": '{"name": ["in"]}'},
	"bad JSON or_filters": {"or_filters": "[[1,2"},
	"an unknown sort column": {"order_by": "no_such_column desc"},
	"SQL in the sort": {"order_by": "name; drop table x"},
}


def app_doctypes() -> list[str]:
	from tuoyu_frappe import hooks

	return sorted(set(hooks._SCOPED) | set(hooks._SCOPED_CHILDREN))


@pytest.mark.parametrize("doctype", app_doctypes())
def test_malformed_rest_lists_are_refused_in_words(login, doctype):
	from tuoyu_frappe.permissions import scoped_parents_of

	client = login(seed.CITY)
	parent = {"parent": scoped_parents_of(doctype)[0]} if frappe.get_meta(doctype).istable else {}
	for what, params in MALFORMED.items():
		response = client.get(f"/api/resource/{doctype}", params={**params, **parent})
		assert response.status_code in (403, 417), (what, response.status_code, response.text[:200])
		messages = json.loads(response.json().get("_server_messages") or "[]")
		text = json.loads(messages[0])["message"] if messages else ""
		assert any("\u4e00" <= ch <= "\u9fff" for ch in text), (what, messages)


def test_a_child_list_without_its_parent_is_refused_in_words(login):
	response = login(seed.CITY).get("/api/resource/Tuoyu Point Operator")
	assert response.status_code == 417, response.text[:300]
	assert "上级单据类型" in json.loads(json.loads(response.json()["_server_messages"])[0])["message"]


def test_a_well_formed_rest_list_still_answers(login, site):
	params = {"fields": '["name","point_name"]', "order_by": "modified desc", "filters": '{"area": "371302"}'}
	response = login(seed.REV_LS).get("/api/resource/Tuoyu Point", params=params)
	assert response.status_code == 200, response.text[:200]
	names = {row["name"] for row in response.json()["data"]}
	assert names == {site.point["A"], site.point["B"]}
	frappe.db.rollback()
