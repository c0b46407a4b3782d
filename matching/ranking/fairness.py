"""Fairness reports: who is selected, by gender, region and age band, against who qualified.

For a shortlist (or a batch of them) the selected are the shortlisted people and the pool
is everyone qualified for the vacancy (gates passed, experience plausible); for an
allocation, the allocated people against everyone qualified for at least one vacancy of
the list. Each group's selection rate is compared with the highest rate of any group of
the same attribute; a ratio under four fifths is flagged (the US EEOC "four-fifths
rule", a common screen for adverse impact). Groups with fewer qualified people than
``min_group_size`` are reported but never flagged or used as the reference: their rates
are noise.

Gender is read here and nowhere in ranking; the tests check that changing it changes no
ranking.

Example:
    >>> import numpy as np
    >>> from datetime import date
    >>> from matching.ranking import Matcher
    >>> from matching.occupations import load_builtin
    >>> from matching.records import Consent, JobSeeker
    >>> people = [JobSeeker(external_id=f"GE-{i}", full_name="x", gender=g,
    ...     birth_date=date(1990, 1, 1), consent=Consent(given=True, date=date(2026, 1, 1)))
    ...     for i, g in enumerate(["female"] * 10 + ["male"] * 10)]
    >>> matcher = Matcher().fit(people, load_builtin())
    >>> report = fairness_report(matcher, selected_rows=np.arange(4, 14),
    ...     qualified_rows=np.arange(20), on=date(2026, 5, 1))
    >>> [(r.group, r.rate, r.flagged) for r in report.by("gender")]
    [('female', 0.6, False), ('male', 0.4, True)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from matching.ranking.allocation import Allocation
from matching.ranking.matcher import Matcher
from matching.ranking.results import Shortlist

AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("under 25", 0, 24),
    ("25-34", 25, 34),
    ("35-44", 35, 44),
    ("45-54", 45, 54),
    ("55+", 55, 200),
)


@dataclass(frozen=True, slots=True)
class GroupRate:
    """One group's selection rate.

    Attributes:
        attribute: ``gender``, ``region`` or ``age_band``.
        group: The group's name.
        qualified: Qualified people (summed over vacancies for a batch of shortlists).
        selected: Selected people among them.
        rate: ``selected / qualified``.
        ratio: ``rate`` over the highest rate of a group of at least ``min_group_size``;
            ``None`` when no group is large enough.
        flagged: ``ratio`` is under the threshold and the group is large enough.
        p_value: One-sided Fisher exact test that the group is selected less often
            than everyone else; a flag with a large p-value may be chance (small
            groups, short shortlists).
    """

    attribute: str
    group: str
    qualified: int
    selected: int
    rate: float
    ratio: float | None
    flagged: bool
    p_value: float = 1.0


@dataclass(frozen=True)
class FairnessReport:
    """Selection rates by gender, region and age band.

    Attributes:
        subject: What was selected ("shortlist V-1", "3 shortlists", "allocation").
        selected: Selections counted.
        qualified: Qualified people counted.
        rates: One entry per (attribute, group) with at least one qualified person.
        threshold: The ratio under which a group is flagged (0.8: four fifths).
    """

    subject: str
    selected: int
    qualified: int
    rates: tuple[GroupRate, ...]
    threshold: float = 0.8

    @property
    def flagged(self) -> tuple[GroupRate, ...]:
        return tuple(r for r in self.rates if r.flagged)

    def by(self, attribute: str) -> tuple[GroupRate, ...]:
        return tuple(r for r in self.rates if r.attribute == attribute)


def _age_band_codes(matcher: Matcher, rows: np.ndarray, on: date) -> np.ndarray:
    by = matcher.population_.birth_year[rows]
    age = on.year - by - ((on.month * 100 + on.day) < matcher.population_.birth_md[rows])
    codes = np.full(len(rows), len(AGE_BANDS), np.int64)  # unknown
    for i, (_, lo, hi) in enumerate(AGE_BANDS):
        codes[(by > 0) & (age >= lo) & (age <= hi)] = i
    return codes


def _counts(
    matcher: Matcher, selected: np.ndarray, qualified: np.ndarray, on: date
) -> dict[str, tuple[list[str], np.ndarray, np.ndarray]]:
    out = {}
    band_names = [name for name, _, _ in AGE_BANDS] + ["unknown"]
    for attribute, names, codes_of in (
        (
            "gender",
            matcher.population_.gender_names,
            lambda r: matcher.population_.gender[r].astype(np.int64),
        ),
        (
            "region",
            matcher.population_.region_names,
            lambda r: matcher.population_.region[r].astype(np.int64),
        ),
        ("age_band", band_names, lambda r: _age_band_codes(matcher, r, on)),
    ):
        q = np.bincount(codes_of(qualified), minlength=len(names))
        s = np.bincount(codes_of(selected), minlength=len(names))
        out[attribute] = (names, q, s)
    return out


def _fisher_less(selected: int, qualified: int, other_selected: int, other_qualified: int) -> float:
    """P-value that a group is selected less often than the rest (one-sided Fisher)."""
    if qualified == 0 or other_qualified == 0:
        return 1.0
    from scipy.stats import fisher_exact

    table = [
        [selected, qualified - selected],
        [other_selected, other_qualified - other_selected],
    ]
    return float(fisher_exact(table, alternative="less").pvalue)


def _report(
    subject: str,
    counts: dict[str, tuple[list[str], np.ndarray, np.ndarray]],
    min_group_size: int,
    threshold: float,
) -> FairnessReport:
    rates = []
    total_q = total_s = 0
    for attribute, (names, q, s) in counts.items():
        if attribute == "gender":
            total_q, total_s = int(q.sum()), int(s.sum())
        rate = np.divide(s, q, out=np.zeros(len(q)), where=q > 0)
        large = q >= min_group_size
        best = float(rate[large].max()) if large.any() else 0.0
        all_q, all_s = int(q.sum()), int(s.sum())
        for i, name in enumerate(names):
            if q[i] == 0:
                continue
            ratio = float(rate[i] / best) if best > 0 else None
            flagged = bool(large[i] and ratio is not None and ratio < threshold)
            p_value = _fisher_less(int(s[i]), int(q[i]), all_s - int(s[i]), all_q - int(q[i]))
            rates.append(
                GroupRate(
                    attribute, name, int(q[i]), int(s[i]), float(rate[i]), ratio, flagged, p_value
                )
            )
    return FairnessReport(subject, total_s, total_q, tuple(rates), threshold)


def fairness_report(
    matcher: Matcher,
    selected_rows: np.ndarray,
    qualified_rows: np.ndarray,
    *,
    on: date,
    subject: str = "selection",
    min_group_size: int = 5,
    threshold: float = 0.8,
) -> FairnessReport:
    """Selection rates of ``selected_rows`` against ``qualified_rows`` (matcher rows).

    Args:
        matcher: The fitted matcher the rows index.
        selected_rows: Rows selected (a subset of ``qualified_rows``).
        qualified_rows: Rows qualified.
        on: Day ages are computed on.
        subject: Names the selection in the report.
        min_group_size: Smallest group flagged or used as the reference.
        threshold: Ratio under which a group is flagged.

    Returns:
        The report.
    """
    counts = _counts(
        matcher, np.asarray(selected_rows, np.int64), np.asarray(qualified_rows, np.int64), on
    )
    return _report(subject, counts, min_group_size, threshold)


def shortlist_fairness(
    matcher: Matcher,
    shortlists: Shortlist | Sequence[Shortlist],
    *,
    min_group_size: int = 5,
    threshold: float = 0.8,
) -> FairnessReport:
    """Shortlisting rates against the qualified pools, for one shortlist or a batch
    (counts summed over vacancies: a person is counted once per vacancy)."""
    items = [shortlists] if isinstance(shortlists, Shortlist) else list(shortlists)
    total: dict[str, tuple[list[str], np.ndarray, np.ndarray]] = {}
    for sl in items:
        for attribute, (names, q, s) in _counts(matcher, sl.rows, sl.qualified_rows, sl.on).items():
            if attribute in total:
                _, q0, s0 = total[attribute]
                total[attribute] = (names, q0 + q, s0 + s)
            else:
                total[attribute] = (names, q, s)
    subject = f"shortlist {items[0].vacancy_id}" if len(items) == 1 else f"{len(items)} shortlists"
    return _report(subject, total, min_group_size, threshold)


def allocation_fairness(
    matcher: Matcher,
    allocation: Allocation,
    *,
    on: date | None = None,
    min_group_size: int = 5,
    threshold: float = 0.8,
) -> FairnessReport:
    """Allocation rates against everyone qualified for at least one vacancy of the list."""
    return fairness_report(
        matcher,
        allocation.rows,
        allocation.qualified_rows,
        on=on or matcher.today or date.today(),
        subject=f"allocation ({allocation.method})",
        min_group_size=min_group_size,
        threshold=threshold,
    )
