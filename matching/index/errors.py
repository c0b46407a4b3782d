"""Errors the vector index raises: a saved index that cannot be trusted is refused, not used."""

from __future__ import annotations

from matching.errors import MatchingError


class IndexIntegrityError(MatchingError):
    """A saved index is incomplete or altered: a missing file, a bad checksum, wrong shapes."""


class ModelMismatchError(MatchingError):
    """A saved index was built with another encoder than the one asked for.

    Its vectors live in another space, so searching it with this model's queries would
    return silently wrong scores.
    """
