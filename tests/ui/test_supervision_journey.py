"""Done-when of the supervision issue, in the Chinese desk: a district reviewer records a patrol
with a failed item on a 375-px-wide phone and orders rectification; the deadline passes and the
daily job proposes 停业整改; a city administrator approves it and /tuoyu/verify shows it at once;
the operator hands in evidence through the attach control, the reviewer passes it, proposes the
restore and a city administrator approves it; /tuoyu/verify shows the point filed again.

Every step is clicked in the desk by the user whose turn it is. Only the clock is moved in
process: the notice is dated back, as the passing days would, and the real daily escalation job
runs. The point A of the seed is filed for the journey and left exactly as it was found."""

import os
import re
import tempfile

import frappe
import pytest

from tests import seed
from tests.conftest import PORT
from tests.factories import remove_filing
from tests.inspection_helpers import PNG
from tests.integration.enforcement_helpers import purge
from tests.integration.test_receipt import approve
from tests.ui.test_desk import SCREENSHOTS, logged_in_page
from tests.ui.test_inspection_mobile import WIDTH, open_result_row, phone_page
from tuoyu_frappe.supervision import enforcement_rules as r
from tuoyu_frappe.supervision import escalation
from tuoyu_frappe.supervision import inspection_rules as i
from tuoyu_frappe.supervision.demo_enforcement import backdate

pytestmark = pytest.mark.browser
BASE = f"http://127.0.0.1:{PORT}"
INSPECTION, RECT, ACTION = "Tuoyu Inspection", "Tuoyu Rectification", "Tuoyu Enforcement Action"
# The journey's own law-enforcement inspectors (certificate numbers no other test uses).
INSPECTORS = (("巡查执法员甲", "鲁卫执字第3713027001号"), ("巡查执法员乙", "鲁卫执字第3713027002号"))
FAILED_ITEM, FAILED_NOTE = "XC-11", "灭火器已过有效期，疏散通道堆放杂物"
SUSPENSION_NO, RESTORE_NO = "临卫监停字〔2026〕901号", "临卫监复字〔2026〕902号"
# Screenshots go to TUOYU_SCREENSHOTS when set, else to the checkout's ignored test-results/.
SHOTS = SCREENSHOTS or os.path.join(
	os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "test-results"
)


# --- the world of the journey -----------------------------------------------------------------


@pytest.fixture
def journey(site, server):
	"""Point A filed (through the filing workflow, if it is not), two inspectors of 兰山区; after
	the test, everything the journey made is removed and point A is as it was."""
	point = site.point["A"]
	frappe.set_user("Administrator")
	before = frappe.db.get_value("Tuoyu Point", point, "*", as_dict=True)
	started = frappe.db.sql("select now(6)")[0][0]
	created_inspectors = []
	try:
		for full_name, certificate in INSPECTORS:
			if not frappe.db.exists("Tuoyu Inspector", {"certificate_no": certificate}):
				doc = frappe.get_doc(
					{
						"doctype": "Tuoyu Inspector",
						"full_name": full_name,
						"certificate_no": certificate,
						"area": seed.LANSHAN,
					}
				).insert()
				created_inspectors.append(doc.name)
		if before.status != r.FILED:
			approve(point)
		frappe.set_user("Administrator")
		frappe.db.commit()
		yield frappe._dict(
			point=point, filing_number=frappe.db.get_value("Tuoyu Point", point, "filing_number")
		)
	finally:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		since = {"point": point, "creation": (">=", started)}
		for doctype in (ACTION, RECT, INSPECTION):
			purge(doctype, frappe.get_all(doctype, filters=since, pluck="name"))
		for filing in frappe.get_all("Tuoyu Filing", filters=since, pluck="name"):
			remove_filing(filing)
			frappe.db.delete("Version", {"docname": filing})
			frappe.db.delete("Comment", {"reference_name": filing})
		for dt, field in (("Comment", "reference_name"), ("Version", "docname")):
			frappe.db.delete(dt, {field: point, "creation": (">=", started)})
		after = frappe.db.get_value("Tuoyu Point", point, "*", as_dict=True)
		changed = {k: v for k, v in before.items() if k != "modified" and after.get(k) != v}
		if changed:
			frappe.db.set_value("Tuoyu Point", point, changed, update_modified=False)
		frappe.db.set_value("Tuoyu Point", point, "modified", before.modified, update_modified=False)
		for name in created_inspectors:
			frappe.delete_doc("Tuoyu Inspector", name, ignore_permissions=True, force=True)
		frappe.db.commit()


@pytest.fixture
def photo_file():
	with tempfile.TemporaryDirectory() as folder:
		path = os.path.join(folder, "现场照片.png")
		with open(path, "wb") as f:
			f.write(PNG)
		yield path


# --- the desk, as its users work it ---------------------------------------------------------


def fits_the_screen(page) -> bool:
	"""No horizontal scrolling of the page on the phone."""
	return page.evaluate("() => document.documentElement.scrollWidth") <= WIDTH + 1


def shot(page, name: str) -> None:
	os.makedirs(SHOTS, exist_ok=True)
	page.screenshot(path=os.path.join(SHOTS, f"journey-{name}.png"), full_page=True)


def form(page):
	"""The form on screen (the desk keeps the pages of earlier forms in the DOM, hidden)."""
	return page.locator(".form-layout:visible").first  # the grid row forms nest their own


def open_form(page, doctype: str, name: str, ready: str = "[data-fieldname]") -> None:
	page.goto(f"{BASE}/app/{frappe.scrub(doctype).replace('_', '-')}/{name}", wait_until="domcontentloaded")
	wait_for_form(page, doctype, name, ready)


def wait_for_form(page, doctype: str, name: str, ready: str = "[data-fieldname]") -> None:
	page.wait_for_function(
		"([doctype, name]) => window.cur_frm && cur_frm.doctype === doctype && cur_frm.docname === name"
		" && !cur_frm.is_dirty()",
		arg=[doctype, name],
	)
	form(page).locator(ready).first.wait_for()


def assert_headline(page, text: str) -> None:
	"""The form's headline (its intro, or a checklist's progress) shows `text`, now or soon."""
	try:
		page.locator(".form-message:visible", has_text=text).first.wait_for(timeout=20000)
	except Exception:
		shown = page.locator(".form-message:visible").all_inner_texts()
		raise AssertionError(f"the headline shows {shown}, not {text!r}") from None


def state_pill(page, state: str):
	return page.locator(f".page-head:visible .indicator-pill:has-text('{state}')")


def click_action(page, action: str, next_state: str) -> None:
	"""A workflow action of the form on screen, until its title shows the next state."""
	page.locator(".page-head:visible button:has-text('操作')").first.click()
	page.locator(".dropdown-menu.show").get_by_text(action, exact=True).click()
	confirm = page.locator(".modal.show .btn-primary")
	pill = state_pill(page, next_state)
	confirm.or_(pill).first.wait_for()
	if confirm.is_visible():  # v15 asks to confirm some actions
		confirm.click()
	pill.wait_for()
	# The server's realtime doc_update often beats the action's response; the desk then reloads
	# the form after a 1-s debounce and drops whatever was typed meanwhile. Let that reload land.
	page.wait_for_timeout(1200)
	settled(page)


def settled(page) -> None:
	"""No request under way and the form on screen saved: its refresh has run."""
	page.wait_for_function(
		"() => frappe.request.ajax_count === 0 && window.cur_frm && !cur_frm.is_dirty() && !cur_frm.save_disabled"
	)


def save(page) -> None:
	# Typed text reaches the form's model after a short debounce: a Ctrl+S before it saves nothing.
	page.wait_for_function("() => window.cur_frm && cur_frm.is_dirty()")
	page.keyboard.press("Control+s")
	page.wait_for_function("() => window.cur_frm && !cur_frm.is_dirty() && !cur_frm.save_disabled")
	page.locator(".page-head:visible .indicator-pill:has-text('尚未保存')").wait_for(state="hidden")


def close_row_form(page) -> None:
	"""Close the grid's row form, if one is open (its collapse button, or Esc where it has none)."""
	if not page.locator(".grid-row-open").count():
		return
	collapse = page.locator(".grid-row-open .grid-collapse-row:visible")
	if collapse.count():
		collapse.first.click()
	else:
		page.keyboard.press("Escape")
	page.wait_for_selector(".grid-row-open", state="detached")


def stored(doctype: str, name: str, *fields):
	frappe.db.rollback()  # a fresh snapshot: the server has just committed
	values = frappe.db.get_value(doctype, name, list(fields), as_dict=True)
	return tuple(values[f] for f in fields)


def pick_link(scope, page, fieldname: str, text: str) -> None:
	"""Type into a Link field and take the suggestion that shows `text`."""
	scope.locator(f"[data-fieldname='{fieldname}']").last.click()
	field = scope.locator(f"[data-fieldname='{fieldname}'] input").last
	field.fill(text)
	scope.locator(f"[data-fieldname='{fieldname}'] [role='option']").filter(has_text=text).first.click()


def upload(page, control, path: str) -> None:
	"""Frappe's uploader behind an Attach control: pick the file, upload (private by default)."""
	control.locator("button").first.click()
	dialog = page.locator(".modal.show")
	dialog.locator("input[type='file']").set_input_files(path)
	dialog.locator(".btn-primary").last.click()  # 上传
	page.wait_for_selector(".modal.show", state="detached")


def verify_page(browser, filing_number: str) -> str:
	guest = browser.new_context(locale="zh-CN").new_page()
	guest.goto(f"{BASE}/tuoyu/verify?no={filing_number}", wait_until="domcontentloaded")
	guest.locator(".tuoyu-verify-result").wait_for()
	text = guest.inner_text(".tuoyu-verify")
	guest.context.close()
	return text


# --- 1. a patrol on a phone, and the rectification it orders ---------------------------------


def record_patrol(page, photo: str) -> str:
	page.goto(f"{BASE}/app/tuoyu-inspection/new", wait_until="domcontentloaded")
	page.locator("[data-fieldname='inspection_type'] select").wait_for()
	page.locator("[data-fieldname='inspection_type'] select").select_option(i.PATROL)
	pick_link(form(page), page, "point", seed.POINTS["A"][0])
	grid = form(page).locator("[data-fieldname='inspectors']")
	for idx, (full_name, _certificate) in enumerate(INSPECTORS, start=1):
		grid.locator(".grid-add-row").click()
		row = grid.locator(f".grid-row[data-idx='{idx}']")
		row.locator("[data-fieldname='inspector']").click()
		pick_link(row, page, "inspector", full_name)
	assert fits_the_screen(page)
	page.keyboard.press("Control+s")
	page.wait_for_url(re.compile(r".*/tuoyu-inspection/TYJC-.*"))
	name = page.url.rstrip("/").split("/")[-1]
	wait_for_form(page, INSPECTION, name, "[data-fieldname='results'] .grid-row[data-idx='1']")
	body = form(page).inner_text()
	assert i.PATROL in body
	for full_name, certificate in INSPECTORS:
		assert full_name in body and certificate in body, "the inspectors and their certificates show"
	assert state_pill(page, i.PLANNED).is_visible()

	click_action(page, i.START, i.IN_PROGRESS)
	frappe.db.rollback()  # see the rows the server copied from the template
	items = frappe.get_all(
		"Tuoyu Inspection Result",
		filters={"parent": name, "parenttype": INSPECTION},
		fields=["idx", "item_code", "photo_required"],
		order_by="idx",
	)
	assert len(items) == 14 and FAILED_ITEM in [x.item_code for x in items]
	for item in items:
		answer(page, item, photo)
	save(page)
	assert_headline(page, "已填写 14 / 14 项，不符合 1 项")
	shot(page, "1-patrol-recorded-375")
	assert fits_the_screen(page)
	click_action(page, i.COMPLETE, i.COMPLETED)
	body = form(page).inner_text()
	assert i.RECTIFY in body and FAILED_NOTE in body and "《家庭托育点管理办法（试行）》" in body
	assert stored(INSPECTION, name, "workflow_state", "docstatus", "failed_count") == (i.COMPLETED, 1, 1)
	return name


def answer(page, item, photo: str) -> None:
	"""One checklist row in the grid's row form: its result, the note of a failure, its photo."""
	row_form = open_result_row(page, item.idx)
	failed = item.item_code == FAILED_ITEM
	result = i.NOT_MET if failed else i.MET
	row_form.locator("[data-fieldname='result'] select").select_option(result)
	page.wait_for_function(
		"([idx, result]) => cur_frm.doc.results.find((r) => r.idx === idx).result === result",
		arg=[item.idx, result],
	)
	if failed:
		row_form.locator("[data-fieldname='note'] textarea").fill(FAILED_NOTE)
	if item.photo_required:
		# The attach control saves the form once the photo is up (and may close the row form).
		upload(page, row_form.locator("[data-fieldname='photo']"), photo)
		page.wait_for_function(
			"(idx) => { const row = cur_frm.doc.results.find((r) => r.idx === idx);"
			" return row && (row.photo || '').startsWith('/private/files/') && !cur_frm.is_dirty(); }",
			arg=item.idx,
		)
	close_row_form(page)


def order_rectification(page, inspection: str) -> str:
	# On a phone the form's own buttons sit in its "…" menu.
	page.locator(".page-head:visible .menu-btn-group button").first.click()
	page.locator(".dropdown-menu.show").get_by_text("下达整改通知", exact=True).click()
	page.wait_for_url(re.compile(r".*/tuoyu-rectification/TYZG-.*"))
	name = page.url.rstrip("/").split("/")[-1]
	wait_for_form(page, RECT, name, "[data-fieldname='items'] .grid-row[data-idx='1']")
	deadline, inspection_of = stored(RECT, name, "deadline", "inspection")
	assert inspection_of == inspection and deadline
	assert state_pill(page, r.R_OPEN).is_visible()
	shown = frappe.utils.formatdate(deadline, "yyyy-mm-dd")
	assert_headline(page, f"请于 {shown} 前完成整改")
	body = form(page).inner_text()
	assert shown in body and "兰山区" in body and seed.POINTS["A"][0] in body
	# The item with its clause: the row form shows what the narrow grid cannot.
	form(page).locator("[data-fieldname='items'] .grid-row[data-idx='1'] .data-row").first.click()
	row_form = page.locator(".grid-row-open")
	row_form.wait_for()
	item = row_form.inner_text()
	assert FAILED_NOTE in item and "符合抗震、防火、疏散等要求" in item and "严重" in item
	assert "《家庭托育点管理办法（试行）》（国卫人口发〔2023〕28号）" in item
	shot(page, "1-rectification-375")
	assert fits_the_screen(page)
	close_row_form(page)
	return name


# --- the journey ------------------------------------------------------------------------------


def test_patrol_rectification_suspension_and_restore_in_the_desk(browser, journey, photo_file):
	point, number = journey.point, journey.filing_number
	assert number and "已备案" in verify_page(browser, number)

	# 1. The reviewer records a patrol on a phone and orders rectification.
	reviewer = phone_page(browser, seed.REV_LS)
	inspection = record_patrol(reviewer, photo_file)
	rect = order_rectification(reviewer, inspection)

	# 2. The deadline passes; the daily job proposes the suspension; the reviewer sees it.
	frappe.set_user("Administrator")
	backdate(rect, 30)
	frappe.db.commit()
	escalation.daily()
	frappe.db.commit()  # as the scheduler does after a job
	action, state = stored(RECT, rect, "enforcement_action", "workflow_state")
	assert action and state == r.R_OPEN
	open_form(reviewer, RECT, rect, "[data-fieldname='enforcement_action']")
	assert_headline(reviewer, "已过")
	form(reviewer).locator("[data-fieldname='enforcement_action'] a").first.click()
	wait_for_form(reviewer, ACTION, action, "[data-fieldname='reason']")
	body = form(reviewer).inner_text()
	assert r.SUSPEND in body and "逾期" in body and rect in body and r.ORIGIN_ESCALATION in body
	assert state_pill(reviewer, r.E_PROPOSED).is_visible()  # sent for approval by the job itself
	assert_headline(reviewer, "等待市级管理员审批")
	assert not reviewer.locator(".page-head:visible button:has-text('操作'):visible").count()  # not theirs
	shot(reviewer, "2-suspension-proposed-375")
	assert fits_the_screen(reviewer)

	# 3. A city administrator approves it; the public page shows 停业整改 at once.
	city = logged_in_page(browser, seed.CITY)
	open_form(city, ACTION, action, "[data-fieldname='decision_no'] input")
	city.locator("[data-fieldname='decision_no'] input").fill(SUSPENSION_NO)
	save(city)
	click_action(city, r.E_APPROVE, r.E_EFFECTIVE)
	assert SUSPENSION_NO in form(city).inner_text()
	shot(city, "3-suspension-approved")
	assert stored("Tuoyu Point", point, "status") == (r.SUSPENDED,)
	public = verify_page(browser, number)
	assert r.SUSPENDED in public and "整改期间不得收托婴幼儿" in public and seed.POINTS["A"][0] in public

	# 4. The operator hands in evidence through the attach control and submits it.
	operator = logged_in_page(browser, seed.OP_A)
	open_form(operator, RECT, rect, "[data-fieldname='evidence_text'] textarea")
	operator.locator("[data-fieldname='evidence_text'] textarea").fill(
		"已更换在有效期内的灭火器，清理疏散通道"
	)
	evidence = form(operator).locator("[data-fieldname='evidence']")
	evidence.locator(".grid-add-row").click()
	evidence.locator(".grid-row[data-idx='1'] .btn-open-row").click()
	row_form = operator.locator(".grid-row-open")
	row_form.locator("[data-fieldname='description'] input").fill("更换后的灭火器")
	upload(operator, row_form.locator("[data-fieldname='file']"), photo_file)
	operator.wait_for_function(
		"() => (cur_frm.doc.evidence || []).length === 1 && (cur_frm.doc.evidence[0].file || '')"
		".startsWith('/private/files/') && !cur_frm.is_dirty()"
	)
	close_row_form(operator)
	shot(operator, "4-evidence")
	click_action(operator, r.R_SUBMIT, r.R_AWAITING)
	frappe.db.rollback()
	evidence_file = frappe.db.get_value("Tuoyu Rectification Evidence", {"parent": rect}, "file")
	assert (
		frappe.db.get_value("File", {"file_url": evidence_file, "attached_to_name": rect}, "is_private") == 1
	)

	# The reviewer verifies it on the phone (验收通过) and proposes the restore.
	open_form(reviewer, RECT, rect, "[data-fieldname='verification_reason'] textarea")
	assert "更换后的灭火器" in form(reviewer).inner_text()
	reviewer.locator("[data-fieldname='verification_reason'] textarea").fill(
		"现场复查：灭火器已更换，通道畅通"
	)
	save(reviewer)
	click_action(reviewer, r.R_PASS, r.R_PASSED)
	assert stored(RECT, rect, "verification_result") == (r.VERDICT_PASSED,)
	wait_for_form(reviewer, RECT, rect, "[data-fieldname='propose_restore'] button")
	form(reviewer).locator("[data-fieldname='propose_restore'] button").click()
	reviewer.wait_for_url(re.compile(r".*/tuoyu-enforcement-action/new.*"))
	reviewer.locator("[data-fieldname='reason'] textarea:visible").fill("整改已验收通过，申请恢复收托")
	reviewer.locator("[data-fieldname='legal_basis'] textarea:visible").fill(r.SUSPENSION_BASIS)
	reviewer.keyboard.press("Control+s")
	reviewer.wait_for_url(re.compile(r".*/tuoyu-enforcement-action/TYZF-.*"))
	restore = reviewer.url.rstrip("/").split("/")[-1]
	wait_for_form(reviewer, ACTION, restore, "[data-fieldname='reason']")
	draft = form(reviewer)
	assert draft.locator("[data-fieldname='action_type'] select").input_value() == r.RESTORE
	# The link shows the notice's title (the point's name); the value behind it is the notice.
	assert reviewer.evaluate("() => cur_frm.doc.rectification") == rect
	shot(reviewer, "4-restore-draft-375")
	click_action(reviewer, r.E_PROPOSE, r.E_PROPOSED)
	assert fits_the_screen(reviewer)

	# A city administrator approves the restore; the public page shows the point filed again.
	open_form(city, ACTION, restore, "[data-fieldname='decision_no'] input")
	city.locator("[data-fieldname='decision_no'] input").fill(RESTORE_NO)
	save(city)
	click_action(city, r.E_APPROVE, r.E_EFFECTIVE)
	shot(city, "4-restore-approved")
	assert stored("Tuoyu Point", point, "status") == (r.FILED,)
	public = verify_page(browser, number)
	assert r.FILED in public and r.SUSPENDED not in public

	# Everything landed on the point's timeline.
	open_form(city, "Tuoyu Point", point, "[data-fieldname='point_name']")
	timeline = city.inner_text(".new-timeline:visible")
	assert rect in timeline and SUSPENSION_NO in timeline and RESTORE_NO in timeline
	for page in (reviewer, city, operator):
		page.context.close()
