"""Execute the notebooks in place, so that their committed outputs are current.

    python scripts/run_notebooks.py [notebooks/NAME.ipynb ...]

Each runs from ``notebooks/`` (as the slow test does) with a per-cell timeout; execution
timestamps are dropped, so that re-running an unchanged notebook changes little. The
eval notebook reads ``../shared/eval`` beside the repository and skips it when absent.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 600  # seconds per cell


def run_notebook(path: Path, *, timeout: int = TIMEOUT) -> nbformat.NotebookNode:
    """``path`` executed from its own directory; raises on the first failing cell."""
    book = nbformat.read(path, as_version=4)
    NotebookClient(
        book,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    for cell in book.cells:
        cell.get("metadata", {}).pop("execution", None)
    return book


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        book = run_notebook(path)
        nbformat.write(book, path)
        print(f"{path}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
