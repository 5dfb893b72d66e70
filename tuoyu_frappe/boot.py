"""Desk boot adjustments."""


def boot_session(bootinfo) -> None:
	"""Breadcrumbs use the first workspace of a DocType's module; put the user's own workspace
	first so a reviewer's breadcrumb leads to 县区审核, not to the city's workspace."""
	allowed = {w.get("name") for w in bootinfo.get("allowed_workspaces") or []}
	workspaces = (bootinfo.get("module_wise_workspaces") or {}).get("Registry")
	if workspaces:
		workspaces.sort(key=lambda name: name not in allowed)
