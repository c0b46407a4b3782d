"""What the statistics read: plain iterables of records, and a placement protocol.

Placements (shortlisted → … → selected → visa → departed → returned) are stored by the
placements module; the statistics only need the four attributes of :class:`Placement`,
so any record that has them (a stored row, a dataclass in a test) plugs in.

Example:
    >>> from datetime import date
    >>> p = PlacementRecord("GE-1", "PL-1", "departed", date(2026, 4, 2))
    >>> is_selected(p), is_departed(p)
    (True, True)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, runtime_checkable

from matching.records import DemandList, JobSeeker, Vacancy
from matching.rules.gates import GateFailure, GatePolicy, check_gates, reference_date

# Statuses at or beyond selection: the person holds the position.
SELECTED_STATUSES = frozenset({"selected", "visa", "departed", "returned"})
DEPARTED_STATUSES = frozenset({"departed", "returned"})
RETURNED_STATUS = "returned"
UNDATED = "undated"  # the month of a record with no date
ALL = "all"  # the key of a total row


@runtime_checkable
class Placement(Protocol):
    """A person's placement on a vacancy, in its latest status."""

    @property
    def job_seeker_id(self) -> str: ...

    @property
    def vacancy_id(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def changed_on(self) -> date: ...


@dataclass(frozen=True, slots=True)
class PlacementRecord:
    """A plain :class:`Placement` (tests, fixtures, files)."""

    job_seeker_id: str
    vacancy_id: str
    status: str
    changed_on: date


@runtime_checkable
class AgencyFlag(Protocol):
    """A flag raised against an agency: ``kind`` is ``fee`` or ``unlicensed``."""

    @property
    def agency(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def raised_on(self) -> date: ...


@dataclass(frozen=True, slots=True)
class AgencyFlagRecord:
    """A plain :class:`AgencyFlag`; ``vacancy_id`` the vacancy flagged, when known (a
    stored flag, ``matching.storage.flags.StoredAgencyFlag``, always knows it)."""

    agency: str
    kind: str
    raised_on: date
    vacancy_id: str | None = None


def is_selected(placement: Placement) -> bool:
    return placement.status in SELECTED_STATUSES


def is_departed(placement: Placement) -> bool:
    return placement.status in DEPARTED_STATUSES


def month_of(day: date | None) -> str:
    """``2026-04``, or :data:`UNDATED`."""
    return day.strftime("%Y-%m") if day is not None else UNDATED


def vacancy_month(vacancy: Vacancy) -> str:
    """The month a vacancy's work starts (its season start)."""
    return month_of(vacancy.season_start)


def main_occupation(seeker: JobSeeker) -> str | None:
    """The ISCO-08 unit group of a person's longest coded experience."""
    years: dict[str, float] = {}
    for item in seeker.experience:
        if item.isco_group is not None:
            years[item.isco_group] = years.get(item.isco_group, 0.0) + item.years
    if not years:
        return None
    return min(years, key=lambda g: (-years[g], g))


def in_occupation(seeker: JobSeeker, vacancy: Vacancy) -> bool:
    """Whether the person has experience in the vacancy's occupation: its ESCO occupation
    when the vacancy is coded to one, else its ISCO-08 unit group."""
    if vacancy.esco_uri is not None:
        return any(e.esco_uri == vacancy.esco_uri for e in seeker.experience)
    if vacancy.isco_group is not None:
        return any(e.isco_group == vacancy.isco_group for e in seeker.experience)
    return False


def wants(seeker: JobSeeker, destination: str) -> bool:
    """Whether the person would go to ``destination`` (no preference means anywhere)."""
    prefs = seeker.destination_preferences
    return not prefs or destination in prefs


@dataclass
class Sources:
    """Everything a statistic may read, as plain records.

    Attributes:
        job_seekers: The registry.
        vacancies: Open vacancies (coded to occupations).
        demand_lists: Demand lists, with their vacancies.
        placements: Placements in their latest status (empty until they are stored).
        agency_flags: Flags raised against agencies beyond those on vacancies.
        today: The day gates are checked on when a vacancy has no season start.
        policy: Gate strictness (``Settings.minimum_age``).
    """

    job_seekers: list[JobSeeker]
    vacancies: list[Vacancy]
    demand_lists: list[DemandList] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    agency_flags: list[AgencyFlag] = field(default_factory=list)
    today: date = field(default_factory=date.today)
    policy: GatePolicy = field(default_factory=GatePolicy)
    # The last assessment of the vacancies against the people (``_assess.assess_supply``),
    # keyed by the identity of every record in them, so that statistics computed one after
    # another share it and a changed record is never answered from it.
    _memo: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    def with_placements(
        self, placements: Iterable[Placement], agency_flags: Iterable[AgencyFlag] = ()
    ) -> Sources:
        """The same people and vacancies (and their assessment, shared) with other
        placements and flags."""
        out = Sources(
            self.job_seekers,
            self.vacancies,
            self.demand_lists,
            list(placements),
            list(agency_flags),
            self.today,
            self.policy,
        )
        out._memo = self._memo
        return out

    @classmethod
    def of(
        cls,
        job_seekers: Iterable[JobSeeker],
        vacancies: Iterable[Vacancy],
        demand_lists: Iterable[DemandList] = (),
        placements: Iterable[Placement] = (),
        agency_flags: Iterable[AgencyFlag] = (),
        **kwargs: object,
    ) -> Sources:
        return cls(
            list(job_seekers),
            list(vacancies),
            list(demand_lists),
            list(placements),
            list(agency_flags),
            **kwargs,  # type: ignore[arg-type]
        )


def gate_failures(
    seeker: JobSeeker, vacancy: Vacancy, today: date, policy: GatePolicy
) -> list[GateFailure]:
    """The gates ``seeker`` fails for ``vacancy``: the reference gates the matcher is
    tested against, with experience counted in the vacancy's ISCO unit group."""
    years = seeker.total_years(isco_group=vacancy.isco_group) if vacancy.isco_group else None
    return check_gates(
        seeker,
        vacancy,
        on=reference_date(vacancy, today),
        policy=policy,
        relevant_years=years,
    )
