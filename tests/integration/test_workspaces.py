"""Tuoyu users see only the workspaces of their work; everyone else keeps Frappe's sidebar."""

import frappe
import pytest
from frappe.desk.desktop import get_workspace_sidebar_items

from tests import seed
from tuoyu_frappe import desk
from tuoyu_frappe.permissions import CITY_ADMIN, OPERATOR, REVIEWER

SIDEBARS = {
	seed.CITY: {"Tuoyu Supervision"},
	seed.REV_LS: {"Tuoyu District Review"},
	seed.OP_A: {"Tuoyu Operator Desk"},
	seed.ASSOC: {"Tuoyu Association Desk"},
}
FRAPPE_WORKSPACES = {"Users", "Website", "Tools", "Integrations", "Build"}
NEW_USER = "workspace.probe@tuoyu.test"


def sidebar(user: str) -> set[str]:
	frappe.set_user(user)
	try:
		return {page.name for page in get_workspace_sidebar_items()["pages"]}
	finally:
		frappe.set_user("Administrator")


@pytest.fixture
def forget(db):
	"""Users are read from the caches: after the rollback, the caches forget what the test saved."""
	yield
	frappe.db.rollback()
	for user in (*SIDEBARS, NEW_USER):
		frappe.clear_cache(user=user)
		frappe.clear_document_cache("User", user)


@pytest.fixture
def new_user(forget):
	"""A desk user with no role yet."""
	return frappe.get_doc(
		{
			"doctype": "User",
			"email": NEW_USER,
			"first_name": "探针",
			"language": "zh",
			"send_welcome_email": 0,
		}
	).insert(ignore_permissions=True)


def blocks(user: str) -> set[str]:
	return set(frappe.get_all("Block Module", filters={"parent": user, "parenttype": "User"}, pluck="module"))


@pytest.mark.parametrize("user", list(SIDEBARS))
def test_each_role_sees_only_its_workspace(db, user):
	assert sidebar(user) == SIDEBARS[user]


def test_a_system_manager_keeps_frappes_workspaces(db):
	assert FRAPPE_WORKSPACES <= sidebar(seed.SYSADMIN)
	assert frappe.db.get_value("User", seed.SYSADMIN, "module_profile") is None


def test_the_profile_blocks_every_module_outside_the_app(db):
	profile = frappe.get_doc("Module Profile", desk.MODULE_PROFILE)
	blocked = {row.module for row in profile.block_modules}
	assert {"Core", "Website", "Automation", "Integrations"} <= blocked
	assert not {"Registry", "Filing"} & blocked
	assert blocked == set(desk.other_modules())


def test_a_role_granted_by_the_app_brings_the_profile_and_its_removal_takes_it(db, new_user):
	assert not frappe.db.get_value("User", NEW_USER, "module_profile")
	assignment = frappe.get_doc(
		{"doctype": "Tuoyu Reviewer Assignment", "reviewer": NEW_USER, "area": seed.LANSHAN}
	).insert(ignore_permissions=True)  # grants the reviewer role through User.add_roles
	assert frappe.db.get_value("User", NEW_USER, "module_profile") == desk.MODULE_PROFILE
	assert blocks(NEW_USER) == set(desk.other_modules())
	assert sidebar(NEW_USER) == {"Tuoyu District Review"}

	assignment.enabled = 0
	assignment.save(ignore_permissions=True)  # takes the role away again
	assert REVIEWER not in frappe.get_roles(NEW_USER)
	assert not frappe.db.get_value("User", NEW_USER, "module_profile")
	assert blocks(NEW_USER) == set()


def test_another_role_beside_a_tuoyu_role_keeps_frappes_sidebar(db, new_user):
	new_user.add_roles(OPERATOR)
	assert frappe.db.get_value("User", NEW_USER, "module_profile") == desk.MODULE_PROFILE
	new_user.reload()
	new_user.add_roles("System Manager")
	assert not frappe.db.get_value("User", NEW_USER, "module_profile")
	assert blocks(NEW_USER) == set()
	assert FRAPPE_WORKSPACES <= sidebar(NEW_USER)


def test_a_profile_an_administrator_chose_is_left_alone(db, new_user):
	own = frappe.get_doc(
		{
			"doctype": "Module Profile",
			"module_profile_name": "只屏蔽网站",
			"block_modules": [{"module": "Website"}],
		}
	).insert(ignore_permissions=True)
	new_user.module_profile = own.name
	new_user.add_roles(CITY_ADMIN)
	assert frappe.db.get_value("User", NEW_USER, "module_profile") == own.name
	assert blocks(NEW_USER) == {"Website"}


def test_tuoyu_users_still_reach_what_they_need(db, as_user):
	as_user(seed.REV_LS)
	assert frappe.has_permission("Data Import", "create")
	assert frappe.has_permission("Tuoyu Staff", "read")
	assert frappe.get_list("Notification Log", limit=1) is not None
	as_user(seed.CITY)
	assert frappe.has_permission("Data Import", "create")
	as_user(seed.OP_A)
	assert frappe.get_list("Tuoyu Point", pluck="name")
	assert frappe.has_permission("Tuoyu Point", "print")


def test_migrate_brings_earlier_users_and_new_modules_under_the_profile(db, new_user):
	new_user.add_roles(OPERATOR)
	# A Tuoyu user from before this existed: no profile, no blocks.
	frappe.db.set_value("User", NEW_USER, "module_profile", None)
	frappe.db.delete("Block Module", {"parent": NEW_USER, "parenttype": "User"})
	frappe.clear_document_cache("User", NEW_USER)
	# And a module another app brought since the last migrate.
	frappe.get_doc(
		{"doctype": "Module Def", "module_name": "Probe Module", "app_name": "frappe", "custom": 1}
	).insert(ignore_permissions=True)
	desk.sync_users()
	assert frappe.db.get_value("User", NEW_USER, "module_profile") == desk.MODULE_PROFILE
	assert "Probe Module" in blocks(NEW_USER)
	assert "Probe Module" in blocks(seed.OP_A)
	assert not desk.ensure_module_profile()  # a second run changes nothing


def test_uninstall_takes_the_profile_and_its_blocks_away(forget):
	desk.before_uninstall()
	assert not frappe.db.exists("Module Profile", desk.MODULE_PROFILE)
	assert not frappe.db.get_value("User", seed.OP_A, "module_profile")
	assert blocks(seed.OP_A) == set()
	assert sidebar(seed.OP_A) > SIDEBARS[seed.OP_A]  # Frappe's own workspaces are back


@pytest.mark.parametrize("user", list(SIDEBARS))
def test_every_link_on_a_roles_workspace_opens_for_that_role(db, user):
	"""A link the role cannot follow would show a permission error where the workspace promises a page:
	every DocType link is readable, every report runs, every card and chart is the role's to see."""
	from frappe.desk.desktop import get_desktop_page

	(name,) = SIDEBARS[user]
	workspace = frappe.get_doc("Workspace", name)
	frappe.set_user(user)
	try:
		page = get_desktop_page(frappe.as_json({"name": name, "title": name, "public": 1}))
		refused = []
		for link in workspace.links:
			if link.type != "Link":
				continue
			if link.link_type == "DocType" and not frappe.has_permission(link.link_to, "read"):
				refused.append(link.link_to)
			if link.link_type == "Report" and not frappe.get_doc("Report", link.link_to).is_permitted():
				refused.append(link.link_to)
		shown = {c.number_card_name for c in page["number_cards"]["items"]}
		shown |= {c.chart_name for c in page["charts"]["items"]}
		hidden = {c.number_card_name for c in workspace.number_cards} | {
			c.chart_name for c in workspace.charts
		}
		assert not refused, refused
		assert hidden <= shown, hidden - shown  # the loader drops what the role may not read
	finally:
		frappe.set_user("Administrator")
