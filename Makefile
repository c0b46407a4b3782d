.PHONY: install check format test bench catalogue messages browser notebooks

install:
	pip install -e ".[dev]"

check:
	ruff check .
	ruff format --check .

format:
	ruff format .
	ruff check --fix .

test:
	python -m pytest -q

bench:
	python bench/normalize.py
	python bench/index.py --quick
	python bench/shortlists.py --quick
	python bench/requirements.py
	python bench/skills.py

# Rewrite the built-in catalogue from an ESCO export (after the lexicons change).
catalogue:
	python scripts/build_catalogue.py --esco-dir $${MATCHING_ESCO_DIR:-../shared/esco}

# Extract the workspace's messages and merge them into the ka/en/ru catalogues; then
# translate the new (empty) entries and run tests/i18n. The .po files are read at run time.
messages:
	pybabel extract -F matching/i18n/babel.cfg -k NC_:1c,2 --no-location --sort-output \
		--project matching --copyright-holder "matching contributors" \
		-o matching/i18n/messages.pot .
	pybabel update -i matching/i18n/messages.pot -d matching/i18n/locales -D messages \
		--no-fuzzy-matching --ignore-obsolete --width 100

# The browser tests alone (need /usr/bin/chromium: apt-get install chromium).
browser:
	python -m pytest -q -m browser tests/web

# Execute the notebooks in place (their outputs are committed; run with ../shared beside
# the repository for the accuracy tables).
notebooks:
	python scripts/run_notebooks.py
