"""Installing, migrating and uninstalling the app the way an agency does, on throwaway sites."""

import os
import subprocess
import sys

import pytest

from tests.conftest import TEST_SITE

DB_ROOT_PASSWORD = os.environ.get("DB_ROOT_PASSWORD", "root")
SCRATCH_SITE = "tuoyu-scratch.localhost"


def frappe_cmd(*args: str) -> subprocess.CompletedProcess:
	result = subprocess.run(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", *args],
		capture_output=True,
		text=True,
		timeout=900,
	)
	assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
	return result


def snapshot(site: str) -> str:
	code = (
		"import frappe, json\n"
		"rows = {}\n"
		"for dt in ('Tuoyu Area', 'Tuoyu Rule Set', 'Tuoyu Rule Material', 'Role', 'DocPerm', 'Custom DocPerm'):\n"
		"    rows[dt] = frappe.db.sql(f'select count(*), max(modified) from `tab{dt}`')[0]\n"
		"print('SNAPSHOT', json.dumps(rows, default=str))\n"
	)
	result = subprocess.run(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", site, "console"],
		input=code,
		capture_output=True,
		text=True,
		timeout=300,
	)
	line = [x for x in result.stdout.splitlines() if "SNAPSHOT" in x]
	assert line, result.stdout[-2000:] + result.stderr[-2000:]
	return line[-1]


@pytest.mark.site
def test_a_second_migrate_changes_nothing(site):
	frappe_cmd("--site", TEST_SITE, "migrate")
	before = snapshot(TEST_SITE)
	frappe_cmd("--site", TEST_SITE, "migrate")
	assert snapshot(TEST_SITE) == before


@pytest.mark.site
def test_install_on_a_plain_site_and_uninstall_leaves_it_working(site):
	if os.path.exists(os.path.join(SCRATCH_SITE, "site_config.json")):
		frappe_cmd(
			"drop-site", SCRATCH_SITE, "--force", "--no-backup", "--db-root-password", DB_ROOT_PASSWORD
		)
	frappe_cmd("new-site", SCRATCH_SITE, "--admin-password", "admin", "--db-root-password", DB_ROOT_PASSWORD)
	try:
		frappe_cmd("--site", SCRATCH_SITE, "install-app", "tuoyu_frappe")
		apps = frappe_cmd("--site", SCRATCH_SITE, "list-apps").stdout
		assert "tuoyu_frappe" in apps
		frappe_cmd("--site", SCRATCH_SITE, "uninstall-app", "tuoyu_frappe", "--yes", "--no-backup")
		apps = frappe_cmd("--site", SCRATCH_SITE, "list-apps").stdout
		assert "tuoyu_frappe" not in apps
		check = frappe_cmd(
			"--site", SCRATCH_SITE, "execute", "frappe.client.get_count", "--kwargs", "{'doctype': 'User'}"
		)
		assert int(check.stdout.strip().splitlines()[-1]) >= 2
		workflows = frappe_cmd(
			"--site",
			SCRATCH_SITE,
			"execute",
			"frappe.client.get_count",
			"--kwargs",
			"{'doctype': 'Workflow'}",
		)
		# `execute` prints nothing for a falsy result: no output means a count of 0
		assert int((workflows.stdout.strip() or "0").splitlines()[-1]) == 0  # the workflow went with the app
		frappe_cmd("--site", SCRATCH_SITE, "migrate")
	finally:
		frappe_cmd(
			"drop-site", SCRATCH_SITE, "--force", "--no-backup", "--db-root-password", DB_ROOT_PASSWORD
		)
