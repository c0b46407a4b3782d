"""The lifecycle table: every allowed move is allowed, every other one refused."""

from __future__ import annotations

import itertools

import pytest

from matching.errors import IllegalTransitionError
from matching.placements import (
    ENGAGED,
    ENTRY,
    TERMINAL,
    TRANSITIONS,
    PlacementStatus,
    allowed_next,
    check_transition,
)

S = PlacementStatus
ALLOWED = {(a, b) for a, nxt in TRANSITIONS.items() for b in nxt}


def test_the_forward_path_and_its_exits() -> None:
    path = [S.SHORTLISTED, S.CONTACTED, S.INTERVIEWED, S.SELECTED, S.VISA, S.DEPARTED, S.RETURNED]
    for a, b in itertools.pairwise(path):
        assert (a, b) in ALLOWED
    for open_status in (S.SHORTLISTED, S.CONTACTED, S.INTERVIEWED, S.SELECTED, S.VISA):
        assert (open_status, S.DECLINED) in ALLOWED  # the person may always say no
        assert (open_status, S.WITHDRAWN) in ALLOWED
    assert (S.VISA, S.REJECTED) not in ALLOWED  # an employer's no comes before the permit
    assert {S.RETURNED, S.DECLINED, S.REJECTED, S.WITHDRAWN} == TERMINAL
    assert {S.SELECTED, S.VISA, S.DEPARTED} == ENGAGED


@pytest.mark.parametrize(("current", "requested"), sorted(ALLOWED))
def test_every_allowed_transition(current: S, requested: S) -> None:
    check_transition(current, requested)


@pytest.mark.parametrize(
    ("current", "requested"),
    sorted(set(itertools.product(S, S)) - ALLOWED),
)
def test_every_other_transition_is_refused_naming_the_allowed_ones(
    current: S, requested: S
) -> None:
    with pytest.raises(IllegalTransitionError) as caught:
        check_transition(current, requested)
    error = caught.value
    assert error.allowed == tuple(s.value for s in TRANSITIONS[current])
    assert error.current == current.value and error.requested == requested.value
    assert ("allowed: " + ", ".join(error.allowed)) in str(error) or "closed" in str(error)


@pytest.mark.parametrize("status", list(S))
def test_a_new_placement_starts_at_an_entry_status(status: S) -> None:
    if status in ENTRY:
        check_transition(None, status)
    else:
        with pytest.raises(IllegalTransitionError, match="a new placement"):
            check_transition(None, status)
    assert allowed_next(None) == ENTRY
