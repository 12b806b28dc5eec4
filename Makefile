# The two commands that matter: `make run` and `make test`. `make help` lists the rest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Canonical links, the sitemap and structured data follow the port unless SITE_URL is set.
SITE_URL ?= http://127.0.0.1:$(PORT)
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
# The compiled translations (git ignores them): one per catalogue under locale/.
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

.DEFAULT_GOAL := help
# The gettext-package and messages targets are for the catalogue; see docs/languages.md.
.PHONY: help run try-production messages gettext-package test test-browser test-browser-repeat test-any-day test-postgres bench bench-admin lighthouse lint format check system-packages nginx-package

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(RUNTIME_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(RUNTIME_STAMP)

# msgfmt --check refuses a catalogue with a broken entry (a format that does not match).
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | gettext-package
	msgfmt --check -o $@ $<

messages: $(RUNTIME_STAMP) gettext-package ## Gather new strings to translate into locale/es/LC_MESSAGES/django.po
	$(BIN)/python manage.py makemessages --locale es --add-location file --no-obsolete \
		--ignore .venv --ignore node_modules --ignore staticfiles --ignore tests --ignore bench --ignore tools --ignore deploy \
		--ignore 'templates/admin/*' --ignore 'templates/simple_history/*' --ignore 'staff_access/*' --ignore 'analytics/templates/*'

run: $(RUNTIME_STAMP) $(MESSAGES) ## Serve the site with gunicorn on 127.0.0.1:$(PORT) (SQLite, debug off)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	SITE_URL='$(SITE_URL)' $(BIN)/gunicorn --config clinic_site/gunicorn.conf.py --bind 127.0.0.1:$(PORT)

# The trial's mail sink (aiosmtpd) is a development package: nothing in production needs it.
try-production: PORT = 8443
try-production: $(DEV_STAMP) $(MESSAGES) nginx-package ## The production stack here: nginx (TLS, self-signed) before gunicorn, https://127.0.0.1:$(PORT); e-mails kept in its run folder
	$(BIN)/python -m deploy.try_production --port $(PORT) $(if $(HTTP_PORT),--http-port $(HTTP_PORT))

lint: $(DEV_STAMP) ## Check style and likely bugs with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV_STAMP) ## Rewrite the code in the project's style
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(DEV_STAMP) ## Django's system checks and a check for missing migrations
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run

# Debian packages, each with the program that shows it is there: Chromium (browser tests),
# Redis and PostgreSQL's server (the several-hosts test), nginx (the production front door).
# Installed when missing and we are root; otherwise we say what to install.
TEST_PACKAGES := chromium:/usr/bin/chromium redis-server:redis-server \
	postgresql-15:/usr/lib/postgresql/15/bin/initdb nginx:/usr/sbin/nginx gettext:/usr/bin/msgfmt
define install-missing
	@missing=""; \
	for item in $(1); do command -v "$${item#*:}" >/dev/null || missing="$$missing $${item%%:*}"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Missing system packages:$$missing. Install them: sudo apt-get install$$missing" >&2; exit 1; \
		fi; \
	fi
endef

system-packages:
	$(call install-missing,$(TEST_PACKAGES))

nginx-package:
	$(call install-missing,nginx:/usr/sbin/nginx)

gettext-package:
	$(call install-missing,gettext:/usr/bin/msgfmt)

test: lint check system-packages $(MESSAGES) ## Lint, check migrations, and run the whole test suite
	$(BIN)/pytest

test-browser: $(DEV_STAMP) system-packages $(MESSAGES) ## Only the browser tests (Debian's Chromium, headless, axe-core)
	$(BIN)/pytest tests/browser -q

# Repeated as a whole, in order: a test that passes alone but not after another shows here.
test-browser-repeat: COUNT ?= 5
test-browser-repeat: $(DEV_STAMP) system-packages $(MESSAGES) ## The browser tests COUNT times in a row (default 5): they must pass every time
	$(BIN)/pytest tests/browser -q --count $(COUNT) --repeat-scope session

# Every test runs at a stated moment (tests/clock.py): the clock-bound ones at each named
# moment anyway, the others at a weekday morning. This moves that default to each other
# moment in turn, to show that those others do not depend on the day or the hour.
test-any-day: $(DEV_STAMP) $(MESSAGES) ## The tests that keep the default clock, at a weekend, around midnight, across DST...
	@for moment in $$($(BIN)/python -c 'from tests.clock import MOMENTS; print(*list(MOMENTS)[1:])'); do \
		echo "Clock at $$moment:"; \
		TEST_CLOCK=$$moment $(BIN)/pytest -q -p no:cacheprovider -m "not browser and not live and not slow" || exit 1; \
	done

test-postgres: $(DEV_STAMP) system-packages $(MESSAGES) ## The whole suite again on a throwaway PostgreSQL 15 cluster
	$(BIN)/python -m tests.postgres $(BIN)/pytest

bench: $(DEV_STAMP) $(MESSAGES) ## Measure throughput and latency of the pages as deployed (needs wrk)
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null; \
		else echo "wrk is missing. Install it: sudo apt-get install wrk" >&2; exit 1; fi; }
	$(BIN)/python bench/run.py $(if $(SECONDS),--seconds $(SECONDS))

# DB=postgres runs it on a throwaway PostgreSQL 15 cluster instead of SQLite.
bench-admin: $(DEV_STAMP) $(if $(filter postgres,$(DB)),system-packages) ## Time the staff pages at 500 and at 50,000 requests (DB=postgres for PostgreSQL)
	$(if $(filter postgres,$(DB)),$(BIN)/python -m tests.postgres) $(BIN)/python bench/admin_pages.py $(if $(REPEAT),--repeat $(REPEAT)) $(if $(ONLY),--only "$(ONLY)")

# Lighthouse 13 needs Node 22; our machines have Node 20.
LIGHTHOUSE_VERSION := 12.8.2

lighthouse: $(DEV_STAMP) system-packages $(MESSAGES) ## Lighthouse scores (mobile) for the home page, article and form (PAGES="/faq/ ..." for others)
	@[ -x node_modules/.bin/lighthouse ] || npm install --no-save --no-audit --no-fund lighthouse@$(LIGHTHOUSE_VERSION)
	$(BIN)/python bench/lighthouse.py $(PAGES)
