# Two commands set everything up: `make run` and `make test`. Each installs into .venv itself.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app elearn
STAMP := $(VENV)/.installed-stamp
TRANSLATIONS := $(patsubst %.po,%.mo,$(wildcard elearn/translations/*/LC_MESSAGES/messages.po))
TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
export TEST_POSTGRES_URL

.PHONY: run test test-sqlite test-postgresql lint translations-update bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev,bench]'
	touch $(STAMP)

elearn/translations/%/LC_MESSAGES/messages.mo: elearn/translations/%/LC_MESSAGES/messages.po $(STAMP)
	$(VENV)/bin/pybabel compile --use-fuzzy -i $< -o $@

run: $(STAMP) $(TRANSLATIONS)
	ELEARN_ENV=development $(FLASK) db upgrade
	ELEARN_ENV=development $(FLASK) courses check
	ELEARN_ENV=development $(FLASK) demo load
	ELEARN_ENV=development $(FLASK) run --host 127.0.0.1 --port 5000

test: test-sqlite test-postgresql

test-sqlite: $(STAMP) $(TRANSLATIONS)
	TEST_DATABASE=sqlite $(PY) -m pytest

# The client's zone is Swedish, as on a Swedish host: a figure that depends on it fails a test.
test-postgresql: $(STAMP) $(TRANSLATIONS)
	PGTZ=Europe/Stockholm TEST_DATABASE=postgresql $(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check elearn tests bench deploy
	$(VENV)/bin/ruff format --check elearn tests bench deploy
	$(VENV)/bin/lint-imports

# Benchmarks (docs/performance.md): about 7 minutes on 2 cores; not part of `make test`.
bench: $(STAMP) $(TRANSLATIONS)
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	$(PY) -m bench.run $(BENCH_ARGS)

translations-update: $(STAMP)
	$(VENV)/bin/pybabel extract --no-location -F babel.cfg -k _l -o elearn/translations/messages.pot .
	$(VENV)/bin/pybabel update -i elearn/translations/messages.pot -d elearn/translations

clean:
	rm -rf $(VENV) instance .pytest_cache
