# The portal's commands. `make html` and `make test` work on a fresh clone: they create
# the local virtual environment (.venv) from the pinned requirements when it is missing.

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
INPUTDIR := content
OUTPUTDIR := output
# The production build has its own folder: output/ is always the preview (relative links,
# drafts shown) that `make serve` and `make devserver` show, public/ what is deployed.
PUBLISHDIR := public
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
PORT ?= 8000
# Warnings are errors in CI and in `make publish`: portal_diagnostics reports each one like
# a content problem (`path:line: …`, then the summary, exit 1, no traceback) and publishes
# nothing. (Pelican's own option for this would stop at the first one, with a traceback.)
STRICT ?= $(if $(CI),true,)
PELICANOPTS ?=
# The editors' tools (plugins/portal_check): make new / check / fix.
# CONTENT=<folder> points them at another content folder (the tests do).
CONTENT ?=
PORTAL := $(BIN)/python plugins/portal_check $(if $(CONTENT),--content "$(CONTENT)")
FILES ?=
# The editors' commands and the builds end with our own one-line summary. On failure make
# would add "make: *** [Makefile:NN: check] Error 1" after it; instead the recipe stops make
# with SIGINT, which neither make nor the shell announces (exit status 130: still a failure
# for scripts and CI). The tools themselves exit 1 (e.g. .venv/bin/python plugins/portal_check check).
# Where make ignores SIGINT (started in the background by a script: `make publish &`; its
# mask is in /proc/<pid>/status, SIGINT the bit 2 of the last hex digit), the recipe fails
# as usual instead, with make's line: never a failed build that exits 0.
OR_STOP_QUIETLY = || { if grep -qs '^SigIgn:.*[2367abef]$$' /proc/$$PPID/status; then exit 1; fi; kill -INT $$PPID; sleep 0.2; }

.PHONY: html publish serve devserver urls new check fix test browser server deploy rollback nginx-config bench-serve fuzz lint bench bench-taxonomy bench-images bench-check bench-incremental bench-search golden clean venv help

help:
	@echo "make html       build content/ into output/ (development settings)"
	@echo "make publish    build for production into public/ (publishconf.py, warnings are errors)"
	@echo "make serve      serve output/ on http://127.0.0.1:$(PORT)/"
	@echo "make devserver  serve on http://127.0.0.1:$(PORT)/, rebuild on every change, reload the browser"
	@echo "make urls       record the published addresses in content/data/url-history.yaml (commit it)"
	@echo "make new TITLE=\"…\" CATEGORY=key   create a new article (a draft) with complete front matter"
	@echo "make check      check every article without building (FILES=\"a.md b.md\" for some); lists scheduled ones"
	@echo "make fix        rewrite Unicode NFC and registered names' tone placement (FILES=… for some)"
	@echo "make test       run the whole test suite"
	@echo "make fuzz       the fuzz tests with 10,000 random examples (FUZZ_EXAMPLES=…; a few hundred run in make test)"
	@echo "make lint       ruff on plugins, tests and bench"
	@echo "make golden     regenerate the golden files of tests/golden_site"
	@echo "make bench      build 1,000 and 10,000 synthetic articles: stock Pelican, foundation, full"
	@echo "make bench-taxonomy  taxonomy overhead at 10,000 articles, each build started rested (~15 min)"
	@echo "make bench-images  image variants: ours vs a 6-variant Pillow baseline, warm build of 1,000 photos"
	@echo "make bench-check  time make check on 10,000 synthetic articles (against parsing front matter only)"
	@echo "make bench-search  10,000 articles: the search index's build time and size, bytes for the search page and two queries"
	@echo "make bench-incremental  10,000 articles: make html clean / no change / one edit, dev server save-to-reload per edit kind, stock's cached rebuild, byte identity"
	@echo "make deploy TARGET=dir|host:path  copy public/ into a new release there and switch current to it (KEEP=5 releases)"
	@echo "make rollback TARGET=…  point current back to the previous release"
	@echo "make nginx-config  regenerate deploy/nginx/portal.conf and portal-https.conf"
	@echo "make bench-serve  wrk against nginx (the generated configuration) and python -m http.server, 100 connections"
	@echo "make clean      remove output/ and caches"

# The virtual environment is rebuilt whenever a requirements file changes.
$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv: $(BIN)/.installed

html: venv
	@PORTAL_WARNINGS_ARE_ERRORS=$(STRICT) $(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS) $(OR_STOP_QUIETLY)

publish: venv
	@PORTAL_WARNINGS_ARE_ERRORS=true $(PELICAN) $(INPUTDIR) -o $(PUBLISHDIR) -s $(PUBLISHCONF) $(PELICANOPTS) $(OR_STOP_QUIETLY)

serve: venv
	$(PELICAN) -l $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -p $(PORT) -b 127.0.0.1

# Our dev server (tools/devserver.py): rebuilds in a fresh pelican process on every change to
# content/, theme/, plugins/ or the settings, and reloads the open pages.
devserver: venv
	$(BIN)/python tools/devserver.py --content $(INPUTDIR) --output $(OUTPUTDIR) --settings $(CONFFILE) --port $(PORT) -- $(PELICANOPTS)

# The public build's addresses, recorded so a later change of title, slug or date redirects.
urls: venv
	@tmp=$$(mktemp -d) && $(PELICAN) $(INPUTDIR) -o $$tmp/out -s $(PUBLISHCONF) -e PORTAL_URL_HISTORY_UPDATE=true PORTAL_PRECOMPRESS=false $(PELICANOPTS); \
	status=$$?; rm -rf $$tmp; test $$status = 0 $(OR_STOP_QUIETLY)

# TITLE and CATEGORY reach the command through the environment, so quotes in a title are safe.
new: export PORTAL_NEW_TITLE = $(TITLE)
new: export PORTAL_NEW_CATEGORY = $(CATEGORY)
new: venv
	@$(PORTAL) new --title "$$PORTAL_NEW_TITLE" --category "$$PORTAL_NEW_CATEGORY" $(OR_STOP_QUIETLY)

check: venv
	@$(PORTAL) check $(FILES) $(OR_STOP_QUIETLY)

fix: venv
	@$(PORTAL) fix $(FILES) $(OR_STOP_QUIETLY)

# The search page is tested in Chromium (tests/test_search_browser.py): installed if missing.
browser:
	@tools/install-browser.sh

# The serving tests (tests/test_nginx.py, tests/test_deploy.py) use nginx with the brotli_static
# module, rsync and, for bench-serve, wrk: Debian's packages, installed if missing.
server:
	@tools/install-server.sh

test: venv browser server
	$(BIN)/python -m pytest -q tests

# The fuzz tests (tests/test_fuzz.py) with new random examples: 10,000 per reader-level property,
# FUZZ_SITE_EXAMPLES whole check-and-build runs. `make test` runs a few hundred, derandomised.
FUZZ_EXAMPLES ?= 10000
FUZZ_SITE_EXAMPLES ?= 1000
# tests/test_incremental.py: random edit sequences, rebuilt incrementally, against a clean build.
FUZZ_EDIT_EXAMPLES ?= 60
fuzz: venv
	FUZZ_RANDOM=1 FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_SITE_EXAMPLES=$(FUZZ_SITE_EXAMPLES) FUZZ_EDIT_EXAMPLES=$(FUZZ_EDIT_EXAMPLES) \
		$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py tests/test_incremental.py

lint: venv
	$(BIN)/ruff check .

golden: venv
	$(BIN)/python -m tests.golden regenerate

bench: venv
	$(BIN)/python bench/run.py --n 1000 10000

# The taxonomy engine's overhead alone, each build started rested (about 15 minutes).
bench-taxonomy: venv
	$(BIN)/python bench/run.py --n 10000 --repeat 4 --only foundation,ours --cooldown 90 --json bench/results/overhead-latest.json

bench-incremental: venv
	$(BIN)/python bench/incremental.py

bench-images: venv
	$(BIN)/python bench/images.py --n 8 --warm 1000

bench-search: venv browser
	$(BIN)/python bench/search.py --n 10000

bench-check: venv
	$(BIN)/python bench/check.py --n 10000

# Production: a new release folder under TARGET (a folder, or host:path over ssh) holding
# public/, then `current` switched to it in one rename (tools/deploy.py). RELOAD="…" runs a
# command after the switch (nginx reads redirects.map when it reloads).
KEEP ?= 5
TARGET ?=
RELOAD ?=
deploy: venv
	@test -n "$(TARGET)" || { echo "Thiếu TARGET: make deploy TARGET=/srv/cchc hoặc TARGET=may-chu:/srv/cchc" >&2; kill -INT $$PPID; sleep 0.2; }
	@$(BIN)/python tools/deploy.py deploy "$(PUBLISHDIR)" "$(TARGET)" --keep "$(KEEP)" --reload "$(RELOAD)" $(OR_STOP_QUIETLY)

rollback: venv
	@test -n "$(TARGET)" || { echo "Thiếu TARGET: make rollback TARGET=/srv/cchc hoặc TARGET=may-chu:/srv/cchc" >&2; kill -INT $$PPID; sleep 0.2; }
	@$(BIN)/python tools/deploy.py rollback "$(TARGET)" --reload "$(RELOAD)" $(OR_STOP_QUIETLY)

# deploy/nginx/portal.conf and portal-https.conf from deploy/nginx/portal.conf.j2 and publishconf.py.
nginx-config: venv
	$(BIN)/python tools/nginx_config.py --brotli on

# wrk against nginx serving public/ and against python -m http.server (bench/README.md).
bench-serve: venv server publish
	$(BIN)/python bench/serve_load.py --site $(PUBLISHDIR)

clean:
	rm -rf $(OUTPUTDIR) .output-tmp-* .output-old-* .output.lock $(PUBLISHDIR) .public-tmp-* .public-old-* .public.lock .pytest_cache .ruff_cache
