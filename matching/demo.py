"""``matching demo``: the main job end to end on embedded defaults.

Builds a synthetic registry of Georgian job seekers (experience written in Georgian,
Latin-typed Georgian and Russian, coded by the title normaliser like a real import),
imports the sample Polish demand list, allocates its positions so that nobody is
promised twice, and prints each vacancy's allocated candidates with their reasons,
the near misses with what would close their gaps, and the fairness figures. It also
writes the coordinators' workbook and report through a batch run.

It uses the built-in catalogue and a database of its own under ``data_dir/demo``, so
it never touches a real registry. Everything it prints is in the reader's language
(Georgian by default; ``matching demo --lang en|ru``): sentences and headers from the
catalogue, reasons and gaps worded from the engine's facts, occupations by their names.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from matching.config import Settings
from matching.i18n import N_, Translator, translator
from matching.occupations.taxonomy import Taxonomy
from matching.records import Vacancy
from matching.rules import wording
from matching.service import Engine

SAMPLE_DEMAND_LIST = Path(__file__).parent / "data" / "sample_demand_list_pl.csv"
SHOWN_VACANCIES = 4
SHOWN_CANDIDATES = 3

# What the demo prints, through the catalogue.
MESSAGES: dict[str, str] = {
    "header": N_("demo (built-in catalogue, %(directory)s)"),
    "loading": N_("Loading the occupation taxonomy and the title normaliser…"),
    "taxonomy": N_(
        "Taxonomy %(version)s: %(occupations)s occupations, %(labels)s labels in "
        "%(languages)s languages."
    ),
    "registering": N_("Registering %(count)s synthetic job seekers…"),
    "importing": N_("Importing the sample Polish demand list…"),
    "registered": N_(
        "Registered %(people)s job seekers; imported %(vacancies)s vacancies "
        "(%(rejected)s rows rejected)."
    ),
    "allocating": N_("Shortlisting and allocating…"),
    "vacancy_rule": N_("%(filled)s/%(positions)s allocated, %(qualified)s qualified"),
    "reserve": N_("reserve: %(people)s"),
    "near_miss": N_("near miss %(person)s: qualifies except: %(gaps)s"),
    "fairness": N_(
        "Fairness of the allocation: %(flagged)s of %(groups)s groups under four-fifths "
        "of the best rate, %(significant)s of them unlikely to be chance (one-sided "
        "Fisher p < 0.05)."
    ),
    "fairness_group": N_(
        "%(selected)s of %(qualified)s qualified allocated (ratio %(ratio)s, p=%(p)s)"
    ),
    "writing": N_("Writing the coordinators' workbook and report…"),
    "filled": N_("%(filled)s of %(positions)s positions filled"),
    "summary": N_("nobody promised twice; %(seconds)s s in all."),
}
HEADERS: dict[str, str] = {
    "vacancy": N_("vacancy"),
    "title": N_("title"),
    "received": N_("title as received"),
    "occupation": N_("ESCO occupation (ISCO)"),
    "confidence": N_("confidence"),
    "positions": N_("positions"),
    "filled": N_("filled"),
    "qualified": N_("qualified"),
    "near": N_("near misses"),
    "seeker": N_("job seeker"),
    "score": N_("score"),
    "occ": N_("occupation"),
    "skills": N_("skills"),
    "exp": N_("experience"),
    "lang": N_("language"),
    "why": N_("why"),
}


def demo_header(version: str, data_dir: Path, language: str | None = None) -> str:
    """The demo's first line (rich markup): ``matching 0.9 demo (built-in catalogue, …)``."""
    words = _say(translator(language), "header", directory=data_dir)
    return f"[bold]matching {escape(version)}[/] {escape(words)}"


def _say(t: Translator, key: str, **values: object) -> str:
    return t.gettext(MESSAGES[key]) % values


def _headers(t: Translator, *keys: str) -> list[str]:
    return [t.gettext(HEADERS[k]) if k in HEADERS else k for k in keys]


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
    language: str | None = None,
) -> DemoResult:
    """Run the demo and print it to ``console``.

    Args:
        console: Where the tables go.
        settings: The demo's settings (see :func:`demo_settings`); its database is
            emptied first, so each run shows exactly the population asked for.
        seekers: Synthetic job seekers to register.
        seed: Seed of the synthetic population.
        engine: An engine to use instead of one on ``demo_settings(settings)``.
        language: ``ka`` (the default), ``en`` or ``ru``: what it prints.

    Returns:
        Counts and where the batch output was written.
    """
    from matching.synth.generator import PopulationGenerator

    t = translator(language)
    n = t.format_number
    began = time.perf_counter()
    own_engine = engine is None
    if engine is None:
        _reset_database(settings)
        engine = Engine(settings)
    engine.open()
    try:
        with console.status(_say(t, "loading")):
            taxonomy = engine.taxonomy
            _ = engine.normalizer
        console.print(
            _say(
                t,
                "taxonomy",
                version=taxonomy.version,
                occupations=n(len(taxonomy.occupations)),
                labels=n(len(taxonomy.labels)),
                languages=n(len(taxonomy.languages())),
            )
        )
        with console.status(_say(t, "registering", count=n(seekers))):
            generator = PopulationGenerator(seed, coded=False).fit(taxonomy)
            people = generator.generate(seekers).job_seekers
            engine.save_job_seekers(people)
        with console.status(_say(t, "importing")):
            report = engine.import_vacancies(
                SAMPLE_DEMAND_LIST, demand_list_id="PL-SAMPLE", destination_country="PL"
            )
            vacancies = engine.store.list_vacancies("PL-SAMPLE")
        console.print(
            _say(
                t,
                "registered",
                people=n(len(people)),
                vacancies=n(len(vacancies)),
                rejected=n(len(report.rejected_rows)),
            )
        )
        _print_titles(console, taxonomy, vacancies, t)
        with console.status(_say(t, "allocating")):
            matcher = engine.matcher()
            allocation = engine.allocate(vacancies, explanations=True)
            shortlists = {
                s.vacancy_id: s for s in matcher.batch_match_vacancies(vacancies, explanations=True)
            }
        _print_allocation(console, vacancies, allocation, shortlists, t)
        _print_fairness(console, matcher, allocation, t)
        run_dir = _write_batch(console, engine, t)
        seconds = time.perf_counter() - began
        filled = _say(t, "filled", filled=n(allocation.filled), positions=n(allocation.positions))
        summary = _say(t, "summary", seconds=t.format_number(seconds, digits=1))
        console.print(f"[bold]{escape(filled)}[/], {escape(summary)}")
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


def _print_titles(
    console: Console, taxonomy: Taxonomy, vacancies: Sequence[Vacancy], t: Translator
) -> None:
    table = Table(*_headers(t, "vacancy", "received", "occupation", "confidence"))
    for v in vacancies:
        occupation = "—"
        if v.esco_uri in taxonomy.occupations:
            english = taxonomy.occupations[v.esco_uri].preferred_label
            name = wording.occupation_label(english, v.esco_uri, v.isco_group, t)
            occupation = f"{name} ({v.isco_group})"
        elif v.isco_group:
            occupation = f"ISCO {v.isco_group}"
        score = "—" if v.normalizer_score is None else t.format_number(v.normalizer_score, digits=2)
        table.add_row(escape(v.external_id), escape(v.title), escape(occupation), score)
    console.print(table)


def _print_allocation(console: Console, vacancies, allocation, shortlists, t: Translator) -> None:
    n = t.format_number
    by_id = {v.external_id: v for v in vacancies}
    summary = Table(*_headers(t, "vacancy", "title", "positions", "filled", "qualified", "near"))
    for entry in allocation.vacancies:
        shortlist = shortlists.get(entry.vacancy_id)
        summary.add_row(
            escape(entry.vacancy_id),
            escape(by_id[entry.vacancy_id].title),
            n(entry.positions),
            n(entry.filled),
            n(shortlist.n_qualified if shortlist else 0),
            n(len(shortlist.near_misses) if shortlist else 0),
        )
    console.print(summary)
    for entry in allocation.vacancies[:SHOWN_VACANCIES]:
        vacancy = by_id[entry.vacancy_id]
        shortlist = shortlists.get(entry.vacancy_id)
        qualified = shortlist.n_qualified if shortlist else 0
        counts = _say(
            t,
            "vacancy_rule",
            filled=n(entry.filled),
            positions=n(entry.positions),
            qualified=n(qualified),
        )
        console.rule(
            f"[bold]{escape(vacancy.external_id)}[/] {escape(vacancy.title)}: {escape(counts)}"
        )
        columns = ("#", "seeker", "score", "occ", "skills", "exp", "lang", "why")
        table = Table(*_headers(t, *columns))
        for match in entry.assigned[:SHOWN_CANDIDATES]:
            c = match.components
            reasons = ""
            if match.explanation:
                reasons = "; ".join(wording.explanation_reasons(match.explanation, t)[:3])
            table.add_row(
                n(match.rank),
                escape(match.job_seeker_id),
                t.format_number(match.score, digits=3),
                t.format_number(c.occupation, digits=2),
                t.format_number(c.skills, digits=2),
                t.format_number(c.experience, digits=2),
                t.format_number(c.language, digits=2),
                escape(reasons),
            )
        console.print(table)
        if entry.reserve:
            reserve = ", ".join(r.job_seeker_id for r in entry.reserve[:5])
            console.print("  " + escape(_say(t, "reserve", people=reserve)))
        if shortlist and shortlist.near_misses:
            near = shortlist.near_misses[0]
            gaps = "; ".join(wording.gap_and_remedy(g, t) for g in near.gaps)
            line = _say(t, "near_miss", person=near.job_seeker_id, gaps=gaps)
            console.print("  " + escape(line))


def _print_fairness(console: Console, matcher, allocation, t: Translator) -> None:
    from matching.ranking.fairness import allocation_fairness

    n = t.format_number
    report = allocation_fairness(matcher, allocation)
    flagged = report.flagged
    significant = [r for r in flagged if r.p_value < 0.05]
    console.print(
        escape(
            _say(
                t,
                "fairness",
                flagged=n(len(flagged)),
                groups=n(len(report.rates)),
                significant=n(len(significant)),
            )
        )
    )
    for r in significant:
        detail = _say(
            t,
            "fairness_group",
            selected=n(r.selected),
            qualified=n(r.qualified),
            ratio=t.format_number(r.ratio, digits=2),
            p=t.format_number(r.p_value, digits=3),
        )
        console.print(f"  [yellow]{escape(f'{r.attribute} {r.group}')}[/]: {escape(detail)}")


def _write_batch(console: Console, engine: Engine, t: Translator) -> Path:
    from matching.batch.run import run_batch

    with console.status(_say(t, "writing")):
        run = run_batch(engine, SAMPLE_DEMAND_LIST, destination_country="PL")
    for fmt, path in sorted(run.files.items()):
        console.print(f"  {fmt}: {escape(str(path))}")
    return run.run_dir
