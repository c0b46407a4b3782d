"""The fitted population in row space: the contract between the matcher and its callers.

Row ``i`` of every per-person array is the job seeker ``ids[i]`` (the order they were
given to :meth:`Population.build`); experience items are grouped by person (``item_ptr``,
CSR) and inverted by ISCO code and by ESCO occupation. Shortlists, allocations and
fairness reports speak in these rows; :attr:`Population.ids` turns a row back into an id.

:meth:`Population.update` takes new, changed and removed people into a fitted population
without profiling everyone again: the rows it returns are those :meth:`Population.build`
returns for the same people in the same order (removed rows dropped, changed rows in place,
new people last), and every gate and score over them is the same.
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from matching.errors import InvalidInputError
from matching.occupations.taxonomy import Taxonomy
from matching.ranking.results import _NEVER
from matching.records import CertificateKind, Gender, GeorgianRegion, JobSeeker
from matching.rules.gates import category_mask, implied_categories
from matching.rules.scoring import PairScorer


@dataclass(frozen=True, eq=False, slots=True)
class Population:
    """Job seekers as arrays, one row a person (see the module docstring).

    Gender and region are for fairness reports only: no gate or score reads them.
    """

    job_seekers: list[JobSeeker]
    ids: list[str]
    row_of: dict[str, int]
    occ_index: dict[str, int]
    language_index: dict[str, int]
    country_index: dict[str, int]
    cert_types: list[tuple[CertificateKind, str | None]]
    gender_names: list[str]
    gender: np.ndarray
    region_names: list[str]
    region: np.ndarray
    consent: np.ndarray
    birth_year: np.ndarray
    birth_md: np.ndarray
    available: np.ndarray
    available_until: np.ndarray  # ordinal of the last day; date.max's when open-ended
    returnee: np.ndarray
    destinations: np.ndarray
    licence_mask: np.ndarray
    licence_until: np.ndarray
    code95_until: np.ndarray
    profile_id: np.ndarray
    cert_until: np.ndarray
    languages: np.ndarray
    item_person: np.ndarray
    item_occ: np.ndarray
    item_isco: np.ndarray
    item_years: np.ndarray
    item_ptr: np.ndarray
    by_isco: np.ndarray
    isco_sorted: np.ndarray
    by_occ: np.ndarray
    occ_sorted: np.ndarray
    skill_col: dict[str, int]
    skill_matrix: sparse.csr_matrix
    profiles: list[tuple[frozenset[str], frozenset[str]]]  # (skills, declared) per profile id
    profile_index: dict[tuple[frozenset[str], frozenset[str]], int]  # its inverse

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(
        cls, job_seekers: Iterable[JobSeeker], scorer: PairScorer, taxonomy: Taxonomy
    ) -> Population:
        """Profile every person with ``scorer`` and lay them out in rows.

        Raises:
            InvalidInputError: An external id repeats, or more than 63 destination countries.
        """
        seekers = list(job_seekers)
        ids = [s.external_id for s in seekers]
        row_of = {sid: i for i, sid in enumerate(ids)}
        if len(row_of) != len(seekers):
            raise InvalidInputError("job seeker external ids repeat")
        occ_index = {u: i for i, u in enumerate(sorted(taxonomy.occupations))}
        columns = _Columns(occ_index, {}, {}, [], {}, [])
        rows = _Rows.profile(seekers, scorer, columns)
        items = _Items(rows.item_person, rows.item_occ, rows.item_isco, rows.item_years).indexed(
            len(seekers)
        )
        return cls(
            job_seekers=seekers,
            ids=ids,
            row_of=row_of,
            occ_index=occ_index,
            language_index=columns.language_index,
            country_index=columns.country_index,
            cert_types=columns.cert_types,
            gender_names=GENDER_NAMES,
            region_names=REGION_NAMES,
            skill_col=columns.skill_col,
            skill_matrix=_skill_matrix(columns, scorer.inferred_skill_credit),
            profiles=columns.profiles,
            profile_index=columns.profile_index,
            cert_until=rows.cert_until(len(columns.cert_types)),
            languages=rows.languages(len(columns.language_index)),
            **rows.per_person,
            **items,
        )

    def update(
        self,
        job_seekers: Sequence[JobSeeker],
        removed: Collection[str],
        scorer: PairScorer,
    ) -> Population:
        """A new population with ``removed`` people dropped, ``job_seekers`` already here
        replaced in their rows, and the others appended in the order given.

        Only the given people are profiled (with the same ``scorer`` this population was
        built with); the arrays of everyone else are copied and the item indexes re-sorted.
        A person both removed and given is replaced. ``self`` is not changed.

        Raises:
            InvalidInputError: An external id repeats among ``job_seekers``, or more than 63
                destination countries.
        """
        # The update builds lists and dicts of a million entries and makes no cycles: a
        # collector pass over every fitted record meanwhile would cost seconds.
        with _collector_paused():
            return self._update(job_seekers, removed, scorer)

    def _update(
        self, job_seekers: Sequence[JobSeeker], removed: Collection[str], scorer: PairScorer
    ) -> Population:
        given = [s.external_id for s in job_seekers]
        if len(set(given)) != len(given):
            raise InvalidInputError("job seeker external ids repeat")
        n = len(self.ids)
        keep = np.ones(n, bool)
        for sid in set(removed).difference(given):
            row = self.row_of.get(sid)
            if row is not None:
                keep[row] = False
        if keep.all():
            ids, seekers, row_of = list(self.ids), list(self.job_seekers), dict(self.row_of)
        else:
            ids, seekers = list(self.ids), list(self.job_seekers)
            for row in np.flatnonzero(~keep)[::-1].tolist():  # a few: a memmove each
                del ids[row], seekers[row]
            row_of = dict(zip(ids, range(len(ids)), strict=True))
        new_row = np.cumsum(keep) - 1  # an old row's row after the removals
        replaced_old = np.zeros(n, bool)
        target = np.zeros(len(job_seekers), np.int64)
        for i, seeker in enumerate(job_seekers):
            row = row_of.get(seeker.external_id)
            if row is None:
                row = row_of[seeker.external_id] = len(ids)
                ids.append(seeker.external_id)
                seekers.append(seeker)
            else:
                replaced_old[self.row_of[seeker.external_id]] = True
                seekers[row] = seeker
            target[i] = row
        size = len(ids)

        columns = _Columns(
            self.occ_index,
            dict(self.language_index),
            dict(self.country_index),
            list(self.cert_types),
            dict(self.skill_col),
            list(self.profiles),
            profile_index=dict(self.profile_index),
        )
        fresh = _Rows.profile(list(job_seekers), scorer, columns)
        per_person = {}
        for name, values in fresh.per_person.items():
            old = getattr(self, name)[keep]
            grown = np.zeros(size, old.dtype)
            grown[: len(old)] = old
            grown[target] = values
            per_person[name] = grown

        def widened(old: np.ndarray, new: np.ndarray) -> np.ndarray:
            out = np.zeros((size, max(old.shape[1], new.shape[1])), old.dtype)
            out[: int(keep.sum()), : old.shape[1]] = old[keep]
            out[target] = 0
            out[target, : new.shape[1]] = new
            return out

        # the untouched people's experience items, renumbered, then the given people's
        stay = keep[self.item_person] & ~replaced_old[self.item_person]
        items = (
            _Items(
                np.concatenate([new_row[self.item_person[stay]], target[fresh.item_person]]),
                np.concatenate([self.item_occ[stay], fresh.item_occ]),
                np.concatenate([self.item_isco[stay], fresh.item_isco]),
                np.concatenate([self.item_years[stay], fresh.item_years]),
            )
            .grouped()
            .indexed(size)
        )
        skill_matrix = _grown_skill_matrix(
            self.skill_matrix, columns, len(self.profiles), scorer.inferred_skill_credit
        )
        return Population(
            job_seekers=seekers,
            ids=ids,
            row_of=row_of,
            occ_index=self.occ_index,
            language_index=columns.language_index,
            country_index=columns.country_index,
            cert_types=columns.cert_types,
            gender_names=self.gender_names,
            region_names=self.region_names,
            skill_col=columns.skill_col,
            skill_matrix=skill_matrix,
            profiles=columns.profiles,
            profile_index=columns.profile_index,
            cert_until=widened(self.cert_until, fresh.cert_until(len(columns.cert_types))),
            languages=widened(self.languages, fresh.languages(len(columns.language_index))),
            **per_person,
            **items,
        )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (as it was before, after)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# gender and region: for fairness reports only, never read by scoring or gates
GENDER_NAMES = [g.value for g in Gender] + ["unknown"]
REGION_NAMES = [r.value for r in GeorgianRegion] + ["unknown"]
_GENDERS = list(Gender)
_REGIONS = list(GeorgianRegion)


@dataclass(slots=True)
class _Columns:
    """What columns and profile ids mean; grown as people bring new values."""

    occ_index: dict[str, int]
    language_index: dict[str, int]
    country_index: dict[str, int]
    cert_types: list[tuple[CertificateKind, str | None]]
    skill_col: dict[str, int]
    profiles: list[tuple[frozenset[str], frozenset[str]]]
    cert_index: dict[tuple[CertificateKind, str | None], int] = field(default_factory=dict)
    profile_index: dict[tuple[frozenset[str], frozenset[str]], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cert_index = {key: i for i, key in enumerate(self.cert_types)}
        if len(self.profile_index) != len(self.profiles):
            self.profile_index = {key: i for i, key in enumerate(self.profiles)}


@dataclass(slots=True)
class _Rows:
    """Some people profiled: their per-person values and experience items."""

    per_person: dict[str, np.ndarray]
    item_person: np.ndarray
    item_occ: np.ndarray
    item_isco: np.ndarray
    item_years: np.ndarray
    cert_cells: list[tuple[int, int, int]]
    lang_cells: list[tuple[int, int, int]]

    def cert_until(self, width: int) -> np.ndarray:
        n = len(self.per_person["consent"])
        out = np.zeros((n, max(width, 1)), np.int32)
        for row, col, until in self.cert_cells:
            out[row, col] = max(out[row, col], until)
        return out

    def languages(self, width: int) -> np.ndarray:
        n = len(self.per_person["consent"])
        out = np.zeros((n, max(width, 1)), np.uint8)
        for row, col, level in self.lang_cells:
            out[row, col] = max(out[row, col], level)
        return out

    @classmethod
    def profile(cls, seekers: list[JobSeeker], scorer: PairScorer, columns: _Columns) -> _Rows:
        """Profile ``seekers`` (rows 0..n-1 here) with ``scorer``, growing ``columns``."""
        n = len(seekers)
        occ_index = columns.occ_index
        item_person: list[int] = []
        item_occ: list[int] = []
        item_isco: list[int] = []
        item_years: list[float] = []
        consent = np.zeros(n, bool)
        birth_year = np.zeros(n, np.int32)
        birth_md = np.zeros(n, np.int32)
        available = np.zeros(n, np.int32)
        available_until = np.full(n, _NEVER, np.int32)
        returnee = np.zeros(n, bool)
        destinations = np.zeros(n, np.uint64)
        licence_mask = np.zeros(n, np.int32)
        licence_until = np.zeros(n, np.int32)
        code95_until = np.zeros(n, np.int32)
        profile_id = np.zeros(n, np.int32)
        cert_cells: list[tuple[int, int, int]] = []
        lang_cells: list[tuple[int, int, int]] = []
        scorer.prepare_skills(text for s in seekers for text in s.skills)
        for row, seeker in enumerate(seekers):
            sp = scorer.profile_seeker(seeker)
            for item in sp.items:
                item_person.append(row)
                item_occ.append(occ_index.get(item.occupation_uri or "", -1))
                item_isco.append(int(item.isco_group) if item.isco_group else -1)
                item_years.append(item.years)
            key = (sp.skills, sp.declared_skills)
            pid = columns.profile_index.get(key)
            if pid is None:
                pid = columns.profile_index[key] = len(columns.profiles)
                columns.profiles.append(key)
                for s in sp.skills:
                    columns.skill_col.setdefault(s, len(columns.skill_col))
            profile_id[row] = pid
            consent[row] = seeker.consent.active
            if seeker.birth_date is not None:
                birth_year[row] = seeker.birth_date.year
                birth_md[row] = seeker.birth_date.month * 100 + seeker.birth_date.day
            if seeker.available_from is not None:
                available[row] = seeker.available_from.toordinal()
            if seeker.available_until is not None:
                available_until[row] = seeker.available_until.toordinal()
            returnee[row] = seeker.returnee
            mask = 0
            for country in seeker.destination_preferences:
                bit = columns.country_index.setdefault(country, len(columns.country_index))
                if bit >= 63:
                    raise InvalidInputError("more than 63 destination countries")
                mask |= 1 << bit
            destinations[row] = mask
            lic = seeker.driving_licence
            if lic is not None:
                licence_mask[row] = category_mask(implied_categories(lic.categories))
                until = lic.valid_until.toordinal() if lic.valid_until else _NEVER
                licence_until[row] = until
                if lic.code95:
                    code95_until[row] = until
            for cert in seeker.certificates:
                ckey = (cert.kind, cert.code)
                col = columns.cert_index.get(ckey)
                if col is None:
                    col = columns.cert_index[ckey] = len(columns.cert_types)
                    columns.cert_types.append(ckey)
                until = cert.valid_until.toordinal() if cert.valid_until else _NEVER
                cert_cells.append((row, col, until))
                if cert.kind is CertificateKind.CODE95:
                    code95_until[row] = max(code95_until[row], until)
            for lang in seeker.languages:
                col = columns.language_index.setdefault(lang.language, len(columns.language_index))
                lang_cells.append((row, col, int(lang.level)))
        unknown_region = len(_REGIONS)
        per_person = {
            "gender": np.asarray([_GENDERS.index(s.gender) for s in seekers], np.uint8),
            "region": np.asarray(
                [
                    _REGIONS.index(s.region) if s.region is not None else unknown_region
                    for s in seekers
                ],
                np.uint8,
            ),
            "consent": consent,
            "birth_year": birth_year,
            "birth_md": birth_md,
            "available": available,
            "available_until": available_until,
            "returnee": returnee,
            "destinations": destinations,
            "licence_mask": licence_mask,
            "licence_until": licence_until,
            "code95_until": code95_until,
            "profile_id": profile_id,
        }
        return cls(
            per_person,
            np.asarray(item_person, np.int64),
            np.asarray(item_occ, np.int32),
            np.asarray(item_isco, np.int32),
            np.asarray(item_years, np.float64),
            cert_cells,
            lang_cells,
        )


@dataclass(slots=True)
class _Items:
    """Experience items: whose (row), which occupation and ISCO code, how many years."""

    person: np.ndarray
    occ: np.ndarray
    isco: np.ndarray
    years: np.ndarray

    def grouped(self) -> _Items:
        """The items ordered by person, each person's in the order given (stable)."""
        order = np.argsort(self.person, kind="stable")
        return _Items(self.person[order], self.occ[order], self.isco[order], self.years[order])

    def indexed(self, n: int) -> dict[str, np.ndarray]:
        """The population's item fields: grouped by person (CSR), inverted by ISCO code
        and by ESCO occupation (binary-searched ranges)."""
        counts = np.bincount(self.person, minlength=n) if n else np.zeros(0, np.int64)
        by_isco = np.argsort(self.isco, kind="stable").astype(np.int64)
        by_occ = np.argsort(self.occ, kind="stable").astype(np.int64)
        return {
            "item_person": self.person.astype(np.int32),
            "item_occ": self.occ,
            "item_isco": self.isco,
            "item_years": self.years,
            "item_ptr": np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
            "by_isco": by_isco,
            "isco_sorted": self.isco[by_isco],
            "by_occ": by_occ,
            "occ_sorted": self.occ[by_occ],
        }


def _skill_matrix(columns: _Columns, inferred_credit: float) -> sparse.csr_matrix:
    """One row per skill profile holding each skill's credit: 1 declared, less when only
    inferred. A row's entries are stored by skill URI, not by column, so that its sum
    (and so every skills score) does not depend on the order columns were handed out."""
    return _skill_rows(columns, 0, inferred_credit)


def _skill_rows(columns: _Columns, start: int, inferred_credit: float) -> sparse.csr_matrix:
    """The rows of :func:`_skill_matrix` for profiles ``start`` onwards."""
    profiles = columns.profiles[start:]
    indptr = np.zeros(len(profiles) + 1, np.int64)
    indices: list[int] = []
    credits: list[float] = []
    skill_col = columns.skill_col
    for i, (skills, declared) in enumerate(profiles):
        for s in sorted(skills):
            indices.append(skill_col[s])
            credits.append(1.0 if s in declared else inferred_credit)
        indptr[i + 1] = len(indices)
    return sparse.csr_matrix(
        (np.asarray(credits), np.asarray(indices, np.int32), indptr),
        shape=(len(profiles), max(len(skill_col), 1)),
    )


def _grown_skill_matrix(
    matrix: sparse.csr_matrix, columns: _Columns, known: int, inferred_credit: float
) -> sparse.csr_matrix:
    """``matrix`` (the first ``known`` profiles) with the rows of the profiles added since
    and as many columns as skills are known now; rows are concatenated as stored."""
    width = max(len(columns.skill_col), 1)
    if len(columns.profiles) == known and matrix.shape[1] == width:
        return matrix
    new = _skill_rows(columns, known, inferred_credit)
    return sparse.csr_matrix(
        (
            np.concatenate([matrix.data, new.data]),
            np.concatenate([matrix.indices, new.indices]),
            np.concatenate([matrix.indptr, new.indptr[1:] + matrix.indptr[-1]]),
        ),
        shape=(len(columns.profiles), width),
    )
