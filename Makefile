# Elternblog – every target bootstraps .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: install run test test-postgres lint format bench screenshots clean

$(BIN)/django-admin: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,scale]'
	@touch $@

install: $(BIN)/django-admin node_modules/.package-lock.json

# axe-core and the Nu HTML Checker for the checking tests; `make run` works without them.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "Hinweis: npm fehlt (apt-get install -y npm) – ohne axe-core und vnu-jar scheitern tests/e2e/test_accessibility.py und test_html_valid.py."; \
	fi

run: install
	@DEBUG=on ./scripts/run-dev

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=on $(MANAGE) makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	BENCH=$(BENCH) $(BIN)/python -m tests.bench

# PNGs of the main pages (phone and desktop, light and dark) in var/screenshots/; without
# SITE=http://… a production-like demo site is started for them.
screenshots: install
	$(BIN)/python -m tests.e2e.screenshots $(SITE)

clean:
	rm -rf $(VENV) staticfiles .cache *.egg-info
