"""Commands after the shortlist: ``placement``, ``agencies``, ``explain``; and what
``matching match`` adds (warnings of blocked vacancies, the nearest people, engagement).

Registered on the ``matching`` app by :mod:`matching.cli.app`.
"""

from __future__ import annotations

import getpass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from matching.cli.app import EXIT_DATA, EXIT_USAGE, app, console, err_console, exit_for, fail
from matching.cli.app import open_engine as _open_engine
from matching.errors import MatchingError
from matching.placements.lifecycle import PlacementStatus
from matching.rules.gates import describe_gaps

if TYPE_CHECKING:
    from matching.batch.results import BatchRun
    from matching.ranking.results import Recommendations, Shortlist
    from matching.records import Vacancy
    from matching.service import Engine


def _who() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in a container
        return "cli"


@app.command()
def placement(
    job_seeker_id: Annotated[str, typer.Argument(help="The job seeker's external id.")],
    vacancy_id: Annotated[str, typer.Argument(help="The vacancy's external id.")],
    status: Annotated[PlacementStatus, typer.Argument(help="The new status.")],
    on: Annotated[
        str | None, typer.Option("--date", help="Day it took effect (YYYY-MM-DD); today.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note kept in the history.")] = None,
) -> None:
    """Record a placement's new status: shortlisted, contacted, interviewed, selected,
    visa, departed, returned, declined, rejected or withdrawn.

    A move the lifecycle does not allow is refused with the allowed ones (exit 1); a
    person selected, with a permit or departed is never allocated elsewhere.
    """
    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        raise fail(f"--date must be YYYY-MM-DD, not {on!r}", EXIT_USAGE) from None
    try:
        with _open_engine() as engine:
            placed = engine.store.set_placement_status(
                job_seeker_id, vacancy_id, status, on=day, by=_who(), note=note
            )
            history = engine.store.placement_history(placed.id)
    except MatchingError as error:
        raise exit_for(error) from None
    console.print(
        f"placement {placed.id}: {placed.job_seeker_id} → {placed.vacancy_id} is "
        f"[bold]{placed.status}[/] since {placed.status_date}"
        + (" (engaged: not allocated elsewhere)" if placed.engaged else "")
    )
    for event in history:
        before = event.from_status or "new"
        console.print(
            f"  {event.on} {before} → {event.to_status} by {event.by}"
            + (f": {event.note}" if event.note else "")
        )


agencies_app = typer.Typer(help="The register of licensed agencies.", no_args_is_help=True)
app.add_typer(agencies_app, name="agencies")


@agencies_app.command("import")
def agencies_import(
    path: Annotated[Path, typer.Argument(help="A CSV or XLSX register file.")],
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet (default: the first).")] = None,
) -> None:
    """Import the agency register (licence number, legal name, status, validity, contacts)."""
    from matching.agencies.intake import read_agencies

    if not path.is_file():
        raise fail(f"{path}: no such file", EXIT_USAGE)
    try:
        read = read_agencies(path, sheet=sheet)
        with _open_engine() as engine:
            report = engine.store.upsert_agencies(read.agencies)
    except MatchingError as error:
        raise exit_for(error) from None
    console.print(
        f"{read.rows_read} rows read: {report.total} stored ({report.inserted} new, "
        f"{report.updated} updated, {report.unchanged} unchanged), "
        f"{len({e.row for e in read.errors})} rejected"
    )
    for error in read.errors[:50]:
        err_console.print(f"  row {error.row}, field {error.field!r}: {error.reason}")
    if read.errors:
        raise typer.Exit(EXIT_DATA)


@agencies_app.command("list")
def agencies_list() -> None:
    """The register, with each agency's standing today."""
    try:
        with _open_engine() as engine:
            agencies = engine.store.list_agencies()
    except MatchingError as error:
        raise exit_for(error) from None
    table = Table("licence", "legal name", "standing today", "valid from", "valid until")
    today = date.today()
    for a in agencies:
        table.add_row(
            a.licence_number,
            a.legal_name,
            a.standing_on(today),
            str(a.valid_from or ""),
            str(a.valid_until or ""),
        )
    console.print(table)


@app.command()
def explain(
    job_seeker_id: Annotated[str, typer.Argument(help="The job seeker's external id.")],
    vacancy_id: Annotated[str, typer.Argument(help="The vacancy's external id.")],
) -> None:
    """Why (or why not) this person for this vacancy: every gate, passed or failed."""
    from matching.policy.engine import explain_pair

    try:
        with _open_engine() as engine:
            verdict = explain_pair(engine, vacancy_id, job_seeker_id)
    except MatchingError as error:
        raise exit_for(error) from None
    console.rule(
        f"{job_seeker_id} for {vacancy_id}: [bold]{verdict.verdict}[/] "
        f"(score {verdict.score:.3f}, gates checked on {verdict.on})"
    )
    if verdict.engaged_to and verdict.engaged_to != vacancy_id:
        console.print(f"[yellow]engaged to {verdict.engaged_to}: not allocated elsewhere[/]")
    if not verdict.considered:
        console.print("[yellow]not considered: no experience near the occupation[/]")
    for message in verdict.vacancy_findings:
        console.print(f"[red]vacancy:[/] {message}")
    table = Table("gate", "result", "why", "what closes it")
    for g in verdict.gates:
        result = "pass" if g.passed else ("gap" if g.closable else "FAIL")
        table.add_row(g.kind, result, g.reason, g.remedy or "")
    console.print(table)
    for reason in verdict.explanation.reasons:
        console.print(f"  · {reason}")


# ----------------------------------------------------------------------------- match
def print_vacancy_warnings(engine: Engine, recommendations: Recommendations) -> None:
    """Under a person's recommendations: their engagement, and every blocked vacancy's
    reasons (a blocked vacancy is never shown without them)."""
    from matching.policy.engine import check_vacancies, engagement_of

    engaged = engagement_of(engine, recommendations.job_seeker_id)
    if engaged is not None:
        console.print(
            f"[yellow]{recommendations.job_seeker_id} is engaged: {engaged.status} for "
            f"{engaged.vacancy_id}; not allocated to another vacancy[/]"
        )
    ids = {m.vacancy_id for m in (*recommendations.matches, *recommendations.near_misses)}
    vacancies = [v for v in engine.stored_vacancies() if v.external_id in ids]
    for v in vacancies:
        if v.reintegration:
            console.print(f"  reintegration programme: {v.external_id} ({v.title}, domestic)")
    for vid, checks in sorted(check_vacancies(engine, vacancies).items()):
        for finding in checks.findings:
            mark = "[red]BLOCKED[/]" if finding.blocking and checks.blocked else "warning"
            console.print(f"  {mark} {vid}: {finding.message()}")


def print_nearest(engine: Engine, vacancy: Vacancy, shortlist: Shortlist) -> None:
    """Under a vacancy's shortlist: its findings (blocked first), the listed people engaged
    elsewhere, and, when nobody qualifies, the gate counts and the nearest people."""
    from matching.policy.engine import check_vacancies
    from matching.ranking.exclusions import gate_exclusions, nearest_people

    checks = check_vacancies(engine, [vacancy])[vacancy.external_id]
    for finding in checks.findings:
        mark = "[red]BLOCKED[/]" if finding.blocking and checks.blocked else "warning"
        console.print(f"  {mark} {vacancy.external_id}: {finding.message()}")
    engaged = engine.store.engaged_job_seekers()
    for m in shortlist.matches:
        e = engaged.get(m.job_seeker_id)
        if e is not None and e.vacancy_id != vacancy.external_id:
            console.print(f"  engaged: {m.job_seeker_id} is {e.status} for {e.vacancy_id}")
    if shortlist.matches:
        return
    [coded] = engine.code_vacancies([vacancy])
    matcher = engine.matcher()
    console.print(gate_exclusions(matcher, coded, engaged=engaged).summary())
    for person in nearest_people(matcher, coded):
        console.print(
            f"  nearest {person.job_seeker_id} ({person.score:.3f}) lacks: "
            f"{describe_gaps(person.gaps)}"
        )


def print_blocked(run: BatchRun) -> None:
    """After a batch: its blocked vacancies first, each with its reasons, then its
    demand-list flags."""
    import json

    path = run.files.get("json")
    if path is None or not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    blocked = set(data.get("blocked", ()))
    for flag in data.get("flags", ()):
        if flag["vacancy_id"] in blocked and flag.get("blocking"):
            console.print(f"  [red]blocked[/] {flag['vacancy_id']}: {flag['message']}")
    for flag in data.get("list_flags", ()):
        console.print(f"  [yellow]demand list[/]: {flag['message']}")
