"""The 双随机 draw (`tuoyu_frappe.supervision.draw`) without a database: determinism, recusal,
distinct pairs, the sample size, a fair load, and a digest that changes with any input."""

import hashlib
import math
import os
import tempfile
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from tuoyu_frappe.supervision import draw as d

if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
	set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "tuoyu-hypothesis")
PROPERTY = settings(max_examples=200, deadline=None, database=None)

point_ids = st.lists(st.from_regex(r"TYP-3713[0-9]{2}-[0-9]{4}", fullmatch=True), min_size=1, max_size=40)
inspector_ids = st.lists(st.from_regex(r"INSP-[0-9]{4}", fullmatch=True), min_size=2, max_size=9)
seeds = st.text(alphabet="0123456789abcdef", min_size=1, max_size=32)


@st.composite
def draw_inputs(draw, with_conflicts: bool = True):
	population = draw(point_ids)
	pool = draw(inspector_ids)
	assume(len(set(pool)) >= 2)
	mode = draw(st.sampled_from(d.SAMPLE_MODES))
	percent = draw(st.decimals(min_value=Decimal("0.1"), max_value=100, places=1))
	count = draw(st.integers(min_value=1, max_value=50))
	conflicts = {}
	if with_conflicts:
		for point in draw(st.lists(st.sampled_from(population), max_size=len(population))):
			conflicts[point] = frozenset(draw(st.lists(st.sampled_from(pool), max_size=len(pool))))
	return d.DrawInputs(
		population=tuple(population),
		pool=tuple(pool),
		seed=draw(seeds),
		sample_mode=mode,
		sample_percent=str(percent),
		sample_count=count,
		conflicts=conflicts,
		context={"area": "371302", "period_start": "2026-01-01", "period_end": "2026-06-30"},
	)


@PROPERTY
@given(draw_inputs(), st.randoms(use_true_random=False))
def test_same_inputs_and_seed_give_the_same_picks_in_any_input_order(inputs, rnd):
	shuffled_population = list(inputs.population)
	shuffled_pool = list(inputs.pool)
	rnd.shuffle(shuffled_population)
	rnd.shuffle(shuffled_pool)
	again = replace(inputs, population=tuple(shuffled_population), pool=tuple(shuffled_pool))
	first, second = d.draw(inputs), d.draw(again)
	assert first == second
	assert first.input_digest == d.input_digest(again)


def test_a_known_draw_gives_the_recorded_result():
	"""A fixed example: fails if the algorithm (or Python's Mersenne Twister) ever changes, which
	would make stored draws unverifiable."""
	inputs = d.DrawInputs(
		population=tuple(f"P{i:02d}" for i in range(10)),
		pool=("I1", "I2", "I3", "I4"),
		seed="0123456789abcdef",
		sample_mode=d.BY_COUNT,
		sample_count=4,
		conflicts={"P03": frozenset({"I1"})},
	)
	result = d.draw(inputs)
	assert [(p.point, p.inspector_1, p.inspector_2) for p in result.picks] == KNOWN_PICKS
	# The digest is the SHA-256 of exactly this text, so anyone can recompute it from the inputs.
	assert d.canonical_json(inputs) == KNOWN_JSON
	assert result.input_digest == hashlib.sha256(KNOWN_JSON.encode()).hexdigest()


KNOWN_PICKS = [("P00", "I1", "I3"), ("P09", "I2", "I4"), ("P06", "I3", "I4"), ("P02", "I1", "I2")]
KNOWN_JSON = (
	'{"algorithm":"tuoyu-draw-v1","conflicts":{"P03":["I1"]},"context":{},"pool":["I1","I2","I3","I4"],'
	'"population":["P00","P01","P02","P03","P04","P05","P06","P07","P08","P09"],"sample_count":4,'
	'"sample_mode":"数量","sample_percent":"0","seed":"0123456789abcdef"}'
)


@PROPERTY
@given(draw_inputs())
def test_no_pick_pairs_a_point_with_an_inspector_who_must_recuse(inputs):
	for pick in d.draw(inputs).picks:
		barred = inputs.conflicts.get(pick.point, frozenset())
		assert pick.inspector_1 not in barred
		assert pick.inspector_2 not in barred


@PROPERTY
@given(draw_inputs())
def test_a_point_is_unpaired_exactly_when_fewer_than_two_inspectors_may_inspect_it(inputs):
	pool = set(inputs.pool)
	for pick in d.draw(inputs).picks:
		eligible = pool - inputs.conflicts.get(pick.point, frozenset())
		assert pick.paired == (len(eligible) >= 2)
		if pick.paired:
			assert pick.inspector_1 != pick.inspector_2
			assert {pick.inspector_1, pick.inspector_2} <= pool
		else:
			assert pick.inspector_1 is None and pick.inspector_2 is None


@PROPERTY
@given(draw_inputs())
def test_the_sample_is_the_percentage_rounded_up_or_the_count(inputs):
	result = d.draw(inputs)
	n = len(set(inputs.population))
	points = [p.point for p in result.picks]
	assert len(points) == len(set(points)) == result.sample_size
	assert set(points) <= set(inputs.population)
	if inputs.sample_mode == d.BY_PERCENT:
		exact = Decimal(n) * Decimal(inputs.sample_percent) / 100
		assert result.sample_size == max(1, math.ceil(exact))
		assert result.shortfall == 0
	else:
		assert result.sample_size == min(n, inputs.sample_count)
		assert result.shortfall == max(0, inputs.sample_count - n)


@PROPERTY
@given(draw_inputs(with_conflicts=False))
def test_without_recusals_the_load_differs_by_at_most_one(inputs):
	result = d.draw(inputs)
	load = Counter(result.load())
	counts = [load.get(i, 0) for i in set(inputs.pool)]
	assert max(counts) - min(counts) <= 1
	assert sum(counts) == 2 * result.sample_size


@PROPERTY
@given(draw_inputs())
def test_each_pair_has_the_least_loaded_eligible_inspectors(inputs):
	"""The fairness rule, replayed: when a point is paired, nobody eligible who was left out had
	fewer inspections than a chosen member of the pair."""
	load = Counter()
	pool = set(inputs.pool)
	for pick in d.draw(inputs).picks:
		if not pick.paired:
			continue
		eligible = pool - inputs.conflicts.get(pick.point, frozenset())
		chosen = {pick.inspector_1, pick.inspector_2}
		left_out = eligible - chosen
		if left_out:
			assert max(load[i] for i in chosen) <= min(load[i] for i in left_out)
		load.update(chosen)


@PROPERTY
@given(draw_inputs(), st.data())
def test_any_changed_input_changes_the_digest(inputs, data):
	original = d.input_digest(inputs)
	c = d.canonical(inputs)
	change = data.draw(
		st.sampled_from(["seed", "population", "pool", "mode", "percent", "count", "conflict", "context"])
	)
	if change == "seed":
		changed = replace(c, seed=c.seed + "0")
	elif change == "population":
		changed = replace(c, population=(*c.population, "TYP-999999-9999"))
	elif change == "pool":
		changed = replace(c, pool=c.pool[1:] if len(c.pool) > 2 else (*c.pool, "INSP-NEW"))
	elif change == "mode":
		other = d.BY_COUNT if c.sample_mode == d.BY_PERCENT else d.BY_PERCENT
		changed = replace(c, sample_mode=other, sample_percent="50", sample_count=1)
	elif change == "percent":
		changed = replace(c, sample_mode=d.BY_PERCENT, sample_percent="100")
		assume(c.sample_mode != d.BY_PERCENT or c.sample_percent != "100")
	elif change == "count":
		changed = replace(c, sample_mode=d.BY_COUNT, sample_count=c.sample_count + 1)
	elif change == "conflict":
		point, inspector = c.population[0], c.pool[0]
		conflicts = dict(c.conflicts)
		barred = conflicts.get(point, frozenset())
		conflicts[point] = barred - {inspector} if inspector in barred else barred | {inspector}
		changed = replace(c, conflicts=conflicts)
	else:
		changed = replace(c, context={**c.context, "recusal_months": "6"})
	assert d.input_digest(changed) != original


def test_the_digest_ignores_order_duplicates_and_conflicts_outside_the_draw():
	base = d.DrawInputs(
		population=("P1", "P2"),
		pool=("I1", "I2"),
		seed="s",
		sample_mode=d.BY_PERCENT,
		sample_percent="50.0",
		conflicts={"P1": frozenset({"I1"})},
	)
	same = d.DrawInputs(
		population=("P2", "P1", "P2"),
		pool=("I2", "I1"),
		seed="s",
		sample_mode=d.BY_PERCENT,
		sample_percent="50",
		sample_count=7,  # ignored in percentage mode
		conflicts={"P1": frozenset({"I1", "I9"}), "P9": frozenset({"I2"}), "P2": frozenset()},
	)
	assert d.input_digest(base) == d.input_digest(same)


@PROPERTY
@given(draw_inputs())
def test_verify_accepts_the_stored_draw_and_detects_a_changed_pick_or_input(inputs):
	result = d.draw(inputs)
	assert d.verify(inputs, result.input_digest, result.picks).ok
	# a tampered pick: another point put in place of the first one
	outsider = "TYP-000000-0000"
	first = result.picks[0]
	tampered = (d.Pick(outsider, first.inspector_1, first.inspector_2), *result.picks[1:])
	check = d.verify(inputs, result.input_digest, tampered)
	assert check.digest_matches and not check.picks_match and not check.ok
	assert outsider in check.differing_points and first.point in check.differing_points
	# a tampered input: the seed changed after the draw
	check = d.verify(replace(inputs, seed=inputs.seed + "x"), result.input_digest, result.picks)
	assert not check.digest_matches and not check.ok


def test_a_swapped_pair_order_is_the_same_pick_but_a_changed_inspector_is_not():
	inputs = d.DrawInputs(
		population=("P1", "P2", "P3"),
		pool=("I1", "I2", "I3"),
		seed="x",
		sample_mode=d.BY_COUNT,
		sample_count=3,
	)
	result = d.draw(inputs)
	swapped = [d.Pick(p.point, p.inspector_2, p.inspector_1) for p in result.picks]
	assert d.verify(inputs, result.input_digest, swapped).ok
	first = result.picks[0]
	other = next(i for i in inputs.pool if i not in (first.inspector_1, first.inspector_2))
	changed = [d.Pick(first.point, first.inspector_1, other), *result.picks[1:]]
	check = d.verify(inputs, result.input_digest, changed)
	assert not check.ok and check.differing_points == (first.point,)


def test_a_point_without_an_eligible_pair_is_kept_unpaired_not_replaced():
	inputs = d.DrawInputs(
		population=("P1",),
		pool=("I1", "I2", "I3"),
		seed="x",
		sample_mode=d.BY_COUNT,
		sample_count=1,
		conflicts={"P1": frozenset({"I1", "I2"})},
	)
	result = d.draw(inputs)
	assert result.picks == (d.Pick("P1", None, None),)
	assert result.unpaired == ("P1",)


def test_a_count_beyond_the_population_draws_everyone_and_says_so():
	inputs = d.DrawInputs(
		population=("P1", "P2"), pool=("I1", "I2"), seed="x", sample_mode=d.BY_COUNT, sample_count=5
	)
	result = d.draw(inputs)
	assert result.sample_size == 2 and result.shortfall == 3
	assert {p.point for p in result.picks} == {"P1", "P2"}


@pytest.mark.parametrize(
	"changes, message",
	[
		({"population": ()}, "There are no filed points to draw from"),
		({"pool": ("I1",)}, "The inspector pool needs at least two inspectors"),
		({"pool": ("I1", "I1")}, "The inspector pool needs at least two inspectors"),
		({"seed": ""}, "The draw has no seed"),
		({"sample_percent": "0"}, "The sample percentage must be more than 0 and at most 100"),
		({"sample_percent": "100.5"}, "The sample percentage must be more than 0 and at most 100"),
		({"sample_percent": "abc"}, "The sample percentage must be more than 0 and at most 100"),
		({"sample_mode": d.BY_COUNT, "sample_count": 0}, "The number of points to draw must be at least 1"),
		({"sample_mode": "随便"}, "Choose whether to draw a percentage or a number of points"),
	],
)
def test_inputs_that_cannot_be_drawn_from_are_refused(changes, message):
	inputs = replace(
		d.DrawInputs(
			population=("P1",), pool=("I1", "I2"), seed="x", sample_mode=d.BY_PERCENT, sample_percent="10"
		),
		**changes,
	)
	assert message in [m for m, _params in d.input_problems(inputs)]
	with pytest.raises(d.DrawError):
		d.draw(inputs)


@pytest.mark.parametrize(
	"value, expected",
	[("10", "10"), ("12.50", "12.5"), ("1E+1", "10"), (7.5, "7.5"), ("", ""), ("nan", ""), ("abc", "")],
)
def test_percentages_are_canonical_decimal_strings(value, expected):
	assert d.normalize_percent(value) == expected
