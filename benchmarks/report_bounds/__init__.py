"""One module per shipped Script Report, named after its folder (county_filing_progress.py for
县区备案进度). Each defines

	def lower_bound(area: str | None) -> str

the plain SQL aggregate a hand-written system would run for the report's figures over the same
tables, with no permission layer (restricted to `area` for a reviewer), and may define

	def fill(counties: list[str], towns: dict[str, list[str]]) -> None

setting, with set-based and idempotent SQL, the columns only that report reads (run on every
invocation, after the shared fill)."""
