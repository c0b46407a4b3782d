"""The fitted population in row space: the contract between the matcher and its callers.

Row ``i`` of every per-person array is the job seeker ``ids[i]`` (the order they were
given to :meth:`Population.build`); experience items are grouped by person (``item_ptr``,
CSR) and inverted by ISCO code and by ESCO occupation. Shortlists, allocations and
fairness reports speak in these rows; :attr:`Population.ids` turns a row back into an id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
        n = len(seekers)
        occ_index: dict[str, int] = {u: i for i, u in enumerate(sorted(taxonomy.occupations))}
        language_index: dict[str, int] = {}
        country_index: dict[str, int] = {}
        cert_types: list[tuple[CertificateKind, str | None]] = []
        cert_index: dict[tuple[CertificateKind, str | None], int] = {}
        skill_col: dict[str, int] = {}
        profile_index: dict[tuple[frozenset[str], frozenset[str]], int] = {}

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
        profiles: list[tuple[frozenset[str], frozenset[str]]] = []
        scorer.prepare_skills(text for s in seekers for text in s.skills)
        for row, seeker in enumerate(seekers):
            sp = scorer.profile_seeker(seeker)
            for item in sp.items:
                item_person.append(row)
                item_occ.append(occ_index.get(item.occupation_uri or "", -1))
                item_isco.append(int(item.isco_group) if item.isco_group else -1)
                item_years.append(item.years)
            key = (sp.skills, sp.declared_skills)
            pid = profile_index.get(key)
            if pid is None:
                pid = profile_index[key] = len(profiles)
                profiles.append(key)
                for s in sp.skills:
                    skill_col.setdefault(s, len(skill_col))
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
                bit = country_index.setdefault(country, len(country_index))
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
                key = (cert.kind, cert.code)
                col = cert_index.get(key)
                if col is None:
                    col = cert_index[key] = len(cert_types)
                    cert_types.append(key)
                until = cert.valid_until.toordinal() if cert.valid_until else _NEVER
                cert_cells.append((row, col, until))
                if cert.kind is CertificateKind.CODE95:
                    code95_until[row] = max(code95_until[row], until)
            for lang in seeker.languages:
                col = language_index.setdefault(lang.language, len(language_index))
                lang_cells.append((row, col, int(lang.level)))

        # gender and region: for fairness reports only, never read by scoring or gates
        gender_names = [g.value for g in Gender] + ["unknown"]
        gender = np.asarray([list(Gender).index(s.gender) for s in seekers], np.uint8)
        region_names = [r.value for r in GeorgianRegion] + ["unknown"]
        unknown_region = len(GeorgianRegion)
        regions = list(GeorgianRegion)
        region = np.asarray(
            [regions.index(s.region) if s.region is not None else unknown_region for s in seekers],
            np.uint8,
        )
        cert_until = np.zeros((n, max(len(cert_types), 1)), np.int32)
        for row, col, until in cert_cells:
            cert_until[row, col] = max(cert_until[row, col], until)
        languages = np.zeros((n, max(len(language_index), 1)), np.uint8)
        for row, col, level in lang_cells:
            languages[row, col] = max(languages[row, col], level)

        # experience items, grouped by person (CSR) ...
        item_person = np.asarray(item_person, np.int32)
        item_occ = np.asarray(item_occ, np.int32)
        item_isco = np.asarray(item_isco, np.int32)
        item_years = np.asarray(item_years, np.float64)
        counts = np.bincount(item_person, minlength=n) if n else np.zeros(0, np.int64)
        item_ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        # ... and inverted by ISCO code and by ESCO occupation (binary-searched ranges)
        by_isco = np.argsort(item_isco, kind="stable").astype(np.int64)
        isco_sorted = item_isco[by_isco]
        by_occ = np.argsort(item_occ, kind="stable").astype(np.int64)
        occ_sorted = item_occ[by_occ]

        # a profile's row holds each skill's credit: 1 declared, less when only inferred
        indptr = np.zeros(len(profiles) + 1, np.int64)
        indices: list[int] = []
        credits: list[float] = []
        inferred_credit = scorer.inferred_skill_credit
        for i, (skills, declared) in enumerate(profiles):
            for col, s in sorted((skill_col[s], s) for s in skills):
                indices.append(col)
                credits.append(1.0 if s in declared else inferred_credit)
            indptr[i + 1] = len(indices)
        skill_matrix = sparse.csr_matrix(
            (np.asarray(credits), np.asarray(indices, np.int32), indptr),
            shape=(len(profiles), max(len(skill_col), 1)),
        )

        return cls(
            job_seekers=seekers,
            ids=ids,
            row_of=row_of,
            occ_index=occ_index,
            language_index=language_index,
            country_index=country_index,
            cert_types=cert_types,
            gender_names=gender_names,
            gender=gender,
            region_names=region_names,
            region=region,
            consent=consent,
            birth_year=birth_year,
            birth_md=birth_md,
            available=available,
            available_until=available_until,
            returnee=returnee,
            destinations=destinations,
            licence_mask=licence_mask,
            licence_until=licence_until,
            code95_until=code95_until,
            profile_id=profile_id,
            cert_until=cert_until,
            languages=languages,
            item_person=item_person,
            item_occ=item_occ,
            item_isco=item_isco,
            item_years=item_years,
            item_ptr=item_ptr,
            by_isco=by_isco,
            isco_sorted=isco_sorted,
            by_occ=by_occ,
            occ_sorted=occ_sorted,
            skill_col=skill_col,
            skill_matrix=skill_matrix,
        )
