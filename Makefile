# Two entry points: `make demo` (set up, seed, open the tracker) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_HOME ?= $(CURDIR)/.demo
export TRACKER_TEST_PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: demo test test-fast lint bench clean system-libs

# WeasyPrint (PDF reports) needs Pango and HarfBuzz, and the report tests open
# the HTML in headless Chromium: install them through apt-get only where missing.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core chromium
system-libs:
	@missing=""; \
	ldconfig -p | grep -q 'libpango-1.0.so' || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	ldconfig -p | grep -q 'libharfbuzz.so' || missing="$$missing libharfbuzz0b"; \
	ldconfig -p | grep -q 'libharfbuzz-subset.so' || missing="$$missing libharfbuzz-subset0"; \
	fc-list 2>/dev/null | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    echo "installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "missing system packages:$$missing (install them for PDF reports and the browser tests)"; fi; \
	fi

$(STAMP): pyproject.toml | system-libs
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Opens the UI on a seeded database in .demo/ (kept between runs; `make clean` resets it).
demo: $(STAMP)
	TRACKER_HOME=$(DEMO_HOME) $(BIN)/tracker init
	@# exec: the UI replaces the recipe shell, so closing the terminal hangs it up too
	exec env TRACKER_HOME=$(DEMO_HOME) $(BIN)/tracker

# Three workers on two cores: many tests wait on subprocesses and the database.
test: system-libs $(STAMP)
	$(BIN)/python -m pytest -n 3 -q

# The inner loop: everything but the cases marked slow (crashes, concurrency, packaging, PDF pages).
test-fast: system-libs $(STAMP)
	$(BIN)/python -m pytest -n 2 -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check tracker tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) $(DEMO_HOME) .pytest_cache .mypy_cache .ruff_cache
