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
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from matching import __version__
from matching.config import Settings, get_settings
from matching.errors import ConfigurationError, DataFileError, MatchingError
from matching.rules.gates import describe_gaps
from matching.spreadsheets import write_csv_rows

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
    err_console.print(f"[bold red]error:[/] {message}", soft_wrap=True)  # whole, for grep
    return typer.Exit(code)


def exit_for(error: MatchingError) -> typer.Exit:
    if isinstance(error, DataFileError):
        return fail(str(error), EXIT_DATA)
    if isinstance(error, ConfigurationError):
        return fail(str(error), EXIT_CONFIG)
    return fail(str(error), EXIT_USAGE)


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
    description_column: Annotated[
        str | None,
        typer.Option(
            help="A column of --input with each ad's description, read when the title "
            "alone is unclear; the output then gains a 'row' column (the input row)."
        ),
    ] = None,
    top_k: Annotated[int, typer.Option("--top-k", min=1, max=50)] = 5,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write a CSV here instead of a table.")
    ] = None,
) -> None:
    """Map job titles to ranked ESCO occupations and ISCO-08 unit groups."""
    if not titles and input is None:
        raise fail("give titles as arguments or a file with --input", EXIT_USAGE)
    if description_column is not None and (input is None or titles):
        raise fail("--description-column reads --input only (no titles as arguments)", EXIT_USAGE)
    queries = list(titles or [])
    descriptions: list[str | None] | None = None
    if input is not None:
        queries += read_titles(input, column)
    if description_column is not None and input is not None:
        descriptions = [d or None for d in read_titles(input, description_column)]
    from matching.service import Engine

    engine = Engine(get_settings())
    try:
        # The engine's normaliser: the one `index build` saved, else fitted and saved now.
        with console.status("Loading the occupation taxonomy and the title normaliser…"):
            _ = engine.normalizer
        if descriptions is None:
            results = engine.normalize(queries, top_k=top_k)
        else:
            results = engine.normalizer.batch_normalize(queries, descriptions, top_k=top_k)
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
            if descriptions is None:
                unmatched_rows = ((q, "", "", "", "", "", "", "", "true") for q in unmatched)
                write_csv_rows(fh, OUTPUT_COLUMNS, [*rows, *unmatched_rows])
            else:  # every ranked row says which input row it answers, in input order
                lines = [
                    (number, r.query, rank, m.uri, m.isco_group, m.preferred_label,
                     m.matched_label, m.language, f"{m.score:.3f}", str(m.needs_review).lower())
                    for number, r in enumerate(results, start=2)
                    for rank, m in enumerate(r.matches, start=1)
                ] + [
                    (number, r.query, "", "", "", "", "", "", "", "true")
                    for number, r in enumerate(results, start=2)
                    if not r.matches
                ]  # fmt: skip
                lines.sort(key=lambda line: (line[0], line[2] or 0))
                write_csv_rows(fh, ("row", *OUTPUT_COLUMNS), lines)
        tmp.replace(out)
        console.print(f"{len(results)} titles normalised → {out}")
        return
    table = Table(
        *OUTPUT_COLUMNS[:2], "isco", "occupation", "matched label", "lang", "score", "review"
    )
    for query, rank, _, isco, label, matched, lang, score, review in rows:
        flag = "[yellow]review[/]" if review == "true" else ""
        table.add_row(
            query if rank == 1 else "", str(rank), isco, label, matched, lang, score, flag
        )
    console.print(table)
    for query in unmatched:
        console.print(f"[yellow]no occupation found for {query!r}[/]")


def open_engine(settings: Settings | None = None):
    """An open :class:`~matching.service.Engine` on the settings in force."""
    from matching.service import Engine

    return Engine(settings or get_settings()).open()


@app.command()
def demo(
    seekers: Annotated[
        int, typer.Option(min=10, max=200_000, help="Synthetic job seekers.")
    ] = 3000,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic population.")] = 7,
    lang: Annotated[
        str, typer.Option("--lang", help="ka, en or ru: the language it prints in.")
    ] = "ka",
) -> None:
    """The main job on embedded defaults: explained shortlists for a sample demand list.

    Registers a synthetic population, imports the sample Polish demand list, allocates it
    and prints explained shortlists, near misses and a fairness report (in Georgian, or
    ``--lang en|ru``).
    """
    from matching.demo import demo_header, demo_settings, run_matching_demo
    from matching.i18n import LANGUAGES

    if lang not in LANGUAGES:
        raise fail(f"--lang {lang!r}: one of {', '.join(LANGUAGES)}", EXIT_USAGE)
    settings = demo_settings(get_settings())
    console.print(demo_header(__version__, settings.data_dir, lang))
    try:
        run_matching_demo(console, settings, seekers=seekers, seed=seed, language=lang)
    except MatchingError as error:
        raise exit_for(error) from None


@app.command()
def synth(
    seekers: Annotated[int, typer.Option(min=1, max=5_000_000)] = 10_000,
    seed: Annotated[int, typer.Option()] = 0,
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write.")] = Path(
        "synthetic"
    ),
    vacancies_per_country: Annotated[int, typer.Option(min=1, max=10_000)] = 8,
    format: Annotated[str, typer.Option(help="csv, xlsx or jsonl")] = "csv",
) -> None:
    """Write a seeded synthetic population and destination demand lists."""
    from matching.synth.command import synth_command

    if format not in ("csv", "xlsx", "jsonl"):
        raise fail(f"--format must be csv, xlsx or jsonl, not {format!r}", EXIT_USAGE)
    with console.status(f"Generating {seekers:,} job seekers…"):
        summary = synth_command(
            seekers, seed, out, vacancies_per_country=vacancies_per_country, format=format
        )
    console.print(
        f"{summary.job_seekers:,} job seekers, {summary.vacancies} vacancies in "
        f"{summary.demand_lists} demand lists → {out} ({summary.seconds:.1f} s)"
    )


class RecordKind(StrEnum):
    job_seekers = "job-seekers"
    vacancies = "vacancies"


def parse_mapping(pairs: list[str] | None) -> dict[str, str | None]:
    """``--map "header=field"`` options as a mapping (``header=`` ignores the column)."""
    mapping: dict[str, str | None] = {}
    for pair in pairs or []:
        header, sep, target = pair.partition("=")
        if not sep or not header.strip():
            raise fail(f'--map {pair!r}: write it as "header=field"', EXIT_USAGE)
        mapping[header.strip()] = target.strip() or None
    return mapping


SHOWN_ERRORS = 20


class MessageLanguage(StrEnum):
    ka = "ka"
    en = "en"
    ru = "ru"


def print_import_report(report, path: Path, language: str = "ka") -> None:
    """How the headers were read, the counts, the first errors; the full list beside the
    file. Every line in ``language`` (the message catalogue's ka, en or ru)."""
    from matching.intake.messages import render

    def say(code: str, **params: object) -> str:
        return render(code, params, language)

    console.print(f"[bold]{escape(say('columns_of', file=path.name))}[/]")
    for header, name in report.columns.items():
        console.print(f"  {header} → {name}", markup=False)
    for header in report.ignored_columns:
        console.print(f"  [yellow]{escape(say('ignored_column', header=header))}[/]")
    if report.dry_run:
        console.print(
            say("dry_run", rows=report.rows_read, valid=report.valid,
                rejected=len(report.rejected_rows)), markup=False,
        )  # fmt: skip
        for number, record in enumerate(report.preview, start=1):
            console.print(f"  {say('valid_row', number=number)} {record}", soft_wrap=True,
                          markup=False)  # fmt: skip
    else:
        console.print(
            say("summary", rows=report.rows_read, stored=report.stored,
                inserted=report.inserted, updated=report.updated,
                unchanged=report.unchanged, rejected=len(report.rejected_rows)),
            markup=False,
        )  # fmt: skip
    for duplicate in report.duplicates[:SHOWN_ERRORS]:
        console.print(f"  [yellow]{say('likely_duplicate')}[/] {escape(str(duplicate))}")
    for error in report.errors[:SHOWN_ERRORS]:
        line = say("row_error", row=error.row, field=error.field, reason=error.message(language))
        err_console.print(f"  {line}", soft_wrap=True, markup=False)
    if report.errors:
        from matching.intake.export import errors_path, write_row_errors

        target = errors_path(path)
        try:
            write_row_errors(target, report.errors, language)
        except OSError as error:
            err_console.print(f"  {say('errors_not_written', error=error.strerror)}", markup=False)
        else:
            more = len(report.errors) - SHOWN_ERRORS
            line = say("more_errors", more=more, path=target) if more > 0 else say(
                "every_error", path=target)  # fmt: skip
            err_console.print(f"  {line}", markup=False)


@app.command("import")
def import_(
    kind: Annotated[RecordKind, typer.Argument(help="job-seekers or vacancies")],
    path: Annotated[Path, typer.Argument(help="A CSV, XLSX, JSON or JSONL file.")],
    demand_list: Annotated[
        str | None, typer.Option(help="Store the vacancies as this demand list.")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="Destination of rows that name none (PL, DE ...).")
    ] = None,
    agency: Annotated[str | None, typer.Option(help="Agency of rows that name none.")] = None,
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet (default: the first).")] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map", help='Read a column as a field: "header=field" ("header=" ignores it).'
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and show the rows as parsed; store nothing.")
    ] = False,
    lang: Annotated[
        MessageLanguage,
        typer.Option(help="Language of the messages: ka, en or ru."),
    ] = MessageLanguage.ka,
) -> None:
    """Import job seekers or vacancies; bad rows are listed and the good ones stored.

    Exit code 2 when any row was rejected; the full list of errors is written beside the
    file as FILE.errors.csv.
    """
    if not path.is_file():
        raise fail(f"{path}: no such file", EXIT_USAGE)
    mapping = parse_mapping(map_)
    try:
        with open_engine() as engine, console.status(f"Importing {path.name}…"):
            if kind is RecordKind.job_seekers:
                report = engine.import_job_seekers(
                    path, sheet=sheet, agency=agency, mapping=mapping, dry_run=dry_run
                )
            else:
                report = engine.import_vacancies(
                    path,
                    sheet=sheet,
                    demand_list_id=demand_list,
                    destination_country=country,
                    mapping=mapping,
                    dry_run=dry_run,
                )
    except MatchingError as error:
        raise exit_for(error) from None
    print_import_report(report, path, lang.value)
    if report.errors:
        raise typer.Exit(EXIT_DATA)


class TemplateLanguage(StrEnum):
    ka = "ka"
    en = "en"
    ru = "ru"


@app.command()
def template(
    kind: Annotated[RecordKind, typer.Argument(help="job-seekers or vacancies")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The XLSX file to write.")],
    lang: Annotated[TemplateLanguage, typer.Option(help="Language of the headers.")] = (
        TemplateLanguage.ka
    ),
) -> None:
    """Write a blank XLSX for clerks: the headers import reads, a sheet explaining every
    column and its allowed values, and drop-down lists where a column takes a few values."""
    from matching.intake.template import write_template

    if out.suffix.lower() != ".xlsx":
        raise fail(f"--out {out}: the template is an .xlsx file", EXIT_USAGE)
    path = write_template(kind.value, lang.value, out)
    console.print(f"{kind.value} template ({lang.value}) → {path}")


@app.command()
def duplicates(
    limit: Annotated[int, typer.Option(min=1, help="Pairs shown at most.")] = 200,
) -> None:
    """List likely duplicates: the same name across scripts (ნინო / Nino / Нино) and the
    same birth date, under two records."""
    from matching.intake.people import likely_duplicates

    try:
        with open_engine() as engine, console.status("Comparing people…"):
            pairs = likely_duplicates(engine.store.iter_job_seekers())
            claims = engine.store.personal_number_claims()
    except MatchingError as error:
        raise exit_for(error) from None
    for claimant, agency, holder, holder_agency in claims[:limit]:
        console.print(
            f"  same personal number: {claimant} ({agency or '-'}) claims the number of "
            f"{holder or '(erased)'} ({holder_agency or '-'})"
        )
    for pair in pairs[:limit]:
        console.print(f"  {pair}")
    console.print(f"{len(claims)} personal-number claims, {len(pairs)} likely duplicate pairs")


index_app = typer.Typer(help="Build the saved indexes.", no_args_is_help=True)
app.add_typer(index_app, name="index")


@index_app.command("build")
def index_build(
    vectors: Annotated[
        bool, typer.Option(help="Also embed taxonomy labels with the configured encoder.")
    ] = False,
) -> None:
    """Fit and save the title normaliser (and, with --vectors, a label vector index)."""
    import shutil

    from matching.service import Engine

    settings = get_settings()
    engine = Engine(settings)
    try:
        path = engine.normalizer_path(engine.taxonomy)
        shutil.rmtree(path, ignore_errors=True)
        began = time.perf_counter()
        with console.status("Fitting the title normaliser…"):
            normalizer = engine.normalizer
        console.print(
            f"title normaliser: {len(normalizer.labels_):,} labels → {path} "
            f"({time.perf_counter() - began:.1f} s)"
        )
        if vectors:
            out = build_label_vectors(engine, settings)
            console.print(f"label vectors → {out}")
        if normalizer.encoder is not None:
            with console.status("Embedding the labels the normaliser fuses…"):
                count = normalizer.embed_labels()
            console.print(f"title normaliser: {count:,} label vectors ready")
    except MatchingError as error:
        raise exit_for(error) from None


def build_label_vectors(engine, settings: Settings) -> Path:
    """Embed every taxonomy label (through the embedding cache) into a saved VectorIndex."""
    from rich.progress import Progress

    from matching.index import CachedEncoder, EmbeddingCache, VectorIndex, make_encoder

    # The cache the normaliser's fusion reads (Settings.normalizer_embedding_weight).
    encoder = CachedEncoder(make_encoder(settings), EmbeddingCache.from_settings(settings)).load()
    labels = engine.taxonomy.labels
    index = VectorIndex(model_id=encoder.model_id, hnsw_threshold=settings.hnsw_threshold)
    step = 2048
    with Progress(console=console) as progress:
        task = progress.add_task("embedding labels", total=len(labels))
        for start in range(0, len(labels), step):
            chunk = labels[start : start + step]
            vectors = encoder.encode_documents([lb.text for lb in chunk])
            index.add(list(range(start, start + len(chunk))), vectors)
            progress.advance(task, len(chunk))
    out = Path(settings.data_dir) / "index" / "labels"
    index.save(out)
    return out


match_app = typer.Typer(help="Shortlists and recommendations.", no_args_is_help=True)
app.add_typer(match_app, name="match")


@match_app.command("vacancy")
def match_vacancy(
    vacancy_id: Annotated[str, typer.Argument(help="The vacancy's external id.")],
    k: Annotated[int | None, typer.Option("--top", "-k", min=1, max=1000)] = None,
) -> None:
    """Rank the job seekers who qualify for a vacancy, with reasons and near misses."""
    try:
        with open_engine() as engine, console.status("Matching…"):
            vacancy = engine.vacancy(vacancy_id)
            shortlist = engine.match_vacancy(vacancy, k)
    except MatchingError as error:
        raise exit_for(error) from None
    console.rule(
        f"{vacancy.external_id} {vacancy.title}: {shortlist.n_qualified} qualified "
        f"of {shortlist.n_considered} considered"
    )
    print_matches(shortlist.matches, "job seeker")
    print_near_misses([(n.job_seeker_id, n.score, n.gaps) for n in shortlist.near_misses])
    with open_engine() as engine:
        placements.print_nearest(engine, vacancy, shortlist)


@match_app.command("seeker")
def match_seeker(
    job_seeker_id: Annotated[str, typer.Argument(help="The job seeker's external id.")],
    k: Annotated[int | None, typer.Option("--top", "-k", min=1, max=1000)] = None,
) -> None:
    """The best stored vacancies for one person, with reasons and gaps."""
    try:
        with open_engine() as engine, console.status("Matching…"):
            recommendations = engine.match_job_seeker(job_seeker_id, k)
    except MatchingError as error:
        raise exit_for(error) from None
    print_matches(recommendations.matches, "vacancy")
    print_near_misses([(n.vacancy_id, n.score, n.gaps) for n in recommendations.near_misses])
    with open_engine() as engine:
        placements.print_vacancy_warnings(engine, recommendations)


def print_near_misses(near_misses, shown: int = 10) -> None:
    """``(id, score, gaps)`` of the first ``shown`` near misses, with what closes each gap."""
    for who, score, gaps in near_misses[:shown]:
        console.print(f"  near miss {who} ({score:.3f}): {describe_gaps(gaps)}")


def print_matches(matches, who: str) -> None:
    table = Table("#", who, "score", "occ", "skills", "exp", "lang", "reasons", "missing skills")
    for m in matches:
        c = m.components
        explanation = m.explanation
        table.add_row(
            str(m.rank),
            m.job_seeker_id if who == "job seeker" else m.vacancy_id,
            f"{m.score:.3f}",
            f"{c.occupation:.2f}",
            f"{c.skills:.2f}",
            f"{c.experience:.2f}",
            f"{c.language:.2f}",
            "; ".join(explanation.reasons[:3]) if explanation else "",
            ", ".join(explanation.missing_skills[:3]) if explanation else "",
        )
    console.print(table)
    if not matches:
        console.print("[yellow]nobody qualifies[/]")


@app.command()
def batch(
    demand_list: Annotated[Path, typer.Argument(help="The demand list (CSV, XLSX or JSON).")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Directory for the run's outputs.")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="Destination of rows that name none (PL, DE ...).")
    ] = None,
    list_id: Annotated[
        str | None, typer.Option(help="Demand list id (default: file name).")
    ] = None,
) -> None:
    """Shortlist and allocate a whole demand list; writes XLSX, CSV, JSON and HTML.

    Running the same file again resumes an interrupted run instead of starting over.
    """
    from rich.progress import Progress

    from matching.batch.run import run_batch

    if not demand_list.is_file():
        raise fail(f"{demand_list}: no such file", EXIT_USAGE)
    try:
        with open_engine() as engine, Progress(console=console) as progress:
            task = progress.add_task("shortlisting", total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            run = run_batch(
                engine,
                demand_list,
                out,
                demand_list_id=list_id,
                destination_country=country,
                progress=advance,
            )
    except MatchingError as error:
        raise exit_for(error) from None
    console.print(
        f"run {run.run_id}: {run.status}; {run.filled}/{run.positions} positions filled "
        f"over {run.vacancies} vacancies, {run.flagged} flagged"
    )
    placements.print_blocked(run)
    for fmt, path in sorted(run.files.items()):
        console.print(f"  {fmt}: {path}")
    if run.status != "done":
        raise fail(run.error or "the run did not finish", EXIT_DATA)


class LogLevel(StrEnum):
    critical = "critical"
    error = "error"
    warning = "warning"
    info = "info"
    debug = "debug"


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64)] = 1,
    worker: Annotated[
        bool, typer.Option(help="Run queued batch jobs in each server process too.")
    ] = True,
    log_level: Annotated[LogLevel, typer.Option(help="Server log level.")] = LogLevel.info,
    access_log: Annotated[
        bool, typer.Option(help="Log each request (routes only, never ids or queries).")
    ] = True,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs).

    With several workers on Linux, each listens on a socket of its own on the same port
    (SO_REUSEPORT), so the kernel shares the connections, kept-alive ones too, between
    them (:mod:`api.serving`).
    """
    import os

    from api.serving import serve as serve_api

    if not worker:  # the app reads its settings from the environment (MATCHING_*)
        os.environ["MATCHING_JOBS_WORKER"] = "false"
        get_settings.cache_clear()
    options = {} if access_log else {"access_log": False}
    code = serve_api(host, port, workers, log_level=log_level.value, **options)
    if code:
        raise typer.Exit(code)


@app.command()
def info() -> None:
    """Show the settings in force and what the taxonomy holds."""
    settings = get_settings()
    console.print(f"matching {__version__}")
    for name, value in settings.model_dump().items():
        console.print(f"  {name} = {value}")
    console.print(f"  ESCO export found: {settings.esco_available}")


# The commands after the shortlist (placement, agencies, explain) register themselves.
from matching.cli import placements  # noqa: E402


def main() -> None:  # pragma: no cover - console entry point
    sys.exit(app())


# Commands kept in modules of their own register themselves on ``app`` when imported.
from matching.cli import requirements as _requirements  # noqa: E402, F401
from matching.cli import skills as _skills  # noqa: E402, F401
from matching.cli import stats as _stats  # noqa: E402, F401
from matching.cli import worker as _worker  # noqa: E402, F401
