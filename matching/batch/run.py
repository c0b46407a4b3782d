"""The run itself: :func:`run_batch` imports a demand list, shortlists, allocates and writes
the outputs, resuming from the checkpoint (the package docstring tells the whole story)."""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from matching import __version__
from matching.batch.erasure import register_runs_root
from matching.batch.flags import _flags, _occupation_label
from matching.batch.manifest import (
    _check_formats,
    _Checkpoint,
    _default_list_id,
    _digest,
    _gate_day,
    _manifest_run,
    _now,
    _read_manifest,
    _run_lock,
    _settings_snapshot,
    _vacancy_sha256,
    _write_manifest,
)
from matching.batch.report import write_outputs
from matching.batch.results import (
    _CHUNK,
    _POOL_EXTRA,
    _POOL_FACTOR,
    CHECKPOINT,
    FORMATS,
    BatchResults,
    BatchRun,
    Candidate,
    Flag,
    OccupationSupply,
    PlacementLine,
    VacancyOutcome,
    VacancyShortlist,
)
from matching.errors import DataFileError, RunInProgressError
from matching.fileio import remove_stale_temporaries, sha256_file, without_paths
from matching.intake.importer import import_vacancies
from matching.intake.report import ImportReport
from matching.placements.records import Engagement
from matching.policy.checks import VacancyChecks, VacancyPolicy
from matching.records import Vacancy
from matching.storage.flags import agency_flags_of

if TYPE_CHECKING:
    from matching.ranking.allocation import Allocation
    from matching.ranking.matcher import Matcher
    from matching.ranking.results import CandidatePool, Shortlist
    from matching.rules.explain import Explanation
    from matching.rules.scoring import ScoreComponents
    from matching.service import Engine

log = logging.getLogger(__name__)


# ----------------------------------------------------------------------------- the run
def run_batch(
    engine: Engine,
    source: str | Path,
    out_dir: str | Path | None = None,
    *,
    demand_list_id: str | None = None,
    destination_country: str | None = None,
    run_id: str | None = None,
    formats: Sequence[str] = FORMATS,
    progress: Callable[[int, int], None] | None = None,
    mapping: Mapping[str, str | None] | None = None,
) -> BatchRun:
    """Import, check, shortlist and allocate a demand list; write its outputs.

    Args:
        engine: The engine (its store, normaliser and matcher over the job seekers).
        source: The demand list: CSV, XLSX or JSON.
        out_dir: Where runs go; ``settings.data_dir / "runs"`` by default.
        demand_list_id: Id the list is stored under; a JSON list's own id or the file's
            stem by default.
        destination_country: Country of rows that name none.
        run_id: The run's id; by default a digest of the input bytes, the result-shaping
            settings, the stored job seekers and the gate day, so that the same file
            run again resumes (or reuses) the same run.
        formats: Outputs to write: ``xlsx``, ``csv``, ``json``, ``html``.
        progress: Called as ``progress(done, total)`` as vacancies are shortlisted.
        mapping: Source column -> field for columns no header alias reads (``None``
            ignores a column), as confirmed on the workspace's column page or given
            with the CLI's ``--map``; part of the run key.

    Returns:
        The finished run (``status == "done"``).

    Raises:
        DataFileError: The file is missing or unreadable as a demand list.
        RunInProgressError: The run is held by another process, or ``run_id`` names a run of
            another input.
        Any error of the engine; the manifest then says ``failed`` with the error, and
        the vacancies already shortlisted are kept for the next attempt.
    """
    source = Path(source)
    if not source.is_file():
        raise DataFileError(source, "no such file")
    formats = _check_formats(formats)
    input_sha256 = sha256_file(source)
    engine.open()
    list_id = demand_list_id or _default_list_id(source)
    day = _gate_day(engine)
    snapshot = _settings_snapshot(engine)
    # The stamp first: a write between the two makes them disagree, and the matcher refits.
    population_version = engine.store.job_seekers_version()
    population = engine.store.job_seekers_fingerprint()
    run_key = _digest(
        {
            "input": input_sha256,
            "settings": snapshot,
            "demand_list_id": list_id,
            "destination_country": destination_country,
            "population": population,
            "day": day.isoformat(),
            # Who is engaged elsewhere, the register and the policy data change results.
            **_policy_key(engine),
            **({"mapping": sorted(mapping.items(), key=str)} if mapping else {}),
        }
    )
    run_id = run_id or run_key[:32]
    root = Path(out_dir) if out_dir is not None else Path(engine.settings.data_dir) / "runs"
    register_runs_root(Path(engine.settings.data_dir) / "runs", root)  # erasure finds it
    run_dir = root / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    with _run_lock(run_dir):
        remove_stale_temporaries(run_dir)  # left by a process killed mid-write
        previous = _read_manifest(run_dir)
        if previous is not None and previous.get("input_sha256") != input_sha256:
            raise RunInProgressError(f"batch run {run_id} was started on another input file")
        earlier: dict[str, Path] = {}  # outputs of an earlier finish of this very run
        if previous is not None and previous.get("run_key") == run_key:
            run = _manifest_run(run_dir, previous)
            if run.status == "done":
                earlier = {fmt: p for fmt, p in run.files.items() if p.exists()}
                if all(fmt in earlier for fmt in formats):
                    log.info("batch run %s is done already: reusing it", run_id)
                    return run
        manifest: dict[str, Any] = {
            "run_id": run_id,
            "run_key": run_key,
            "status": "running",
            "input_sha256": input_sha256,
            "source": source.name,
            "demand_list_id": list_id,
            "destination_country": destination_country,
            "gate_day": day.isoformat(),
            "population": population,
            "settings": snapshot,
            "matching_version": __version__,
            "started": _now().isoformat(),
            "finished": None,
            "pid": os.getpid(),
            "attempts": int((previous or {}).get("attempts", 0)) + 1,
            "counts": {},
            "files": {},
            "seconds": {},
            "error": None,
        }
        _write_manifest(run_dir, manifest)
        try:
            timings: dict[str, float] = {}
            results, reused = _compute(
                engine,
                source,
                run_dir,
                run_id=run_id,
                run_key=run_key,
                population_version=population_version,
                input_sha256=input_sha256,
                list_id=list_id,
                destination_country=destination_country,
                mapping=mapping,
                day=day,
                progress=progress,
                timings=timings,
            )
            # Fair-recruitment flags, for the ministry's agency statistics (once per run).
            engine.store.record_agency_flags(
                agency_flags_of(results.vacancies, raised_on=day, run_id=run_id)
            )
            began = time.perf_counter()
            files = write_outputs(results, run_dir, formats, engine.settings.report_language)
            timings["outputs"] = time.perf_counter() - began
        except BaseException as error:
            manifest.update(
                status="failed",
                finished=_now().isoformat(),
                error=without_paths(error, run_dir, source),
            )
            _write_manifest(run_dir, manifest)
            raise
        manifest.update(
            status="done",
            finished=_now().isoformat(),
            counts={
                **results.counts(),
                "flags": len(results.flags),
                "near_misses": results.n_near_misses,
                "reused": reused,
            },
            seconds={k: round(v, 3) for k, v in timings.items()},
            files={
                fmt: str(path.relative_to(run_dir)) for fmt, path in {**earlier, **files}.items()
            },
        )
        _write_manifest(run_dir, manifest)
        return _manifest_run(run_dir, manifest)


def _import(
    engine: Engine,
    source: Path,
    list_id: str,
    destination_country: str | None,
    mapping: Mapping[str, str | None] | None = None,
) -> tuple[ImportReport, list[Vacancy]]:
    """The demand list imported; its vacancies are exactly this file's, in file order, as
    coded on import (the stored list may also hold vacancies of earlier imports of it)."""
    report = import_vacancies(
        source,
        engine.store,
        normalizer=engine.normalizer,
        demand_list_id=list_id,
        destination_country=destination_country,
        mapping=mapping,
    )
    return report, report.vacancies


def _compute(
    engine: Engine,
    source: Path,
    run_dir: Path,
    *,
    run_id: str,
    run_key: str,
    population_version: str,
    input_sha256: str,
    list_id: str,
    destination_country: str | None,
    day: date,
    progress: Callable[[int, int], None] | None,
    mapping: Mapping[str, str | None] | None = None,
    timings: dict[str, float],
) -> tuple[BatchResults, int]:
    """The run's results, and how many shortlists came from the checkpoint; wall times
    of the phases go to ``timings``."""
    from matching.ranking.fairness import allocation_fairness

    clock = time.perf_counter()
    _ = engine.normalizer  # loaded (or fitted) once per engine: timed apart from the import
    timings["normaliser"] = time.perf_counter() - clock
    clock = time.perf_counter()
    report, vacancies = _import(engine, source, list_id, destination_country, mapping)
    timings["import"] = time.perf_counter() - clock
    clock = time.perf_counter()
    listed = vacancies  # as the list gives them; the outputs show these
    checked = _check_vacancies(engine, vacancies, day)
    vacancies = [c.vacancy for c in checked]  # scheme rules applied, start dates settled
    engaged = engine.store.engaged_job_seekers()
    blocked = {c.vacancy.external_id for c in checked if c.checks.blocked}
    timings["checks"] = time.perf_counter() - clock
    clock = time.perf_counter()
    matcher = engine.matcher()
    if engine.matcher_version != population_version:
        # The matcher was fitted on other people than the run's (another process wrote).
        engine.invalidate()
        matcher = engine.matcher()
    timings["matcher"] = time.perf_counter() - clock
    clock = time.perf_counter()
    checkpoint = _Checkpoint(run_dir / CHECKPOINT, run_key).load()
    hashes = {v.external_id: _vacancy_sha256(v) for v in vacancies}
    reused = {
        vid: item
        for vid, item in checkpoint.done.items()
        if vid in hashes and item.vacancy_sha256 == hashes[vid]
    }
    todo = [v for v in vacancies if v.external_id not in reused]
    total = len(vacancies)
    done = total - len(todo)
    if progress is not None:
        progress(done, total)
    reserve_size = engine.settings.reserve_size
    shortlists = dict(reused)
    for start in range(0, len(todo), _CHUNK):
        chunk = todo[start : start + _CHUNK]
        depths = [math.ceil(v.positions * _POOL_FACTOR) + _POOL_EXTRA + reserve_size for v in chunk]
        for vacancy, sl in zip(
            chunk, matcher.batch_match_vacancies(chunk, depths, explanations=True), strict=True
        ):
            item = _vacancy_shortlist(matcher, sl, hashes[vacancy.external_id])
            checkpoint.append(item)
            shortlists[vacancy.external_id] = item
            done += 1
            if progress is not None:
                progress(done, total)

    timings["shortlists"] = time.perf_counter() - clock
    clock = time.perf_counter()
    allocation = engine.allocate(
        vacancies,
        reserve_size=reserve_size,
        pool_factor=_POOL_FACTOR,
        pool_extra=_POOL_EXTRA,
        # The shortlists above go as deep as the allocation pool: not matched again.
        pools=[_pool(matcher, shortlists[v.external_id]) for v in vacancies],
        engaged={j: e.vacancy_id for j, e in engaged.items()},
        blocked=blocked,
    )
    fairness = allocation_fairness(matcher, allocation, on=day)
    timings["allocation"] = time.perf_counter() - clock
    clock = time.perf_counter()
    outcomes = _outcomes(engine, matcher, listed, checked, shortlists, allocation, engaged)
    timings["outcomes"] = time.perf_counter() - clock
    results = BatchResults(
        run_id=run_id,
        input_sha256=input_sha256,
        source_name=source.name,
        demand_list_id=list_id,
        destination_country=destination_country,
        on=day,
        rows_read=report.rows_read,
        input_errors=tuple(report.errors),
        ignored_columns=tuple(report.ignored_columns),
        vacancies=outcomes,
        occupations=_supply(engine, outcomes, shortlists),
        fairness=fairness,
        allocation_method=allocation.method,
        total_fit=round(allocation.total_fit, 9),
        placements=_placement_lines(engine, matcher, outcomes, engaged),
        list_flags=tuple(
            Flag("", f.code, f.message(), f.blocking, dict(f.params))  # type: ignore[arg-type]
            for f in _policy(engine).check_list(listed)
        ),
    )
    return results, len(reused)


def _name(matcher: Matcher, job_seeker_id: str) -> str:
    return matcher.population_.job_seekers[matcher.population_.row_of[job_seeker_id]].full_name


def _candidate(
    matcher: Matcher,
    job_seeker_id: str,
    rank: int,
    score: float,
    components: ScoreComponents,
    explanation: Explanation,
) -> Candidate:
    """A person as the outputs show them; a near miss's gaps are its explanation's."""
    return Candidate(
        job_seeker_id=job_seeker_id,
        full_name=_name(matcher, job_seeker_id),
        rank=rank,
        score=float(score),
        occupation=float(components.occupation),
        skills=float(components.skills),
        experience=float(components.experience),
        language=float(components.language),
        reasons=explanation.reasons,
        facts=tuple(f.to_dict() for f in explanation.facts),
        matched_skills=explanation.matched_skills,
        missing_skills=explanation.missing_skills,
        gaps=explanation.gaps,
    )


def _vacancy_shortlist(matcher: Matcher, sl: Shortlist, vacancy_sha256: str) -> VacancyShortlist:
    return VacancyShortlist(
        vacancy_id=sl.vacancy_id,
        vacancy_sha256=vacancy_sha256,
        on=sl.on,
        n_considered=sl.n_considered,
        n_qualified=sl.n_qualified,
        candidates=tuple(
            _candidate(matcher, m.job_seeker_id, m.rank, m.score, m.components, m.explanation)
            for m in sl.matches
        ),
        near_misses=tuple(
            _candidate(matcher, n.job_seeker_id, n.rank, n.score, n.components, n.explanation)
            for n in sl.near_misses
        ),
        qualified_rows=np.asarray(sl.qualified_rows, np.int64),
    )


def _pool(matcher: Matcher, item: VacancyShortlist) -> CandidatePool:
    """A checkpointed shortlist in the matcher's row space, for the allocation."""
    from matching.ranking.results import CandidatePool
    from matching.rules.scoring import ScoreComponents

    row_of = matcher.population_.row_of
    return CandidatePool(
        vacancy_id=item.vacancy_id,
        rows=np.asarray([row_of[c.job_seeker_id] for c in item.candidates], np.int64),
        scores=np.asarray([c.score for c in item.candidates], np.float64),
        components=tuple(
            ScoreComponents(c.occupation, c.skills, c.experience, c.language, c.score)
            for c in item.candidates
        ),
        n_qualified=item.n_qualified,
        qualified_rows=item.qualified_rows,
    )


def _explained(
    matcher: Matcher,
    vacancy: Vacancy,
    known: dict[str, Candidate],
    job_seeker_id: str,
    rank: int,
    allocated_to: str | None,
) -> Candidate:
    """A person of the allocation or a reserve list, explained from the checkpointed
    shortlist, or afresh when the allocation looked deeper than the shortlist went."""
    found = known.get(job_seeker_id)
    if found is None:
        assessment = matcher.assess(vacancy, job_seeker_id)
        found = _candidate(
            matcher,
            job_seeker_id,
            rank,
            assessment.components.total,
            assessment.components,
            matcher.explain(vacancy, job_seeker_id),
        )
    return replace(found, rank=rank, allocated_to=allocated_to)


def _outcomes(
    engine: Engine,
    matcher: Matcher,
    listed: Sequence[Vacancy],
    checked: Sequence[CheckedVacancy],
    shortlists: dict[str, VacancyShortlist],
    allocation: Allocation,
    engaged: Mapping[str, Engagement],
) -> tuple[VacancyOutcome, ...]:
    from matching.ranking.exclusions import gate_exclusions

    out = []
    for original, item, va in zip(listed, checked, allocation.vacancies, strict=True):
        vacancy = item.vacancy  # as matched: scheme requirements, a settled start date
        sl = shortlists[vacancy.external_id]
        known = {c.job_seeker_id: c for c in sl.candidates}
        findings = list(item.checks.findings)
        out.append(
            VacancyOutcome(
                vacancy=original,
                occupation_label=_occupation_label(engine, vacancy),
                flags=_flags(engine, vacancy, sl, findings),
                n_considered=sl.n_considered,
                n_qualified=sl.n_qualified,
                near_misses=sl.near_misses,
                allocated=tuple(
                    _explained(matcher, vacancy, known, m.job_seeker_id, m.rank, None)
                    for m in va.assigned
                ),
                reserve=tuple(
                    _engaged(
                        _explained(
                            matcher, vacancy, known, r.job_seeker_id, r.rank, r.allocated_to
                        ),
                        engaged,
                    )
                    for r in va.reserve
                ),
                checked_on=item.on,
                checked_on_source=item.start_source,
                exclusions=gate_exclusions(matcher, vacancy, engaged=engaged),
            )
        )
    return tuple(out)


def _engaged(candidate: Candidate, engaged: Mapping[str, Engagement]) -> Candidate:
    """A reserve candidate promised elsewhere, marked so (``selected for PL-3``)."""
    e = engaged.get(candidate.job_seeker_id)
    if e is None:
        return candidate
    return replace(candidate, engaged=f"{e.status.value} for {e.vacancy_id}")


# ----------------------------------------------------------------------------- policy
@dataclass(frozen=True)
class CheckedVacancy:
    """A vacancy after its checks: as matched, the day its gates are checked on and why."""

    vacancy: Vacancy
    checks: VacancyChecks
    on: date
    start_source: str  # "season start", "demand list start" or "horizon"


def _policy(engine: Engine) -> VacancyPolicy:
    return VacancyPolicy.from_settings(engine.settings, engine.store.agency_register())


def _policy_key(engine: Engine) -> dict[str, str]:
    register = engine.store.list_agencies()
    return {
        "placements": engine.store.placements_fingerprint(),
        "agencies": _digest([a.model_dump(mode="json") for a in register]),
        "policy": _digest(
            {
                "binding": engine.settings.fair_recruitment_binding,
                "wages": str(engine.settings.minimum_wages_file or ""),
                "wages_sha256": sha256_file(engine.settings.minimum_wages_file)
                if engine.settings.minimum_wages_file
                and Path(engine.settings.minimum_wages_file).is_file()
                else "",
                "schemes": str(engine.settings.schemes_dir or ""),
                "horizon": engine.settings.start_horizon_days,
                "languages": [
                    engine.settings.language_levels_closable,
                    engine.settings.language_training_weeks,
                ],
            }
        ),
    }


def _check_vacancies(
    engine: Engine, vacancies: Sequence[Vacancy], day: date
) -> list[CheckedVacancy]:
    """Each vacancy checked (fair recruitment, wages, terms, its scheme's rules), with
    its start date settled: its own season start, else the demand list's earliest start,
    else the run day plus ``Settings.start_horizon_days``."""
    policy = _policy(engine)
    list_start = min((v.season_start for v in vacancies if v.season_start), default=None)
    horizon = day + timedelta(days=engine.settings.start_horizon_days)
    out = []
    for v in vacancies:
        if v.season_start is not None:
            on, source = v.season_start, "season start"
        elif list_start is not None:
            on, source = list_start, "demand list start"
        else:
            on, source = horizon, "horizon"
        checks = policy.check(v, on=on)
        matched = checks.vacancy
        if matched.season_start is None:  # the matcher checks the gates on this day
            matched = matched.model_copy(update={"season_start": on})
        out.append(CheckedVacancy(matched, checks, on, source))
    return out


def _placement_lines(
    engine: Engine,
    matcher: Matcher,
    outcomes: Sequence[VacancyOutcome],
    engaged: Mapping[str, Engagement],
) -> tuple[PlacementLine, ...]:
    """Placements of the list's vacancies, and the engagements of people it considered."""
    ids = [o.vacancy_id for o in outcomes]
    mine = engine.store.list_placements(vacancy_ids=ids)
    seen = {p.id for p in mine}
    people = {c.job_seeker_id for o in outcomes for c in (*o.allocated, *o.reserve, *o.near_misses)}
    others = (
        [
            p
            for p in engine.store.list_placements(status=[e.status for e in engaged.values()] or [])
            if p.id not in seen and p.job_seeker_id in people and p.engaged
        ]
        if engaged
        else []
    )
    row_of = matcher.population_.row_of

    def name(job_seeker_id: str) -> str:
        row = row_of.get(job_seeker_id)
        return "" if row is None else matcher.population_.job_seekers[row].full_name

    return tuple(
        PlacementLine(
            p.id,
            p.job_seeker_id,
            name(p.job_seeker_id),
            p.vacancy_id,
            p.status.value,
            p.status_date,
            p.vacancy_id in ids,
        )
        for p in (*mine, *others)
    )


def _supply(
    engine: Engine,
    outcomes: Sequence[VacancyOutcome],
    shortlists: dict[str, VacancyShortlist],
) -> tuple[OccupationSupply, ...]:
    groups: dict[str, list[VacancyOutcome]] = {}
    for outcome in outcomes:
        v = outcome.vacancy
        key = v.esco_uri or (f"isco:{v.isco_group}" if v.isco_group else "")
        groups.setdefault(key, []).append(outcome)
    out = []
    for key, items in groups.items():
        rows = [shortlists[o.vacancy_id].qualified_rows for o in items]
        qualified = len(np.unique(np.concatenate(rows)))
        first = items[0]
        out.append(
            OccupationSupply(
                occupation=key,
                label=first.occupation_label or "(unknown occupation)",
                isco_group=first.vacancy.isco_group or "",
                vacancies=len(items),
                positions=sum(o.vacancy.positions for o in items),
                qualified=int(qualified),
                filled=sum(o.filled for o in items),
            )
        )
    out.sort(key=lambda s: (-s.positions, s.label, s.occupation))
    return tuple(out)
