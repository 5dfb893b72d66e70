# tuoyu_frappe — the two commands. Both need an existing Frappe v15 bench:
# FRAPPE_BENCH (default ~/frappe-bench). DB_ROOT_PASSWORD is MariaDB's root password.
FRAPPE_BENCH ?= $(HOME)/frappe-bench
TEST_SITE ?= tuoyu-test.localhost
DEMO_SITE ?= tuoyu.localhost
BENCH_SITE ?= tuoyu-bench.localhost
BENCH_POINTS ?= 100000
PYTEST_ARGS ?=
export FRAPPE_BENCH

.PHONY: test demo lint bench

test:
	@tools/bench.sh prepare
	@tools/bench.sh prepare_site $(TEST_SITE) fresh
	cd $(FRAPPE_BENCH)/sites && TUOYU_TEST_SITE=$(TEST_SITE) TUOYU_CHECKOUT=$(CURDIR) \
		$(FRAPPE_BENCH)/env/bin/python -m pytest -c $(CURDIR)/pytest.ini $(CURDIR)/tests $(PYTEST_ARGS)

demo:
	@tools/bench.sh prepare
	@tools/bench.sh prepare_site $(DEMO_SITE) reuse
	@tools/bench.sh frappe_cmd --site $(DEMO_SITE) tuoyu-demo
	@tools/bench.sh frappe_cmd --site $(DEMO_SITE) tuoyu-harden --no-2fa
	@tools/bench.sh frappe_cmd --site $(DEMO_SITE) enable-scheduler
	@echo "Starting the desk on http://127.0.0.1:8000 (site $(DEMO_SITE)) with realtime on 9000, an RQ worker and the scheduler; Ctrl-C stops them all."
	@tools/bench.sh stack $(DEMO_SITE) 8000 9000

lint:
	$(FRAPPE_BENCH)/env/bin/python -m ruff check . && $(FRAPPE_BENCH)/env/bin/python -m ruff format --check .

# Province-scale benchmark on a throwaway site (never part of `test`); BENCH_POINTS=10000 is quick.
bench:
	@tools/bench.sh prepare
	@tools/bench.sh prepare_site $(BENCH_SITE) fresh
	cd $(FRAPPE_BENCH)/sites && export BENCH_POINTS=$(BENCH_POINTS) && \
		$(FRAPPE_BENCH)/env/bin/python $(CURDIR)/benchmarks/province_scale.py $(BENCH_SITE); \
		status=$$?; \
		$(FRAPPE_BENCH)/env/bin/python $(CURDIR)/benchmarks/reevaluation_scale.py $(BENCH_SITE) || status=1; \
		$(FRAPPE_BENCH)/env/bin/python $(CURDIR)/benchmarks/oversight_scale.py $(BENCH_SITE) || status=1; \
		exit $$status
