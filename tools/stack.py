"""Run one site's whole Frappe stack in the foreground, bound to loopback, as `bench start` does:

  web        Frappe's development server (`bench serve`)
  realtime   Frappe's socket.io server (`node apps/frappe/socketio.js`)
  worker     RQ worker(s) (`bench worker`): Data Import, queued emails, anything enqueued
  scheduler  `bench schedule`: enqueues the scheduled jobs (daily reminders) of every site

Ctrl-C (SIGINT), SIGTERM or SIGHUP stops them all; so does the death of any one of them, or of
the process that started this one. Each runs in its own process group (the terminal's Ctrl-C
reaches only this supervisor, which stops them in order) and is told to die with its supervisor.

Run it with the bench's Python from the bench's `sites` folder (`tools/bench.sh stack` does):

  python tools/stack.py --site SITE [--web-port 8000] [--socketio-port 9000] [--workers 1]
                        [--only web,realtime,worker,scheduler]

Frappe's development server listens on 0.0.0.0 and socketio.js on every interface, with no
option to change either; this script binds both to 127.0.0.1 (see `serve_web`, loopback.js).
The browser learns the realtime port from the site's `socketio_port` (boot info), so the
supervisor writes the port it starts realtime on into the site's config.
"""

import argparse
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

HOST = "127.0.0.1"
PROCESSES = ("web", "realtime", "worker", "scheduler")
TOOLS = os.path.dirname(os.path.abspath(__file__))
STOP_SECONDS = 30  # an RQ worker finishes its current job before it stops (warm shutdown)


def port_in_use(port: int) -> bool:
	with socket.socket() as s:
		return s.connect_ex((HOST, port)) == 0


def die_with_parent() -> None:
	"""Runs in each child between fork and exec: SIGTERM it if the supervisor dies, even by SIGKILL."""
	try:
		ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG (Linux)
	except (OSError, AttributeError):
		pass


def set_socketio_port(site: str, port: int) -> None:
	"""The desk connects to `frappe.boot.socketio_port`; boot info is cached per user, so the
	cached copies go too (a port that changed between runs would leave browsers knocking on the
	old one)."""
	import frappe
	from frappe.installer import update_site_config

	frappe.init(site=site, sites_path=".")
	try:
		if frappe.get_site_config().get("socketio_port") != port:
			update_site_config("socketio_port", port)
		frappe.cache.delete_value("bootinfo")
	finally:
		frappe.destroy()


def commands(args) -> list[tuple[str, list[str], dict]]:
	bench = os.path.dirname(os.path.abspath("."))
	frappe_cmd = [sys.executable, "-m", "frappe.utils.bench_helper", "frappe"]
	wanted = args.only.split(",")
	unknown = set(wanted) - set(PROCESSES)
	if unknown:
		sys.exit(f"unknown process(es): {', '.join(sorted(unknown))}; choose from {', '.join(PROCESSES)}")
	procs = []
	if "web" in wanted:
		# DEV_SERVER, as `bench start` sets it: the desk then reaches realtime on its own port
		# (socketio_client.js get_host) instead of a /socket.io path the web server does not serve.
		procs.append(
			(
				"web",
				[sys.executable, os.path.abspath(__file__), "--serve-web", args.site, str(args.web_port)],
				{"DEV_SERVER": "1"},
			)
		)
	if "realtime" in wanted:
		procs.append(
			(
				"realtime",
				[
					args.node,
					"--require",
					os.path.join(TOOLS, "loopback.js"),
					os.path.join(bench, "apps", "frappe", "socketio.js"),
				],
				# FRAPPE_SITE: a browser on 127.0.0.1 names no site in its host; realtime then
				# takes this one (realtime/middlewares/authenticate.js get_site_name).
				{"FRAPPE_SOCKETIO_PORT": str(args.socketio_port), "FRAPPE_SITE": args.site},
			)
		)
	if "worker" in wanted:
		for n in range(1, args.workers + 1):
			procs.append((f"worker.{n}", [*frappe_cmd, "worker"], {}))
	if "scheduler" in wanted:
		procs.append(("scheduler", [*frappe_cmd, "schedule"], {}))
	return procs


class Supervisor:
	def __init__(self):
		self.children: list[tuple[str, subprocess.Popen]] = []
		self.stopping = threading.Event()
		self.lock = threading.Lock()

	def say(self, name: str, line: str) -> None:
		with self.lock:
			sys.stdout.write(f"{time.strftime('%H:%M:%S')} {name:<9} | {line}\n")
			sys.stdout.flush()

	def start(self, procs) -> None:
		# Start every child before any reader thread: forking while other threads run is unsafe
		# with a preexec_fn.
		for name, cmd, env in procs:
			proc = subprocess.Popen(
				cmd,
				env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
				stdin=subprocess.DEVNULL,
				stdout=subprocess.PIPE,
				stderr=subprocess.STDOUT,
				start_new_session=True,
				preexec_fn=die_with_parent,
			)
			self.children.append((name, proc))
		for name, proc in self.children:
			threading.Thread(target=self.relay, args=(name, proc), daemon=True).start()

	def relay(self, name: str, proc: subprocess.Popen) -> None:
		for raw in proc.stdout:
			self.say(name, raw.decode(errors="replace").rstrip())

	def wait(self, parent: int) -> int:
		"""Until a signal, a child's death or the parent's; return the exit status."""
		while not self.stopping.wait(0.5):
			for name, proc in self.children:
				if proc.poll() is not None:
					self.say("stack", f"{name} exited with status {proc.returncode}; stopping the others")
					return 1
			if os.getppid() != parent:
				self.say("stack", "the process that started the stack has gone; stopping")
				return 1
		return 0

	def stop(self) -> None:
		# SIGTERM to each leader only: an RQ worker then lets its running job (a forked child in
		# its group, which would die at once of a SIGTERM of its own) finish.
		for _name, proc in self.children:
			if proc.poll() is None:
				proc.send_signal(signal.SIGTERM)
		deadline = time.monotonic() + STOP_SECONDS
		for name, proc in self.children:
			try:
				proc.wait(timeout=max(0.1, deadline - time.monotonic()))
			except subprocess.TimeoutExpired:
				self.say("stack", f"{name} did not stop in {STOP_SECONDS} s; killing it")
		# Then whatever is left of each group (a job still running, a leader that did not stop).
		for _name, proc in self.children:
			try:
				os.killpg(proc.pid, signal.SIGKILL)
			except (ProcessLookupError, PermissionError):
				pass
			proc.wait()
		self.say("stack", "stopped")


def ready(args, wanted: list[str]) -> bool:
	if "web" in wanted:
		try:
			with urllib.request.urlopen(f"http://{HOST}:{args.web_port}/api/method/ping", timeout=5) as r:
				if json.load(r).get("message") != "pong":
					return False
		except OSError:
			return False
	if "realtime" in wanted and not port_in_use(args.socketio_port):
		return False
	return True


def serve_web(site: str, port: str) -> None:
	"""`bench --site SITE serve --port PORT --noreload`, on 127.0.0.1 only and without Werkzeug's
	interactive debugger (Frappe renders its own error pages)."""
	import runpy

	import werkzeug.serving

	run_simple = werkzeug.serving.run_simple

	def on_loopback(hostname, port, application, **kwargs):
		kwargs.update(use_debugger=False, use_evalex=False)
		return run_simple(HOST, port, application, **kwargs)

	werkzeug.serving.run_simple = on_loopback  # frappe.app.serve imports it when called
	sys.argv = ["frappe.utils.bench_helper", "frappe", "--site", site, "serve", "--port", port, "--noreload"]
	runpy.run_module("frappe.utils.bench_helper", run_name="__main__")


def main() -> int:
	if len(sys.argv) == 4 and sys.argv[1] == "--serve-web":
		serve_web(sys.argv[2], sys.argv[3])
		return 0
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--web-port", type=int, default=8000)
	parser.add_argument("--socketio-port", type=int, default=9000)
	parser.add_argument("--workers", type=int, default=1)
	parser.add_argument(
		"--only", default=",".join(PROCESSES), help="comma-separated subset of " + ", ".join(PROCESSES)
	)
	parser.add_argument("--node", default="node")
	args = parser.parse_args()
	if not os.path.isfile(os.path.join(args.site, "site_config.json")):
		sys.exit(f"no site {args.site} here; run this from the bench's sites folder")
	wanted = args.only.split(",")
	for name, port in (("web", args.web_port), ("realtime", args.socketio_port)):
		if name in wanted and port_in_use(port):
			sys.exit(f"port {port} ({name}) is already in use on {HOST}")
	if "realtime" in wanted:
		set_socketio_port(args.site, args.socketio_port)

	parent = os.getppid()
	supervisor = Supervisor()

	def on_signal(signum, frame):
		supervisor.stopping.set()

	for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
		signal.signal(sig, on_signal)
	supervisor.start(commands(args))
	status = 0
	try:
		deadline = time.monotonic() + 180
		while not ready(args, wanted):
			if supervisor.stopping.is_set() or any(p.poll() is not None for _, p in supervisor.children):
				break
			if time.monotonic() > deadline:
				supervisor.say("stack", "not ready after 180 s; stopping")
				status = 1
				break
			time.sleep(0.5)
		else:
			names = ", ".join(name for name, _ in supervisor.children)
			where = f" on http://{HOST}:{args.web_port}" if "web" in wanted else ""
			supervisor.say("stack", f"ready: {names}{where} (site {args.site}); Ctrl-C stops them all")
		if not status:
			status = supervisor.wait(parent)
	finally:
		supervisor.stop()
	return status


if __name__ == "__main__":
	sys.exit(main())
