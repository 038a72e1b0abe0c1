# Two commands from a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench schemas broker worker clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m service.demo samples

# pytest exits 5 when it collected nothing: that must fail, not pass silently.
test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q -p no:cacheprovider; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests" >&2; exit 1; fi; exit $$rc

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: $(STAMP)
	$(PY) bench/extract.py
	$(PY) bench/pipeline.py
	$(PY) bench/pipeline.py --extract-processes 1

schemas: $(STAMP)
	$(PY) -m service topics schemas

broker: $(STAMP)
	$(PY) -m service broker

worker: $(STAMP)
	$(PY) -m service worker

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .faust-data *.egg-info
