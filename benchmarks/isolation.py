"""How much the row isolation costs: list, count and single-document reads per role.

Run against a site loaded with the demo data (`make demo`, or `bench --site S tuoyu-demo`):

	cd $FRAPPE_BENCH/sites && ../env/bin/python path/to/benchmarks/isolation.py tuoyu.localhost

Prints the median of repeated runs for each role; figures are recorded in the README."""

import sys

import frappe
import timing

ROUNDS = 30
USERS = {
	"City admin": "city@demo.tuoyu",
	"Reviewer (兰山区)": "reviewer.371302@demo.tuoyu",
	"Operator": "operator.1@demo.tuoyu",
}


def median_ms(fn) -> float:
	return timing.median_ms(fn, ROUNDS)


def main(site: str) -> None:
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	from frappe.desk.reportview import get_count

	total = frappe.db.count("Tuoyu Point")
	staff = frappe.db.count("Tuoyu Staff")
	any_point = frappe.get_all("Tuoyu Point", pluck="name", limit=1)[0]
	print(f"site {site}: {total} points, {staff} staff; median of {ROUNDS} runs")
	print(f"{'role':<20}{'rows':>6}{'list ms':>10}{'count ms':>10}{'staff list ms':>15}{'has_perm ms':>13}")
	for label, user in USERS.items():
		frappe.set_user(user)
		rows = len(frappe.get_list("Tuoyu Point", pluck="name", limit_page_length=0))
		list_ms = median_ms(
			lambda: frappe.get_list(
				"Tuoyu Point", fields=["name", "point_name", "status", "area"], limit_page_length=20
			)
		)

		def count():
			frappe.local.form_dict = frappe._dict(doctype="Tuoyu Point", filters="[]", fields="[]")
			return get_count()

		count_ms = median_ms(count)
		staff_ms = median_ms(
			lambda: frappe.get_list("Tuoyu Staff", fields=["name", "staff_name"], limit_page_length=20)
		)
		perm_ms = median_ms(lambda: frappe.has_permission("Tuoyu Point", "read", doc=any_point))
		print(f"{label:<20}{rows:>6}{list_ms:>10.2f}{count_ms:>10.2f}{staff_ms:>15.2f}{perm_ms:>13.2f}")
	frappe.destroy()


if __name__ == "__main__":
	main(sys.argv[1] if len(sys.argv) > 1 else "tuoyu.localhost")
