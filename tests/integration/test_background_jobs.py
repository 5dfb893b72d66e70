"""tools/stack.py, the supervisor behind `make demo` and the test stack: Ctrl-C stops every
process it started, the worker's forked job runner included."""

import os
import signal
import subprocess
import sys
import time

from tests.conftest import STACK, TEST_SITE


def children(pid: int) -> list[int]:
	try:
		with open(f"/proc/{pid}/task/{pid}/children") as f:
			return [int(p) for p in f.read().split()]
	except FileNotFoundError:
		return []


def alive(pid: int) -> bool:
	try:
		with open(f"/proc/{pid}/stat") as f:
			return f.read().split(") ")[-1][0] != "Z"
	except FileNotFoundError:
		return False


def test_ctrl_c_stops_the_worker_and_the_scheduler(site, tmp_path):
	log = tmp_path / "stack.log"
	with open(log, "w") as out:
		proc = subprocess.Popen(
			[sys.executable, STACK, "--site", TEST_SITE, "--only", "worker,scheduler", "--workers", "2"],
			cwd=os.getcwd(),
			stdout=out,
			stderr=subprocess.STDOUT,
		)
	try:
		deadline = time.monotonic() + 120
		while "ready:" not in log.read_text():
			assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
			time.sleep(0.2)
		started = children(proc.pid)
		assert len(started) == 3  # two workers and the scheduler
		proc.send_signal(signal.SIGINT)
		assert proc.wait(timeout=60) == 0, log.read_text()
	finally:
		if proc.poll() is None:
			proc.kill()
			proc.wait()
	assert not [pid for pid in started if alive(pid)]
	assert "stopped" in log.read_text()
