"""Demo data of the Oversight module: the 2026 targets (idempotent)."""

import frappe

from tuoyu_frappe.oversight.targets import ensure_targets

DEMO_TARGETS = {2026: 20}
DEMO_PLACES = {2026: 100}


def load_oversight_demo() -> None:
	ensure_targets(DEMO_TARGETS, DEMO_PLACES)
	frappe.db.commit()
