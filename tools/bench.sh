#!/usr/bin/env bash
# Helpers for `make test` and `make demo`: find an existing Frappe bench, make sure its
# MariaDB and Redis answer, link this checkout into it and prepare a site.
# Nothing here builds Frappe; the bench must already exist.
set -euo pipefail

BENCH="${FRAPPE_BENCH:-$HOME/frappe-bench}"
DB_ROOT_PASSWORD="${DB_ROOT_PASSWORD:-root}"
APP=tuoyu_frappe
CHECKOUT="$(cd "$(dirname "$0")/.." && pwd)"

die() { echo "ERROR: $*" >&2; exit 1; }

require_bench() {
	[ -x "$BENCH/env/bin/python" ] && [ -d "$BENCH/apps/frappe" ] && [ -d "$BENCH/sites" ] || die "no Frappe v15 bench at $BENCH.
  This app installs into an existing bench. Create one (see README, 'Prerequisites') or point
  FRAPPE_BENCH at it, e.g.  make test FRAPPE_BENCH=/path/to/frappe-bench"
}

# Run a frappe command inside the bench exactly as `bench --site ...` would, without the
# bench wrapper (which refuses root unless its config names frappe_user).
frappe_cmd() { (cd "$BENCH/sites" && "$BENCH/env/bin/python" -m frappe.utils.bench_helper frappe "$@"); }

mysql_ok() { mysql --protocol=TCP --host=127.0.0.1 --user=root --password="$DB_ROOT_PASSWORD" -e "select 1" >/dev/null 2>&1; }

ensure_mariadb() {
	if mysql_ok; then return; fi
	if ! mysqladmin ping >/dev/null 2>&1; then
		command -v mysqld_safe >/dev/null || die "MariaDB is not running and mysqld_safe is not installed (apt-get install mariadb-server)"
		echo "Starting MariaDB..."
		mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
		(mysqld_safe >/dev/null 2>&1 &)
		for _ in $(seq 1 60); do mysqladmin ping >/dev/null 2>&1 && break; sleep 1; done
		mysqladmin ping >/dev/null 2>&1 || mysql_ok || die "MariaDB did not start"
	fi
	mysql_ok || die "MariaDB answers but root/DB_ROOT_PASSWORD is refused; set DB_ROOT_PASSWORD"
}

redis_ports() {
	"$BENCH/env/bin/python" - "$BENCH/sites/common_site_config.json" <<'PY'
import json, sys
from urllib.parse import urlparse
conf = json.load(open(sys.argv[1]))
ports = {urlparse(conf[k]).port or 6379 for k in ("redis_cache", "redis_queue") if conf.get(k)}
print(" ".join(str(p) for p in sorted(ports)))
PY
}

ensure_redis() {
	for port in $(redis_ports); do
		if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
			command -v redis-server >/dev/null || die "Redis is not running on $port and redis-server is not installed"
			echo "Starting Redis on port $port..."
			redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no >/dev/null
			for _ in $(seq 1 20); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.5; done
		fi
	done
}

link_app() {
	local target="$BENCH/apps/$APP"
	if [ -e "$target" ] && [ ! -L "$target" ]; then
		[ "$(cd "$target" && pwd -P)" = "$CHECKOUT" ] || die "$target is another copy of the app; remove it or use a different bench"
	else
		ln -sfn "$CHECKOUT" "$target"
	fi
	"$BENCH/env/bin/python" -m pip install --quiet --disable-pip-version-check -e "$target[test]"
	register_app "$BENCH/sites/apps.txt"
}

# Add the app to apps.txt as bench itself writes it: one app per line, no trailing newline
# (a standard bench's file has none, so a plain `echo >>` would glue two names together).
register_app() {
	"$BENCH/env/bin/python" - "$1" "$APP" <<'PY'
import sys
path, app = sys.argv[1], sys.argv[2]
try:
	apps = [line.strip() for line in open(path).read().splitlines() if line.strip()]
except FileNotFoundError:
	apps = []
if app not in apps:
	open(path, "w").write("\n".join([*apps, app]))
PY
}

site_exists() { [ -f "$BENCH/sites/$1/site_config.json" ]; }

# prepare_site SITE fresh|reuse
prepare_site() {
	local site="$1" mode="$2"
	if site_exists "$site" && [ "$mode" = fresh ]; then
		echo "Reinstalling site $site..."
		frappe_cmd --site "$site" reinstall --yes --admin-password admin --db-root-password "$DB_ROOT_PASSWORD" >/dev/null
	elif ! site_exists "$site"; then
		echo "Creating site $site..."
		frappe_cmd new-site "$site" --admin-password admin --db-root-password "$DB_ROOT_PASSWORD" >/dev/null
	fi
	if ! frappe_cmd --site "$site" list-apps 2>/dev/null | grep -q "^$APP"; then
		frappe_cmd --site "$site" install-app "$APP" >/dev/null
	fi
	frappe_cmd --site "$site" migrate >/dev/null
	frappe_cmd --site "$site" execute tuoyu_frappe.setup.site.complete_setup >/dev/null
	frappe_cmd --site "$site" clear-cache >/dev/null
}

# stack SITE WEB_PORT SOCKETIO_PORT: the site's whole stack in the foreground (see tools/stack.py);
# exec, so that Ctrl-C and SIGTERM reach the supervisor itself.
stack() {
	require_bench
	cd "$BENCH/sites" && exec "$BENCH/env/bin/python" "$CHECKOUT/tools/stack.py" \
		--site "$1" --web-port "$2" --socketio-port "$3" --workers "${WORKERS:-1}"
}

prepare() {
	require_bench
	ensure_mariadb
	ensure_redis
	link_app
}

"$@"
