"""Timing shared by the benchmarks (run as scripts, so this folder is on the import path)."""

import statistics
import time


def median_ms(fn, rounds: int) -> float:
	"""Median wall time of `fn` in milliseconds over `rounds` runs, after one warm-up run."""
	fn()  # warm caches
	samples = []
	for _ in range(rounds):
		started = time.perf_counter()
		fn()
		samples.append((time.perf_counter() - started) * 1000)
	return statistics.median(samples)
