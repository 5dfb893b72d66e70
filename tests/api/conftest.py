"""A real Frappe server on loopback for HTTP tests, started once per session."""

import os
import socket
import subprocess
import sys
import time

import pytest
import requests

from tests import seed

PORT = int(os.environ.get("TUOYU_TEST_PORT", "8011"))
BASE = f"http://127.0.0.1:{PORT}"


def _port_open() -> bool:
	with socket.socket() as s:
		return s.connect_ex(("127.0.0.1", PORT)) == 0


@pytest.fixture(scope="session")
def server(site):
	if _port_open():
		pytest.exit(f"port {PORT} is already in use; set TUOYU_TEST_PORT", returncode=2)
	from tests.conftest import TEST_SITE

	proc = subprocess.Popen(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", TEST_SITE, "serve",
		 "--port", str(PORT), "--noreload"],
		cwd=os.getcwd(),
		stdout=subprocess.DEVNULL,
		stderr=subprocess.PIPE,
	)
	for _ in range(120):
		if _port_open():
			break
		if proc.poll() is not None:
			pytest.exit("test server exited: " + proc.stderr.read().decode()[-2000:], returncode=2)
		time.sleep(0.25)
	yield BASE
	proc.terminate()
	proc.wait(timeout=10)


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
			password = os.environ.get("TUOYU_ADMIN_PASSWORD", "admin") if user == "Administrator" else seed.PASSWORD
			response = client.post("/api/method/login", data={"usr": user, "pwd": password})
			assert response.status_code == 200, response.text
			_sessions[user] = client
		return _sessions[user]

	return as_user
