"""``matching requirements``: what a column of vacancy texts requires, one row per text."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer

from matching.cli.app import EXIT_USAGE, app, console, fail, read_titles


@app.command("requirements")
def requirements(
    input: Annotated[Path, typer.Option("--input", "-i", help="A CSV or XLSX file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The CSV to write.")],
    column: Annotated[str, typer.Option(help="The column holding the text.")] = "text",
) -> None:
    """Read licences, Code 95, certificates, languages, experience and age limits from
    free text (Polish, German, English, Russian, Georgian, Hebrew).

    One output row per input row, in order: ``row`` is the input row as a spreadsheet shows
    it (header = 1); the other columns hold what the text requires (``driving`` as
    ``C;CE``, ``certificates`` as ``welding:135;forklift``, ``languages`` as ``pl:A2``),
    and ``preferred`` what it only prefers.
    """
    from matching.requirements import (
        REQUIREMENT_COLUMNS,
        batch_extract_requirements,
        requirements_row,
    )
    from matching.spreadsheets import neutralize

    texts = read_titles(input, column)
    if not texts:
        raise fail(f"{input}: no rows", EXIT_USAGE)
    found = batch_extract_requirements(texts)
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    with part.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("row", *REQUIREMENT_COLUMNS))
        for number, requirement in enumerate(found, start=2):
            cells = requirements_row(requirement)
            writer.writerow([number, *(neutralize(cells[c]) for c in REQUIREMENT_COLUMNS)])
    part.replace(out)
    console.print(f"{len(found)} texts read → {out}")
