"""Which Oversight number cards and dashboard charts go on which role's workspace.

The cards and charts are standard JSON of this module (`number_card/`, `dashboard_chart/`), all of
type Document Type: each user's figures come from the permission hooks (a reviewer's cards count
their own area, a city admin's the whole city), so one card serves every role. `add_to_workspace`
puts them on a workspace's JSON (a dict read from its file) and is idempotent: run it again and
nothing changes.
"""

CITY_WORKSPACE = "Tuoyu Supervision"
REVIEWER_WORKSPACE = "Tuoyu District Review"

CARDS = (
	"Filed Points",
	"Filed Places",
	"Filings Pending Review",
	"Inspections This Year",
	"Overdue Rectifications",
	"Open Complaints",
)

WORKSPACE_DASHBOARDS: dict[str, dict[str, tuple[str, ...]]] = {
	CITY_WORKSPACE: {
		"number_cards": CARDS,
		"charts": ("Points by Area", "Filings per Month", "Inspections by Conclusion"),
	},
	REVIEWER_WORKSPACE: {
		"number_cards": CARDS,
		"charts": ("Filings per Month", "Inspections by Conclusion"),
	},
}

# Saved Report Builder reports of this module, for each workspace's Oversight links.
WORKSPACE_REPORTS: dict[str, dict[str, str]] = {
	workspace: {
		"Points by Area and Status": "Tuoyu Point",
		"Staff by Post": "Tuoyu Staff",
		"Filings by State": "Tuoyu Filing",
		"Inspections by Conclusion": "Tuoyu Inspection",
	}
	for workspace in (CITY_WORKSPACE, REVIEWER_WORKSPACE)
}


def add_to_workspace(workspace: dict) -> dict:
	"""The workspace dict with its cards and charts added (rows and content blocks), each once."""
	import json

	wanted = WORKSPACE_DASHBOARDS.get(workspace.get("name"), {})
	content = json.loads(workspace.get("content") or "[]")
	blocks = {
		(b.get("type"), (b.get("data") or {}).get(key))
		for b in content
		for key in ("number_card_name", "chart_name")
	}
	for kind, table, key, col in (
		("number_card", "number_cards", "number_card_name", 4),
		("chart", "charts", "chart_name", 6),
	):
		rows = workspace.setdefault(table, [])
		have = {row.get(key) for row in rows}
		for name in wanted.get(table, ()):
			if name not in have:
				rows.append(
					{"doctype": f"Workspace {kind.replace('_', ' ').title()}", key: name, "label": name}
				)
			if (kind, name) not in blocks:
				block_id = f"tyo-{kind[:5]}-{name.lower().replace(' ', '-')}"[:40]
				content.append({"id": block_id, "type": kind, "data": {key: name, "col": col}})
	workspace["content"] = json.dumps(content, ensure_ascii=False)
	return workspace
