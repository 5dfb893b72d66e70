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


# --- the whole stack on loopback for HTTP and browser tests -------------------------------
# Web, realtime (socket.io) and an RQ worker, started by tools/stack.py as `make demo` starts
# them; the scheduler only for the tests that ask for it. The worker and the scheduler are the
# bench's own: like any bench worker, this one also runs jobs of the bench's other sites.

PORT = int(os.environ.get("TUOYU_TEST_PORT", "8011"))
BASE = f"http://127.0.0.1:{PORT}"
STACK = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools", "stack.py")


def _port_open(port: int = PORT) -> bool:
	with socket.socket() as s:
		return s.connect_ex(("127.0.0.1", port)) == 0


def _free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


# The realtime port of this run (the demo's is 9000; parallel runs on other sites pick their own).
SOCKETIO_PORT = int(os.environ.get("TUOYU_SOCKETIO_PORT") or _free_port())


class Stack:
	"""tools/stack.py in the background; its output goes to a file (a pipe nobody reads would
	fill up and block the server), shown when it fails."""

	def __init__(self, only: str, name: str):
		self.log = tempfile.NamedTemporaryFile(prefix=f"tuoyu-test-{name}-", suffix=".log", delete=False)
		args = ["--site", TEST_SITE, "--only", only, "--web-port", str(PORT)]
		args += ["--socketio-port", str(SOCKETIO_PORT), "--workers", "1"]
		self.proc = subprocess.Popen(
			[sys.executable, STACK, *args], cwd=os.getcwd(), stdout=self.log, stderr=subprocess.STDOUT
		)

	def output(self) -> str:
		with open(self.log.name, errors="replace") as f:
			return f.read()[-4000:]

	def wait_until(self, ready, what: str, timeout: float = 180) -> None:
		deadline = time.monotonic() + timeout
		while not ready():
			if self.proc.poll() is not None:
				pytest.exit(f"the test stack exited before {what}:\n{self.output()}", returncode=2)
			if time.monotonic() > deadline:
				pytest.exit(f"the test stack: no {what} after {timeout} s:\n{self.output()}", returncode=2)
			time.sleep(0.25)

	def stop(self) -> None:
		"""SIGTERM: the supervisor stops its processes (a worker finishes its job first)."""
		if self.proc.poll() is None:
			self.proc.terminate()
			try:
				self.proc.wait(timeout=60)
			except subprocess.TimeoutExpired:
				self.proc.kill()  # its children die with it (PR_SET_PDEATHSIG)
				self.proc.wait()
		self.log.close()
		if self.proc.returncode in (0, -15):
			os.unlink(self.log.name)


def _answers(url: str, expect: str) -> bool:
	try:
		return expect in requests.get(url, timeout=5).text
	except requests.RequestException:
		return False


@pytest.fixture(scope="session")
def server(site):
	for port, what in ((PORT, "TUOYU_TEST_PORT"), (SOCKETIO_PORT, "TUOYU_SOCKETIO_PORT")):
		if _port_open(port):
			pytest.exit(f"port {port} is already in use; set {what}", returncode=2)
	stack = Stack("web,realtime,worker", "stack")
	try:
		stack.wait_until(lambda: _answers(f"{BASE}/api/method/ping", "pong"), "web server")
		stack.wait_until(
			lambda: _answers(f"http://127.0.0.1:{SOCKETIO_PORT}/socket.io/?EIO=4&transport=polling", '"sid"'),
			"realtime server",
		)
		yield BASE
	finally:
		stack.stop()


@pytest.fixture(scope="session")
def scheduler(server):
	"""`bench schedule`, for the tests that need the scheduler process itself. It ticks every
	60 s (scheduler_tick_interval) and enqueues due jobs of every site whose scheduler is on."""
	stack = Stack("scheduler", "scheduler")
	try:
		stack.wait_until(lambda: "ready:" in stack.output(), "scheduler", timeout=60)
		yield
	finally:
		stack.stop()


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
