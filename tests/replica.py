"""A throwaway MariaDB replica of the test site's database, for the read-replica test.

A second server (its own datadir, socket and port in a temporary folder, server-id 2, read-only,
replicating only the site's database) is seeded from the primary with a consistent dump that names
the binlog position it was taken at, then follows the primary by binlog replication through a
replication user made for this run. Teardown stops it, deletes its folder and drops the user.
The primary needs a binlog (server-id, log-bin, binlog-format ROW: .ci/run writes them).
"""

import getpass
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager

import frappe
import pymysql

ROOT_PASSWORD = os.environ.get("DB_ROOT_PASSWORD", "root")


def _free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def _server_binary() -> str:
	for name in ("mariadbd", "mysqld"):
		for path in (shutil.which(name), f"/usr/sbin/{name}"):
			if path and os.access(path, os.X_OK):
				return path
	raise RuntimeError("no mariadbd on this machine (apt-get install mariadb-server)")


def primary_address() -> tuple[str, int]:
	"""The site's database server, over TCP as Frappe (pymysql) reaches it."""
	host = frappe.conf.db_host or "127.0.0.1"
	return ("127.0.0.1" if host == "localhost" else host), int(frappe.conf.db_port or 3306)


def primary_root() -> pymysql.Connection:
	host, port = primary_address()
	return pymysql.connect(host=host, port=port, user="root", password=ROOT_PASSWORD, autocommit=True)


def query(conn: pymysql.Connection, sql: str, args=None) -> list[dict]:
	with conn.cursor(pymysql.cursors.DictCursor) as cur:
		cur.execute(sql, args)
		return list(cur.fetchall())


class Replica:
	def __init__(self, db_name: str):
		self.db_name = db_name
		self.port = _free_port()
		self.folder = tempfile.mkdtemp(prefix="tuoyu-replica-")
		self.datadir = os.path.join(self.folder, "data")
		self.socket = os.path.join(self.folder, "mysqld.sock")
		self.repl_user = f"tuoyu_repl_{secrets.token_hex(4)}"
		self.repl_password = secrets.token_hex(16)
		self.proc: subprocess.Popen | None = None
		self.conn: pymysql.Connection | None = None

	# --- life cycle ---------------------------------------------------------------------------

	def start(self) -> None:
		# As root the server runs as mysql; otherwise as the current user, who then owns the admin
		# account (unix_socket authentication: no password, only over the replica's own socket).
		as_root = os.geteuid() == 0
		self.admin = "root" if as_root else getpass.getuser()
		owner = ["--user=mysql"] if as_root else [f"--auth-root-socket-user={self.admin}"]
		if as_root:
			shutil.chown(self.folder, "mysql", "mysql")
		install = subprocess.run(
			[
				shutil.which("mariadb-install-db") or "mysql_install_db",
				"--no-defaults",
				f"--datadir={self.datadir}",
				"--skip-test-db",
				*owner,
			],
			capture_output=True,
			text=True,
		)
		if install.returncode != 0:
			raise RuntimeError(
				f"mariadb-install-db failed:\n{install.stdout[-2000:]}{install.stderr[-2000:]}"
			)
		self.proc = subprocess.Popen(
			[
				_server_binary(),
				"--no-defaults",  # not the primary's config (server-id 1, its binlog, its port)
				*owner,
				f"--datadir={self.datadir}",
				f"--socket={self.socket}",
				f"--pid-file={os.path.join(self.folder, 'mysqld.pid')}",
				f"--log-error={os.path.join(self.folder, 'error.log')}",
				f"--port={self.port}",
				"--bind-address=127.0.0.1",
				"--server-id=2",
				f"--replicate-do-db={self.db_name}",  # other sites of the bench stay on the primary
				f"--relay-log={os.path.join(self.folder, 'relay-bin')}",
				"--skip-slave-start",
				"--character-set-server=utf8mb4",
				"--collation-server=utf8mb4_unicode_ci",
				"--skip-character-set-client-handshake",
				"--innodb-buffer-pool-size=64M",
				"--log-output=TABLE",  # the general log, switched on once seeded, is mysql.general_log
			],
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
		)
		deadline = time.monotonic() + 60
		while True:
			try:
				self.conn = pymysql.connect(unix_socket=self.socket, user=self.admin, autocommit=True)
				break
			except pymysql.err.OperationalError:
				if self.proc.poll() is not None or time.monotonic() > deadline:
					raise RuntimeError(f"the replica did not start:\n{self.error_log()}") from None
				time.sleep(0.25)

	def seed_and_follow(self) -> None:
		"""Load the site's database as of a binlog position, then replicate from that position."""
		host, port = primary_address()
		primary = primary_root()
		try:
			if query(primary, "select @@log_bin as on_")[0]["on_"] != 1:
				raise RuntimeError(
					"the primary MariaDB writes no binlog: give it server-id, log-bin and binlog-format ="
					" ROW (as .ci/run does) and restart it"
				)
			query(primary, f"create user '{self.repl_user}'@'%%' identified by %s", self.repl_password)
			query(primary, f"grant replication slave on *.* to '{self.repl_user}'@'%'")
			site_user = self.site_user_statements(primary)
		finally:
			primary.close()
		query(
			self.conn,
			"change master to master_host=%s, master_port=%s, master_user=%s, master_password=%s,"
			" master_use_gtid=no",
			(host, port, self.repl_user, self.repl_password),
		)
		# --single-transaction with --master-data: MariaDB reads the snapshot's binlog position
		# without a global read lock; the dump's CHANGE MASTER sets file and position.
		dump = subprocess.Popen(
			[
				"mariadb-dump",
				f"--host={host}",
				f"--port={port}",
				"--user=root",
				"--single-transaction",
				"--master-data=1",
				"--routines",
				"--databases",
				self.db_name,
			],
			stdout=subprocess.PIPE,
			stderr=subprocess.PIPE,
			env={**os.environ, "MYSQL_PWD": ROOT_PASSWORD},
		)
		load = subprocess.run(
			["mariadb", f"--socket={self.socket}", f"--user={self.admin}"],
			stdin=dump.stdout,
			capture_output=True,
		)
		dump.stdout.close()
		dump_err = dump.stderr.read()
		if dump.wait() != 0 or load.returncode != 0:
			raise RuntimeError(f"seeding the replica failed: {dump_err[-2000:]!r} {load.stderr[-2000:]!r}")
		# The site's database user (Frappe reads the replica with the site's credentials).
		for statement in site_user:
			query(self.conn, statement)
		query(self.conn, "start slave")
		query(self.conn, "set global read_only = 1")
		self.catch_up()

	def stop(self) -> None:
		if self.conn:
			try:
				query(self.conn, "stop slave")
			except pymysql.Error:
				pass
			self.conn.close()
		if self.proc and self.proc.poll() is None:
			self.proc.terminate()  # SIGTERM: a clean shutdown
			try:
				self.proc.wait(timeout=60)
			except subprocess.TimeoutExpired:
				self.proc.kill()
				self.proc.wait()
		try:
			primary = primary_root()
			try:
				query(primary, f"drop user if exists '{self.repl_user}'@'%'")
			finally:
				primary.close()
		finally:
			shutil.rmtree(self.folder, ignore_errors=True)

	def error_log(self) -> str:
		try:
			with open(os.path.join(self.folder, "error.log"), errors="replace") as f:
				return f.read()[-3000:]
		except OSError:
			return ""

	# --- used by the tests ----------------------------------------------------------------------

	def site_user_statements(self, primary: pymysql.Connection) -> list[str]:
		statements = []
		for row in query(
			primary, "select user as name, host as host from mysql.user where user = %s", self.db_name
		):
			account = f"'{row['name']}'@'{row['host']}'"
			statements += [next(iter(r.values())) for r in query(primary, f"show create user {account}")]
			statements += [next(iter(r.values())) for r in query(primary, f"show grants for {account}")]
		if not statements:
			raise RuntimeError(f"the primary has no database user {self.db_name}")
		return statements

	def catch_up(self, timeout: int = 60) -> None:
		"""Wait until the replica has applied everything the primary has written so far."""
		primary = primary_root()
		try:
			status = query(primary, "show master status")[0]
		finally:
			primary.close()
		waited = query(
			self.conn,
			"select master_pos_wait(%s, %s, %s) as waited",
			(status["File"], status["Position"], timeout),
		)[0]["waited"]
		if waited is None or waited < 0:
			raise RuntimeError(f"the replica did not catch up: {self.slave_status()}\n{self.error_log()}")

	def slave_status(self) -> dict:
		rows = query(self.conn, "show slave status")
		return rows[0] if rows else {}

	def logged_statements(self) -> list[str]:
		"""Statements the site's user sent to the replica since `start_log`."""
		rows = query(
			self.conn,
			"select argument from mysql.general_log where command_type = 'Query' and user_host like %s",
			(self.db_name.replace("_", "\\_") + "[%",),  # Frappe's names start with "_", LIKE's wildcard
		)
		return [r["argument"].decode() if isinstance(r["argument"], bytes) else r["argument"] for r in rows]

	def start_log(self) -> None:
		query(self.conn, "set global general_log = 0")
		query(self.conn, "truncate table mysql.general_log")
		query(self.conn, "set global general_log = 1")

	def stop_log(self) -> None:
		query(self.conn, "set global general_log = 0")

	@contextmanager
	def reading(self):
		"""The site's replica settings for the current frappe.local, as a site_config.json with
		`read_from_replica`, `replica_host` and `replica_db_port` gives them; put back after."""
		conf = frappe.local.conf
		keys = ("read_from_replica", "replica_host", "replica_db_port")
		before = {k: conf[k] for k in keys if k in conf}
		conf.update({"read_from_replica": 1, "replica_host": "127.0.0.1", "replica_db_port": self.port})
		try:
			yield
		finally:
			for k in keys:
				conf.pop(k, None)
			conf.update(before)
			# frappe.connect_replica connects once per frappe.local (a request has its own); forget
			# the closed connection so that the next read-only call connects again.
			for attr in ("replica_db", "primary_db"):
				if hasattr(frappe.local, attr):
					delattr(frappe.local, attr)
