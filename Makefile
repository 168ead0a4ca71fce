# The two commands a person needs: `make run` and `make test`. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-db lint bench bench-bot bench-cards bench-soak i18n install clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy bot knowledge handlers people translations sandbox web

test: lint
	$(BIN)/python -m pytest

# The database tests alone (CI runs them again on PostgreSQL with DATABASE_URL set).
test-db: $(STAMP)
	$(BIN)/python -m pytest -m db

bench: $(STAMP)
	$(BIN)/python -m benchmarks.search

bench-bot: $(STAMP)
	$(BIN)/python -m benchmarks.bot

# A newcomer's first screen: longest card and p95 per language, dead ends (none expected).
bench-cards: $(STAMP)
	$(BIN)/python -m benchmarks.cards

# Ten minutes of 2,000 people with faults (SOAK_ARGS="--minutes 1 --people 200" for a quick look;
# --database-url postgresql+asyncpg://... for PostgreSQL). Exit code 1 if anything was lost or
# duplicated.
bench-soak: $(STAMP)
	$(BIN)/python -m benchmarks.soak $(SOAK_ARGS)

# After changing user-facing strings: extract them, then update every catalog (translate the new
# entries in translations/locales/<lang>/LC_MESSAGES/messages.po and site.po; the tests fail until
# it is done). Two domains: `messages` (the bot) and `site` (the web directory, web/).
i18n: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output --width=100 --project=Passerelle -o translations/locales/messages.pot bot handlers translations
	$(BIN)/pybabel update -i translations/locales/messages.pot -d translations/locales --no-fuzzy-matching --width=100
	$(BIN)/pybabel extract -F web/babel.cfg -k N_ --no-location --sort-output --width=100 --project=Passerelle -o translations/locales/site.pot web
	$(BIN)/pybabel update -D site -i translations/locales/site.pot -d translations/locales --no-fuzzy-matching --width=100

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
