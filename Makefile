# The two commands: `make run` and `make test`. Both set everything up on a fresh clone.
# See docs/development.md.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The demo server runs with DEBUG on; production settings come from the environment instead.
DEV_ENV := DEBUG=true

.PHONY: bench demo-code run test setup assets check lint format lock clean

$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

# The front end (docs/development.md): npm installs the exact versions of package-lock.json, again
# only when the lockfile is newer than the install; the build runs again only when its sources
# change. npm ci empties node_modules first, so the stamp is written after it. No package needs
# an install script (sass's optional file watcher is only for --watch), so none runs.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

static/build/.built: node_modules/.installed $(wildcard static/src/*)
	npm run build
	touch $@

assets: static/build/.built

setup: $(VENV)/.installed assets

run: setup
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The code a demo account's authenticator app would show now (DEBUG only): make demo-code ACCOUNT=chair
demo-code: setup
	@$(DEV_ENV) $(PY) manage.py demo_code $(ACCOUNT)

test: setup lint
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: setup
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Re-resolve requirements.lock from the ranges in pyproject.toml (after changing a dependency).
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --disable-pip-version-check ".[dev]"
	echo "# Exact versions for every clone; made by \`make lock\` from pyproject.toml. Do not edit." > requirements.lock
	.lock-venv/bin/pip freeze --exclude cseplan >> requirements.lock
	rm -rf .lock-venv build *.egg-info

clean:
	rm -rf $(VENV) staticfiles node_modules static/build

# The benchmark (benchmarks/run.py): a few minutes, not part of `make test`.
bench: setup
	$(PY) benchmarks/run.py

# Load and faults (benchmarks/load_fault.py, docs/deployment.md): gunicorn under load while the
# local PostgreSQL is stopped and started. About a minute; run as root (it stops the server, so
# not on a machine whose database others are using); not part of `make test`.
load-fault: setup
	$(PY) benchmarks/load_fault.py
