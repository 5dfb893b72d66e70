"""The read-path inventory (tuoyu_frappe/security/read_paths.py) against the installed Frappe: it
lists every whitelisted function that takes a DocType-ish argument or reads a DocType from the
request, every path it names exists, and every read says how it is closed and how it is probed.
No site: the Frappe source is read with `ast`, so a Frappe upgrade that adds such a function fails
here until the inventory classifies it."""

import ast
import importlib.util
import re
import string
from functools import cache
from pathlib import Path

import pytest

from tuoyu_frappe import hooks
from tuoyu_frappe.security.read_paths import READ_PATHS

# Parameter names through which a whitelisted function receives a DocType, a document (or its
# name), a report, a search text or something keyed by a DocType (web form, chart, import).
DOCTYPE_ARGS = frozenset(
	{
		"doctype", "dt", "doc_type", "_doctype", "doctype_name", "document_type", "for_doctype",
		"child_type", "parent", "parenttype", "parent_doctype", "reference_doctype", "ref_doctype",
		"reference_dt", "reference_doc", "goal_doctype", "reminder_doctype", "doc", "docs", "docname",
		"docnames", "doc_name", "dn", "names", "source_name", "source_names", "target_doc",
		"reference_name", "ref_name", "reference_docname", "report_name", "_report", "reference_report",
		"txt", "query", "link", "data_import", "data_import_name", "web_form", "web_form_name",
		"board_name", "chart_name", "chart", "dashboard_name", "file_url",
	}
)  # fmt: skip
# Request keys that carry a DocType or a document, for functions reading frappe.form_dict.
FORM_DICT_KEYS = frozenset(
	{
		"doctype", "dt", "doc_type", "parenttype", "parent_doctype", "reference_doctype",
		"ref_doctype", "document_type", "report_name", "doc", "docname", "name",
	}
)  # fmt: skip
PLACEHOLDERS = {"doctype", "name", "parent_doctype", "parent", "fieldname"}


@cache
def frappe_package() -> Path:
	spec = importlib.util.find_spec("frappe")
	if not spec or not spec.origin:
		pytest.skip("frappe is not importable (run in the bench's environment)")
	return Path(spec.origin).parent


def is_whitelisted(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
	for decorator in node.decorator_list:
		target = decorator.func if isinstance(decorator, ast.Call) else decorator
		if ast.unparse(target).split(".")[-1] == "whitelist":
			return True
	return False


def reads_doctype_from_request(node: ast.AST) -> bool:
	"""frappe.form_dict.doctype, form_dict.get("doctype"), args = form_dict; args["doctype"],
	f(**frappe.form_dict) or reportview.get_form_params()."""
	names = {
		n.attr if isinstance(n, ast.Attribute) else n.id
		for n in ast.walk(node)
		if isinstance(n, ast.Attribute | ast.Name)
	}
	if "get_form_params" in names:
		return True
	if "form_dict" not in names:
		return False
	for n in ast.walk(node):
		if isinstance(n, ast.keyword) and n.arg is None and "form_dict" in ast.unparse(n.value):
			return True
		if isinstance(n, ast.Attribute) and n.attr in FORM_DICT_KEYS and "form_dict" in ast.unparse(n.value):
			return True
		if isinstance(n, ast.Constant) and n.value in FORM_DICT_KEYS:
			return True
	return False


def module_files(package: Path):
	for path in sorted(package.rglob("*.py")):
		relative = path.relative_to(package.parent)
		if "tests" in relative.parts or path.name.startswith("test_"):
			continue
		yield ".".join(relative.with_suffix("").parts).removesuffix(".__init__"), path


@cache
def parsed(path: Path) -> ast.Module:
	return ast.parse(path.read_text(encoding="utf-8"))


@cache
def doctype_taking_whitelisted() -> dict[str, str]:
	"""dotted path → file:line of every whitelisted function (or controller method) that takes a
	DocType-ish argument or reads a DocType from the request."""
	found = {}
	for module, path in module_files(frappe_package()):
		where = path.relative_to(frappe_package().parent)

		def visit(body, prefix, where=where):
			for node in body:
				if isinstance(node, ast.ClassDef):
					visit(node.body, f"{prefix}{node.name}.")
				elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and is_whitelisted(node):
					args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
					if {a.arg for a in args} & DOCTYPE_ARGS or reads_doctype_from_request(node):
						found[prefix + node.name] = f"{where}:{node.lineno}"

		visit(parsed(path).body, module + ".")
	return found


def defined(dotted: str) -> bool:
	"""Whether `dotted` names a function, class or attribute defined in the installed Frappe."""
	package = frappe_package()
	parts = dotted.split(".")
	for cut in range(len(parts), 0, -1):
		base = package.parent.joinpath(*parts[:cut])
		for candidate in (base.with_suffix(".py"), base / "__init__.py"):
			if candidate.is_file():
				return _defines(parsed(candidate).body, parts[cut:])
	return False


def _defines(body, names: list[str]) -> bool:
	if not names:
		return True
	for node in body:
		if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.name == names[0]:
			return _defines(node.body, names[1:]) if isinstance(node, ast.ClassDef) else len(names) == 1
		if isinstance(node, ast.Assign | ast.AnnAssign | ast.ImportFrom) and len(names) == 1:
			targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
			if any(isinstance(t, ast.Name) and t.id == names[0] for t in targets):
				return True
			if isinstance(node, ast.ImportFrom) and any((a.asname or a.name) == names[0] for a in node.names):
				return True
	return False


def placeholders(value) -> set[str]:
	if isinstance(value, str):
		return {f for _, f, _, _ in string.Formatter().parse(value) if f}
	if isinstance(value, list):
		return set().union(*map(placeholders, value)) if value else set()
	if isinstance(value, dict):
		return placeholders(list(value)) | placeholders(list(value.values()))
	return set()


# --- (a) complete -------------------------------------------------------------------------------


def test_the_scan_finds_the_known_doctype_taking_functions():
	"""The scan itself must see the functions the inventory was written from (a scan that finds
	nothing would make the completeness test pass vacuously)."""
	found = doctype_taking_whitelisted()
	assert len(found) > 150
	for path in (
		"frappe.client.get_list",
		"frappe.desk.reportview.get",  # request keys only
		"frappe.desk.reportview.delete_items",
		"frappe.desk.treeview.add_node",  # **frappe.form_dict
		"frappe.core.doctype.document_naming_settings.document_naming_settings.DocumentNamingSettings.get_options",
	):
		assert path in found, path


def test_every_doctype_taking_whitelisted_function_is_in_the_inventory():
	listed = {p.path for p in READ_PATHS}
	missing = {path: where for path, where in doctype_taking_whitelisted().items() if path not in listed}
	assert not missing, "classify these in tuoyu_frappe/security/read_paths.py: " + repr(missing)


# --- (b) every path exists ----------------------------------------------------------------------


def test_every_path_exists_in_the_installed_frappe():
	absent = []
	for entry in READ_PATHS:
		if entry.path.startswith("ROUTE "):
			if not entry.source or not defined(entry.source):
				absent.append((entry.path, entry.source))
		elif not defined(entry.path):
			absent.append(entry.path)
	assert not absent, absent


def test_routes_are_well_formed():
	for entry in READ_PATHS:
		if entry.path.startswith("ROUTE "):
			assert re.fullmatch(r"ROUTE (GET|POST|PUT|PATCH|DELETE|SOCKET) \S.*", entry.path), entry.path
		else:
			assert not entry.source, entry.path


# --- (c) every read says how it is closed and how it is probed -----------------------------------


def test_every_read_has_a_closure_and_a_probe_or_a_reason():
	for entry in READ_PATHS:
		assert entry.how.strip(), entry.path
		if entry.returns == "none":
			assert entry.closed_by == "not-a-read" and not entry.probe, entry.path
			continue
		assert entry.closed_by != "not-a-read", entry.path
		assert entry.probe or entry.no_probe.strip(), f"{entry.path}: a probe, or why there is none"
		assert not (entry.probe and entry.no_probe), entry.path


def test_leaks_say_where_frappe_leaves_them_open():
	for entry in READ_PATHS:
		if entry.open or entry.closed_by in ("override", "config", "accepted"):
			assert entry.gap.strip(), f"{entry.path}: name the Frappe file:line"
		if entry.closed_by == "override":
			assert "tuoyu_frappe." in entry.how, f"{entry.path}: name the override"


def test_closed_overrides_are_registered():
	"""An override the inventory relies on must be in hooks.override_whitelisted_methods; one still
	to be written is marked open."""
	for entry in READ_PATHS:
		if entry.closed_by == "override" and not entry.open and not entry.path.startswith("ROUTE "):
			assert entry.path in hooks.override_whitelisted_methods, entry.path


def test_registered_overrides_are_named_and_not_open():
	"""When an override lands in hooks.py, the inventory says so: the entry is no longer open and
	its `how` names the function that now answers."""
	for entry in READ_PATHS:
		target = hooks.override_whitelisted_methods.get(entry.path)
		if target:
			assert not entry.open, f"{entry.path}: {target} is registered; set open=False"
			assert target in entry.how, f"{entry.path}: name {target} in `how`"


def test_probes_use_known_placeholders_only():
	for entry in READ_PATHS:
		if entry.probe:
			used = placeholders(entry.probe.params) | placeholders(entry.path)
			assert used <= PLACEHOLDERS, (entry.path, used - PLACEHOLDERS)
			if entry.path.startswith("ROUTE "):
				assert entry.path.split()[1] == entry.probe.method, entry.path


# --- (d) unique ---------------------------------------------------------------------------------


def test_entries_are_unique():
	paths = [p.path for p in READ_PATHS]
	assert len(paths) == len(set(paths)), sorted({p for p in paths if paths.count(p) > 1})


# --- (e) the app's own guest reads ---------------------------------------------------------------


def app_package() -> Path:
	return Path(__file__).resolve().parents[2] / "tuoyu_frappe"


def app_guest_methods() -> set[str]:
	found = set()
	for path in sorted(app_package().rglob("*.py")):
		module = ".".join(path.relative_to(app_package().parent).with_suffix("").parts)
		for node in ast.walk(parsed(path)):
			if isinstance(node, ast.FunctionDef) and any(
				"whitelist" in ast.unparse(d) and "allow_guest=True" in ast.unparse(d)
				for d in node.decorator_list
			):
				found.add(f"{module}.{node.name}")
	return found


def app_page_routes() -> set[str]:
	www = app_package() / "www"
	routes = set()
	for path in www.rglob("*.html"):
		route = "/" + str(path.relative_to(www).with_suffix(""))
		routes.add("ROUTE GET " + route.removesuffix("/index"))
	return routes


def test_every_guest_method_and_page_of_the_app_is_in_the_guest_inventory():
	from tuoyu_frappe.security.read_paths import GUEST_READS

	listed = {g.path for g in GUEST_READS}
	# Replacements of Frappe's own guest methods are classified with Frappe's paths above.
	overrides = set(hooks.override_whitelisted_methods.values())
	own = app_guest_methods() - overrides
	assert own <= listed, own - listed
	assert app_page_routes() <= listed, app_page_routes() - listed
	for entry in GUEST_READS:
		assert entry.filters.strip() and entry.limit.strip() and entry.shows.strip(), entry.path


def test_the_public_payload_reads_what_the_inventory_says():
	from tuoyu_frappe.public_info import payload
	from tuoyu_frappe.security.read_paths import GUEST_READS

	reads = next(g.reads for g in GUEST_READS if g.path == "tuoyu_frappe.public_info.api.directory")
	assert reads["Tuoyu Point"] == payload.READ_FIELDS + payload.DEMONSTRATION_FIELDS
	assert reads["Tuoyu Inspection"] == payload.INSPECTION_FIELDS
	assert reads["Tuoyu Filing"] == payload.FILING_FIELDS
	assert reads["Tuoyu Area"] == payload.AREA_FIELDS
	# Nothing personal is ever read for the public.
	for field in ("entity_name", "uscc", "phone", "phone_masked", "operators", "legal_form"):
		assert field not in reads["Tuoyu Point"], field
