"""What a batch run produces: flags, explained shortlists, outcomes, the results and the run."""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from matching.intake.report import RowError
from matching.records import Vacancy
from matching.rules.gates import GateFailure, GateKind

if TYPE_CHECKING:
    from matching.ranking.exclusions import GateExclusions
    from matching.ranking.fairness import FairnessReport

FORMATS: tuple[str, ...] = ("xlsx", "csv", "json", "html")
RunStatus = Literal["running", "done", "failed"]
FlagKind = Literal[
    "unknown_occupation",
    "low_confidence_occupation",
    "worker_fee",
    "unlicensed_agency",
    "no_qualified_candidates",
    "agency_unresolved",
    "agency_inactive",
    "fee_undeclared",
    "below_minimum_wage",
    "wage_not_compared",
    "season_shorter_than_contract",
    "travel_paid_by_worker",
    "housing_paid_by_worker",
    "qualification_recognition",
    "scheme_requirement",
    "start_date_assumed",
]

MANIFEST = "manifest.json"
CHECKPOINT = "shortlists.jsonl"
_LOCK = ".lock"
# The allocation's candidate depth, passed to matching.ranking.allocation.allocate: each
# vacancy's explained shortlist is as deep, so that its allocated people and its
# reserve are explained from the checkpoint.
_POOL_FACTOR = 3.0
_POOL_EXTRA = 10
_CHUNK = 8  # vacancies shortlisted per matcher call
# Settings that cannot change a run's results: where things live, limits of the API,
# logging. Every other setting is part of the run key, so that a setting added later
# starts a new run rather than reusing one computed without it.
_NEUTRAL_SETTINGS = frozenset(
    {"esco_dir", "data_dir", "database_url", "encoder_threads", "api_keys_file", "log_level"}
)
_NEUTRAL_PREFIXES = ("api_", "session_", "web_", "jobs_")
_OUTPUT_NAMES = {
    "xlsx": "report.xlsx",
    "csv": "csv",
    "json": "results.json",
    "html": "report.html",
}


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True, slots=True)
class PlacementLine:
    """A placement a run's outputs show: of a vacancy in the list, or engaging a person
    the list considered."""

    placement_id: int
    job_seeker_id: str
    full_name: str
    vacancy_id: str
    status: str
    status_date: date
    in_this_list: bool


@dataclass(frozen=True, slots=True)
class Flag:
    """One thing a coordinator must check about a vacancy before recruiting for it.

    Attributes:
        vacancy_id: The vacancy.
        kind: ``unknown_occupation``, ``low_confidence_occupation``, ``worker_fee``,
            ``unlicensed_agency`` or ``no_qualified_candidates``.
        message: Plain words (English, rendered from ``kind`` and ``params``).
        blocking: The vacancy gets no allocation because of it (fair recruitment).
        params: The values the message names, for a catalogue in another language.
    """

    vacancy_id: str
    kind: FlagKind
    message: str
    blocking: bool = False
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A ranked person for a vacancy, with the evidence behind the score.

    Attributes:
        job_seeker_id: The person's external id.
        full_name: Their name, for the coordinator who calls them.
        rank: 1-based rank in its list (shortlist, allocation or reserve).
        score: Total fit in [0, 1].
        occupation, skills, experience, language: The score's components.
        reasons: Plain-language evidence, strongest first.
        matched_skills, missing_skills: ESCO skill labels.
        gaps: Failed gates (near misses only have closable ones).
        allocated_to: On a reserve list, the vacancy the person is allocated to
            elsewhere (``None``: free).
        facts: ``reasons`` as data (``{"kind", "params"}``, see
            :class:`matching.rules.explain.Reason`), rendered in the reader's language.
    """

    job_seeker_id: str
    full_name: str
    rank: int
    score: float
    occupation: float
    skills: float
    experience: float
    language: float
    reasons: tuple[str, ...] = ()
    matched_skills: tuple[str, ...] = ()
    missing_skills: tuple[str, ...] = ()
    gaps: tuple[GateFailure, ...] = ()
    allocated_to: str | None = None
    engaged: str | None = None
    facts: tuple[dict[str, Any], ...] = ()

    @property
    def gap_summary(self) -> str:
        return "; ".join(g.reason for g in self.gaps)

    @property
    def remedies(self) -> str:
        return "; ".join(g.remedy for g in self.gaps if g.remedy)

    def to_dict(self) -> dict[str, Any]:
        """JSON data (``dataclasses.asdict``, without its deep copies: it is called a lot)."""
        return {
            "job_seeker_id": self.job_seeker_id,
            "full_name": self.full_name,
            "rank": self.rank,
            "score": self.score,
            "occupation": self.occupation,
            "skills": self.skills,
            "experience": self.experience,
            "language": self.language,
            "reasons": list(self.reasons),
            "matched_skills": list(self.matched_skills),
            "missing_skills": list(self.missing_skills),
            "gaps": [
                {
                    "kind": g.kind,
                    "reason": g.reason,
                    "closable": g.closable,
                    "remedy": g.remedy,
                    "params": dict(g.params),
                }
                for g in self.gaps
            ],
            "allocated_to": self.allocated_to,
            "engaged": self.engaged,
            "facts": list(self.facts),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Candidate:
        gaps = tuple(GateFailure(**{**g, "kind": GateKind(g["kind"])}) for g in data["gaps"])
        return cls(
            **{
                **data,
                "reasons": tuple(data["reasons"]),
                "matched_skills": tuple(data["matched_skills"]),
                "missing_skills": tuple(data["missing_skills"]),
                "gaps": gaps,
                "facts": tuple(data.get("facts", ())),
            }
        )


@dataclass(frozen=True)
class VacancyShortlist:
    """One vacancy's explained shortlist and near misses: the unit a run checkpoints.

    Attributes:
        vacancy_id: The vacancy.
        vacancy_sha256: Digest of the vacancy as shortlisted; a checkpoint of a
            different vacancy is not reused.
        on: The day the gates were checked on.
        n_considered: People whose experience made them candidates.
        n_qualified: Candidates who passed every gate.
        candidates: Qualified people, best first (as deep as the allocation looks).
        near_misses: People who fail only closable gates, best first.
        qualified_rows: Matcher rows of everyone qualified, sorted (for supply per
            occupation).
    """

    vacancy_id: str
    vacancy_sha256: str
    on: date
    n_considered: int
    n_qualified: int
    candidates: tuple[Candidate, ...]
    near_misses: tuple[Candidate, ...]
    qualified_rows: np.ndarray = field(repr=False, compare=False)

    def to_json(self) -> str:
        # Sorted rows as zlib-packed gaps: thousands of qualified people per line stay small.
        gaps = np.diff(np.asarray(self.qualified_rows, np.int64), prepend=0).astype("<u4")
        rows = zlib.compress(gaps.tobytes(), 6)
        return json.dumps(
            {
                "vacancy_id": self.vacancy_id,
                "vacancy_sha256": self.vacancy_sha256,
                "on": self.on.isoformat(),
                "n_considered": self.n_considered,
                "n_qualified": self.n_qualified,
                "candidates": [c.to_dict() for c in self.candidates],
                "near_misses": [c.to_dict() for c in self.near_misses],
                "qualified_rows": base64.b64encode(rows).decode("ascii"),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, line: str) -> VacancyShortlist:
        data = json.loads(line)
        gaps = np.frombuffer(zlib.decompress(base64.b64decode(data["qualified_rows"])), "<u4")
        rows = np.cumsum(gaps.astype(np.int64))
        return cls(
            vacancy_id=data["vacancy_id"],
            vacancy_sha256=data["vacancy_sha256"],
            on=date.fromisoformat(data["on"]),
            n_considered=int(data["n_considered"]),
            n_qualified=int(data["n_qualified"]),
            candidates=tuple(Candidate.from_dict(c) for c in data["candidates"]),
            near_misses=tuple(Candidate.from_dict(c) for c in data["near_misses"]),
            qualified_rows=rows,
        )


@dataclass(frozen=True)
class VacancyOutcome:
    """One vacancy of the list: what it asks, its flags, who is allocated, its reserve.

    Attributes:
        vacancy: The vacancy as imported and coded.
        occupation_label: English label of its ESCO occupation or ISCO group ("" if none).
        flags: What a coordinator must check.
        n_considered, n_qualified: From its shortlist.
        near_misses: People who would qualify after a course, a certificate ...
        allocated: People allocated to its positions, best first.
        reserve: Its reserve list; people allocated elsewhere come last.
    """

    vacancy: Vacancy
    occupation_label: str
    flags: tuple[Flag, ...]
    n_considered: int
    n_qualified: int
    near_misses: tuple[Candidate, ...]
    allocated: tuple[Candidate, ...]
    reserve: tuple[Candidate, ...]
    checked_on: date | None = None
    checked_on_source: str = ""
    exclusions: GateExclusions | None = None

    @property
    def blocked(self) -> bool:
        """No allocation: a blocking flag (a fee to workers, an agency not active)."""
        return any(f.blocking for f in self.flags)

    @property
    def vacancy_id(self) -> str:
        return self.vacancy.external_id

    @property
    def filled(self) -> int:
        return len(self.allocated)

    @property
    def unfilled(self) -> int:
        return self.vacancy.positions - len(self.allocated)


@dataclass(frozen=True, slots=True)
class OccupationSupply:
    """Demand against qualified supply for one occupation of the list.

    Attributes:
        occupation: ESCO occupation or ISCO group URI; ``""`` for uncoded vacancies.
        label: Its English label.
        isco_group: Its ISCO unit group.
        vacancies: Vacancies asking for it.
        positions: Positions asked for.
        qualified: Distinct people qualified for at least one of those vacancies.
        filled: Positions allocated.
    """

    occupation: str
    label: str
    isco_group: str
    vacancies: int
    positions: int
    qualified: int
    filled: int


@dataclass(frozen=True)
class BatchResults:
    """Everything a run found, as its outputs show it (no timestamps: a resumed run's
    results equal an uninterrupted run's)."""

    run_id: str
    input_sha256: str
    source_name: str
    demand_list_id: str
    destination_country: str | None
    on: date
    rows_read: int
    input_errors: tuple[RowError, ...]
    ignored_columns: tuple[str, ...]
    vacancies: tuple[VacancyOutcome, ...]
    occupations: tuple[OccupationSupply, ...]
    fairness: FairnessReport
    allocation_method: str
    total_fit: float
    placements: tuple[PlacementLine, ...] = ()
    list_flags: tuple[Flag, ...] = ()

    @property
    def blocked(self) -> tuple[VacancyOutcome, ...]:
        """The vacancies that get nobody, in list order."""
        return tuple(v for v in self.vacancies if v.blocked)

    @property
    def positions(self) -> int:
        return sum(v.vacancy.positions for v in self.vacancies)

    @property
    def filled(self) -> int:
        return sum(v.filled for v in self.vacancies)

    @property
    def flags(self) -> tuple[Flag, ...]:
        """Every flag; those of blocked vacancies first (they get nobody)."""
        ordered = [v for v in self.vacancies if v.blocked] + [
            v for v in self.vacancies if not v.blocked
        ]
        return tuple(f for v in ordered for f in v.flags)

    @property
    def flagged(self) -> int:
        return sum(1 for v in self.vacancies if v.flags)

    @property
    def n_near_misses(self) -> int:
        return sum(len(v.near_misses) for v in self.vacancies)

    @property
    def rows_rejected(self) -> int:
        return len({e.row for e in self.input_errors})

    def counts(self) -> dict[str, int]:
        """The run's counts, as the manifest and the JSON output give them."""
        return {
            "rows_read": self.rows_read,
            "input_errors": len(self.input_errors),
            "vacancies": len(self.vacancies),
            "positions": self.positions,
            "filled": self.filled,
            "flagged": self.flagged,
        }


@dataclass
class BatchRun:
    """A batch run as recorded in its ``manifest.json``.

    Attributes:
        run_id: The run's id (by default a digest of the input and what shapes results).
        run_dir: Its directory.
        status: ``running``, ``done`` or ``failed`` (a killed run reads as failed).
        input_sha256: SHA-256 of the input file's bytes.
        started, finished: UTC times of the last start and of the end.
        vacancies: Vacancies imported (good rows).
        positions: Positions they ask for.
        filled: Positions allocated.
        flagged: Vacancies with at least one flag.
        files: Output format -> path (``csv`` is a directory of CSV files).
        error: Why a failed run failed.
        reused: Vacancies whose shortlist came from an earlier, interrupted attempt.

    Example:
        >>> run = BatchRun("ab12", Path("var/runs/ab12"), "done", "e3b0c442")
        >>> run.status, run.files
        ('done', {})
    """

    run_id: str
    run_dir: Path
    status: RunStatus
    input_sha256: str
    started: datetime | None = None
    finished: datetime | None = None
    vacancies: int = 0
    positions: int = 0
    filled: int = 0
    flagged: int = 0
    files: dict[str, Path] = field(default_factory=dict)
    error: str | None = None
    reused: int = 0
