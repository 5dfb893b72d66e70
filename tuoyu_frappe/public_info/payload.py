"""Every public payload of points (备案公示: the directory /tuoyu/directory, and the map) is built
here, and only here, from explicit allow-lists:

- `READ_FIELDS`: the columns of Tuoyu Point the public side ever reads, named one by one. Guests
  have no permission on our DocTypes, so these are deliberate guest reads with fixed field lists
  and fixed filters (`public_condition`): filed (已备案) and suspended (停业整改) points, and points
  cancelled (已注销) or revoked (已撤销备案) within the last N days (Tuoyu Public Settings). Never
  the entity, credit code, phone, operators, staff or anything of a person.
- `PUBLIC_KEYS`: the keys of one public entry; `entry()` builds exactly these and nothing else.
- The address: Tuoyu Point has one free-text `address`. For home premises it is never shown as
  stored: `public_address` derives the public form on the server, cut at the street (街路) or at
  the residential compound (小区) as the city admin's setting says. What it keeps can only be the
  area and township names and runs of Chinese characters ending in a street or compound word
  (no digit, no 号/楼/栋/幢/单元/室/层 can pass), so a house, building, unit or room number cannot
  reach a guest whatever was typed; when no street is recognised only the township is shown.
- Positions for a map: `coarsen` snaps a home point to the centre of a grid cell (or gives the
  township centre when one is known), a plain function.

Answers are cached in frappe.cache per (query, page) for a short time; any change of a point, an
inspection, a filing, an area or the settings starts a new cache generation (`clear_cache`)."""

import hashlib
import json
import math
import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from functools import wraps
from urllib.parse import quote, urlencode

import frappe
from frappe import _
from frappe.utils import cint, getdate, today

from tuoyu_frappe.filing import states as fs
from tuoyu_frappe.filing.receipt import CANCELLED, FILED, REVOKED, SUSPENDED, status_note
from tuoyu_frappe.supervision import inspection_rules as ir

POINT = "Tuoyu Point"
SETTINGS = "Tuoyu Public Settings"
LISTED_STATUSES = (FILED, SUSPENDED)  # listed while in this status
ENDED_STATUSES = (CANCELLED, REVOKED)  # listed for N days after the end
HOME_PREMISES = ("居民住宅", "村居")  # homes: the address is cut; an unknown type counts as a home
PUBLIC_INSPECTION_TYPES = (ir.PATROL, ir.RANDOM)  # 部门定期巡查, 双随机抽查
CARE_MODES = {"full_day": "全日托", "half_day": "半日托", "hourly": "计时托", "occasional": "临时托"}
SERVICE_MODELS = ("家庭服务", "社区服务", "社会服务", "医育结合")
STREET, COMPOUND = "街路", "小区"
GRID, TOWNSHIP_CENTRE = "网格", "乡镇中心"
MIN_GRID_METRES = 200
DEFAULT_LISTED_DAYS = 90
PAGE_SIZE = 20
MAX_PAGE = 500
MAX_TEXT = 40
MAX_PLACES = 30
CACHE_SECONDS = 60  # the payload in frappe.cache, and Cache-Control max-age of the answers
DIRECTORY_LIMIT, DIRECTORY_WINDOW = 60, 60  # requests per IP per window, the JSON method
PAGE_LIMIT, PAGE_WINDOW = 60, 60  # the same for the page (its own counter)
GENERATION_KEY = "tuoyu_public_generation"
VERIFY_ROUTE, COMPLAINT_ROUTE, DIRECTORY_ROUTE = "/tuoyu/verify", "/tuoyu/complaint", "/tuoyu/directory"

# The only columns of Tuoyu Point read for the public; each for a key of PUBLIC_KEYS (the address,
# premises type and coordinates only to derive the coarse forms, never shown as stored).
READ_FIELDS = (
	"name",  # joins the last inspection and the cancellation; not shown
	"point_name",
	"filing_number",
	"status",
	"capacity",
	"enrolment",  # only as places_available = capacity - enrolment
	"service_model",
	"full_day",
	"half_day",
	"hourly",
	"occasional",
	"area",
	"township",
	"premises_type",  # decides whether the address is cut
	"address",  # only through public_address
	"latitude",  # only through coarsen
	"longitude",
)
DEMONSTRATION_FIELDS = ("is_demonstration", "demonstration_until")  # read when Tuoyu Point has them
INSPECTION_FIELDS = ("point", "inspected_at", "inspection_type", "conclusion")
FILING_FIELDS = ("point", "decided_on")  # approved 注销备案 filings: the day a point was cancelled
AREA_FIELDS = ("name", "area_name", "level", "county_area")

# The keys of one public entry of a point, and nothing else.
PUBLIC_KEYS = (
	"point_name",
	"filing_number",
	"status",
	"status_note",
	"capacity",
	"places_available",
	"service_model",
	"care_modes",
	"area_name",
	"township_name",
	"address",
	"demonstration",
	"last_inspection",
	"verify_url",
	"complaint_url",
)
INSPECTION_KEYS = ("date", "type", "conclusion")
# Keys of a whole directory answer.
ANSWER_KEYS = ("points", "total", "page", "pages", "page_size", "query", "demonstration_filter")


class InvalidQuery(frappe.ValidationError):
	pass


# --- settings and reference data -------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
	home_address_precision: str = STREET
	cancelled_listed_days: int = DEFAULT_LISTED_DAYS
	map_coarsening: str = GRID
	map_grid_metres: int = 1000
	tile_url_template: str = ""
	tile_attribution: str = ""


def settings() -> Settings:
	"""Tuoyu Public Settings, read on the server (guests never read the DocType)."""
	values = frappe.db.get_singles_dict(SETTINGS, cast=True) if frappe.db.exists("DocType", SETTINGS) else {}
	days = values.get("cancelled_listed_days")
	return Settings(
		home_address_precision=COMPOUND if values.get("home_address_precision") == COMPOUND else STREET,
		cancelled_listed_days=max(cint(days), 0) if days not in (None, "") else DEFAULT_LISTED_DAYS,
		map_coarsening=TOWNSHIP_CENTRE if values.get("map_coarsening") == TOWNSHIP_CENTRE else GRID,
		map_grid_metres=max(cint(values.get("map_grid_metres")) or 1000, MIN_GRID_METRES),
		tile_url_template=(values.get("tile_url_template") or "").strip(),
		tile_attribution=(values.get("tile_attribution") or "").strip(),
	)


def areas() -> list[dict]:
	"""Enabled counties and their townships (public reference data, as the complaint form reads
	them: AREA_FIELDS), cached."""
	from tuoyu_frappe.complaints.public import townships

	return cached("areas", townships)


def area_names() -> dict[str, str]:
	names = {}
	for county in areas():
		names[county["name"]] = county["label"]
		names.update({t["name"]: t["label"] for t in county["towns"]})
	return names


def demonstration_enabled() -> bool:
	"""Whether Tuoyu Point has the demonstration fields (示范点 badge and filter)."""
	meta = frappe.get_meta(POINT)
	return all(meta.has_field(f) for f in DEMONSTRATION_FIELDS)


# --- the address and the position -----------------------------------------------------------------

_HAN = "\u4e00-\u9fff"
_STREET = re.compile(rf"[{_HAN}]{{1,15}}?(?:大道|大街|路|街(?!道)|巷|胡同|道)")
# A division written before the street (another township's name, 办事处...): skipped.
_DIVISION = re.compile(rf"[{_HAN}]{{1,10}}?(?:省|市|县|(?<!小)区|街道办事处|街道|镇|乡)")
_DOOR = re.compile(r"[0-9０-９\-－]+[号號]?(?:院)?")
_COMPOUND = re.compile(
	rf"[{_HAN}]{{2,15}}?(?:小区|花园|家园|新村|公寓|山庄|公馆|大厦|广场|社区|苑|园|庭|府|城|居|里|村|湾|郡|墅)"
)
_FORBIDDEN = re.compile(r"[0-9０-９号號楼樓栋棟幢单單元室层層户戶#＃\-－]")


def _strip_prefix(text: str, *names: str) -> str:
	for name in ("山东省", "临沂市", *names):
		if name and text.startswith(name):
			text = text[len(name) :]
	while division := _DIVISION.match(text):
		text = text[division.end() :]
	return text


def public_address(
	address: str | None, premises_type: str | None, precision: str, area_name: str, township_name: str
) -> str:
	"""The address a guest may see. Non-home premises (沿街房, 社区用房): as stored. Home premises
	(and an unknown type): the area and township, then the street (街路), then for 小区 precision
	the residential compound; never a number, so no house, building, unit or room number."""
	place = f"{area_name}{township_name}"
	text = re.sub(r"\s+", "", address or "")
	if premises_type and premises_type not in HOME_PREMISES:
		return text[:120] or place
	rest = _strip_prefix(text, area_name, township_name)
	street = _STREET.match(rest)
	if not street or _FORBIDDEN.search(street.group(0)):
		return place
	shown = street.group(0)
	if precision == COMPOUND:
		after = rest[street.end() :]
		door = _DOOR.match(after)
		after = after[door.end() :] if door else after
		compound = _COMPOUND.match(after)
		if compound and not _FORBIDDEN.search(compound.group(0)):
			shown += compound.group(0)
	return place + shown


def coarsen(
	latitude: float | None,
	longitude: float | None,
	*,
	home: bool,
	mode: str = GRID,
	grid_metres: int = 1000,
	township_centre: tuple[float, float] | None = None,
) -> tuple[float, float] | None:
	"""The position a public map may show. A point that is not a home keeps its position (rounded
	to about 10 m); a home is snapped to the centre of its grid cell (cells of `grid_metres`, at
	least MIN_GRID_METRES), or placed at its township's centre in 乡镇中心 mode (None when the centre
	is not known: the map then lists it without a marker). None without coordinates."""
	if latitude in (None, "") or longitude in (None, ""):
		return None
	lat, lon = float(latitude), float(longitude)
	if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
		return None
	if not home:
		return round(lat, 4), round(lon, 4)
	if mode == TOWNSHIP_CENTRE:
		return (round(township_centre[0], 4), round(township_centre[1], 4)) if township_centre else None
	step_lat = max(int(grid_metres or 0), MIN_GRID_METRES) / 111_320.0
	cell_lat = (math.floor(lat / step_lat) + 0.5) * step_lat
	# The longitude step of the cell's own row, so every home of the row shares its cells.
	step_lon = step_lat / max(math.cos(math.radians(cell_lat)), 0.01)
	cell_lon = (math.floor(lon / step_lon) + 0.5) * step_lon
	return round(cell_lat, 5), round(cell_lon, 5)


def position(row, conf: Settings, township_centres: dict | None = None) -> tuple[float, float] | None:
	"""The map position of a point read with READ_FIELDS, coarsened as the settings say (homes,
	and points of unknown premises, never at their stored coordinates)."""
	home = not row.get("premises_type") or row.get("premises_type") in HOME_PREMISES
	return coarsen(
		row.get("latitude"),
		row.get("longitude"),
		home=home,
		mode=conf.map_coarsening,
		grid_metres=conf.map_grid_metres,
		township_centre=(township_centres or {}).get(row.get("township")),
	)


# --- the query --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
	text: str = ""
	area: str = ""
	township: str = ""
	service_model: str = ""
	care_modes: tuple[str, ...] = ()
	min_places: int = 0
	demonstration: bool = False
	page: int = 1

	def key(self) -> str:
		values = asdict(self)
		return hashlib.sha1(json.dumps(values, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

	def public(self) -> dict:
		return {
			"q": self.text,
			"area": self.area,
			"township": self.township,
			"service_model": self.service_model,
			"care_modes": list(self.care_modes),
			"min_places": self.min_places,
			"demonstration": int(self.demonstration),
			"page": self.page,
		}

	def url(self, page: int | None = None) -> str:
		"""The directory page's URL for this query (and another page)."""
		params = [(k, v) for k, v in self.public().items() if k not in ("care_modes", "page") and v]
		if self.care_modes:
			params.append(("care_modes", ",".join(self.care_modes)))
		if (page or self.page) > 1:
			params.append(("page", page or self.page))
		return DIRECTORY_ROUTE + ("?" + urlencode(params) if params else "")


def _one(value, name: str) -> str:
	if value is None:
		return ""
	if isinstance(value, list | tuple):
		value = value[0] if len(value) == 1 else None
	if not isinstance(value, str | int):
		raise InvalidQuery(_("Invalid value for {0}").format(name))
	return str(value).strip()


def _number(value, name: str, low: int, high: int) -> int:
	text = _one(value, name)
	if not text:
		return low
	if not re.fullmatch(r"\d{1,4}", text) or not low <= int(text) <= high:
		raise InvalidQuery(_("{0} must be a whole number from {1} to {2}").format(name, low, high))
	return int(text)


def parse_query(form: dict) -> Query:
	"""A directory query from request values, each checked against what it may be; raises
	InvalidQuery (in Chinese) for anything else."""
	from tuoyu_frappe.validation import normalize

	text = _one(form.get("q"), _("search text"))
	text = normalize(text) if text else ""
	if len(text) > MAX_TEXT:
		raise InvalidQuery(_("Enter at most {0} characters to search").format(MAX_TEXT))
	text = text.replace("%", "").replace("_", "").replace("\\", "")
	counties = {c["name"]: c for c in areas()}
	area = _one(form.get("area"), _("county area"))
	if area and area not in counties:
		raise InvalidQuery(_("Unknown county area"))
	township = _one(form.get("township"), _("township"))
	if township:
		owner = next((c for c in counties.values() if any(t["name"] == township for t in c["towns"])), None)
		if not owner or (area and owner["name"] != area):
			raise InvalidQuery(_("Unknown township, or not in the chosen county area"))
		area = owner["name"]
	model = _one(form.get("service_model"), _("service model"))
	if model and model not in SERVICE_MODELS:
		raise InvalidQuery(_("Unknown service model"))
	# A list (the page's repeated care_mode boxes, a JSON body) or "full_day,hourly".
	modes = form.get("care_modes")
	if isinstance(modes, str):
		modes = [m for m in re.split(r"[,\s]+", modes.strip()) if m]
	modes = [] if modes is None else modes
	if not isinstance(modes, list | tuple) or len(modes) > len(CARE_MODES):
		raise InvalidQuery(_("Unknown care mode"))
	if any(not isinstance(m, str) or m not in CARE_MODES for m in modes):
		raise InvalidQuery(_("Unknown care mode"))
	demonstration = _one(form.get("demonstration"), _("demonstration point"))
	if demonstration not in ("", "0", "1"):
		raise InvalidQuery(_("Invalid value for {0}").format(_("demonstration point")))
	return Query(
		text=text,
		area=area,
		township=township,
		service_model=model,
		care_modes=tuple(m for m in CARE_MODES if m in modes),
		min_places=_number(form.get("min_places"), _("places available"), 0, MAX_PLACES),
		demonstration=demonstration == "1" and demonstration_enabled(),
		page=_number(form.get("page"), _("page"), 1, MAX_PAGE),
	)


# --- the guest reads --------------------------------------------------------------------------------


def public_condition(P, F, listed_since: date):
	"""Which points the public sees: filed or suspended, or cancelled/revoked since `listed_since`."""
	cancelled = (
		frappe.qb.from_(F)
		.select(F.point)
		.where(
			(F.filing_type == fs.CANCEL)
			& (F.docstatus == 1)
			& (F.workflow_state == fs.FILED)
			& (F.decided_on >= listed_since)
		)
	)
	return (
		P.filing_number.isnotnull()
		& (P.filing_number != "")
		& (
			P.status.isin(LISTED_STATUSES)
			| ((P.status == REVOKED) & (P.revoked_on >= listed_since))
			| ((P.status == CANCELLED) & P.name.isin(cancelled))
		)
	)


def _select(query: Query, conf: Settings, count: bool = False):
	from frappe.query_builder.functions import Count
	from pypika.terms import Case

	P, F = frappe.qb.DocType(POINT), frappe.qb.DocType("Tuoyu Filing")
	since = getdate(today()) - timedelta(days=conf.cancelled_listed_days)
	where = public_condition(P, F, since)
	if query.text:
		like = f"%{query.text}%"
		where &= P.point_name.like(like) | P.filing_number.like(like)
	if query.township:
		where &= P.township == query.township
	elif query.area:
		where &= P.area == query.area
	if query.service_model:
		where &= P.service_model == query.service_model
	for mode in query.care_modes:
		where &= P[mode] == 1
	if query.min_places:
		where &= (P.status == FILED) & ((P.capacity - P.enrolment) >= query.min_places)
	if query.demonstration:
		where &= (P.is_demonstration == 1) & (
			P.demonstration_until.isnull() | (P.demonstration_until >= getdate(today()))
		)
	if count:
		return frappe.qb.from_(P).select(Count("*")).where(where)
	fields = READ_FIELDS + (DEMONSTRATION_FIELDS if demonstration_enabled() else ())
	rank = Case().when(P.status == FILED, 0).when(P.status == SUSPENDED, 1).else_(2)
	return (
		frappe.qb.from_(P)
		.select(*(P[f] for f in fields))
		.where(where)
		.orderby(rank)
		.orderby(P.area)
		.orderby(P.township)
		.orderby(P.point_name)
		.orderby(P.name)
		.limit(PAGE_SIZE)
		.offset((query.page - 1) * PAGE_SIZE)
	)


def last_inspections(points: list[str]) -> dict[str, dict]:
	"""The last completed 部门定期巡查 / 双随机抽查 of each point: date, type and conclusion."""
	if not points:
		return {}
	Insp = frappe.qb.DocType("Tuoyu Inspection")
	rows = (
		frappe.qb.from_(Insp)
		.select(*(Insp[f] for f in INSPECTION_FIELDS))
		.where(
			Insp.point.isin(points)
			& (Insp.docstatus == 1)
			& (Insp.workflow_state == ir.COMPLETED)
			& Insp.inspection_type.isin(PUBLIC_INSPECTION_TYPES)
			& Insp.inspected_at.isnotnull()
		)
		.orderby(Insp.inspected_at, order=frappe.qb.desc)
	).run(as_dict=True)
	last = {}
	for row in rows:
		if row.point not in last:
			last[row.point] = {
				"date": str(getdate(row.inspected_at)),
				"type": row.inspection_type,
				"conclusion": row.conclusion or "",
			}
	return last


def entry(row, conf: Settings, names: dict[str, str], inspections: dict[str, dict]) -> dict:
	"""One point's public entry: exactly PUBLIC_KEYS."""
	area_name, township_name = names.get(row.area or "", ""), names.get(row.township or "", "")
	filed = row.status == FILED
	demonstration = bool(
		cint(row.get("is_demonstration"))
		and (not row.get("demonstration_until") or getdate(row.demonstration_until) >= getdate(today()))
	)
	number = row.filing_number
	out = {
		"point_name": row.point_name,
		"filing_number": number,
		"status": row.status,
		"status_note": status_note(row.status),
		"capacity": cint(row.capacity),
		"places_available": max(cint(row.capacity) - cint(row.enrolment), 0) if filed else 0,
		"service_model": row.service_model or "",
		"care_modes": [mode for mode in CARE_MODES if cint(row.get(mode))],
		"area_name": area_name,
		"township_name": township_name,
		"address": public_address(
			row.address, row.premises_type, conf.home_address_precision, area_name, township_name
		),
		"demonstration": demonstration,
		"last_inspection": inspections.get(row.name),
		"verify_url": f"{VERIFY_ROUTE}?no={quote(number, safe='')}",
		# The complaint form takes a filed point by its number (complaints.public.submit).
		"complaint_url": f"{COMPLAINT_ROUTE}?no={quote(number, safe='')}" if filed else COMPLAINT_ROUTE,
	}
	assert tuple(out) == PUBLIC_KEYS
	return out


def directory(query: Query) -> dict:
	"""One page of the 备案公示 directory for a query (cached; see clear_cache)."""

	def load():
		conf = settings()
		total = _select(query, conf, count=True).run()[0][0]
		rows = _select(query, conf).run(as_dict=True)
		inspections = last_inspections([r.name for r in rows])
		names = area_names()
		return {
			"points": [entry(r, conf, names, inspections) for r in rows],
			"total": total,
			"page": query.page,
			"pages": max(math.ceil(total / PAGE_SIZE), 1),
			"page_size": PAGE_SIZE,
			"query": query.public(),
			"demonstration_filter": demonstration_enabled(),
		}

	return cached(f"directory:{query.key()}", load)


# --- the map ---------------------------------------------------------------------------------------

MAP_ROUTE = "/tuoyu/map"
MAP_LIMIT, MAP_WINDOW = 60, 60  # requests per IP per window, the map's JSON method
MAP_PAGE_LIMIT, MAP_PAGE_WINDOW = 60, 60  # the map page (its own counter)
MAX_MAP_POINTS = 2000
# The keys of one map point: the entry keys a popup needs, and the coarsened position.
MAP_KEYS = (
	"point_name",
	"filing_number",
	"status",
	"places_available",
	"area_name",
	"township_name",
	"address",
	"demonstration",
	"verify_url",
	"complaint_url",
	"position",
)
MAP_ANSWER_KEYS = ("points", "total", "on_map", "query", "tiles")


def township_centres() -> dict[str, tuple[float, float]]:
	"""Known township centres. Tuoyu Area records no coordinates, so none is known: in 乡镇中心 mode
	a home point has no map position (listed, without a marker)."""
	return {}


def map_points(query: Query) -> dict:
	"""Every point of a directory query (at most MAX_MAP_POINTS, not paged) for the map: MAP_KEYS
	only, the position coarsened by `position` (None: listed without a marker). Cached."""

	def load():
		conf = settings()
		whole = Query(**{**asdict(query), "page": 1})
		select = _select(whole, conf).limit(MAX_MAP_POINTS).offset(0)
		rows = select.run(as_dict=True)
		names, centres = area_names(), township_centres()
		points = []
		for row in rows:
			shown = entry(row, conf, names, {})
			place = position(row, conf, centres)
			point = {key: shown[key] for key in MAP_KEYS if key != "position"}
			point["position"] = list(place) if place else None
			assert tuple(point) == MAP_KEYS
			points.append(point)
		tiles = (
			{"url_template": conf.tile_url_template, "attribution": conf.tile_attribution}
			if conf.tile_url_template
			else None
		)
		return {
			"points": points,
			"total": len(points),
			"on_map": sum(1 for p in points if p["position"]),
			"query": {k: v for k, v in whole.public().items() if k != "page"},
			"tiles": tiles,
		}

	return cached(f"map:{query.key()}", load)


# --- the cache --------------------------------------------------------------------------------------


def _generation() -> int:
	return cint(frappe.cache.get_value(GENERATION_KEY, shared=True) or 0)


def cached(name: str, load):
	key = f"tuoyu_public:{_generation()}:{name}"
	value = frappe.cache.get_value(key, shared=True)
	if value is None:
		value = load()
		frappe.cache.set_value(key, value, expires_in_sec=CACHE_SECONDS, shared=True)
	return value


def clear_cache(doc=None, method=None) -> None:
	"""doc_events hook (Tuoyu Point, Inspection, Filing, Area, the settings): a new generation, so
	every cached answer is stale at once (old entries expire by themselves)."""
	frappe.cache.set_value(GENERATION_KEY, _generation() + 1, shared=True)


# --- guest protection -------------------------------------------------------------------------------


def hit(bucket: str, limit: int, seconds: int) -> None:
	"""A per-IP counter of a page (pages have no `cmd`, so Frappe's rate_limit would share one
	counter across every page): raises frappe.RateLimitExceededError past `limit`."""
	ip = frappe.local.request_ip or "unknown"
	key = frappe.cache.make_key(f"rl:{bucket}:{ip}")
	value = frappe.cache.get(key) or 0
	if not value:
		frappe.cache.setex(key, seconds, 0)
	if frappe.cache.incrby(key, 1) > limit:
		raise frappe.RateLimitExceededError


def guest_json(fn):
	"""Wraps a guest JSON method (outside its rate_limit): a refusal is a short Chinese message
	with no traceback — 429 past the limit, 417 for bad input — and a success is cacheable."""

	@wraps(fn)
	def wrapper(*args, **kwargs):
		frappe.local.flags.disable_traceback = True
		try:
			result = fn(*args, **kwargs)
		except frappe.RateLimitExceededError:
			frappe.clear_messages()
			frappe.local.flags.tuoyu_cache_seconds = -1
			frappe.local.response.http_status_code = 429
			return {"error": "rate_limited", "message": _("Too many requests; please try again later")}
		except InvalidQuery as e:
			frappe.clear_messages()
			frappe.local.flags.tuoyu_cache_seconds = -1
			frappe.local.response.http_status_code = 417
			return {"error": "invalid", "message": str(e)}
		frappe.local.flags.tuoyu_cache_seconds = CACHE_SECONDS
		return result

	return wrapper


def set_cache_headers(response=None, request=None) -> None:
	"""after_request hook: Cache-Control on the public answers that asked for it."""
	seconds = getattr(frappe.local, "flags", {}).get("tuoyu_cache_seconds")
	if not response or not seconds:
		return
	if seconds > 0 and response.status_code == 200:
		response.headers["Cache-Control"] = f"public, max-age={seconds}"
	else:
		response.headers["Cache-Control"] = "no-store"
