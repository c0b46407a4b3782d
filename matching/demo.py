"""``matching demo``: the main job end to end on embedded defaults.

Builds a synthetic registry of Georgian job seekers (experience written in Georgian,
Latin-typed Georgian and Russian, coded by the title normaliser like a real import),
imports the sample Polish demand list, allocates its positions so that nobody is
promised twice, and prints each vacancy's allocated candidates with their reasons,
the near misses with what would close their gaps, and the fairness figures. It also
writes the coordinators' workbook and report through a batch run.

It uses the built-in catalogue and a database of its own under ``data_dir/demo``, so
it never touches a real registry.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from matching.config import Settings
from matching.occupations.taxonomy import Taxonomy
from matching.records import Vacancy
from matching.rules.gates import describe_gaps
from matching.service import Engine

SAMPLE_DEMAND_LIST = Path(__file__).parent / "data" / "sample_demand_list_pl.csv"
SHOWN_VACANCIES = 4
SHOWN_CANDIDATES = 3


@dataclass(frozen=True)
class DemoResult:
    """What the demo built and found."""

    job_seekers: int
    vacancies: int
    positions: int
    filled: int
    seconds: float
    run_dir: Path


def demo_settings(base: Settings) -> Settings:
    """``base`` on the built-in catalogue, with a database and data directory of its own."""
    data_dir = Path(base.data_dir) / "demo"
    return base.model_copy(
        update={
            "esco_dir": None,
            "data_dir": data_dir,
            "database_url": f"sqlite:///{data_dir / 'demo.sqlite'}",
        }
    )


def run_matching_demo(
    console: Console,
    settings: Settings,
    *,
    seekers: int = 3000,
    seed: int = 7,
    engine: Engine | None = None,
) -> DemoResult:
    """Run the demo and print it to ``console``.

    Args:
        console: Where the tables go.
        settings: The demo's settings (see :func:`demo_settings`); its database is
            emptied first, so each run shows exactly the population asked for.
        seekers: Synthetic job seekers to register.
        seed: Seed of the synthetic population.
        engine: An engine to use instead of one on ``demo_settings(settings)``.

    Returns:
        Counts and where the batch output was written.
    """
    from matching.synth.generator import PopulationGenerator

    began = time.perf_counter()
    own_engine = engine is None
    if engine is None:
        _reset_database(settings)
        engine = Engine(settings)
    engine.open()
    try:
        with console.status("Loading the occupation taxonomy and the title normaliser…"):
            taxonomy = engine.taxonomy
            _ = engine.normalizer
        console.print(
            f"Taxonomy {taxonomy.version}: {len(taxonomy.occupations)} occupations, "
            f"{len(taxonomy.labels)} labels in {len(taxonomy.languages())} languages."
        )
        with console.status(f"Registering {seekers:,} synthetic job seekers…"):
            generator = PopulationGenerator(seed, coded=False).fit(taxonomy)
            people = generator.generate(seekers).job_seekers
            engine.save_job_seekers(people)
        with console.status("Importing the sample Polish demand list…"):
            report = engine.import_vacancies(
                SAMPLE_DEMAND_LIST, demand_list_id="PL-SAMPLE", destination_country="PL"
            )
            vacancies = engine.store.list_vacancies("PL-SAMPLE")
        console.print(
            f"Registered {len(people):,} job seekers; imported {len(vacancies)} vacancies "
            f"({len(report.rejected_rows)} rows rejected)."
        )
        _print_titles(console, taxonomy, vacancies)
        with console.status("Shortlisting and allocating…"):
            matcher = engine.matcher()
            allocation = engine.allocate(vacancies, explanations=True)
            shortlists = {
                s.vacancy_id: s for s in matcher.batch_match_vacancies(vacancies, explanations=True)
            }
        _print_allocation(console, vacancies, allocation, shortlists)
        _print_fairness(console, matcher, allocation)
        run_dir = _write_batch(console, engine)
        seconds = time.perf_counter() - began
        console.print(
            f"[bold]{allocation.filled} of {allocation.positions} positions filled[/], "
            f"nobody promised twice; {seconds:.1f} s in all."
        )
        return DemoResult(
            len(people), len(vacancies), allocation.positions, allocation.filled, seconds, run_dir
        )
    finally:
        if own_engine:
            engine.close()


def _reset_database(settings: Settings) -> None:
    url = settings.resolved_database_url
    if url.startswith("sqlite:///") and Path(settings.data_dir) in Path(url[10:]).parents:
        Path(url[10:]).unlink(missing_ok=True)


def _print_titles(console: Console, taxonomy: Taxonomy, vacancies: Sequence[Vacancy]) -> None:
    table = Table("vacancy", "title as received", "ESCO occupation (ISCO)", "confidence")
    for v in vacancies:
        occupation = "—"
        if v.esco_uri in taxonomy.occupations:
            occupation = f"{taxonomy.occupations[v.esco_uri].preferred_label} ({v.isco_group})"
        elif v.isco_group:
            occupation = f"ISCO {v.isco_group}"
        score = "—" if v.normalizer_score is None else f"{v.normalizer_score:.2f}"
        table.add_row(v.external_id, v.title, occupation, score)
    console.print(table)


def _print_allocation(console: Console, vacancies, allocation, shortlists) -> None:
    by_id = {v.external_id: v for v in vacancies}
    summary = Table("vacancy", "title", "positions", "allocated", "qualified", "near misses")
    for entry in allocation.vacancies:
        shortlist = shortlists.get(entry.vacancy_id)
        summary.add_row(
            entry.vacancy_id,
            by_id[entry.vacancy_id].title,
            str(entry.positions),
            str(entry.filled),
            str(shortlist.n_qualified if shortlist else 0),
            str(len(shortlist.near_misses) if shortlist else 0),
        )
    console.print(summary)
    for entry in allocation.vacancies[:SHOWN_VACANCIES]:
        vacancy = by_id[entry.vacancy_id]
        shortlist = shortlists.get(entry.vacancy_id)
        qualified = shortlist.n_qualified if shortlist else 0
        console.rule(
            f"[bold]{vacancy.external_id}[/] {vacancy.title}: "
            f"{entry.filled}/{entry.positions} allocated, {qualified} qualified"
        )
        table = Table("#", "job seeker", "score", "occ", "skills", "exp", "lang", "why")
        for match in entry.assigned[:SHOWN_CANDIDATES]:
            c = match.components
            reasons = "; ".join(match.explanation.reasons[:3]) if match.explanation else ""
            table.add_row(
                str(match.rank),
                match.job_seeker_id,
                f"{match.score:.3f}",
                f"{c.occupation:.2f}",
                f"{c.skills:.2f}",
                f"{c.experience:.2f}",
                f"{c.language:.2f}",
                reasons,
            )
        console.print(table)
        if entry.reserve:
            reserve = ", ".join(r.job_seeker_id for r in entry.reserve[:5])
            console.print(f"  reserve: {reserve}")
        if shortlist and shortlist.near_misses:
            near = shortlist.near_misses[0]
            gaps = "qualifies except: " + describe_gaps(near.gaps)
            console.print(f"  near miss {near.job_seeker_id}: {gaps}")


def _print_fairness(console: Console, matcher, allocation) -> None:
    from matching.ranking.fairness import allocation_fairness

    report = allocation_fairness(matcher, allocation)
    flagged = report.flagged
    significant = [r for r in flagged if r.p_value < 0.05]
    console.print(
        f"Fairness of the allocation: {len(flagged)} of {len(report.rates)} groups under "
        f"four-fifths of the best rate, {len(significant)} of them unlikely to be chance "
        "(one-sided Fisher p < 0.05)."
    )
    for r in significant:
        console.print(
            f"  [yellow]{r.attribute} {r.group}[/]: {r.selected} of {r.qualified} qualified "
            f"allocated (ratio {r.ratio:.2f}, p={r.p_value:.3f})"
        )


def _write_batch(console: Console, engine: Engine) -> Path:
    from matching.batch.run import run_batch

    with console.status("Writing the coordinators' workbook and report…"):
        run = run_batch(engine, SAMPLE_DEMAND_LIST, destination_country="PL")
    for fmt, path in sorted(run.files.items()):
        console.print(f"  {fmt}: {path}")
    return run.run_dir
