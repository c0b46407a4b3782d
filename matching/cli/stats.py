"""``matching stats NAME``: a statistic of the whole registry, small counts suppressed.

One subcommand per statistic in :data:`matching.statistics.STATISTICS`; ``--out`` writes
CSV, XLSX or SVG by its suffix (printed as a table without it); ``matching stats all
--out FILE.xlsx`` writes every statistic to one workbook. The command line runs as the
ministry (every record); every output has been through ``suppress``.

A printed table is read by a person: its title, column names, key values, requirements,
courses and the shortages' sentences are in ``--lang`` (Georgian by default), with the
workspace's words for them. A file keeps its column keys and the engine's English unless
``--lang`` is given (then requirements and courses are worded, as before).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table as RichTable

from matching.cli.app import EXIT_USAGE, app, console, fail, open_engine
from matching.config import get_settings

stats_app = typer.Typer(
    help="Aggregates for the ministry: demand against supply, shortages, training, "
    "agencies, returnees, women and men. Cells counting fewer than "
    "MATCHING_STATS_MIN_CELL (5) people are hidden.",
    no_args_is_help=True,
)
app.add_typer(stats_app, name="stats")

OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write .csv, .xlsx or .svg instead of printing."),
]
TodayOption = Annotated[
    str | None,
    typer.Option(help="Check gates on this day (YYYY-MM-DD) when a vacancy has no season."),
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="ka, en or ru: the printed table and sentences in that language (Georgian by "
        "default); in a file, requirements and courses (English as stored by default).",
    ),
]


def _translator(lang: str | None):
    """The translator of ``lang`` (Georgian for ``None``).

    Raises:
        typer.Exit: ``lang`` is not a catalogue language (a usage error).
    """
    from matching.i18n import DEFAULT_LANGUAGE, LANGUAGES, translator

    if lang is not None and lang not in LANGUAGES:
        raise fail(f"--lang {lang!r}: one of {', '.join(LANGUAGES)}", EXIT_USAGE)
    return translator(lang or DEFAULT_LANGUAGE)


def _phrases(lang: str | None):
    """A ``label`` that words requirement and course cells in ``lang`` (``None``: as is)."""
    if lang is None:
        return None
    from matching.statistics.wording import Phrase, phrase_text

    t = _translator(lang)
    return lambda text: phrase_text(text, t) if isinstance(text, Phrase) else text


def _printed_words(lang: str | None):
    """The translator and the workspace's statistics words for a printed table: ``lang``,
    Georgian by default."""
    from matching.statistics.labels import labeller

    t = _translator(lang)
    return t, labeller(t)


def _tables(names: list[str], today: str | None):
    from matching.statistics import published_table, sources_from_store

    settings = get_settings()
    try:
        day = date.fromisoformat(today) if today else None
    except ValueError:
        raise fail(f"--today {today!r}: not a date (YYYY-MM-DD)", EXIT_USAGE) from None
    with open_engine(settings) as engine:
        sources = sources_from_store(engine.store, today=day, minimum_age=settings.minimum_age)
    return [published_table(name, sources, settings) for name in names]


def _write(tables, out: Path | None, label=None, lang: str | None = None) -> None:
    from matching.fileio import atomic_path, write_text_atomic
    from matching.statistics import chart_svg, shortage_sentences, to_csv, to_xlsx

    if out is None:
        t, words = _printed_words(lang)
        for table in tables:
            _print(table, words)
            if table.name == "shortages":
                for line in shortage_sentences(table, t):
                    console.print(f"  {escape(line)}")
        return
    suffix = out.suffix.lower()
    if suffix == ".xlsx":
        with atomic_path(out) as tmp:
            tmp.write_bytes(to_xlsx(tables, label=label))
    elif suffix == ".csv" and len(tables) == 1:
        write_text_atomic(out, to_csv(tables[0], label=label))
    elif suffix == ".svg" and len(tables) == 1:
        write_text_atomic(out, chart_svg(tables[0], label=label or str))
    else:
        raise fail(f"{out}: write .xlsx (all tables), or .csv / .svg (one table)", EXIT_USAGE)
    console.print(f"{', '.join(t.name for t in tables)} → {out}")


def _print(table, label) -> None:
    shown = RichTable(title=label(table.title))
    for column in table.columns:
        justify = "left" if column.kind in ("key", "text") else "right"
        shown.add_column(label(column.name), justify=justify)
    for r in range(len(table.rows)):
        shown.add_row(
            *(
                "" if v is None else label(v) if isinstance(v, str) else str(v)
                for v in (table.text(r, c) for c in range(len(table.columns)))
            )
        )
    console.print(shown)


def _command(name: str, help_text: str):
    def command(out: OutOption = None, today: TodayOption = None, lang: LangOption = None) -> None:
        label = _phrases(lang)
        _write(_tables([name], today), out, label, lang)

    command.__doc__ = f"{help_text[:1].upper()}{help_text[1:]}."
    return command


def _register() -> None:
    from matching.statistics import STATISTICS

    for name, statistic in STATISTICS.items():
        stats_app.command(name)(_command(name, statistic.help))


_register()


@stats_app.command("all")
def stats_all(
    out: Annotated[Path, typer.Option("--out", "-o", help="The .xlsx workbook to write.")],
    today: TodayOption = None,
    lang: LangOption = None,
) -> None:
    """Every statistic, one sheet each, in one workbook."""
    from matching.statistics import STATISTICS

    if out.suffix.lower() != ".xlsx":
        raise fail(f"{out}: `stats all` writes an .xlsx workbook", EXIT_USAGE)
    label = _phrases(lang)
    _write(_tables(list(STATISTICS), today), out, label, lang)
