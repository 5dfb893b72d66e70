"""The 双随机 draw as a plain function (no database, no Frappe site): which filed points are
inspected, and by which pair of inspectors.

Reproducible: the draw reads only its inputs, put in canonical (sorted, de-duplicated) order
first, and a `random.Random(seed)`; the same inputs and seed give the same picks on any machine.
The algorithm is written out here (a partial Fisher–Yates shuffle using only `randrange`, and
`random()` for tie-breaks) so that an auditor can re-implement it from this file alone.

Auditable: `input_digest` is the SHA-256 of a canonical JSON of everything the draw reads (the
seed included) and of the algorithm's version, so any change to a stored input shows as a changed
digest, and any change to a stored pick shows when the draw is run again from the stored inputs.

Decisions (documented in the README):
- sample size: a percentage is rounded **up** (抽查比例不低于…: 5 % of 41 points is 3 points), and
  at least one point is drawn from a non-empty population; a count larger than the population
  draws every point and says so (`DrawResult.shortfall`);
- recusal: an inspector is never paired with a point they must recuse from. A drawn point with
  fewer than two eligible inspectors in the pool stays in the sample **unpaired** (its pair
  empty, listed in `DrawResult.unpaired`): it is not silently replaced by another point, which
  would let a conflicted pool shield a point from inspection. Such a draw cannot be confirmed;
  widen the pool (e.g. inspectors of another county) and draw again. Every run of the draw is
  recorded, so redrawing for a preferred sample is visible in the audit trail;
- load: the drawn points are paired in draw order, each with the two eligible inspectors who have
  the fewest inspections so far in this draw, ties broken at random. Without recusals the loads of
  all inspectors differ by at most one.
"""

import hashlib
import json
import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

ALGORITHM = "tuoyu-draw-v1"
BY_PERCENT, BY_COUNT = "比例", "数量"
SAMPLE_MODES = (BY_PERCENT, BY_COUNT)


def _(text: str) -> str:
	"""Marks a message for translation; the caller translates it when it is shown."""
	return text


# A problem is an English message template and its parameters; the caller translates it.
Problem = tuple[str, dict]


@dataclass(frozen=True)
class DrawInputs:
	"""Everything a draw reads. `conflicts` maps a point to the inspectors who must not inspect it;
	`context` holds the values that defined the population (area, period, recusal months), which
	the digest covers so that they cannot be changed afterwards either."""

	population: tuple[str, ...]
	pool: tuple[str, ...]
	seed: str
	sample_mode: str
	sample_percent: str = "0"  # a decimal string, so that the digest never depends on float printing
	sample_count: int = 0
	conflicts: Mapping[str, frozenset[str]] = field(default_factory=dict)
	context: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Pick:
	point: str
	inspector_1: str | None  # None: the point has no eligible pair (see the module's notes)
	inspector_2: str | None

	@property
	def paired(self) -> bool:
		return bool(self.inspector_1 and self.inspector_2)


@dataclass(frozen=True)
class DrawResult:
	picks: tuple[Pick, ...]
	sample_size: int
	shortfall: int  # how many points a count asked for beyond the population
	input_digest: str

	@property
	def unpaired(self) -> tuple[str, ...]:
		return tuple(p.point for p in self.picks if not p.paired)

	def load(self) -> dict[str, int]:
		"""Inspections per inspector in this draw."""
		counts: dict[str, int] = {}
		for pick in self.picks:
			for inspector in (pick.inspector_1, pick.inspector_2):
				if inspector:
					counts[inspector] = counts.get(inspector, 0) + 1
		return counts


class DrawError(ValueError):
	def __init__(self, problems: list[Problem]):
		super().__init__("; ".join(message.format(**params) for message, params in problems))
		self.problems = problems


def normalize_percent(value) -> str:
	"""A percentage as a canonical decimal string ('12.5', '10'); '' for a value that is not a number."""
	try:
		number = Decimal(str(value).strip())
	except (InvalidOperation, ValueError):
		return ""
	if not number.is_finite():
		return ""
	text = format(number.normalize(), "f")
	return text.rstrip("0").rstrip(".") if "." in text else text


def canonical(inputs: DrawInputs) -> DrawInputs:
	"""The same draw in canonical order: sorted, without duplicates, conflicts only of drawn-from
	points and pooled inspectors (a conflict of an inspector outside the pool changes nothing)."""
	population = tuple(sorted(set(inputs.population)))
	pool = tuple(sorted(set(inputs.pool)))
	in_population, in_pool = set(population), set(pool)
	conflicts = {
		point: frozenset(i for i in inspectors if i in in_pool)
		for point, inspectors in inputs.conflicts.items()
		if point in in_population
	}
	return DrawInputs(
		population=population,
		pool=pool,
		seed=str(inputs.seed),
		sample_mode=inputs.sample_mode,
		sample_percent=normalize_percent(inputs.sample_percent) if inputs.sample_mode == BY_PERCENT else "0",
		sample_count=int(inputs.sample_count or 0) if inputs.sample_mode == BY_COUNT else 0,
		conflicts={point: found for point, found in sorted(conflicts.items()) if found},
		context={str(k): str(v) for k, v in sorted(inputs.context.items())},
	)


def canonical_json(inputs: DrawInputs) -> str:
	"""The JSON the digest is taken of: keys sorted, no spaces, UTF-8 text as is."""
	c = canonical(inputs)
	document = {
		"algorithm": ALGORITHM,
		"context": dict(c.context),
		"seed": c.seed,
		"sample_mode": c.sample_mode,
		"sample_percent": c.sample_percent,
		"sample_count": c.sample_count,
		"population": list(c.population),
		"pool": list(c.pool),
		"conflicts": {point: sorted(inspectors) for point, inspectors in c.conflicts.items()},
	}
	return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def input_digest(inputs: DrawInputs) -> str:
	return hashlib.sha256(canonical_json(inputs).encode("utf-8")).hexdigest()


def input_problems(inputs: DrawInputs) -> list[Problem]:
	"""Why these inputs cannot be drawn from (empty when they can)."""
	c = canonical(inputs)
	problems: list[Problem] = []
	if not c.seed:
		problems.append((_("The draw has no seed"), {}))
	if not c.population:
		problems.append((_("There are no filed points to draw from"), {}))
	if len(c.pool) < 2:
		problems.append((_("The inspector pool needs at least two inspectors"), {}))
	if c.sample_mode == BY_PERCENT:
		percent = Decimal(c.sample_percent) if c.sample_percent else None
		if percent is None or not (0 < percent <= 100):
			problems.append((_("The sample percentage must be more than 0 and at most 100"), {}))
	elif c.sample_mode == BY_COUNT:
		if c.sample_count < 1:
			problems.append((_("The number of points to draw must be at least 1"), {}))
	else:
		problems.append((_("Choose whether to draw a percentage or a number of points"), {}))
	return problems


def sample_size(population_size: int, sample_mode: str, sample_percent: str, sample_count: int) -> int:
	"""How many points are drawn: a percentage rounded up (at least one point), or the count,
	at most the whole population."""
	if population_size <= 0:
		return 0
	if sample_mode == BY_PERCENT:
		wanted = math.ceil(Decimal(population_size) * Decimal(sample_percent) / 100)
		return min(population_size, max(1, wanted))
	return min(population_size, sample_count)


def draw(inputs: DrawInputs) -> DrawResult:
	"""Run the draw. Raises DrawError for inputs that cannot be drawn from."""
	if problems := input_problems(inputs):
		raise DrawError(problems)
	c = canonical(inputs)
	rng = random.Random(c.seed)
	size = sample_size(len(c.population), c.sample_mode, c.sample_percent, c.sample_count)
	shortfall = max(0, c.sample_count - len(c.population)) if c.sample_mode == BY_COUNT else 0
	sample = _partial_shuffle(list(c.population), size, rng)
	load = dict.fromkeys(c.pool, 0)
	picks = []
	for point in sample:
		barred = c.conflicts.get(point, frozenset())
		eligible = [i for i in c.pool if i not in barred]
		if len(eligible) < 2:
			picks.append(Pick(point, None, None))
			continue
		# One random tie-break per eligible inspector, drawn in canonical order, then the fewest
		# inspections first.
		ranked = sorted((load[i], rng.random(), i) for i in eligible)
		first, second = ranked[0][2], ranked[1][2]
		load[first] += 1
		load[second] += 1
		picks.append(Pick(point, *sorted((first, second))))
	return DrawResult(tuple(picks), size, shortfall, input_digest(c))


def _partial_shuffle(items: list[str], size: int, rng: random.Random) -> list[str]:
	"""The first `size` items of a Fisher–Yates shuffle: position k takes a uniformly chosen item
	of the positions k..n-1."""
	for k in range(size):
		j = k + rng.randrange(len(items) - k)
		items[k], items[j] = items[j], items[k]
	return items[:size]


@dataclass(frozen=True)
class Verification:
	digest_matches: bool
	picks_match: bool
	recomputed_digest: str
	differing_points: tuple[str, ...]  # points whose stored pick differs from the re-run

	@property
	def ok(self) -> bool:
		return self.digest_matches and self.picks_match


def verify(inputs: DrawInputs, stored_digest: str, stored_picks: Iterable[Pick]) -> Verification:
	"""Re-run the draw from the stored inputs and seed; compare the digest and the picks."""
	recomputed_digest = input_digest(inputs)
	stored = tuple(_normal_pick(p) for p in stored_picks)
	try:
		rerun = draw(inputs).picks
	except DrawError:
		rerun = ()
	differing = sorted(
		{p.point for p in stored if p not in rerun} | {p.point for p in rerun if p not in stored}
	)
	if not differing and [p.point for p in stored] != [p.point for p in rerun]:
		differing = [p.point for p in stored]  # same picks, different order: the draw order differs
	return Verification(
		digest_matches=recomputed_digest == (stored_digest or ""),
		picks_match=stored == rerun,
		recomputed_digest=recomputed_digest,
		differing_points=tuple(differing),
	)


def _normal_pick(pick: Pick) -> Pick:
	"""A stored pick with its pair in sorted order and empty values as None."""
	pair = sorted(i for i in (pick.inspector_1, pick.inspector_2) if i)
	if len(pair) != 2:
		return Pick(pick.point, pair[0] if pair else None, None)
	return Pick(pick.point, pair[0], pair[1])
