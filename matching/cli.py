"""The ``matching`` command line.

Exit codes scripts can rely on:

- 0: done;
- 1: bad usage or input the command cannot read (a missing file, an unknown column);
- 2: a data error with the file and row named (a malformed ESCO or lexicon file);
- 3: a configuration error (settings pointing at something unusable).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from matching import __version__
from matching.config import Settings, get_settings
from matching.errors import ConfigurationError, DataFileError, MatchingError

app = typer.Typer(
    name="matching",
    help="Match Georgian job seekers to legal temporary work abroad. "
    "This service uses the ESCO classification of the European Commission.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)

EXIT_OK, EXIT_USAGE, EXIT_DATA, EXIT_CONFIG = 0, 1, 2, 3
OUTPUT_COLUMNS = (
    "query",
    "rank",
    "esco_uri",
    "isco_group",
    "preferred_label",
    "matched_label",
    "language",
    "score",
    "needs_review",
)


def fail(message: str, code: int) -> typer.Exit:
    """Print a plain-words error and return the exit to raise."""
    err_console.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def exit_for(error: MatchingError) -> typer.Exit:
    if isinstance(error, DataFileError):
        return fail(str(error), EXIT_DATA)
    if isinstance(error, ConfigurationError):
        return fail(str(error), EXIT_CONFIG)
    return fail(str(error), EXIT_USAGE)


def build_normalizer(settings: Settings):
    """The taxonomy the settings name (ESCO or built-in) and a normaliser fitted on it."""
    from matching.occupations import load_taxonomy
    from matching.occupations.normalizer import TitleNormalizer

    with console.status("Loading the occupation taxonomy and fitting the title normaliser…"):
        taxonomy = load_taxonomy(
            settings.esco_dir,
            **(
                {"languages": settings.normalizer_languages, "with_skills": False}
                if settings.esco_available
                else {}
            ),
        )
        normalizer = TitleNormalizer.from_settings(settings).fit(taxonomy)
    return taxonomy, normalizer


def read_titles(path: Path, column: str) -> list[str]:
    """Titles from one column of a CSV (UTF-8, BOM or Windows-1251) or XLSX file."""
    if not path.is_file():
        raise fail(f"{path}: no such file", EXIT_USAGE)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
        header = [str(c).strip() if c is not None else "" for c in (rows[0] if rows else [])]
        if column not in header:
            raise fail(f"{path}: no column {column!r} (columns: {', '.join(header)})", EXIT_USAGE)
        index = header.index(column)
        return ["" if r[index] is None else str(r[index]) for r in rows[1:]]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1251")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if column not in (reader.fieldnames or []):
        names = ", ".join(reader.fieldnames or [])
        raise fail(f"{path}: no column {column!r} (columns: {names})", EXIT_USAGE)
    return [row[column] or "" for row in reader]


@app.command()
def normalize(
    titles: Annotated[list[str] | None, typer.Argument(help="Job titles, in any language.")] = None,
    input: Annotated[
        Path | None, typer.Option("--input", "-i", help="A CSV or XLSX file of titles.")
    ] = None,
    column: Annotated[str, typer.Option(help="The column of --input holding titles.")] = "title",
    top_k: Annotated[int, typer.Option("--top-k", min=1, max=50)] = 5,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write a CSV here instead of a table.")
    ] = None,
) -> None:
    """Map job titles to ranked ESCO occupations and ISCO-08 unit groups."""
    if not titles and input is None:
        raise fail("give titles as arguments or a file with --input", EXIT_USAGE)
    queries = list(titles or [])
    if input is not None:
        queries += read_titles(input, column)
    settings = get_settings()
    try:
        _, normalizer = build_normalizer(settings)
        results = normalizer.batch_normalize(queries, top_k=top_k)
    except MatchingError as error:
        raise exit_for(error) from None
    rows = [
        (r.query, rank, m.uri, m.isco_group, m.preferred_label, m.matched_label, m.language,
         f"{m.score:.3f}", str(m.needs_review).lower())
        for r in results
        for rank, m in enumerate(r.matches, start=1)
    ]  # fmt: skip
    unmatched = [r.query for r in results if not r.matches]
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(OUTPUT_COLUMNS)
            writer.writerows(rows)
            writer.writerows((q, "", "", "", "", "", "", "", "true") for q in unmatched)
        tmp.replace(out)
        console.print(f"{len(results)} titles normalised → {out}")
        return
    table = Table(*OUTPUT_COLUMNS[:2], "isco", "occupation", "matched label", "lang", "score", "")
    for query, rank, _, isco, label, matched, lang, score, review in rows:
        flag = "[yellow]review[/]" if review == "true" else ""
        table.add_row(
            query if rank == 1 else "", str(rank), isco, label, matched, lang, score, flag
        )
    console.print(table)
    for query in unmatched:
        console.print(f"[yellow]no occupation found for {query!r}[/]")


SAMPLE_DEMAND_LIST = Path(__file__).parent / "data" / "sample_demand_list_pl.csv"


@app.command()
def demo(
    seekers: Annotated[int, typer.Option(min=10, max=200_000)] = 3000,
    seed: Annotated[int, typer.Option()] = 7,
) -> None:
    """The main job on embedded defaults: a sample Polish demand list, normalised and matched."""
    settings = Settings(esco_dir=None, data_dir=get_settings().data_dir)
    try:
        taxonomy, normalizer = build_normalizer(settings)
    except MatchingError as error:
        raise exit_for(error) from None
    console.print(
        f"[bold]matching {__version__}[/] on taxonomy {taxonomy.version}: "
        f"{len(taxonomy.occupations)} occupations, {len(taxonomy.labels)} labels"
    )
    titles = read_titles(SAMPLE_DEMAND_LIST, "title")
    results = normalizer.batch_normalize(titles, top_k=1)
    table = Table("vacancy title (as received)", "ESCO occupation", "ISCO", "score", "")
    for result in results:
        top = result.top
        if top is None:
            table.add_row(result.query, "—", "—", "—", "[yellow]review[/]")
            continue
        flag = "[yellow]review[/]" if top.needs_review else ""
        table.add_row(result.query, top.preferred_label, top.isco_group, f"{top.score:.2f}", flag)
    console.print(table)
    try:
        from matching.demo import run_matching_demo
    except ImportError:
        console.print(
            "Matching core not installed in this build: shown the normalised demand list."
        )
        return
    run_matching_demo(console, settings, taxonomy, normalizer, seekers=seekers, seed=seed)


@app.command()
def info() -> None:
    """Show the settings in force and what the taxonomy holds."""
    settings = get_settings()
    console.print(f"matching {__version__}")
    for name, value in settings.model_dump().items():
        console.print(f"  {name} = {value}")
    console.print(f"  ESCO export found: {settings.esco_available}")


def main() -> None:  # pragma: no cover - console entry point
    sys.exit(app())
