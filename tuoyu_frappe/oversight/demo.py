"""Demo data of the Oversight module: the 2026 targets (idempotent).

The demo's 84 filed points are filed from March 2022 on (tuoyu_frappe.demo.FILING_START), 2 to 10 per
area: against the plan's 6 (2022) and 15 (2023) every area is behind, and against the demo's 2026
target of 8 about a third of the areas are on target, so 县区备案进度 shows both."""

import frappe

from tuoyu_frappe.oversight.targets import ensure_targets

DEMO_TARGETS = {2026: 8}
DEMO_PLACES = {2026: 40}


def load_oversight_demo() -> None:
	ensure_targets(DEMO_TARGETS, DEMO_PLACES)
	frappe.db.commit()
