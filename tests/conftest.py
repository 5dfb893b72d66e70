"""Shared fixtures. Unit tests need no site; everything else connects to the dedicated test
site named by TUOYU_TEST_SITE (set by `make test`), never the demo site."""

import os

import pytest

TEST_SITE = os.environ.get("TUOYU_TEST_SITE", "tuoyu-test.localhost")
DEMO_SITE = "tuoyu.localhost"


@pytest.fixture(scope="session")
def site():
	if TEST_SITE == DEMO_SITE:
		pytest.exit("refusing to run tests against the demo site", returncode=2)
	import frappe

	sites_path = os.environ.get("TUOYU_SITES_PATH") or os.getcwd()
	if not os.path.exists(os.path.join(sites_path, TEST_SITE, "site_config.json")):
		pytest.exit(f"test site {TEST_SITE} not found under {sites_path}; run `make test`", returncode=2)
	frappe.init(site=TEST_SITE, sites_path=sites_path)
	frappe.connect()
	frappe.flags.mute_emails = True
	from tests import seed

	seed.ensure_world()
	frappe.db.commit()
	yield seed.World()
	frappe.set_user("Administrator")
	frappe.db.rollback()
	frappe.destroy()


@pytest.fixture
def db(site):
	"""A test body whose writes are rolled back, run as Administrator unless it switches user."""
	import frappe

	frappe.set_user("Administrator")
	frappe.local.lang = "zh"
	yield site
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.clear_messages()


@pytest.fixture
def as_user(db):
	import frappe

	def switch(user: str):
		frappe.set_user(user)
		frappe.local.lang = "zh"
		return user

	return switch
