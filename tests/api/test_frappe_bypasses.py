"""HTTP tests of the Frappe v15 methods that call other methods by their own path, cache results
for every user, or act on any row without a check (tuoyu_frappe.security.closures and the File
and Document Follow validate hooks): the wrong user is refused or sees only their own rows, the
right user still works."""

import json

import frappe
import pytest

from tests import seed

pytestmark = pytest.mark.http
M = "/api/method/"


def message(response):
	assert response.status_code == 200, response.text[:300]
	return response.json()["message"]


def own_count(client, doctype: str = "Tuoyu Point") -> int:
	return message(client.get(M + "frappe.client.get_count", params={"doctype": doctype}))


def test_map_docs_counts_through_our_get_count(login, site):
	client = login(seed.OP_B)
	mapped = client.post(
		M + "frappe.model.mapper.map_docs",
		data={
			"method": "frappe.client.get_count",
			"source_names": json.dumps(["Tuoyu Point"]),
			"target_doc": "{}",
		},
	)
	assert message(mapped) == own_count(client) == 1  # point B only
	assert frappe.db.count("Tuoyu Point") >= 3


def test_a_heatmap_of_points_counts_only_the_users_rows(login, site):
	chart = {
		"name": "tuoyu-heatmap",
		"chart_type": "Count",
		"type": "Heatmap",
		"document_type": "Tuoyu Point",
		"based_on": "creation",
	}
	for user, expected in ((seed.OP_B, 1), (seed.REV_LS, 2)):
		client = login(user)
		response = client.post(
			M + "frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
			data={"chart": json.dumps(chart), "no_cache": 1},
		)
		points = message(response)["dataPoints"]
		assert sum(points.values()) == expected == own_count(client), (user, points)
	bad = dict(chart, based_on="creation) or (1=1")
	response = login(seed.OP_B).post(
		M + "frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
		data={"chart": json.dumps(bad), "no_cache": 1},
	)
	assert response.status_code == 417, response.text[:300]


@pytest.fixture
def stored_chart(site):
	frappe.set_user("Administrator")
	name = "tuoyu-test-points-by-area"
	if not frappe.db.exists("Dashboard Chart", name):
		frappe.get_doc(
			{
				"doctype": "Dashboard Chart",
				"chart_name": name,
				"chart_type": "Group By",
				"document_type": "Tuoyu Point",
				"group_by_type": "Count",
				"group_by_based_on": "area",
				"type": "Bar",
				"is_public": 1,
				"filters_json": "[]",
			}
		).insert(ignore_permissions=True)
	frappe.db.commit()
	yield name
	frappe.delete_doc("Dashboard Chart", name, ignore_permissions=True, force=True)
	frappe.cache.delete_value(f"chart-data:{name}")
	frappe.db.commit()


def test_a_stored_chart_is_never_served_from_another_users_cache(login, stored_chart):
	url = M + "frappe.desk.doctype.dashboard_chart.dashboard_chart.get"
	everything = message(login(seed.CITY).post(url, data={"chart_name": stored_chart, "refresh": 1}))
	assert sum(everything["datasets"][0]["values"]) >= 3
	for user in (seed.OP_B, seed.REV_LZ):
		client = login(user)
		mine = message(client.post(url, data={"chart_name": stored_chart}))
		assert sum(mine["datasets"][0]["values"]) == own_count(client) == 1, (user, mine)


def test_goal_graphs_refuse_our_doctypes(login, site):
	response = login(seed.REV_LS).post(
		M + "frappe.utils.goal.get_monthly_goal_graph_data",
		data={
			"title": "x",
			"doctype": "Tuoyu Point",
			"docname": site.point["A"],
			"goal_value_field": "capacity",
			"goal_total_field": "capacity",
			"goal_history_field": "capacity",
			"goal_doctype": "Tuoyu Point",
			"goal_doctype_link": "area",
			"goal_field": "capacity",
			"date_field": "creation",
		},
	)
	assert response.status_code == 403, response.text[:300]


def test_linked_documents_assignees_likes_and_comments_need_the_row(login, site):
	point_a = site.point["A"]
	wrong, right = login(seed.REV_LZ), login(seed.REV_LS)
	linked = {"doctype": "Tuoyu Point", "name": point_a}
	assign = {"doctype": "Tuoyu Point", "name": point_a, "assign_to": "[]"}
	like = {"doctype": "Tuoyu Point", "name": point_a, "add": "Yes"}
	for client, ok in ((wrong, False), (right, True)):
		for method, data in (
			("frappe.desk.form.linked_with.get_submitted_linked_docs", linked),
			("frappe.desk.form.assign_to.add", assign),
			("frappe.desk.like.toggle_like", like),
		):
			response = client.post(M + method, data=data)
			assert (response.status_code == 200) is ok, (method, response.status_code, response.text[:300])
	comment = {
		"comment": "外区评论",
		"comment_email": seed.REV_LZ,
		"comment_by": "x",
		"reference_doctype": "Tuoyu Point",
		"reference_name": point_a,
		"route": "x",
	}
	response = wrong.post(M + "frappe.templates.includes.comments.comments.add_comment", data=comment)
	assert response.status_code == 403, response.text[:300]
	frappe.db.rollback()
	assert not frappe.db.exists("Comment", {"reference_name": point_a, "content": ("like", "%外区评论%")})
	liked = frappe.db.get_value("Tuoyu Point", point_a, "_liked_by") or "[]"
	assert seed.REV_LZ not in liked and seed.REV_LS in liked
	right.post(M + "frappe.desk.like.toggle_like", data=dict(like, add="No"))


def test_following_a_row_needs_read_on_it(login, site):
	point_a = site.point["A"]
	data = {"doctype": "Tuoyu Point", "doc_name": point_a, "following": 1}
	login(seed.REV_LZ).post(M + "frappe.desk.form.document_follow.update_follow", data=data)
	frappe.db.rollback()
	assert not frappe.db.exists("Document Follow", {"ref_docname": point_a, "user": seed.REV_LZ})
	frappe.set_user("Administrator")
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Document Follow",
				"ref_doctype": "Tuoyu Point",
				"ref_docname": point_a,
				"user": seed.OP_B,
			}
		).insert(ignore_permissions=True)
	frappe.db.rollback()


def test_a_web_form_loads_only_its_own_doctype_and_readable_rows(login, site):
	params = {"doctype": "Tuoyu Point", "docname": site.point["A"], "web_form_name": "edit-profile"}
	for user in (seed.REV_LZ, seed.REV_LS):
		response = login(user).get(
			M + "frappe.website.doctype.web_form.web_form.get_form_data", params=params
		)
		assert response.status_code == 403 and "测试甲托育点" not in response.text, response.text[:300]
	own = {"doctype": "User", "docname": seed.REV_LS, "web_form_name": "edit-profile"}
	response = login(seed.REV_LS).get(
		M + "frappe.website.doctype.web_form.web_form.get_form_data", params=own
	)
	assert message(response)["doc"]["name"] == seed.REV_LS


def test_a_child_rows_realtime_room_needs_its_parent_row(login, site):
	row = frappe.db.get_value("Tuoyu Point Operator", {"parent": site.point["A"]})
	params = {"doctype": "Tuoyu Point Operator", "docname": row}
	assert login(seed.REV_LZ).get(M + "frappe.realtime.can_subscribe_doc", params=params).status_code == 403
	assert message(login(seed.REV_LS).get(M + "frappe.realtime.can_subscribe_doc", params=params)) is True


def test_only_stored_rows_of_ours_are_printed(login, site):
	unsaved = json.dumps(
		{"doctype": "Tuoyu Staff", "staff_name": "x", "point": site.point["A"], "area": "371311"}
	)
	for method in ("get_html_and_style", "get_rendered_raw_commands"):
		response = login(seed.REV_LZ).get(M + f"frappe.www.printview.{method}", params={"doc": unsaved})
		assert response.status_code == 403 and "测试甲托育点" not in response.text, response.text[:300]
	stored = {"doc": "Tuoyu Point", "name": site.point["A"]}
	response = login(seed.REV_LS).get(M + "frappe.www.printview.get_html_and_style", params=stored)
	assert "测试甲托育点" in message(response)["html"]
	# the desk sends the open form as JSON: the stored row is printed, not the values sent, and
	# only to a user who may read it
	form = json.dumps({"doctype": "Tuoyu Point", "name": site.point["A"], "point_name": "改过的名字"})
	html = message(
		login(seed.REV_LS).get(M + "frappe.www.printview.get_html_and_style", params={"doc": form})
	)
	assert "测试甲托育点" in html["html"] and "改过的名字" not in html["html"]
	response = login(seed.REV_LZ).get(M + "frappe.www.printview.get_html_and_style", params={"doc": form})
	assert response.status_code == 403 and "测试甲托育点" not in response.text


def test_an_email_cannot_attach_another_areas_file(login, site, private_file):
	data = {
		"doctype": "Tuoyu Point",
		"name": site.point["C"],
		"content": "x",
		"subject": "x",
		"recipients": "someone@example.com",
		"send_email": 0,
		"attachments": json.dumps([private_file.name]),
	}
	response = login(seed.REV_LZ).post(M + "frappe.core.doctype.communication.email.make", data=data)
	assert response.status_code == 403, response.text[:300]
	frappe.db.rollback()
	assert not frappe.get_all(
		"File", filters={"file_url": private_file.file_url, "attached_to_doctype": "Communication"}
	)
	del data["attachments"]  # the same e-mail without another area's file is sent
	response = login(seed.REV_LZ).post(M + "frappe.core.doctype.communication.email.make", data=data)
	frappe.delete_doc("Communication", message(response)["name"], ignore_permissions=True, force=True)
	frappe.db.commit()


def test_uploading_to_another_areas_row_is_refused(login, site):
	point_a = site.point["A"]
	upload = {"doctype": "Tuoyu Point", "docname": point_a, "is_private": 1}
	files = {"file": ("note.txt", b"upload test", "text/plain")}
	response = login(seed.REV_LZ).post(M + "upload_file", data=upload, files=files)
	assert response.status_code == 403, response.text[:300]
	response = login(seed.REV_LS).post(M + "upload_file", data=upload, files=files)
	name = message(response)["name"]
	frappe.db.rollback()
	assert frappe.db.get_value("File", name, "attached_to_name") == point_a
	assert not frappe.db.exists("File", {"attached_to_name": point_a, "owner": seed.REV_LZ})
	frappe.delete_doc("File", name, ignore_permissions=True, force=True)
	frappe.db.commit()
