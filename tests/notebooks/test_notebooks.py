"""The notebooks run from a clean clone, so that they never rot (slow: about a minute).

Each is executed from ``notebooks/`` with nbclient and a per-cell timeout; the eval
notebook skips its accuracy tables when ``../shared/eval`` is not beside the repository.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MAX_BYTES = 200 * 1024

pytest.importorskip("nbclient", reason="pip install -e '.[dev]' for the notebook tooling")
pytest.importorskip("ipykernel", reason="pip install -e '.[dev]' for the notebook tooling")


def test_there_are_notebooks():
    assert {p.stem for p in NOTEBOOKS} >= {
        "normalize_titles",
        "demand_supply",
        "allocation_fairness",
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_notebook_is_executed_and_small(path: Path):
    import nbformat

    book = nbformat.read(path, as_version=4)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert code and all(c.get("execution_count") for c in code), "run scripts/run_notebooks.py"
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert path.stat().st_size < MAX_BYTES


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from run_notebooks import run_notebook
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    book = run_notebook(path, timeout=300)
    outputs = [o for c in book.cells if c.cell_type == "code" for o in c.outputs]
    assert outputs and not [o for o in outputs if o.output_type == "error"]
