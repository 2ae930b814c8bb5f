# Layanan KTP-el: `make run` serves the demo, `make test` runs the whole suite.
VENV  := .venv
PY    := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
PORT  ?= 5000

.DEFAULT_GOAL := help
.PHONY: help setup messages translations migrate demo run worker test e2e-deps clean

help:
	@echo "make run    venv, install, migrate, demo data, serve on http://127.0.0.1:$(PORT) with its worker"
	@echo "make test   the same set-up, then the whole test suite (SQLite unless DATABASE_URL)"
	@echo "make clean  remove the venv and the local SQLite database"

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# After changing our own strings: collect them (Indonesian msgids) and merge them into the
# English catalogue; new entries come in empty, to translate in translations/en/.../messages.po.
messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k N_ -k lazy_pgettext:1c,2 --no-location --sort-output \
	  -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations -D messages -l en \
	  --ignore-obsolete --no-fuzzy-matching

# Compile every catalogue that exists (messages, admin, wtforms) next to its .po.
translations: $(VENV)/.installed
	@for po in translations/*/LC_MESSAGES/*.po; do \
	  [ -f "$$po" ] || continue; \
	  $(VENV)/bin/pybabel compile -f --statistics -i "$$po" -o "$${po%.po}.mo" >/dev/null || exit 1; \
	done

setup: $(VENV)/.installed translations

migrate: setup
	$(FLASK) db upgrade heads

demo: migrate
	$(FLASK) seed-demo

# One desk, one command: the background worker (register extracts) as a child of this
# recipe, the server in front; Ctrl-C stops both. On an office network the worker is its
# own service instead (`make worker`, or the systemd units in the README).
run: demo
	@[ -n "$$PUBLIC_URL" ] || echo "PERINGATAN: PUBLIC_URL belum diatur; kode QR tercetak memuat http://$${SERVER_HOST:-127.0.0.1}:$(PORT), yang tidak dapat dibuka warga."
	@$(FLASK) worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

worker: migrate
	$(FLASK) worker

# What the tests need from Debian: Chromium's old headless shell for the browser tests
# (Playwright's own download cannot work here; the shell costs about half the CPU of the
# full browser per page; without it the tests use `chromium`), pdftoppm to look at the
# signature block, redis-server for the shared limits and the Redis queue. Installed when
# missing and root.
TEST_TOOLS := chromium-headless-shell:chromium-headless-shell pdftoppm:poppler-utils redis-server:redis-server
e2e-deps:
	@for pair in $(TEST_TOOLS); do cmd=$${pair%%:*}; pkg=$${pair#*:}; \
	  command -v $$cmd >/dev/null 2>&1 && continue; \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$pkg >/dev/null) \
	      || echo "warning: could not install $$pkg; tests that need $$cmd will fail"; \
	  else echo "warning: $$cmd missing and not root; tests that need it will fail"; fi; \
	done

# Bytecode kept even where the environment says not to (PYTHONDONTWRITEBYTECODE): each
# worker otherwise compiles and assert-rewrites every module and test again, ~3 s a run.
# It is kept outside the checkout, which a run leaves as it found it (tests/conftest.py
# fails the run otherwise).
PYCACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/layanan-ktpel-pycache
test: setup e2e-deps
	PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(PYCACHE) $(PY) -m pytest -q -p no:cacheprovider -n 2 $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) instance/*.sqlite instance/*.sqlite-* instance/exports
