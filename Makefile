# crmlab: two commands set up a fresh machine.
#   make lab    create .venv with what a student needs, open the course workspace in JupyterLab
#   make test   create .venv with everything (instructor tools, server, tests), run the whole test suite
#   make test-fast  the unit tier only, tests/unit (seconds, not minutes): run it while you work
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PY      = $(BIN)/python
STAMP   = $(VENV)/.installed
STAMP_LAB = $(VENV)/.installed-lab
ALL_EXTRAS = lab,instructor,site,classroom,dev
LAB_ARGS ?=
PORT   ?= 8888
# Tests run in parallel (pytest-xdist); a module's scratch course is built once, on one worker (tests/conftest.py).
PYTEST_WORKERS ?= auto
XDIST   = -n $(PYTEST_WORKERS) --dist loadgroup

.PHONY: lab test test-fast doctest venv datasets docs bench site clean help notebooks student-edition

help:
	@echo "make lab    - the course workspace in JupyterLab (LAB_ARGS=--no-browser for a headless machine)"
	@echo "make test   - the whole test suite and the docstring examples (what CI runs)"
	@echo "make test-fast - the unit tier: no kernels, servers, browsers or nbgrader runs (under 90 s)"
	@echo "make doctest - the Examples of crmlab's docstrings, run as doctests"
	@echo "make bench  - the benchmarks"
	@echo "make classroom - the class server on 127.0.0.1, as root: an account per user (CLASSROOM_ARGS=\"--roster class.csv\")"
	@echo "make classroom-demo - the class server for one person trying it, no isolation (any user)"
	@echo "make site   - the JupyterLite edition into build/site/ (PYODIDE_DIR=... bundles a local Pyodide)"
	@echo "make student-edition - what students receive (no solutions, checks or secrets) into build/student-edition/"

define make_venv
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "crmlab needs Python 3.11 or newer / crmlab 需要 Python 3.11 或更高版本")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
endef

# The student's environment: the package and JupyterLab only.
$(STAMP_LAB): pyproject.toml
	$(make_venv)
	$(PY) -m pip install --quiet -e ".[lab]"
	touch $(STAMP_LAB)

# Everything: instructor tools, the class server, the site build, tests and benchmarks.
$(STAMP): pyproject.toml
	$(make_venv)
	$(PY) -m pip install --quiet -e ".[$(ALL_EXTRAS)]"
	touch $(STAMP) $(STAMP_LAB)

venv: $(STAMP)

lab: $(STAMP_LAB)
	$(PY) -m crmlab.cli lab --port $(PORT) $(LAB_ARGS)

# Every test and every docstring example (.ci/run calls this).
# crmlab's bytecode is compiled once first: hundreds of grading kernels and workers import it, and where
# PYTHONDONTWRITEBYTECODE is set (CI machines) each of them would compile it again.
test: $(STAMP)
	$(PY) -m compileall -q crmlab tests/support > /dev/null
	$(PY) -m pytest $(XDIST) --doctest-modules tests crmlab $(PYTEST_ARGS)

# The unit tier: tests/unit (tests/conftest.py marks tests/integration, and any test marked slow or browser, `integration`).
# (no hypothesis plugin: only the integration tier uses hypothesis, and loading it costs each worker a second)
test-fast: $(STAMP)
	$(PY) -m pytest $(XDIST) -p no:hypothesispytest -m "not integration" tests/unit $(PYTEST_ARGS)

# The Examples of crmlab's docstrings (part of `make test`).
doctest: $(STAMP)
	$(PY) -m pytest $(XDIST) --doctest-modules crmlab $(PYTEST_ARGS)

datasets: $(STAMP)
	$(PY) tools/make_datasets.py

docs: $(STAMP)
	$(PY) -m crmlab.schema > docs/data_dictionary.md

bench: $(STAMP)
	$(PY) benchmarks/bench_simulate.py
	$(PY) benchmarks/bench_analysis.py

clean:
	rm -rf $(VENV) build .pytest_cache

notebooks: $(STAMP)
	$(PY) tools/authoring.py

student-edition: $(STAMP)
	$(PY) tools/student_edition.py

site: notebooks
	$(PY) tools/build_site.py $(if $(PYODIDE_DIR),--pyodide-dir "$(PYODIDE_DIR)")

CLASSROOM_PORT ?= 8000
CLASSROOM_ARGS ?=
.PHONY: classroom classroom-demo classroom-k8s-check bench-classroom
# A class: runs as root (it creates a system account per roster member); docs/classroom.md.
classroom: $(STAMP)
	$(PY) classroom/run.py --port $(CLASSROOM_PORT) $(CLASSROOM_ARGS)

# One person trying the server: no accounts, one shared password, at most one student.
classroom-demo: $(STAMP)
	$(PY) classroom/run.py --demo --port $(CLASSROOM_PORT) $(CLASSROOM_ARGS)

# The Kubernetes values against the vendored Zero to JupyterHub schema (offline).
classroom-k8s-check: $(STAMP)
	$(PY) classroom/k8s/validate.py

bench-classroom: $(STAMP)
	$(PY) benchmarks/bench_classroom.py
