"""Account security for 网络安全等级保护 (GB/T 22239-2019), with Frappe's own settings.

`harden()` (bench command `tuoyu-harden`) applies the recommended values and returns what it
changed; running it again changes nothing. The values, and why:

- password complexity (8.1.4.1 a): Frappe's password policy, zxcvbn score 3 of 4; passwords
  changed at least every 90 days (Frappe forces a reset at the next login after that);
- failed logins (8.1.4.1 b): 5 failed logins lock the account (and the address they came from)
  for 10 minutes;
- session timeout (8.1.4.1 b): a session idle for 30 minutes ends;
- two-factor sign-in (8.1.4.1 d) for Tuoyu City Admin and System Manager, by an OTP app;
- no tracebacks in error responses (8.1.4.4 / residual information);
- audit (8.1.4.3): Frappe records logins, logouts and failed logins in the Activity Log; it is
  kept for 180 days (网络安全法 第二十一条: at least six months) instead of Frappe's 90.

Independently of `harden()`, installing the app closes tracebacks for guests (`after_install`,
`before_request`): Frappe v15 ships with "Show Full Error" on, so every JSON error response,
the rate limiter's 429 included, carried the server's traceback in `exc`.
"""

from dataclasses import dataclass

import frappe

from tuoyu_frappe.permissions import CITY_ADMIN

# "Allow Consecutive Login Attempts": Frappe locks once the failures *exceed* this number
# (frappe.auth.LoginAttemptTracker.is_user_allowed), so 4 locks after the 5th failed login.
MAX_FAILED_LOGINS = 5
LOCK_SECONDS = 10 * 60

SYSTEM_SETTINGS: dict[str, object] = {
	"enable_password_policy": 1,
	"minimum_password_score": "3",
	"force_user_to_reset_password": 90,
	"allow_consecutive_login_attempts": MAX_FAILED_LOGINS - 1,
	"allow_login_after_fail": LOCK_SECONDS,
	"session_expiry": "00:30",
	"allow_error_traceback": 0,
}
TWO_FACTOR_SETTINGS: dict[str, object] = {
	"enable_two_factor_auth": 1,
	"two_factor_method": "OTP App",
	"otp_issuer_name": "临沂市托育服务监管",
}
TWO_FACTOR_ROLES = (CITY_ADMIN, "System Manager")
# Marks a site whose two-factor sign-in is for TWO_FACTOR_ROLES only (see keep_two_factor_roles).
TWO_FACTOR_SCOPE_KEY = "tuoyu_two_factor_roles"
AUDIT_LOG_DAYS = {"Activity Log": 180}


@dataclass(frozen=True)
class Change:
	what: str
	old: object
	new: object

	def __str__(self) -> str:
		return f"{self.what}: {self.old!r} → {self.new!r}"


def harden(two_factor: bool = True) -> list[Change]:
	"""Apply the recommended values; return what changed (empty when all were already set).

	With `two_factor=False` (the demo) site-wide two-factor sign-in is switched off, while the two
	roles stay marked, so switching it on later is one setting."""
	changes = apply_system_settings(two_factor)
	changes += mark_two_factor_roles()
	changes += keep_audit_logs()
	frappe.clear_cache()
	return changes


def apply_system_settings(two_factor: bool) -> list[Change]:
	wanted = dict(SYSTEM_SETTINGS)
	wanted.update(TWO_FACTOR_SETTINGS if two_factor else {"enable_two_factor_auth": 0})
	settings = frappe.get_single("System Settings")
	changes = [
		Change(f"System Settings.{field}", settings.get(field), value)
		for field, value in wanted.items()
		if str(settings.get(field) if settings.get(field) is not None else "") != str(value)
	]
	if changes:
		settings.update(wanted)
		settings.flags.ignore_permissions = True
		settings.save()
	frappe.db.set_default(TWO_FACTOR_SCOPE_KEY, ",".join(TWO_FACTOR_ROLES))
	return changes


def mark_two_factor_roles() -> list[Change]:
	"""Two-factor sign-in for the administrator roles only, and not for the role All, which Frappe
	marks whenever System Settings is saved with two-factor sign-in on."""
	changes = []
	wanted = {role: 1 for role in TWO_FACTOR_ROLES} | {"All": 0}
	for role, value in wanted.items():
		old = frappe.db.get_value("Role", role, "two_factor_auth")
		if old is not None and int(old) != value:
			frappe.db.set_value("Role", role, "two_factor_auth", value)
			changes.append(Change(f"Role {role}.two_factor_auth", int(old), value))
	return changes


def keep_two_factor_roles(doc, method=None) -> None:
	"""doc_events System Settings `validate`: Frappe v15's own validate marks the role All for
	two-factor sign-in on every save while it is enabled, which would ask every operator for an
	OTP after any change of the settings. On a hardened site it stays with TWO_FACTOR_ROLES."""
	if doc.enable_two_factor_auth and frappe.db.get_default(TWO_FACTOR_SCOPE_KEY):
		frappe.db.set_value("Role", "All", "two_factor_auth", 0)


def keep_audit_logs() -> list[Change]:
	"""Keep security logs at least AUDIT_LOG_DAYS (never shortens a longer retention)."""
	settings = frappe.get_single("Log Settings")
	changes = []
	for doctype, days in AUDIT_LOG_DAYS.items():
		row = next((r for r in settings.logs_to_clear if r.ref_doctype == doctype), None)
		# No row yet: Frappe would add one with its default (90 days) at the first clean-up.
		old = row.days if row else None
		if old is None or old < days:
			changes.append(Change(f"Log Settings.{doctype}", old, days))
			settings.register_doctype(doctype, days)
	if changes:
		settings.flags.ignore_permissions = True
		settings.save()
	return changes


# --- at install, independent of harden(): guests never see a traceback ----------------------


def hide_tracebacks() -> None:
	"""after_install: Frappe v15 ships with System Settings "Show Full Error…" (allow_error_traceback)
	on. `frappe.utils.response.report_error` then puts the traceback of every error into JSON
	responses (`exc`), for guests too: a guest who passes the verification page's rate limit got
	the server's stack in the 429 answer. A site administrator may switch it on again for a while;
	guests stay protected by `before_request`."""
	frappe.db.set_single_value("System Settings", "allow_error_traceback", 0)


def before_request() -> None:
	"""before_request hook. For guests (the session is known at this point; token users count as
	guests here, which only hides more):

	`disable_traceback` is the flag Frappe's report_error and its server-error page honour
	whatever the System Setting says. Errors of /api/ calls answer as JSON even to a browser's
	`Accept: text/html`: Frappe's HTML branch for HTTP 429 returns the site-wide rate limiter's
	response, which is None unless that limiter is configured, so the request ended in a bare
	server error (the development server shows its debugger, traceback included).

	For everyone, next: a malformed REST list of our DocTypes is refused in words."""
	from tuoyu_frappe.api import refuse_malformed_rest_lists

	if frappe.session.user == "Guest":
		frappe.local.flags.disable_traceback = True
		if frappe.request and frappe.request.path.startswith("/api/"):
			frappe.local.is_ajax = True
	refuse_malformed_rest_lists()
