"""What a Tuoyu user sees in the desk sidebar: only the workspaces of their work.

Frappe v15 lists a workspace in the sidebar unless its module is blocked for the user
(`frappe.desk.desktop.get_workspace_sidebar_items` filters on `User.get_blocked_modules()`).
Blocking a module hides its workspaces and nothing else: DocType permissions still decide what a
user may open, so a reviewer keeps Data Import, the print view and the notifications.

The blocks come from Frappe's own Module Profile: the app keeps one profile that blocks every
module outside the app, and gives it to each user whose roles are all Tuoyu roles (operator,
reviewer, city admin) whenever the user is saved — which is how every role is granted, by the app
(`add_roles`, `remove_roles`) or by an administrator. A user with any other role (a System
Manager, say) keeps the sidebar Frappe gives them; a profile an administrator chose is left alone.
The profile follows the installed modules after every migrate and app install.
"""

import frappe
from frappe.permissions import AUTOMATIC_ROLES

from tuoyu_frappe.permissions import TUOYU_ROLES

APP = "tuoyu_frappe"
MODULE_PROFILE = "托育业务"


def is_tuoyu_only(roles: set[str]) -> bool:
	"""A user all of whose roles (beyond the automatic ones) are Tuoyu roles, and who has one."""
	own = roles - set(AUTOMATIC_ROLES)
	return bool(own) and own <= set(TUOYU_ROLES)


def other_modules() -> list[str]:
	return sorted(frappe.get_all("Module Def", filters={"app_name": ("!=", APP)}, pluck="module_name"))


def ensure_module_profile() -> bool:
	"""Create or update the profile so it blocks exactly the modules of other apps; True if changed."""
	wanted = other_modules()
	if frappe.db.exists("Module Profile", MODULE_PROFILE):
		profile = frappe.get_doc("Module Profile", MODULE_PROFILE)
		if sorted(row.module for row in profile.block_modules) == wanted:
			return False
	else:
		profile = frappe.new_doc("Module Profile")
		profile.module_profile_name = MODULE_PROFILE
	profile.set("block_modules", [{"module": module} for module in wanted])
	profile.save(ignore_permissions=True)
	return True


def apply_module_profile(user, method=None) -> None:
	"""User validate (after Frappe's own, which copies a profile's blocks and adds System Manager to
	the first desk user): give a Tuoyu-only user the app's profile, take it from anyone else."""
	if user.name in ("Administrator", "Guest"):
		return
	if is_tuoyu_only({row.role for row in user.roles}):
		if not user.module_profile:
			ensure_module_profile()
			user.module_profile = MODULE_PROFILE
			user.validate_allowed_modules()  # Frappe's copy of the profile's blocks
	elif user.module_profile == MODULE_PROFILE:
		user.module_profile = None
		user.set("block_modules", [])


def sync_users() -> None:
	"""Bring the profile up to date with the installed modules, then every user it concerns: the
	holders of the profile whose blocks differ, and Tuoyu-only users created before this existed."""
	ensure_module_profile()
	wanted = set(other_modules())
	holders = set(frappe.get_all("User", filters={"module_profile": MODULE_PROFILE}, pluck="name"))
	candidates = set(
		frappe.get_all(
			"Has Role",
			filters={"parenttype": "User", "role": ("in", TUOYU_ROLES)},
			pluck="parent",
			distinct=True,
		)
	)
	for name in sorted(holders | candidates):
		user = frappe.get_doc("User", name)
		roles = {row.role for row in user.roles}
		if name in holders:
			stale = {row.module for row in user.block_modules} != wanted or not is_tuoyu_only(roles)
		else:
			stale = is_tuoyu_only(roles) and not user.module_profile
		if stale:
			user.save(ignore_permissions=True)


def after_app_install(app_name: str) -> None:
	"""Another app brings modules (and workspaces) of its own: Tuoyu users do not see them."""
	if app_name != APP:
		sync_users()


def after_app_uninstall(app_name: str) -> None:
	if app_name != APP:
		sync_users()


def before_uninstall() -> None:
	"""The profile goes with the app, and with it the blocks it gave. Written directly: a save would
	run apply_module_profile, which would hand the profile back while the roles still exist."""
	users = frappe.get_all("User", filters={"module_profile": MODULE_PROFILE}, pluck="name")
	if users:
		frappe.db.delete("Block Module", {"parenttype": "User", "parent": ("in", users)})
		frappe.db.set_value("User", {"name": ("in", users)}, "module_profile", None, update_modified=False)
		for name in users:
			frappe.clear_cache(user=name)
			frappe.clear_document_cache("User", name)
	if frappe.db.exists("Module Profile", MODULE_PROFILE):
		frappe.delete_doc("Module Profile", MODULE_PROFILE, ignore_permissions=True, force=True)
