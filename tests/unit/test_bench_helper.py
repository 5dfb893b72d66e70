"""tools/bench.sh register_app against bench-like folders: apps.txt as `bench init` writes it
(no trailing newline), with one, already listing the app, or missing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH_SH = Path(__file__).resolve().parents[2] / "tools" / "bench.sh"


@pytest.fixture
def bench(tmp_path):
	"""The parts of a bench register_app touches: env/bin/python and sites/."""
	(tmp_path / "env" / "bin").mkdir(parents=True)
	(tmp_path / "env" / "bin" / "python").symlink_to(sys.executable)
	(tmp_path / "sites").mkdir()
	return tmp_path


def register(bench: Path) -> str:
	apps_txt = bench / "sites" / "apps.txt"
	subprocess.run(
		["bash", str(BENCH_SH), "register_app", str(apps_txt)],
		env={**os.environ, "FRAPPE_BENCH": str(bench)},
		check=True,
	)
	return apps_txt.read_text()


@pytest.mark.parametrize(
	"before, after",
	[
		("frappe", "frappe\ntuoyu_frappe"),  # bench init: no trailing newline
		("frappe\n", "frappe\ntuoyu_frappe"),
		("frappe\nerpnext", "frappe\nerpnext\ntuoyu_frappe"),
		("frappe\ntuoyu_frappe", "frappe\ntuoyu_frappe"),  # already listed: unchanged
		("frappe\ntuoyu_frappe\nerpnext\n", "frappe\ntuoyu_frappe\nerpnext\n"),
	],
)
def test_register_app_adds_one_line_as_bench_writes_it(bench, before, after):
	(bench / "sites" / "apps.txt").write_text(before)
	assert register(bench) == after
	assert register(bench) == after  # idempotent


def test_register_app_creates_a_missing_apps_txt(bench):
	assert register(bench) == "tuoyu_frappe"


def test_loopback_js_binds_node_servers_to_127_0_0_1():
	"""Preloaded into Frappe's socketio.js, which listens on a bare port (all interfaces)."""
	script = "const s = require('net').createServer(); s.listen(0, () => { console.log(s.address().address); s.close(); });"
	out = subprocess.run(
		["node", "--require", str(BENCH_SH.parent / "loopback.js"), "-e", script],
		capture_output=True,
		text=True,
		check=True,
	)
	assert out.stdout.strip() == "127.0.0.1"
