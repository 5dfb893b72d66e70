"""Shared fixtures. Unit tests need no site; everything else connects to the dedicated test
site named by TUOYU_TEST_SITE (set by `make test`), never the demo site."""

import os
import socket
import subprocess
import sys
import tempfile
import time

import pytest
import requests

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


# --- a real server on loopback for HTTP and browser tests ---------------------------------

PORT = int(os.environ.get("TUOYU_TEST_PORT", "8011"))
BASE = f"http://127.0.0.1:{PORT}"


def _port_open() -> bool:
	with socket.socket() as s:
		return s.connect_ex(("127.0.0.1", PORT)) == 0


@pytest.fixture(scope="session")
def server(site):
	if _port_open():
		pytest.exit(f"port {PORT} is already in use; set TUOYU_TEST_PORT", returncode=2)
	# The server logs every request; a pipe nobody reads would fill up and block it, so it writes
	# to a file that is shown if the server dies.
	log = tempfile.NamedTemporaryFile(prefix="tuoyu-test-server-", suffix=".log", delete=False)
	proc = subprocess.Popen(
		[
			sys.executable,
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"--site",
			TEST_SITE,
			"serve",
			"--port",
			str(PORT),
			"--noreload",
		],
		cwd=os.getcwd(),
		stdout=log,
		stderr=subprocess.STDOUT,
	)
	for _ in range(120):
		if _port_open():
			break
		if proc.poll() is not None:
			pytest.exit("test server exited: " + open(log.name).read()[-2000:], returncode=2)
		time.sleep(0.25)
	yield BASE
	proc.terminate()
	proc.wait(timeout=10)
	log.close()
	os.unlink(log.name)


class Client(requests.Session):
	def __init__(self, base: str):
		super().__init__()
		self.base = base

	def request(self, method, url, *args, **kwargs):
		kwargs.setdefault("timeout", 60)
		return super().request(method, self.base + url, *args, **kwargs)


_sessions: dict[str, Client] = {}


@pytest.fixture
def login(server):
	def as_user(user: str) -> Client:
		if user not in _sessions:
			client = Client(server)
			from tests import seed

			password = (
				os.environ.get("TUOYU_ADMIN_PASSWORD", "admin") if user == "Administrator" else seed.PASSWORD
			)
			response = client.post("/api/method/login", data={"usr": user, "pwd": password})
			assert response.status_code == 200, response.text
			_sessions[user] = client
		return _sessions[user]

	return as_user
