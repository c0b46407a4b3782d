.PHONY: install check format test bench catalogue notebooks

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

# Rewrite the built-in catalogue from an ESCO export (after the lexicons change).
catalogue:
	python scripts/build_catalogue.py --esco-dir $${MATCHING_ESCO_DIR:-../shared/esco}

# Execute the notebooks in place (their outputs are committed; run with ../shared beside
# the repository for the accuracy tables).
notebooks:
	python scripts/run_notebooks.py
