"""What the matcher returns: matches, near misses, shortlists and a person's recommendations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from matching.rules.explain import Explanation
from matching.rules.gates import (
    GateFailure,
)
from matching.rules.scoring import (
    ScoreComponents,
)

if TYPE_CHECKING:
    pass

_NEVER = date.max.toordinal()  # "valid until" of a licence or certificate with no expiry
_DECIMALS = 9  # scores are ranked rounded to this many decimals, then by fit order


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked (job seeker, vacancy) pair on a shortlist or a person's recommendations.

    Attributes:
        vacancy_id: The vacancy's external id.
        job_seeker_id: The job seeker's external id.
        rank: 1-based rank in its list.
        score: The total score (``components.total``).
        components: The reported parts of the score.
        explanation: Reasons, skills and gaps, when explanations were asked for.
    """

    vacancy_id: str
    job_seeker_id: str
    rank: int
    score: float
    components: ScoreComponents
    explanation: Explanation | None = None


@dataclass(frozen=True, slots=True)
class NearMiss:
    """A person who qualifies except for closable gaps, and what would close them.

    Attributes:
        gaps: The failed gates, all closable, each with its remedy
            ("Polish A1, needs A2" → "Polish course A1→A2").
    """

    vacancy_id: str
    job_seeker_id: str
    rank: int
    score: float
    components: ScoreComponents
    gaps: tuple[GateFailure, ...]
    explanation: Explanation | None = None


@dataclass(frozen=True, slots=True)
class RelatedTrade:
    """A person in a related trade (never qualified by default): what they share with
    the vacancy's occupation and what retraining they need.

    Attributes:
        trade: The person's nearest trade (the experience item's occupation label).
        shared_skills: ESCO labels of the vacancy's essential skills the person holds.
        retraining: ESCO labels of the vacancy's essential skills the person lacks.
        gaps: Gates failed besides the trade and its experience, all closable.
    """

    vacancy_id: str
    job_seeker_id: str
    rank: int
    score: float
    components: ScoreComponents
    trade: str
    shared_skills: tuple[str, ...]
    retraining: tuple[str, ...]
    gaps: tuple[GateFailure, ...]
    explanation: Explanation | None = None


@dataclass(frozen=True)
class Shortlist:
    """A vacancy's ranked qualified job seekers, with the near misses kept apart.

    Attributes:
        vacancy_id: The vacancy's external id.
        matches: Qualified people, best first.
        near_misses: People who fail only closable gates, best first.
        n_considered: People whose experience made them candidates.
        n_qualified: Candidates who passed every gate.
        on: The day the gates were checked on.
        rows: Matcher rows of ``matches`` (for allocation and fairness reports).
        qualified_rows: Matcher rows of every qualified candidate (the pool a fairness
            report compares the shortlist with).
        related_trades: People of related trades who pass the hard gates (experience in
            the trade apart: retraining is the point), best first; listed when
            explanations are asked for.
        fit_rule: What qualifies for this vacancy, in words (a scheme's widening included).
    """

    vacancy_id: str
    matches: tuple[Match, ...]
    near_misses: tuple[NearMiss, ...]
    n_considered: int
    n_qualified: int
    on: date
    rows: np.ndarray = field(repr=False, compare=False)
    scores: np.ndarray = field(repr=False, compare=False)
    qualified_rows: np.ndarray = field(repr=False, compare=False)
    related_trades: tuple[RelatedTrade, ...] = ()
    fit_rule: str = ""

    @property
    def job_seeker_ids(self) -> list[str]:
        return [m.job_seeker_id for m in self.matches]

    def pool(self) -> CandidatePool:
        """The shortlist in row space, as the allocation reads it."""
        return CandidatePool(
            self.vacancy_id,
            self.rows,
            self.scores,
            tuple(m.components for m in self.matches),
            self.n_qualified,
            self.qualified_rows,
        )


@dataclass(frozen=True, slots=True)
class CandidatePool:
    """A vacancy's ranked qualified people in the matcher's row space: all an allocation
    reads of a shortlist (a batch run builds it from its checkpoint, with no Match).

    Attributes:
        vacancy_id: The vacancy's external id.
        rows: Matcher rows, best first.
        scores: Their scores.
        components: Their score components, row for row.
        n_qualified: How many people qualify in all (``rows`` may hold fewer).
        qualified_rows: Rows of every qualified person.
    """

    vacancy_id: str
    rows: np.ndarray = field(repr=False)
    scores: np.ndarray = field(repr=False)
    components: tuple[ScoreComponents, ...] = field(repr=False)
    n_qualified: int
    qualified_rows: np.ndarray = field(repr=False)


@dataclass(frozen=True)
class Recommendations:
    """The best vacancies for one person (counselling), with near misses kept apart."""

    job_seeker_id: str
    matches: tuple[Match, ...]
    near_misses: tuple[NearMiss, ...]

    @property
    def vacancy_ids(self) -> list[str]:
        return [m.vacancy_id for m in self.matches]


@dataclass(slots=True)
class _Scored:
    """Scores and gate outcomes of one vacancy over a set of matcher rows."""

    rows: np.ndarray
    occupation: np.ndarray
    skills: np.ndarray
    experience: np.ndarray
    language: np.ndarray
    total: np.ndarray
    similarity: np.ndarray | None
    plausible: np.ndarray
    related: np.ndarray
    hard_fail: np.ndarray
    closable_fail: np.ndarray  # closable gaps per row (0: none)
    hard_but_experience: np.ndarray  # a hard gate failed other than experience

    def order(self, mask: np.ndarray) -> np.ndarray:
        """Positions where ``mask`` holds, best total first, ties by row."""
        where = np.flatnonzero(mask)
        key = np.round(self.total[where], _DECIMALS)
        return where[np.lexsort((self.rows[where], -key))]
