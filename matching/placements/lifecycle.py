"""The placement lifecycle as data: statuses, the transition table, what counts as engaged.

A placement is one (person, vacancy) pair after the shortlist. It moves forward along
``shortlisted → contacted → interviewed → selected → visa → departed → returned``; at
any open step it may end as ``declined`` (by the person), ``rejected`` (by the
employer) or ``withdrawn`` (by the agency or the ministry). A person who is
``selected``, holds a permit (``visa``) or has ``departed`` is *engaged*: promised to
this vacancy and to no other (the database refuses a second engaged placement).

Example:
    >>> allowed_next(PlacementStatus.INTERVIEWED)
    (<PlacementStatus.SELECTED: 'selected'>, <PlacementStatus.DECLINED: 'declined'>, \
<PlacementStatus.REJECTED: 'rejected'>, <PlacementStatus.WITHDRAWN: 'withdrawn'>)
    >>> check_transition(PlacementStatus.DEPARTED, PlacementStatus.SELECTED)
    Traceback (most recent call last):
    ...
    matching.errors.IllegalTransitionError: a placement in status 'departed' cannot \
become 'selected'; allowed: returned
"""

from __future__ import annotations

from enum import StrEnum

from matching.errors import IllegalTransitionError


class PlacementStatus(StrEnum):
    SHORTLISTED = "shortlisted"
    CONTACTED = "contacted"
    INTERVIEWED = "interviewed"
    SELECTED = "selected"  # by the employer
    VISA = "visa"  # work and residence permit granted
    DEPARTED = "departed"
    RETURNED = "returned"
    DECLINED = "declined"  # by the person
    REJECTED = "rejected"  # by the employer
    WITHDRAWN = "withdrawn"  # by the agency or the ministry


S = PlacementStatus

# The whole lifecycle: status -> the statuses it may move to. Terminal statuses map to ().
TRANSITIONS: dict[PlacementStatus, tuple[PlacementStatus, ...]] = {
    S.SHORTLISTED: (S.CONTACTED, S.DECLINED, S.REJECTED, S.WITHDRAWN),
    S.CONTACTED: (S.INTERVIEWED, S.DECLINED, S.REJECTED, S.WITHDRAWN),
    S.INTERVIEWED: (S.SELECTED, S.DECLINED, S.REJECTED, S.WITHDRAWN),
    S.SELECTED: (S.VISA, S.DECLINED, S.REJECTED, S.WITHDRAWN),
    S.VISA: (S.DEPARTED, S.DECLINED, S.WITHDRAWN),
    S.DEPARTED: (S.RETURNED,),
    S.RETURNED: (),
    S.DECLINED: (),
    S.REJECTED: (),
    S.WITHDRAWN: (),
}

# Where a placement may start when it is first recorded: a coordinator often records a
# step that happened before the pair was entered here (an employer's direct selection).
ENTRY: tuple[PlacementStatus, ...] = (S.SHORTLISTED, S.CONTACTED, S.INTERVIEWED, S.SELECTED)

# Promised to this vacancy: never allocated to another; at most one per person.
ENGAGED: frozenset[PlacementStatus] = frozenset({S.SELECTED, S.VISA, S.DEPARTED})

TERMINAL: frozenset[PlacementStatus] = frozenset(s for s, nxt in TRANSITIONS.items() if not nxt)


def allowed_next(status: PlacementStatus | None) -> tuple[PlacementStatus, ...]:
    """The statuses a placement in ``status`` may move to (``None``: a new placement)."""
    return ENTRY if status is None else TRANSITIONS[status]


def check_transition(current: PlacementStatus | None, requested: PlacementStatus) -> None:
    """Refuse a move the lifecycle does not allow.

    Raises:
        IllegalTransitionError: Naming the statuses that are allowed.
    """
    allowed = allowed_next(current)
    if requested not in allowed:
        raise IllegalTransitionError(
            None if current is None else current.value,
            requested.value,
            tuple(s.value for s in allowed),
        )
