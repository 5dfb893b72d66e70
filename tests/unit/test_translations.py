"""Every user-visible string of the app has a Chinese translation in `translations/zh.csv`.

Reads files only (no site, no database). The collector mirrors what Frappe v15 translates at
run time (see `frappe.translate.get_messages_from_doctype`, `frappe.desk.desktop` and the
extractors in `frappe/gettext/extractors`):

- DocType JSON: the DocType name and description; field labels, descriptions and placeholders;
  Select options and HTML field contents; connection groups; role names in DocPerms;
- workspace JSON: name, shortcut labels and count formats, card and link labels and
  descriptions, quick list, chart and number card labels, the text of header and paragraph blocks;
- report, number card and dashboard chart JSON; workflow, workflow state, workflow action and
  role fixtures;
- role names in `permissions.TUOYU_ROLES`, module names in `modules.txt`;
- `_("...")` / `_lt("...")` calls in Python (string literals only: f-strings and variables are
  skipped), including the local `_` markers of `validation.py` and `compliance.py`;
- `__("...")` in .js/.vue files and `_("...")` / `__("...")` in .html templates.

Strings without a Latin letter (Chinese Select options such as 已备案) need no translation.

zh.csv also completes Frappe's own zh translations for the strings a Tuoyu user meets in the desk
(apps later in the install order override earlier ones). Such rows follow the app's own; each must
be a message of Frappe's catalogue (`frappe/locale/main.pot`, with the same context when it gives
one), so a mistyped or stale row cannot sit unused.

To list what is missing as CSV rows ready to paste into zh.csv (translation left empty)::

    ~/frappe-bench/env/bin/python tests/unit/test_translations.py
"""

import ast
import csv
import html
import importlib.util
import io
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "tuoyu_frappe"
ZH_CSV = APP / "translations" / "zh.csv"

LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u3400-\u9fff]")
# {value}, {0}, {} (Python/JS format fields), %s and %(name)s
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([A-Za-z_]\w*\)[sd]|%[sd]")
HTML_TAG = re.compile(r"<[^>]+>")

# --- what the app shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
	text: str
	origin: str
	context: str | None = None


def is_translatable(text: str | None) -> bool:
	"""Frappe's rule (frappe.gettext.extractors.utils.is_translatable): text with a Latin letter."""
	return bool(
		text and LATIN.search(text) and not text.startswith(("fa fa-", "eval:")) and not text.endswith("px")
	)


def rel(path: Path) -> str:
	return str(path.relative_to(APP.parent))


def json_files(kind: str) -> Iterator[tuple[Path, dict]]:
	"""Standard module JSON of one kind: <module>/<kind>/<name>/<name>.json."""
	for path in sorted(APP.glob(f"*/{kind}/*/*.json")):
		if path.stem == path.parent.name:
			data = json.loads(path.read_text(encoding="utf-8"))
			if isinstance(data, dict):
				yield path, data


COLLECTORS: list[Callable[[], Iterator[Message]]] = []


def collector(fn: Callable[[], Iterator[Message]]) -> Callable[[], Iterator[Message]]:
	COLLECTORS.append(fn)
	return fn


@collector
def doctype_messages() -> Iterator[Message]:
	for path, data in json_files("doctype"):
		origin = rel(path)
		yield Message(data["name"], f"{origin}: DocType name")
		yield Message(data.get("description"), f"{origin}: DocType description")
		for field in data.get("fields", []):
			where = f"{origin}: field {field.get('fieldname')}"
			# The desk and the server translate labels as __(label, null, doctype): `Post:Tuoyu Staff`
			# may give a generic word such as "Post" a meaning of our own without changing Frappe's.
			yield Message(field.get("label"), f"{where} label", data["name"])
			for key in ("description", "placeholder"):
				yield Message(field.get(key), f"{where} {key}")
			options = field.get("options") or ""
			if field.get("fieldtype") == "Select" and "icon" not in options.split("\n")[0]:
				for option in options.split("\n"):
					if not option.isdigit():
						yield Message(option, f"{where} option")
			elif field.get("fieldtype") == "HTML":
				yield Message(options, f"{where} HTML")
		for link in data.get("links", []):
			yield Message(link.get("group"), f"{origin}: connection group")
		for perm in data.get("permissions", []):
			yield Message(perm.get("role"), f"{origin}: role")


DESK_ESCAPES = {
	"&": "&amp;",
	"<": "&lt;",
	">": "&gt;",
	'"': "&quot;",
	"'": "&#39;",
	"`": "&#x60;",
	"=": "&#x3D;",
}


def header_text(text: str | None) -> str | None:
	"""A header block is looked up by its text without tags, escaped by frappe.utils.escape_html
	(frappe/public/js/frappe/views/workspace/blocks/header.js); a paragraph by its whole HTML."""
	if not text:
		return None
	return "".join(DESK_ESCAPES.get(c, c) for c in html.unescape(HTML_TAG.sub("", text)))


@collector
def workspace_messages() -> Iterator[Message]:
	for path, data in json_files("workspace"):
		origin = rel(path)
		for key in ("name", "label", "title"):
			yield Message(data.get(key), f"{origin}: workspace {key}")
		for row in data.get("shortcuts", []):
			yield Message(row.get("label"), f"{origin}: shortcut label")
			yield Message(row.get("format"), f"{origin}: shortcut count format")
		for row in data.get("links", []):
			yield Message(row.get("label"), f"{origin}: {row.get('type')} label")
			yield Message(row.get("description"), f"{origin}: {row.get('type')} description")
		for table in ("quick_lists", "charts", "number_cards"):
			for row in data.get(table, []):
				yield Message(row.get("label"), f"{origin}: {table} label")
		for block in json.loads(data.get("content") or "[]"):
			text = block.get("data", {}).get("text")
			if block.get("type") == "header":
				yield Message(header_text(text), f"{origin}: header block")
			elif block.get("type") == "paragraph":
				yield Message(text, f"{origin}: paragraph block")


@collector
def report_and_dashboard_messages() -> Iterator[Message]:
	for path, data in json_files("report"):
		yield Message(data.get("report_name") or data.get("name"), f"{rel(path)}: report name")
		for column in data.get("columns", []):
			yield Message(column.get("label"), f"{rel(path)}: report column")
		for flt in data.get("filters", []):
			yield Message(flt.get("label"), f"{rel(path)}: report filter")
	for path, data in json_files("number_card"):
		yield Message(data.get("label"), f"{rel(path)}: number card label")
	for path, data in json_files("dashboard_chart"):
		yield Message(data.get("chart_name"), f"{rel(path)}: chart name")
	for path, data in json_files("dashboard"):
		yield Message(data.get("dashboard_name"), f"{rel(path)}: dashboard name")
	for path, data in json_files("print_format"):
		yield Message(data.get("name"), f"{rel(path)}: print format name")


FIXTURE_FIELDS = {
	"Workflow State": ("workflow_state_name",),
	"Workflow Action Master": ("workflow_action_name",),
	"Role": ("role_name",),
	"Custom Field": ("label", "description"),
}


@collector
def fixture_messages() -> Iterator[Message]:
	for path in sorted((APP / "fixtures").glob("*.json")):
		rows = json.loads(path.read_text(encoding="utf-8"))
		for row in rows if isinstance(rows, list) else [rows]:
			origin = f"{rel(path)}: {row.get('doctype')} {row.get('name')}"
			for key in FIXTURE_FIELDS.get(row.get("doctype"), ()):
				yield Message(row.get(key), origin)
			if row.get("doctype") == "Workflow":
				for state in row.get("states", []):
					yield Message(state.get("state"), f"{origin} state")
					yield Message(state.get("message"), f"{origin} state message")
				for transition in row.get("transitions", []):
					yield Message(transition.get("action"), f"{origin} action")


def module_constants(tree: ast.Module) -> dict[str, object]:
	"""Module-level NAME = <literal or tuple of earlier names> assignments."""
	values: dict[str, object] = {}

	def resolve(node: ast.expr) -> object:
		if isinstance(node, ast.Name):
			return values[node.id]
		if isinstance(node, ast.Tuple | ast.List | ast.Set):
			return [resolve(e) for e in node.elts]
		return ast.literal_eval(node)

	for node in tree.body:
		if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
			try:
				values[node.targets[0].id] = resolve(node.value)
			except (KeyError, ValueError, TypeError):
				continue
	return values


@collector
def role_and_module_messages() -> Iterator[Message]:
	permissions = APP / "permissions.py"
	roles = module_constants(ast.parse(permissions.read_text(encoding="utf-8")))["TUOYU_ROLES"]
	for role in roles:
		yield Message(role, f"{rel(permissions)}: TUOYU_ROLES")
	for line in (APP / "modules.txt").read_text(encoding="utf-8").splitlines():
		yield Message(line.strip(), f"{rel(APP / 'modules.txt')}: module")


PY_TRANSLATE_FUNCTIONS = {"_", "_lt"}


def python_call_messages(source: str, origin: str) -> Iterator[Message]:
	"""`_("...")`, `_lt("...")` and `frappe._("...")` with a literal first argument."""
	for node in ast.walk(ast.parse(source)):
		if not isinstance(node, ast.Call) or not node.args:
			continue
		func = node.func
		name = (
			func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
		)
		if name not in PY_TRANSLATE_FUNCTIONS:
			continue
		first = node.args[0]
		if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
			continue  # a variable or an f-string (ast.JoinedStr): nothing to look up
		context = next(
			(
				kw.value.value
				for kw in node.keywords
				if kw.arg == "context"
				and isinstance(kw.value, ast.Constant)
				and isinstance(kw.value.value, str)
			),
			None,
		)
		yield Message(first.value, f"{origin}:{node.lineno}", context)


@collector
def python_messages() -> Iterator[Message]:
	for path in sorted(APP.rglob("*.py")):
		yield from python_call_messages(path.read_text(encoding="utf-8"), rel(path))


_STRING = r"""(?:"(?P<dq>(?:[^"\\\n]|\\.)*)"|'(?P<sq>(?:[^'\\\n]|\\.)*)'|`(?P<bt>(?:[^`\\$]|\\.)*)`)"""
_JS_CONTEXT = (
	r"""(?:\s*,\s*(?:null|undefined|\[[^\]]*\]|\w+)\s*,\s*(?P<q>["'])(?P<ctx>(?:(?!(?P=q)).)*)(?P=q))?"""
)
JS_CALL = re.compile(r"(?<![\w$.])__\(\s*" + _STRING + _JS_CONTEXT)
TEMPLATE_CALL = re.compile(r"(?<![\w$.])__?\(\s*" + _STRING + _JS_CONTEXT)
JS_ESCAPE = re.compile(r"\\(.)")


def script_call_messages(source: str, origin: str, pattern: re.Pattern = JS_CALL) -> Iterator[Message]:
	for match in pattern.finditer(source):
		text = next(match.group(g) for g in ("dq", "sq", "bt") if match.group(g) is not None)
		line = source.count("\n", 0, match.start()) + 1
		yield Message(JS_ESCAPE.sub(r"\1", text), f"{origin}:{line}", match.group("ctx"))


@collector
def script_messages() -> Iterator[Message]:
	for pattern, suffixes in ((JS_CALL, ("*.js", "*.vue")), (TEMPLATE_CALL, ("*.html",))):
		for suffix in suffixes:
			for path in sorted(APP.rglob(suffix)):
				if "public/dist" in path.as_posix() or "node_modules" in path.parts:
					continue
				yield from script_call_messages(path.read_text(encoding="utf-8"), rel(path), pattern)


def collect_messages() -> list[Message]:
	return [m for fn in COLLECTORS for m in fn() if is_translatable(m.text)]


# --- what zh.csv holds -------------------------------------------------------------------------


def read_rows(path: Path = ZH_CSV) -> list[list[str]]:
	"""Parsed exactly as Frappe does (frappe.translate.read_csv_file)."""
	with open(path, encoding="utf-8", newline="") as f:
		return [row for row in csv.reader(f) if row]


def row_key(row: list[str]) -> str:
	return f"{row[0]}:{row[2]}" if len(row) == 3 and row[2] else row[0]


def load_translations(path: Path = ZH_CSV) -> dict[str, str]:
	return {row_key(row): row[1].strip() for row in read_rows(path) if len(row) in (2, 3)}


def missing_messages(messages: list[Message], translations: dict[str, str]) -> list[Message]:
	"""Frappe looks up `text:context` first and falls back to `text`."""
	return [
		m
		for m in messages
		if not translations.get(f"{m.text}:{m.context}" if m.context else m.text)
		and not translations.get(m.text)
	]


def placeholders(text: str) -> set[str]:
	return set(PLACEHOLDER.findall(text))


def as_csv_row(text: str) -> str:
	out = io.StringIO()
	csv.writer(out, lineterminator="").writerow([text, ""])
	return out.getvalue()


def missing_report(missing: list[Message]) -> str:
	by_text: dict[str, list[str]] = {}
	for m in missing:
		by_text.setdefault(m.text, []).append(m.origin)
	lines = [f"{len(by_text)} user-visible strings have no zh translation in {rel(ZH_CSV)}:"]
	for text, origins in sorted(by_text.items()):
		lines.append(
			f"  {as_csv_row(text)}    # {origins[0]}"
			+ (f" (+{len(origins) - 1})" if len(origins) > 1 else "")
		)
	return "\n".join(lines)


# --- tests -------------------------------------------------------------------------------------


def test_collector_finds_the_apps_strings():
	"""Guards the collector itself: a broken collector would make the main test pass vacuously."""
	texts = {m.text for m in collect_messages()}
	expected = {
		"Tuoyu Point",  # DocType name
		"Unified Social Credit Code",  # field label
		"Must contain 托育",  # field description
		"Tuoyu District Reviewer",  # role
		"Registry",  # module
		"Tuoyu Supervision",  # workspace
		"Home Childcare Points",  # workspace header block
		"{} Filed",  # workspace shortcut count format
		"ID number {value} must have 18 characters",  # local `_` marker in validation.py
		"Invalid Input",  # frappe._ in utils.py
	}
	assert expected <= texts, sorted(expected - texts)
	assert "已备案" not in texts  # Chinese Select options need no translation


def test_collector_reads_python_and_js_calls():
	py = 'x = _("A {0}")\ny = _(f"skip {x}")\nz = _(variable)\nw = _(\n\t"multi "\n\t"line"\n)\nv = _(\'single\', context="Ctx")\n'
	assert [(m.text, m.context) for m in python_call_messages(py, "t.py")] == [
		("A {0}", None),
		("multi line", None),
		("single", "Ctx"),
	]
	js = '__("double"); __(\'single \\\'quoted\\\'\'); __(`tpl`); __(`skip ${x}`); frappe.__("no"); __("c", null, "Ctx")'
	assert [(m.text, m.context) for m in script_call_messages(js, "t.js")] == [
		("double", None),
		("single 'quoted'", None),
		("tpl", None),
		("c", "Ctx"),
	]


def test_lookup_follows_frappe():
	assert header_text('<span class="h4"><b>Points & "Staff"</b></span>') == "Points &amp; &quot;Staff&quot;"
	label = Message("Post", "tuoyu_staff.json", context="Tuoyu Staff")
	assert missing_messages([label], {"Post:Tuoyu Staff": "岗位"}) == []
	assert missing_messages([label], {"Post": "岗位"}) == []
	assert missing_messages([label], {"Post:Tuoyu Point": "岗位"}) == [label]
	assert placeholders("{0} of {cap} ({}) %s") == {"{0}", "{cap}", "{}", "%s"}


def test_every_user_visible_string_is_translated():
	missing = missing_messages(collect_messages(), load_translations())
	if missing:
		pytest.fail(missing_report(missing), pytrace=False)


def test_zh_csv_is_well_formed():
	rows = read_rows()
	assert rows, f"{rel(ZH_CSV)} is empty"
	problems = []
	for number, row in enumerate(rows, 1):
		if len(row) not in (2, 3):
			problems.append(
				f"row {number}: {len(row)} columns (expected source,translation[,context]): {row}"
			)
			continue
		source, translation = row[0], row[1]
		if not source.strip():
			problems.append(f"row {number}: empty source")
		if not translation.strip():
			problems.append(f"row {number}: empty translation for {source!r}")
		elif not CJK.search(translation) and LATIN.search(PLACEHOLDER.sub("", translation)):
			# a translation may be placeholders alone ("{0}{1}"), never English left as it was
			problems.append(f"row {number}: translation of {source!r} has no Chinese: {translation!r}")
		if source != source.strip() or translation != translation.strip():
			problems.append(f"row {number}: leading or trailing whitespace in {source!r}")
	duplicates = [
		key for key, count in Counter(row_key(r) for r in rows if len(r) in (2, 3)).items() if count > 1
	]
	problems += [f"duplicate source: {key!r}" for key in duplicates]
	if problems:
		pytest.fail("\n".join(problems), pytrace=False)


def frappe_path() -> Path:
	spec = importlib.util.find_spec("frappe")
	assert spec and spec.origin, "Frappe is not importable: run the unit tests with the bench's Python"
	return Path(spec.origin).parent


def frappe_messages() -> set[tuple[str, str | None]]:
	"""(msgid, msgctxt) of every message in Frappe's catalogue."""
	from babel.messages.pofile import read_po

	with open(frappe_path() / "locale" / "main.pot", "rb") as f:
		return {(m.id, m.context) for m in read_po(f) if m.id}


def quoted_in_frappe_source(texts: set[str]) -> set[str]:
	"""The texts found as a string literal in Frappe's source. The catalogue misses some calls
	(`${__("Clear all filters")}` inside a JS template literal)."""
	found = set()
	for path in frappe_path().rglob("*"):
		if path.suffix not in (".js", ".html", ".py", ".vue") or {"dist", "node_modules"} & set(path.parts):
			continue
		source = path.read_text(encoding="utf-8", errors="ignore")
		found |= {text for text in texts - found if any(f"{q}{text}{q}" in source for q in "\"'`")}
	return found


def test_rows_for_frappe_strings_name_a_frappe_message():
	ours = {m.text for m in collect_messages()}
	catalogue = frappe_messages()
	ids = {msgid for msgid, _ in catalogue}
	unknown = [
		row
		for row in read_rows()
		if len(row) in (2, 3)
		and row[0] not in ours
		and ((row[0], row[2]) not in catalogue if len(row) == 3 and row[2] else row[0] not in ids)
	]
	in_source = quoted_in_frappe_source({row[0] for row in unknown if not (len(row) == 3 and row[2])})
	unknown = [row for row in unknown if row[0] not in in_source]
	if unknown:
		pytest.fail(
			"rows that are neither the app's strings nor Frappe messages (check spelling and context):\n"
			+ "\n".join(f"  {row}" for row in unknown),
			pytrace=False,
		)


def test_translations_keep_placeholders():
	wrong = [
		f"{row[0]!r} -> {row[1]!r}: {sorted(placeholders(row[0]))} != {sorted(placeholders(row[1]))}"
		for row in read_rows()
		if len(row) >= 2 and placeholders(row[0]) != placeholders(row[1])
	]
	if wrong:
		pytest.fail(
			"translations must keep the placeholders of their source:\n" + "\n".join(wrong), pytrace=False
		)


if __name__ == "__main__":
	found = missing_messages(collect_messages(), load_translations() if ZH_CSV.exists() else {})
	print(missing_report(found) if found else "Every user-visible string is translated.")
	sys.exit(1 if found else 0)
