"""Print the README's read-path table from tuoyu_frappe/security/read_paths.py, so the README says
what the inventory says. Run from the checkout with the bench's Python:

    python tools/read_paths_table.py            # the reads, grouped by how they are closed
    python tools/read_paths_table.py --all      # the non-reads too
"""

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tuoyu_frappe.security.read_paths import READ_PATHS, ReadPath

ORDER = ("override", "hook", "config", "frappe", "accepted", "not-a-read")
TITLES = {
	"override": "closed by our override",
	"hook": "closed by our permission hooks",
	"config": "kept out by the app's configuration",
	"frappe": "closed by Frappe's own check",
	"accepted": "accepted residual exposure",
	"not-a-read": "not a read",
}


def cell(text: str) -> str:
	return text.replace("|", "\\|").replace("\n", " ")


def row(entry: ReadPath) -> str:
	path = entry.path.removeprefix("ROUTE ")
	status = "**open**" if entry.open else "closed"
	probe = "probed" if entry.probe else "—"
	return f"| `{cell(path)}` | {entry.returns} | {status} | {probe} | {cell(entry.how)} |"


def table(with_non_reads: bool = False) -> str:
	entries = [e for e in READ_PATHS if with_non_reads or e.closed_by != "not-a-read"]
	counts = Counter(e.closed_by for e in READ_PATHS)
	reads = len(READ_PATHS) - counts["not-a-read"]
	still_open = sum(e.open for e in READ_PATHS)
	lines = [
		f"The inventory (`tuoyu_frappe/security/read_paths.py`) lists {len(READ_PATHS)} entry points of "
		f"Frappe v15 that take a DocType: {reads} reads and {counts['not-a-read']} that return no rows; "
		f"{sum(1 for e in READ_PATHS if e.probe)} are probed for every scoped DocType and child table as "
		f"the wrong user; {still_open} are still open.",
		"",
		"| by | entries |",
		"|---|---|",
		*(f"| {TITLES[k]} | {counts[k]} |" for k in ORDER if counts[k]),
	]
	for closed_by in ORDER:
		group = [e for e in entries if e.closed_by == closed_by]
		if not group:
			continue
		lines += [
			"",
			f"**{TITLES[closed_by].capitalize()}**",
			"",
			"| path | returns | status | test | how |",
			"|---|---|---|---|---|",
			*map(row, group),
		]
	return "\n".join(lines)


if __name__ == "__main__":
	print(table(with_non_reads="--all" in sys.argv[1:]))
