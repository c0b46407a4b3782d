"""Light reads for searching people by name or personal number (a mixin of the Store).

A search looks at everyone in scope, so it must not parse 20,000 records: it reads each
person's id, name (from the stored record's JSON) and personal number only, in insertion
order; the caller then reads the few records it found.

Example:
    >>> from matching.records import JobSeeker
    >>> from matching.storage.store import Store
    >>> with Store("sqlite://") as store:
    ...     _ = store.upsert_job_seekers([JobSeeker(external_id="GE-1", full_name="ნინო")])
    ...     store.job_seeker_names()
    [('GE-1', 'ნინო', None)]
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from matching.scope import EVERYONE, Scope
from matching.storage.tables import _JS


class NameSearchMixin:
    """(id, name, personal number) of everyone in a scope, no record parsed."""

    engine: Engine

    def job_seeker_names(self, *, scope: Scope = EVERYONE) -> list[tuple[str, str, str | None]]:
        """Every person in ``scope`` as (external id, full name, personal number), in
        insertion order."""
        name = _JS.c.record["full_name"].as_string()
        query = sa.select(_JS.c.external_id, name, _JS.c.personal_number).order_by(_JS.c.id)
        if not scope.everyone:
            query = query.where(_JS.c.agency == scope.agency)
        with self.engine.connect() as conn:
            return [(i, n or "", p) for i, n, p in conn.execute(query)]
