"""The ``matching synth`` command: a synthetic registry and demand lists written to files."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from matching.occupations import Taxonomy
from matching.records import (
    JobSeeker,
)
from matching.synth.generator import PopulationGenerator
from matching.synth.trades import GENERATOR_VERSION


# ----------------------------------------------------------------------------- CLI entry
@dataclass(frozen=True, slots=True)
class SynthSummary:
    """What :func:`synth_command` wrote."""

    out: Path
    job_seekers: int
    vacancies: int
    demand_lists: int
    qualified_pairs: int
    seconds: float
    files: list[Path] = field(default_factory=list)


def synth_command(
    seekers: int,
    seed: int,
    out: Path,
    *,
    vacancies_per_country: int = 8,
    format: Literal["csv", "xlsx", "jsonl"] = "csv",
    taxonomy: Taxonomy | None = None,
) -> SynthSummary:
    """Write a synthetic population to ``out`` (``matching synth --seekers N --seed S --out DIR``).

    Files:
        ``job_seekers.csv`` (or ``.xlsx``, ``.jsonl``): the people. CSV and XLSX use the
            importer's cell formats and carry experience titles only, as registrations
            do; JSONL carries whole records with the true ESCO codes.
        ``demand_lists/<id>.csv``: each destination's vacancies as an agency sends them
            (no ESCO codes); import with ``demand_list_id=<id>``.
        ``demand_lists.json``: every demand list whole, with true ESCO codes.
        ``qualified.json``: vacancy id -> ids of the job seekers who qualify.
        ``occupations.csv``: the true ESCO occupation of every experience entry
            (``external_id, position, esco_uri, isco_group``), to score the normaliser.
        ``manifest.json``: seed, counts, reference date, generator version.

    Returns:
        A summary of what was written.
    """
    from matching.intake.export import write_job_seekers, write_vacancies

    began = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    generator = PopulationGenerator(seed, vacancies_per_country=vacancies_per_country).fit(taxonomy)
    qualified: dict[str, list[str]] = {r.vacancy_id: [] for r in generator._requirements}
    seekers_path = out / f"job_seekers.{format}"
    truth_path = out / "occupations.csv"

    with truth_path.open("w", encoding="utf-8", newline="") as truth:
        truth.write("external_id,position,esco_uri,isco_group\n")

        def people() -> Iterator[JobSeeker]:
            for chunk in generator.iter_chunks(seekers):
                for vacancy_id, ids in chunk.qualified.items():
                    qualified[vacancy_id].extend(ids)
                for seeker in chunk.job_seekers:
                    for position, e in enumerate(seeker.experience):
                        truth.write(
                            f"{seeker.external_id},{position},{e.esco_uri},{e.isco_group}\n"
                        )
                    if format != "jsonl":
                        seeker = seeker.model_copy(
                            update={
                                "experience": [
                                    e.model_copy(update={"esco_uri": None, "isco_group": None})
                                    for e in seeker.experience
                                ]
                            }
                        )
                    yield seeker

        written = write_job_seekers(seekers_path, people())

    files = [seekers_path, truth_path]
    list_dir = out / "demand_lists"
    for demand in generator.demand_lists_:
        path = list_dir / f"{demand.external_id}.csv"
        write_vacancies(path, demand.vacancies, occupations=False)
        files.append(path)
    all_lists = out / "demand_lists.json"
    all_lists.write_text(
        json.dumps(
            [d.model_dump(mode="json") for d in generator.demand_lists_],
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    qualified_path = out / "qualified.json"
    qualified_path.write_text(json.dumps(qualified, indent=1), encoding="utf-8")
    vacancies = sum(len(d.vacancies) for d in generator.demand_lists_)
    seconds = time.perf_counter() - began
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "job_seekers": written,
        "vacancies": vacancies,
        "demand_lists": [d.external_id for d in generator.demand_lists_],
        "reference_date": generator.reference_date.isoformat(),
        "qualified_pairs": sum(len(v) for v in qualified.values()),
        "seconds": round(seconds, 2),
    }
    manifest_path = out / "manifest.json"
    manifest_path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    files += [all_lists, qualified_path, manifest_path]
    return SynthSummary(
        out,
        written,
        vacancies,
        len(generator.demand_lists_),
        manifest["qualified_pairs"],
        seconds,
        files,
    )
