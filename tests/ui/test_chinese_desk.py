"""A desk in Chinese from end to end: on every page each role visits in its journeys, the visible
text holds no untranslated English word (identifiers, numbers and a few acronyms excepted).

The words found are printed per page, so a failure says what to add to translations/zh.csv."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import frappe
import pytest

from tests import seed
from tests.conftest import PORT
from tests.factories import attach_all_materials, remove_filing
from tests.ui.test_desk import charts_drawn, logged_in_page
from tuoyu_frappe.filing import states as s

pytestmark = pytest.mark.browser
BASE = f"http://127.0.0.1:{PORT}"

# Latin text that Chinese users read as it is. Kept short and explicit: anything else is a finding.
ALLOWED_WORDS = {
	"PDF",
	"QR",
	"ID",
	"CSV",
	"Excel",
	"Ctrl",  # keyboard shortcuts in menus: Ctrl+S, Ctrl+K
	"Frappe",  # the framework's name
	"Administrator",  # the built-in account's name, shown as the author of what install code created
}
# Identifiers are not words: emails, URLs and file paths, document names such as TYD-00001 or
# TYBA-2026-00001, file names, codes with a digit in them; single letters (保育员A, Ctrl+K).
# (Python's \b would not part Latin from Chinese, which counts as letters too: ASCII bounds instead.)
IDENTIFIERS = re.compile(
	r"\S+@\S+"
	r"|https?://\S+"
	r"|(?<![A-Za-z0-9_/.])/[\w./-]+"
	r"|(?<![A-Za-z0-9])[A-Z]{2,}(?:-[A-Z0-9.]+)*-\d[\w.-]*"
	r"|(?<![A-Za-z0-9])[\w-]+\.(?:pdf|png|jpe?g|csv|xlsx?|txt|docx?|zip)(?![A-Za-z0-9])"
	r"|(?<![A-Za-z0-9])(?=[A-Za-z]*\d)[A-Za-z0-9]+(?![A-Za-z0-9])"
	r"|(?<![A-Za-z'’])[A-Za-z](?![A-Za-z'’])",
	re.IGNORECASE,
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


def english_words(text: str) -> list[str]:
	"""Latin words of the text that are neither identifiers nor allowed."""
	return [w for w in WORD.findall(IDENTIFIERS.sub(" ", text)) if w not in ALLOWED_WORDS]


def test_english_words_finds_words_and_skips_identifiers():
	text = "列表视图 List View TYD-00001 TYBA-2026-00042 reviewer.lanshan@tuoyu.test v15.41.0 PDF 导出 Edit"
	assert english_words(text) == ["List", "View", "Edit"]
	assert (
		english_words("/private/files/material-1.pdf http://127.0.0.1:8000/app 3a7f9c1b 保育员A Ctrl+K") == []
	)
	assert english_words("您还没有收到 Looks like you haven’t received") == [
		"Looks",
		"like",
		"you",
		"haven’t",
		"received",
	]


# Text in the DOM that nobody sees: screen-reader-only status lines (awesomplete writes its own
# English ones, outside Frappe's translations) and the fieldname tooltips of every control, which
# stay transparent unless a developer turns them on.
UNSEEN = ".visually-hidden, .sr-only, .tooltip-content"
# A line of the form timeline that describes a saved version ("您修改了…").
VERSION_LINE = ".timeline-content a[href^='/app/version/']"


def visible_text(page) -> tuple[str, list[str]]:
	"""The body's innerText (what CSS renders) without the text nobody sees, and apart from it the
	version lines of the timeline."""
	return page.evaluate(
		"""([unseen, version_line]) => {
			const versions = [...document.querySelectorAll(version_line)]
				.filter((el) => el.offsetParent !== null)
				.map((el) => el.innerText);
			const hidden = [...document.querySelectorAll(unseen + ", " + version_line)];
			const display = hidden.map((el) => el.style.display);
			hidden.forEach((el) => (el.style.display = "none"));
			// the print view renders its preview in a frame of the same origin
			const frames = [...document.querySelectorAll("iframe")]
				.filter((f) => f.offsetParent !== null && f.contentDocument && f.contentDocument.body)
				.map((f) => f.contentDocument.body.innerText);
			const text = [document.body.innerText, ...frames].join("\\n");
			hidden.forEach((el, i) => (el.style.display = display[i]));
			return [text, versions];
		}""",
		[UNSEEN, VERSION_LINE],
	)


def version_line_words(line: str, child_labels: set[str]) -> list[str]:
	"""Frappe v15's version lines have two gaps translations cannot close
	(frappe/public/js/frappe/form/footer/version_timeline_content_builder.js): an empty value is
	printed as `null`, and a child table's field label comes from `frappe.meta.get_label`, which
	does not translate. Only those are tolerated, and only in these lines."""
	for label in sorted(child_labels, key=len, reverse=True):
		line = line.replace(label, " ")
	return [w for w in english_words(line) if w != "null"]


def child_table_labels(doctypes: tuple[str, ...]) -> set[str]:
	labels = set()
	for doctype in doctypes:
		for table in frappe.get_meta(doctype).get_table_fields():
			labels |= {df.label for df in frappe.get_meta(table.options).fields if df.label}
	return labels


def test_version_lines_tolerate_only_frappes_gaps():
	line = "您修改了第 0 行的Attachment从 null 改为/private/files/a.pdf, Verdict from 待审 to 合格"
	assert version_line_words(line, {"Attachment", "Verdict"}) == ["from", "to"]


# --- the pages of the journeys -----------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
	"""One page (or one opened menu of a page) as a role sees it."""

	name: str
	route: str  # formatted with the world's names: {point}, {staff}, {filing}
	ready: str  # a selector visible once the page has rendered
	open: Callable | None = None  # what the user clicks before reading the page


def click(selector: str, menu: str) -> Callable:
	def run(page):
		page.locator(f"{selector} >> visible=true").first.click()
		shown(page, menu)

	return run


def print_preview(page):
	page.wait_for_function(
		"""() => [...document.querySelectorAll("iframe.print-format-container")].some(
			(f) => f.offsetParent !== null && f.contentDocument?.body?.innerText.trim())"""
	)


def search(page):
	page.click("#navbar-search")
	page.fill("#navbar-search", "托育")
	page.wait_for_selector(".awesomplete ul li", state="visible")


LIST = ".list-row-container, .no-result"
FORM = ".new-timeline .timeline-items:not(.timeline-actions) .timeline-content"
WORKSPACE = ".widget.shortcut-widget-box"
MENU = ".page-actions .menu-btn-group > button"
SIDEBAR_ITEM = ".layout-side-section .sidebar-item-label"
NEW_FORM = ".form-layout .frappe-control"
PATROL_TEMPLATE = "部门日常巡查表"


def supervision(lists: tuple[str, ...], new_forms: tuple[str, ...] = ()) -> list[Visit]:
	"""The Supervision module's lists and new forms a role works with (routes by DocType slug)."""
	visits = [Visit(f"{slug} list", f"/app/{slug}", LIST) for slug in lists]
	visits += [Visit(f"new {slug} form", f"/app/{slug}/new", NEW_FORM) for slug in new_forms]
	return visits


def journey(workspace: str, acts_on_filing: bool) -> list[Visit]:
	visits = [
		Visit("workspace", f"/app/{workspace}", WORKSPACE),
		Visit("awesomebar", f"/app/{workspace}", WORKSPACE, search),
		Visit(
			"notifications",
			f"/app/{workspace}",
			WORKSPACE,
			click(".dropdown-notifications .notifications-icon", ".notifications-list"),
		),
		Visit(
			"user menu",
			f"/app/{workspace}",
			WORKSPACE,
			click(".dropdown-navbar-user > button", "#toolbar-user"),
		),
		Visit("point list", "/app/tuoyu-point", LIST),
		Visit("point list filters", "/app/tuoyu-point", LIST, click(".filter-button", ".filter-popover")),
		Visit(
			"point list sort",
			"/app/tuoyu-point",
			LIST,
			click(".sort-selector .sort-selector-button", ".sort-selector .dropdown-menu"),
		),
		Visit("point list menu", "/app/tuoyu-point", LIST, click(MENU, ".dropdown-menu.show")),
		Visit("point report view", "/app/tuoyu-point/view/report", ".dt-scrollable, .no-result"),
		Visit(
			"point report view menu",
			"/app/tuoyu-point/view/report",
			".dt-scrollable",
			click(MENU, ".dropdown-menu.show"),
		),
		Visit("point form", "/app/tuoyu-point/{point}", FORM),
		Visit("point form menu", "/app/tuoyu-point/{point}", FORM, click(MENU, ".dropdown-menu.show")),
		Visit("point print view", "/app/print/Tuoyu Point/{point}", ".print-preview", print_preview),
		Visit("staff list", "/app/tuoyu-staff", LIST),
		Visit("staff form", "/app/tuoyu-staff/{staff}", FORM),
		Visit("filing list", "/app/tuoyu-filing", LIST),
		Visit(
			"filing list sort",
			"/app/tuoyu-filing",
			LIST,
			click(".sort-selector .sort-selector-button", ".sort-selector .dropdown-menu"),
		),
		Visit("filing report view", "/app/tuoyu-filing/view/report", ".dt-scrollable, .no-result"),
		Visit("filing form", "/app/tuoyu-filing/{filing}", FORM),
	]
	if acts_on_filing:
		visits.append(
			Visit(
				"filing workflow actions",
				"/app/tuoyu-filing/{filing}",
				FORM,
				click("button:has-text('操作')", ".dropdown-menu.show"),
			)
		)
	return visits


JOURNEYS = {
	seed.CITY: journey("tuoyu-supervision", acts_on_filing=False)
	+ supervision(
		(
			"tuoyu-inspection",
			"tuoyu-rectification",
			"tuoyu-enforcement-action",
			"tuoyu-random-draw",
			"tuoyu-inspector",
			"tuoyu-checklist-template",
			"tuoyu-reevaluation-run",
		),
		("tuoyu-enforcement-action",),
	)
	+ [Visit("checklist template form", f"/app/tuoyu-checklist-template/{PATROL_TEMPLATE}", FORM)]
	+ supervision(
		(
			"tuoyu-complaint",
			"tuoyu-complainant-contact",
			"tuoyu-incident",
			"tuoyu-ban-record",
			"tuoyu-hire-refusal-log",
			"tuoyu-association-membership",
			"tuoyu-training-session",
			"tuoyu-training-attendance",
			"tuoyu-reminder-log",
		),
		("tuoyu-complaint", "tuoyu-training-session"),
	)
	+ [
		Visit(f"{slug} form", f"/app/{slug}", NEW_FORM)
		for slug in ("tuoyu-reminder-settings", "tuoyu-complaint-settings")
	],
	seed.REV_LS: journey("tuoyu-district-review", acts_on_filing=True)
	+ supervision(
		("tuoyu-inspection", "tuoyu-rectification", "tuoyu-enforcement-action", "tuoyu-random-draw"),
		("tuoyu-inspection", "tuoyu-random-draw"),
	)
	+ supervision(
		(
			"tuoyu-complaint",
			"tuoyu-incident",
			"tuoyu-association-membership",
			"tuoyu-training-session",
			"tuoyu-training-attendance",
		),
		("tuoyu-complaint", "tuoyu-incident", "tuoyu-training-session"),
	),
	seed.OP_A: journey("tuoyu-operator-desk", acts_on_filing=False)
	+ supervision(
		("tuoyu-inspection", "tuoyu-rectification", "tuoyu-enforcement-action"), ("tuoyu-inspection",)
	)
	+ supervision(
		(
			"tuoyu-incident",
			"tuoyu-association-membership",
			"tuoyu-training-session",
			"tuoyu-training-attendance",
		),
		("tuoyu-incident", "tuoyu-association-membership"),
	),
	# The association reads its member points (point A) and records its own inspections.
	seed.ASSOC: [
		Visit("workspace", "/app/tuoyu-association-desk", WORKSPACE),
		Visit("point list", "/app/tuoyu-point", LIST),
		Visit("point form", "/app/tuoyu-point/{point}", FORM),
		*supervision(("tuoyu-inspection", "tuoyu-checklist-template"), ("tuoyu-inspection",)),
		*supervision(
			("tuoyu-association-membership", "tuoyu-training-session", "tuoyu-training-attendance"),
			("tuoyu-training-session",),
		),
	],
}
# The sidebar holds the role's own workspace and nothing of Frappe's (tuoyu_frappe.desk).
WORKSPACES = {
	seed.CITY: "Tuoyu Supervision",
	seed.REV_LS: "Tuoyu District Review",
	seed.OP_A: "Tuoyu Operator Desk",
	seed.ASSOC: "Tuoyu Association Desk",
}


@pytest.fixture(scope="module")
def pending_filing(site):
	"""A filing of point A awaiting review: every role of its area reads it, the reviewer acts on it.
	Made in Chinese, as the operator's desk would (comments and notifications keep that language)."""
	from frappe.model.workflow import apply_workflow

	frappe.set_user(seed.OP_A)
	frappe.local.lang = "zh"
	doc = frappe.get_doc({"doctype": "Tuoyu Filing", "filing_type": s.NEW, "point": site.point["A"]}).insert()
	attach_all_materials(doc)
	doc.commitment_confirmed = 1
	doc.save()
	apply_workflow(frappe.get_doc("Tuoyu Filing", doc.name).as_dict(), s.SUBMIT)
	frappe.set_user("Administrator")
	frappe.db.commit()
	yield doc.name
	frappe.db.rollback()
	remove_filing(doc.name)
	frappe.db.commit()


def shown(page, selector: str) -> None:
	"""Wait until an element of the selector is visible (earlier pages stay in the DOM, hidden)."""
	page.locator(f"{selector} >> visible=true").first.wait_for(state="visible")


def go(page, route: str) -> None:
	"""Follow a route inside the desk, as a click on a link does (a full reload per page would
	only make the test slower)."""
	page.evaluate("(route) => frappe.set_route(route)", route)
	# A new form's route becomes /app/<doctype>/new-<doctype>-<random>.
	page.wait_for_function(
		"""(route) => { const path = decodeURI(location.pathname);
			return path === route || (route.endsWith('/new') && path.startsWith(route + '-')); }""",
		arg=route,
	)


@pytest.mark.parametrize("user", list(JOURNEYS))
def test_every_page_of_a_journey_is_in_chinese(browser, site, pending_filing, user):
	names = {"point": site.point["A"], "staff": site.staff["A"], "filing": pending_filing}
	labels = child_table_labels(("Tuoyu Point", "Tuoyu Staff", "Tuoyu Filing"))
	page = logged_in_page(browser, user)
	shown(page, WORKSPACE)
	charts_drawn(page)
	shown(page, SIDEBAR_ITEM)
	sidebar = page.locator(f"{SIDEBAR_ITEM} >> visible=true").all_inner_texts()
	assert [label.strip() for label in sidebar] == [frappe._(WORKSPACES[user], lang="zh")], sidebar
	findings = {}
	for visit in JOURNEYS[user]:
		page.keyboard.press("Escape")  # close what the previous visit opened
		go(page, visit.route.format(**names))
		shown(page, visit.ready)
		page.wait_for_timeout(1000)  # let late parts (counts, sidebar, timeline) render
		charts_drawn(page)
		if visit.open:
			visit.open(page)
			page.wait_for_timeout(500)
		text, version_lines = visible_text(page)
		# the search bar speaks through its placeholder ("Search or type a command (Ctrl + G)")
		text += "\n" + (page.get_attribute("#navbar-search", "placeholder") or "")
		words = english_words(text) + [w for line in version_lines for w in version_line_words(line, labels)]
		if words:
			findings[visit.name] = sorted(set(words))
	page.context.close()
	report = "\n".join(f"  {name}: {' '.join(words)}" for name, words in findings.items())
	print(f"{user}:\n{report or '  no English'}")
	assert not findings, f"untranslated English in the desk of {user}:\n{report}"
