"""Allocation of a whole demand list: who goes to which position, nobody promised twice.

:func:`allocate` maximises the total fit over the demand list. Each vacancy's positions
are capacities in a transportation problem over its top candidates (its shortlist,
``positions × pool_factor + reserve + pool_extra`` deep, plus every pair the greedy
allocation used); each person takes at most one position. The problem is solved exactly
with :func:`scipy.optimize.milp` (HiGHS; the constraint matrix is totally unimodular,
so the LP optimum is already integral), or with
:func:`scipy.optimize.linear_sum_assignment` on positions expanded as columns
(``method="assignment"``, for small lists and as the tests' oracle).

:func:`allocate_greedy` is the baseline: vacancy by vacancy in list order, each takes
its best people not yet promised. Because the optimum is taken over a candidate set that
contains every greedy pair, its total fit is never below the greedy one.

Each vacancy also gets a ranked reserve list: its candidates not allocated to it,
people allocated nowhere first.

Example:
    >>> from datetime import date
    >>> from matching.ranking import Matcher
    >>> from matching.occupations import load_builtin
    >>> from matching.records import Consent, JobSeeker, Vacancy, WorkExperience
    >>> welder = "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"
    >>> solderer = "http://data.europa.eu/esco/occupation/17b29190-6746-4b81-a1d1-8053a5bbc0e9"
    >>> def person(i, uri):
    ...     return JobSeeker(external_id=f"GE-{i}", full_name="x", birth_date=date(1990, 1, 1),
    ...         consent=Consent(given=True, date=date(2026, 1, 1)),
    ...         experience=[WorkExperience(title="t", years=3, esco_uri=uri, isco_group="7212")])
    >>> matcher = Matcher(today=date(2026, 6, 1)).fit(
    ...     [person(1, welder), person(2, solderer)], load_builtin())
    >>> demand = [Vacancy(external_id=f"PL-{u[-4:]}", destination_country="PL", title="t",
    ...                   esco_uri=u, isco_group="7212") for u in (solderer, welder)]
    >>> result = allocate(matcher, demand)
    >>> [(v.vacancy_id, [m.job_seeker_id for m in v.assigned]) for v in result.vacancies]
    [('PL-c0e9', ['GE-2']), ('PL-a54b', ['GE-1'])]
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from matching.errors import InvalidInputError, SolverError
from matching.ranking.matcher import Matcher
from matching.ranking.results import CandidatePool, Match
from matching.records import DemandList, Vacancy


@dataclass(frozen=True, slots=True)
class ReserveEntry:
    """A person on a vacancy's reserve list.

    Attributes:
        job_seeker_id: The person.
        rank: 1-based rank on the reserve list.
        score: Their fit for this vacancy.
        allocated_to: The vacancy they are allocated to elsewhere, or ``None`` when free.
    """

    job_seeker_id: str
    rank: int
    score: float
    allocated_to: str | None = None


@dataclass(frozen=True)
class VacancyAllocation:
    """The people allocated to one vacancy's positions, and its reserve list."""

    vacancy_id: str
    positions: int
    assigned: tuple[Match, ...]
    reserve: tuple[ReserveEntry, ...]

    @property
    def filled(self) -> int:
        return len(self.assigned)

    @property
    def unfilled(self) -> int:
        return self.positions - len(self.assigned)


@dataclass(frozen=True)
class Allocation:
    """An allocation of a demand list.

    Attributes:
        method: ``optimal`` (milp or assignment) or ``greedy``.
        vacancies: One entry per vacancy, in the demand list's order.
        total_fit: Sum of the allocated pairs' scores.
        positions: Positions in the demand list.
        filled: Positions allocated.
        seconds: Wall time of the allocation (shortlisting included).
        rows: Matcher rows of the allocated people.
        qualified_rows: Matcher rows of everyone qualified for at least one vacancy
            (the pool a fairness report compares the allocation with).
    """

    method: str
    vacancies: tuple[VacancyAllocation, ...]
    total_fit: float
    positions: int
    filled: int
    seconds: float
    rows: np.ndarray = field(repr=False, compare=False)
    qualified_rows: np.ndarray = field(repr=False, compare=False)

    def assignments(self) -> dict[str, str]:
        """Job seeker id → the vacancy id they are allocated to."""
        return {m.job_seeker_id: v.vacancy_id for v in self.vacancies for m in v.assigned}


def _engaged_at(matcher: Matcher, engaged: Mapping[str, str] | Collection[str]) -> dict[int, str]:
    """Row → the vacancy an engaged person is promised to (``""`` when not given)."""
    row_of = matcher.population_.row_of
    where = engaged if isinstance(engaged, Mapping) else dict.fromkeys(engaged, "")
    return {row_of[j]: v for j, v in where.items() if j in row_of}


def _vacancy_list(vacancies: DemandList | Sequence[Vacancy]) -> list[Vacancy]:
    return list(vacancies.vacancies if isinstance(vacancies, DemandList) else vacancies)


def _depths(vacancies: Sequence[Vacancy], pool_factor: float, extra: int) -> list[int]:
    return [int(np.ceil(v.positions * pool_factor)) + extra for v in vacancies]


def _check_pools(
    items: Sequence[Vacancy], pools: Sequence[CandidatePool], depths: Sequence[int]
) -> None:
    if [sl.vacancy_id for sl in pools] != [v.external_id for v in items]:
        raise InvalidInputError("pools must be those of the vacancies, in the same order")
    for sl, depth in zip(pools, depths, strict=True):
        if len(sl.rows) < min(depth, sl.n_qualified):
            raise InvalidInputError(
                f"shortlist of {sl.vacancy_id!r} holds {len(sl.rows)} people; "
                f"the allocation pool needs {min(depth, sl.n_qualified)}"
            )


def _greedy_pairs(
    matcher: Matcher,
    vacancies: Sequence[Vacancy],
    pools: list[CandidatePool],
    unavailable: frozenset[int] = frozenset(),
    closed: frozenset[int] = frozenset(),
) -> list[list[tuple[int, float]]]:
    """Vacancy by vacancy, the best people not yet taken; deepens a shortlist if needed.

    ``unavailable`` rows are never taken; ``closed`` vacancies (by position) take nobody.
    """
    taken: set[int] = set(unavailable)
    out = []
    for j, vacancy in enumerate(vacancies):
        sl = pools[j]
        chosen: list[tuple[int, float]] = []
        if j in closed:
            out.append(chosen)
            continue
        while True:
            chosen = []
            for row, score in zip(sl.rows.tolist(), sl.scores.tolist(), strict=True):
                if row not in taken:
                    chosen.append((row, score))
                    if len(chosen) == vacancy.positions:
                        break
            exhausted = len(sl.rows) >= sl.n_qualified
            if len(chosen) == vacancy.positions or exhausted:
                break
            deeper = max(2 * len(sl.rows), vacancy.positions + len(taken))
            deep = matcher.match_vacancy(vacancy, min(deeper, sl.n_qualified), explanations=False)
            sl = pools[j] = deep.pool()
        taken.update(row for row, _ in chosen)
        out.append(chosen)
    return out


def _unavailable_rows(matcher: Matcher, engaged: Collection[str]) -> frozenset[int]:
    row_of = matcher.population_.row_of
    return frozenset(row_of[j] for j in engaged if j in row_of)


def _closed(items: Sequence[Vacancy], blocked: Collection[str]) -> frozenset[int]:
    return frozenset(j for j, v in enumerate(items) if v.external_id in blocked)


def _solve_milp(
    edge_vac: np.ndarray, edge_row: np.ndarray, edge_score: np.ndarray, capacity: np.ndarray
) -> np.ndarray:
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    n_edges = len(edge_score)
    people, person_of_edge = np.unique(edge_row, return_inverse=True)
    n_vac = len(capacity)
    ones = np.ones(n_edges)
    a_vac = sparse.csr_matrix((ones, (edge_vac, np.arange(n_edges))), shape=(n_vac, n_edges))
    a_person = sparse.csr_matrix(
        (ones, (person_of_edge, np.arange(n_edges))), shape=(len(people), n_edges)
    )
    constraints = [
        LinearConstraint(a_vac, -np.inf, capacity.astype(float)),
        LinearConstraint(a_person, -np.inf, np.ones(len(people))),
    ]
    result = milp(
        c=-edge_score,
        constraints=constraints,
        integrality=np.ones(n_edges),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 0.0},
    )
    if result.x is None:
        raise SolverError(f"allocation solver failed: {result.message}")
    return result.x > 0.5


def _solve_assignment(
    edge_vac: np.ndarray, edge_row: np.ndarray, edge_score: np.ndarray, capacity: np.ndarray
) -> np.ndarray:
    from scipy.optimize import linear_sum_assignment

    people, person_of_edge = np.unique(edge_row, return_inverse=True)
    slot_vac = np.repeat(np.arange(len(capacity)), capacity)
    first_slot = np.concatenate([[0], np.cumsum(capacity)[:-1]])
    profit = np.zeros((len(people), len(slot_vac)))
    for e in range(len(edge_score)):
        j = edge_vac[e]
        profit[person_of_edge[e], first_slot[j] : first_slot[j] + capacity[j]] = edge_score[e]
    # Non-edges have profit 0, so a full assignment that also uses them is still a
    # maximum-weight matching once those zero pairs are dropped.
    rows, cols = linear_sum_assignment(profit, maximize=True)
    chosen = {
        (int(r), int(slot_vac[c])) for r, c in zip(rows, cols, strict=True) if profit[r, c] > 0
    }
    return np.asarray(
        [(int(person_of_edge[e]), int(edge_vac[e])) in chosen for e in range(len(edge_score))],
        bool,
    )


def allocate(
    matcher: Matcher,
    vacancies: DemandList | Sequence[Vacancy],
    *,
    method: Literal["milp", "assignment"] = "milp",
    pool_factor: float = 3.0,
    pool_extra: int = 10,
    reserve_size: int | None = None,
    explanations: bool = False,
    pools: Sequence[CandidatePool] | None = None,
    engaged: Mapping[str, str] | Collection[str] = (),
    blocked: Collection[str] = (),
) -> Allocation:
    """Allocate job seekers to a demand list's positions, maximising the total fit.

    Args:
        matcher: A fitted matcher over the job seekers.
        vacancies: A demand list or its vacancies.
        method: ``milp`` (scales to thousands of positions) or ``assignment``
            (``linear_sum_assignment`` over positions expanded as columns).
        pool_factor: Each vacancy's candidates: ``positions × pool_factor`` ...
        pool_extra: ... plus this many, plus the reserve.
        reserve_size: Reserve list length per vacancy; ``Settings.reserve_size`` by default.
        explanations: Explain each allocated match (costs a little per person).
        pools: The vacancies' ranked candidates, already at least as deep as the pool (a
            batch run has them from its shortlists); the vacancies are not matched again.
        engaged: People promised elsewhere (selected, with a permit, departed), or a
            mapping of them to the vacancy they are engaged to: never allocated; on a
            reserve list they come last, marked with that vacancy.
        blocked: Vacancies that may get nobody (a fee charged to workers, an agency
            not active on the register): no allocation, no reserve.

    Returns:
        The allocation; nobody is allocated twice.

    Raises:
        InvalidInputError: ``pools`` do not belong to ``vacancies`` or are too short.
    """
    import time

    start = time.perf_counter()
    items = _vacancy_list(vacancies)
    reserve = matcher.settings_.reserve_size if reserve_size is None else reserve_size
    depths = _depths(items, pool_factor, pool_extra + reserve)
    if pools is None:
        matched = matcher.batch_match_vacancies(items, depths, explanations=False)
        pools = [sl.pool() for sl in matched]
    else:
        pools = list(pools)
        _check_pools(items, pools, depths)
    unavailable = _unavailable_rows(matcher, engaged)
    closed = _closed(items, blocked)
    greedy = _greedy_pairs(matcher, items, list(pools), unavailable, closed)
    edges: dict[tuple[int, int], float] = {}
    for j, sl in enumerate(pools):
        if j in closed:
            continue
        for row, score in zip(sl.rows.tolist(), sl.scores.tolist(), strict=True):
            if row not in unavailable:
                edges[(j, row)] = score
    for j, pairs in enumerate(greedy):
        for row, score in pairs:
            edges[(j, row)] = score
    keys = list(edges)
    edge_vac = np.asarray([j for j, _ in keys], np.int64)
    edge_row = np.asarray([r for _, r in keys], np.int64)
    edge_score = np.asarray([edges[k] for k in keys], np.float64)
    capacity = np.asarray([v.positions for v in items], np.int64)
    if len(keys) == 0:
        chosen = np.zeros(0, bool)
    elif method == "milp":
        chosen = _solve_milp(edge_vac, edge_row, edge_score, capacity)
    elif method == "assignment":
        chosen = _solve_assignment(edge_vac, edge_row, edge_score, capacity)
    else:
        raise InvalidInputError(f"method must be 'milp' or 'assignment', not {method!r}")
    assigned: list[list[tuple[int, float]]] = [[] for _ in items]
    for e in np.flatnonzero(chosen):
        assigned[edge_vac[e]].append((int(edge_row[e]), float(edge_score[e])))
    return _result(
        matcher,
        items,
        pools,
        assigned,
        "optimal",
        reserve,
        explanations,
        start,
        _engaged_at(matcher, engaged),
        closed,
    )


def allocate_greedy(
    matcher: Matcher,
    vacancies: DemandList | Sequence[Vacancy],
    *,
    pool_factor: float = 3.0,
    pool_extra: int = 10,
    reserve_size: int | None = None,
    explanations: bool = False,
) -> Allocation:
    """The baseline: vacancy by vacancy in list order, each takes its best free people.

    Args are those of :func:`allocate`.
    """
    import time

    start = time.perf_counter()
    items = _vacancy_list(vacancies)
    reserve = matcher.settings_.reserve_size if reserve_size is None else reserve_size
    pools = [
        sl.pool()
        for sl in matcher.batch_match_vacancies(
            items, _depths(items, pool_factor, pool_extra + reserve), explanations=False
        )
    ]
    greedy = _greedy_pairs(matcher, items, list(pools))
    return _result(matcher, items, pools, greedy, "greedy", reserve, explanations, start)


def _result(
    matcher: Matcher,
    items: list[Vacancy],
    pools: Sequence[CandidatePool],
    assigned: list[list[tuple[int, float]]],
    method: str,
    reserve_size: int,
    explanations: bool,
    start: float,
    engaged_at: dict[int, str] | None = None,
    closed: frozenset[int] = frozenset(),
) -> Allocation:
    import time

    engaged_at = engaged_at or {}
    allocated_to: dict[int, str] = {}
    for j, pairs in enumerate(assigned):
        for row, _ in pairs:
            if row in allocated_to:
                raise AssertionError(f"row {row} allocated twice")  # solver invariant
            allocated_to[row] = items[j].external_id
    out = []
    total = 0.0
    for j, vacancy in enumerate(items):
        pairs = sorted(assigned[j], key=lambda t: (-t[1], t[0]))
        sl = pools[j]
        known = dict(zip(sl.rows.tolist(), sl.components, strict=True))
        matches = []
        for rank, (row, score) in enumerate(pairs, 1):
            total += score
            jid = matcher.population_.ids[row]
            found = known.get(row)
            components = found if found is not None else matcher.assess(vacancy, jid).components
            matches.append(
                Match(
                    vacancy.external_id,
                    jid,
                    rank,
                    score,
                    components,
                    matcher.explain(vacancy, jid) if explanations else None,
                )
            )
        mine = {row for row, _ in pairs}
        rest = [
            (row, score)
            for row, score in zip(sl.rows.tolist(), sl.scores.tolist(), strict=True)
            if row not in mine
        ]
        free = [t for t in rest if t[0] not in allocated_to and t[0] not in engaged_at]
        elsewhere = [t for t in rest if t[0] in allocated_to]
        promised = [t for t in rest if t[0] in engaged_at]
        listed = [] if j in closed else (free + elsewhere + promised)[:reserve_size]
        reserve = tuple(
            ReserveEntry(
                matcher.population_.ids[row],
                rank,
                score,
                allocated_to.get(row, engaged_at.get(row)),
            )
            for rank, (row, score) in enumerate(listed, 1)
        )
        out.append(
            VacancyAllocation(vacancy.external_id, vacancy.positions, tuple(matches), reserve)
        )
    qualified = (
        np.unique(np.concatenate([sl.qualified_rows for sl in pools]))
        if pools
        else np.zeros(0, np.int64)
    )
    return Allocation(
        method=method,
        vacancies=tuple(out),
        total_fit=total,
        positions=sum(v.positions for v in items),
        filled=len(allocated_to),
        seconds=time.perf_counter() - start,
        rows=np.asarray(sorted(allocated_to), np.int64),
        qualified_rows=qualified,
    )
