.PHONY: install check format test bench catalogue

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
