"""``matching skills``: free-text skills in any of the schemes' languages to ESCO skills."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from matching.cli.app import EXIT_USAGE, app, console, fail, read_titles

SKILL_COLUMNS = ("query", "rank", "skill_uri", "preferred_label", "matched_label", "language",
                 "score")  # fmt: skip


@app.command("skills")
def skills(
    texts: Annotated[list[str] | None, typer.Argument(help="Skills, e.g. 'сварка MIG'.")] = None,
    input: Annotated[Path | None, typer.Option("--input", "-i", help="CSV or XLSX.")] = None,
    column: Annotated[str, typer.Option(help="The column holding the skills.")] = "skill",
    top_k: Annotated[int, typer.Option(min=1, max=20, help="Matches per skill.")] = 3,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write a CSV.")] = None,
) -> None:
    """Map free-text skills (Georgian, Russian, Polish, German, English, Hebrew) to ESCO
    skills, as the matcher does; a cell listing several skills is split."""
    from matching.service import Engine
    from matching.skills import SkillMapper, split_skill_text

    if not texts and input is None:
        raise fail("give skills as arguments or a file with --input", EXIT_USAGE)
    items = list(texts or []) + (read_titles(input, column) if input is not None else [])
    queries = [part for item in items for part in split_skill_text(item)]
    engine = Engine()
    with console.status("Loading the taxonomy and indexing skill labels…"):
        mapper = SkillMapper().fit(engine.taxonomy)
    found = mapper.batch_map(queries, limit=top_k)
    rows = [
        (q, rank, m.uri, m.label, m.matched_label, m.language, f"{m.score:.3f}")
        for q, matches in zip(queries, found, strict=True)
        for rank, m in enumerate(matches, start=1)
    ]
    if out is not None:
        from matching.spreadsheets import neutralize

        out.parent.mkdir(parents=True, exist_ok=True)
        part = out.with_name(out.name + ".part")
        with part.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(SKILL_COLUMNS)
            writer.writerows([neutralize(c) for c in row] for row in rows)
        part.replace(out)
        console.print(f"{len(queries)} skills mapped → {out}")
        return
    table = Table("query", "#", "ESCO skill", "matched label", "lang", "score")
    for q, rank, _uri, label, matched, lang, score in rows:
        table.add_row(q if rank == 1 else "", str(rank), label, matched, lang, score)
    console.print(table)
    for q, matches in zip(queries, found, strict=True):
        if not matches:
            console.print(f"[yellow]no ESCO skill found for {q!r}[/]")
