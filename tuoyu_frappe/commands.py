"""bench commands of the app: `bench --site S tuoyu-demo [--points N] [--seed N]` and
`bench --site S tuoyu-harden [--no-2fa]`."""

import time

import click
import frappe
from frappe.commands import pass_context
from frappe.exceptions import SiteNotSpecifiedError

LABELS = {
	"users": "用户 Users",
	"reviewer_assignments": "审核员分配 Reviewer assignments",
	"points": "托育点 Points",
	"filed_points": "已备案托育点 Filed points",
	"staff": "工作人员 Staff",
}


@click.command("tuoyu-demo")
@click.option(
	"--points", default=220, show_default=True, type=click.IntRange(1, 2000), help="Number of points"
)
@click.option("--seed", default=2026, show_default=True, type=int, help="Faker seed (same seed, same data)")
@pass_context
def tuoyu_demo(context, points: int, seed: int):
	"""Load the 临沂市 demo data (users, points, staff); running it again creates nothing new."""
	# Imported here so that other bench commands do not pay for Faker.
	from tuoyu_frappe.demo import load_demo
	from tuoyu_frappe.filing.demo_filings import load_demo_filings
	from tuoyu_frappe.supervision.demo import load_supervision_demo

	for site in context.sites:
		try:
			frappe.init(site=site)
			frappe.connect()
			frappe.flags.mute_emails = True
			# Comments and notifications the loader writes are stored in the site's language.
			frappe.local.lang = frappe.db.get_single_value("System Settings", "language") or "zh"
			click.echo(f"正在载入演示数据 Loading demo data into {site} ({points} points, seed {seed})…")
			started = time.monotonic()
			result = load_demo(points=points, seed=seed, commit=True, log=click.echo)
			filings = load_demo_filings(commit=True, log=click.echo)
			load_supervision_demo(commit=True, log=click.echo)
			load_issue_8_and_9_demos(log=click.echo)
			frappe.db.commit()
			print_summary(site, result, time.monotonic() - started)
			click.echo(
				f"  备案申请 Filings: 新建 created {filings['created']}, 已存在 already there {filings['existing']}"
			)
		finally:
			frappe.destroy()
	if not context.sites:
		raise SiteNotSpecifiedError


def load_issue_8_and_9_demos(log) -> None:
	"""After the supervision demo, in the order they build on each other: membership and training,
	complaints (some opening 投诉核查 inspections), incidents and the ban register, the daily
	reminders over all of it, then the oversight targets and the demonstration points. Each loader
	is idempotent."""
	from tuoyu_frappe.association.demo import load_association_demo
	from tuoyu_frappe.complaints.demo import load_complaints_demo
	from tuoyu_frappe.oversight.demo import load_oversight_demo
	from tuoyu_frappe.oversight.demonstration_demo import load_demonstration_demo
	from tuoyu_frappe.reminders.demo import load_reminders_demo
	from tuoyu_frappe.safety.demo import load_safety_demo

	load_association_demo(commit=True, log=log)
	load_complaints_demo(commit=True, log=log)
	load_safety_demo(commit=True, log=log)
	load_reminders_demo(commit=True, log=log)
	load_oversight_demo()
	load_demonstration_demo(commit=True, log=log)  # 示范点: on filed points without a disqualifier
	frappe.db.commit()


def print_summary(site: str, result: dict, seconds: float) -> None:
	from tuoyu_frappe.demo import CITY_ADMIN_EMAIL, DEMO_PASSWORD, operator_email, reviewer_email
	from tuoyu_frappe.supervision.demo import ASSOCIATION_EMAIL

	click.echo(f"\n演示数据已就绪 Demo data ready on {site} in {seconds:.1f} s")
	for key, label in LABELS.items():
		created, existing = result["created"].get(key, 0), result["existing"].get(key, 0)
		click.echo(f"  {label}: 新建 created {created}, 已存在 already there {existing}")
	click.echo(f"\n演示账号 Demo accounts (密码 password: {DEMO_PASSWORD})")
	click.echo(f"  市级管理员 City admin:         {CITY_ADMIN_EMAIL}")
	areas = frappe.get_all(
		"Tuoyu Reviewer Assignment",
		filters={"reviewer": ("like", reviewer_email("%"))},
		fields=["reviewer", "area"],
		order_by="area",
	)
	for row in areas:
		area_name = frappe.db.get_value("Tuoyu Area", row.area, "area_name")
		click.echo(f"  区县审核员 District reviewer:  {row.reviewer} ({area_name})")
	click.echo(f"  行业协会 Association:          {ASSOCIATION_EMAIL}")
	operators = frappe.db.count("User", {"name": ("like", operator_email("%"))})
	click.echo(f"  举办者 Operators (one per point): {operator_email(1)} … {operator_email(operators)}")


@click.command("tuoyu-harden")
@click.option(
	"--no-2fa",
	"no_two_factor",
	is_flag=True,
	help="Leave two-factor sign-in off (the demo: its users have no OTP app)",
)
@pass_context
def tuoyu_harden(context, no_two_factor: bool):
	"""Apply the recommended account-security settings (等保 2.0); running it again changes nothing."""
	from tuoyu_frappe.setup.hardening import MAX_FAILED_LOGINS, TWO_FACTOR_ROLES, harden

	for site in context.sites:
		try:
			frappe.init(site=site)
			frappe.connect()
			changes = harden(two_factor=not no_two_factor)
			frappe.db.commit()
			click.echo(f"账号安全设置 Account security on {site}:")
			for change in changes:
				click.echo(f"  已设置 set {change}")
			if not changes:
				click.echo("  已是推荐值，未作更改 Already hardened, nothing changed")
			click.echo(
				f"  密码强度 3/4，90 天更换；连续失败 {MAX_FAILED_LOGINS} 次锁定 10 分钟；空闲 30 分钟退出；不显示错误堆栈"
			)
			if no_two_factor:
				click.echo(
					"  注意 Note: 双因素登录未开启 two-factor sign-in is OFF (demo). Turn on System Settings → "
					"Enable Two Factor Auth for production."
				)
			else:
				click.echo(f"  双因素登录 Two-factor sign-in (OTP app): {', '.join(TWO_FACTOR_ROLES)}")
		finally:
			frappe.destroy()
	if not context.sites:
		raise SiteNotSpecifiedError


commands = [tuoyu_demo, tuoyu_harden]
