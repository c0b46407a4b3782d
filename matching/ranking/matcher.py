"""Retrieval at scale: shortlists of job seekers for vacancies, and vacancies for a person.

:class:`Matcher` is fit on the job seekers once. ``fit`` turns the records into compact
numpy arrays (per experience item: person, ESCO occupation, ISCO code, years; per person:
licence bit masks, certificate validity, language levels, availability, consent,
destinations, a skill-profile id), plus an inverted index of experience items by ISCO
code and by ESCO occupation. A vacancy is then answered in three steps:

1. candidate generation — the people with an experience item in the vacancy's ISCO minor
   group or nearer (``min_isco_depth``; related trades are found there too), in a group a
   scheme widens to, or in a broader/narrower ESCO occupation, found by binary search in
   the inverted index; with an encoder, also people whose
   experience text is similar enough (exactly, or through a
   :class:`~matching.index.VectorIndex` when ``use_vector_index``);
2. gates and scores on the candidates' arrays, exactly as
   :class:`~matching.rules.scoring.PairScorer`
   computes them pair by pair;
3. the shortlist (qualified people, best first), the near misses (people who fail only
   closable gates) and the related trades (people whose nearest trade does not qualify,
   with what they share and what retraining they need), with explanations built pair by
   pair for those shown.

Nobody outside the candidate set can be plausible, so the shortlist equals the one
:meth:`Matcher.score_all` gets by scoring everyone (the brute-force oracle, tested).
Ties are broken by the order of the job seekers given to ``fit``.

Example:
    >>> from datetime import date
    >>> from matching.occupations import load_builtin
    >>> from matching.records import Consent, JobSeeker, Vacancy, WorkExperience
    >>> welder = "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"
    >>> people = [JobSeeker(external_id=f"GE-{i}", full_name="x", birth_date=date(1990, 1, 1),
    ...     consent=Consent(given=True, date=date(2026, 1, 1)),
    ...     experience=[WorkExperience(title="welder", years=i, esco_uri=welder,
    ...                                isco_group="7212")]) for i in range(1, 4)]
    >>> matcher = Matcher(today=date(2026, 6, 1)).fit(people, load_builtin())
    >>> vacancy = Vacancy(external_id="PL-1", destination_country="PL", title="spawacz",
    ...                   esco_uri=welder, isco_group="7212", min_experience_years=2.5)
    >>> [m.job_seeker_id for m in matcher.match_vacancy(vacancy, k=5).matches]
    ['GE-3']
    >>> near = matcher.match_vacancy(vacancy).near_misses[0]
    >>> print(near.job_seeker_id, near.gaps[0].reason)
    GE-2 2 years as welder, needs 2.5
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from matching.config import Settings
from matching.errors import InvalidInputError, NotFoundError
from matching.occupations.taxonomy import Taxonomy
from matching.ranking.evaluate import evaluate
from matching.ranking.population import Population
from matching.ranking.results import (
    _DECIMALS,
    Match,
    NearMiss,
    Recommendations,
    RelatedTrade,
    Shortlist,
    _Scored,
)
from matching.records import JobSeeker, Vacancy
from matching.rules.explain import Explanation, explain
from matching.rules.gates import (
    GateKind,
    GatePolicy,
)
from matching.rules.scoring import (
    Assessment,
    NotFittedError,
    PairScorer,
    ScoreComponents,
    SeekerProfile,
    VacancyProfile,
    Weights,
)

if TYPE_CHECKING:
    from matching.index import Encoder
    from matching.skills import SkillMapper


class Matcher:
    """Shortlists of job seekers for vacancies, and vacancies for a job seeker.

    Args:
        settings: Weights, shortlist size and minimum age; ``Settings()`` by default.
        encoder: Optional :class:`~matching.index.Encoder`: experience texts are embedded
            and their cosine to the vacancy text blended into the occupation fit.
        embedding_weight: Share of that cosine in the occupation component.
        min_isco_depth: ISCO levels an experience item that does not qualify must share
            with the vacancy for the person to be listed as a related trade (3: same minor
            group; 4: same unit group).
        skill_share: Share of the vacancy occupation's essential skills another occupation
            of its unit group must hold to qualify; ``Settings.occupation_skill_share`` by
            default.
        scheme_widening: ISCO prefix → depth that qualifies (see
            :class:`~matching.rules.scoring.PairScorer`); ``Settings.scheme_widening`` by
            default.
        text_threshold: With an encoder, people at least this similar are candidates too.
        use_vector_index: With an encoder, find text-similar people through a FAISS
            :class:`~matching.index.VectorIndex` (top ``text_candidates``) instead of an
            exact product over everyone: faster at millions, approximate.
        text_candidates: How many people the vector index returns per vacancy.
        near_miss_size: Near misses kept per list; ``Settings.shortlist_size`` by default.
        today: The day gates are checked on when a vacancy has no season start;
            the real today by default.
        skill_mapper: Maps free-text skills to ESCO skills (e.g. with an encoder);
            the scorer's lexical one by default.

    Example:
        >>> Matcher(min_isco_depth=4).min_isco_depth
        4
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        encoder: Encoder | None = None,
        embedding_weight: float = 0.2,
        min_isco_depth: int = 3,
        text_threshold: float = 0.5,
        use_vector_index: bool = False,
        text_candidates: int = 2000,
        near_miss_size: int | None = None,
        today: date | None = None,
        skill_share: float | None = None,
        scheme_widening: dict[str, int] | None = None,
        skill_mapper: SkillMapper | None = None,
    ):
        self.settings = settings
        self.encoder = encoder
        self.embedding_weight = embedding_weight
        self.min_isco_depth = min_isco_depth
        self.text_threshold = text_threshold
        self.use_vector_index = use_vector_index
        self.text_candidates = text_candidates
        self.near_miss_size = near_miss_size
        self.today = today
        self.skill_share = skill_share
        self.scheme_widening = scheme_widening
        self.skill_mapper = skill_mapper

    # ================================================================== fitting
    def fit(self, job_seekers: Iterable[JobSeeker], taxonomy: Taxonomy) -> Matcher:
        """Build the arrays and indexes over ``job_seekers``.

        Args:
            job_seekers: The population; external ids must be unique.
            taxonomy: The ESCO/ISCO taxonomy their experience is coded in.

        Returns:
            ``self``.

        Raises:
            InvalidInputError: An external id repeats.
        """
        settings = self.settings or Settings()
        self.settings_ = settings
        self.scorer_ = PairScorer(
            weights=Weights.from_settings(settings),
            policy=GatePolicy.from_settings(settings),
            embedding_weight=self.embedding_weight,
            min_isco_depth=self.min_isco_depth,
            text_threshold=self.text_threshold,
            skill_share=(
                settings.occupation_skill_share if self.skill_share is None else self.skill_share
            ),
            scheme_widening=(
                settings.scheme_widening if self.scheme_widening is None else self.scheme_widening
            ),
            inferred_skill_credit=settings.inferred_skill_credit,
            skill_mapper=self.skill_mapper,
        ).fit(taxonomy)
        self.population_ = Population.build(job_seekers, self.scorer_, taxonomy)
        self._agency_rows: dict[str, np.ndarray] | None = None  # see rows_of_agency
        seekers = self.population_.job_seekers
        n = len(seekers)

        self.text_vectors_ = None
        self.vector_index_ = None
        if self.encoder is not None:
            texts = [self.scorer_.profile_seeker(s).text or "-" for s in seekers]
            vectors = self.encoder.encode_documents(texts)
            self.text_vectors_ = np.ascontiguousarray(vectors, dtype=np.float32)
            if self.use_vector_index:
                from matching.index import VectorIndex

                self.vector_index_ = VectorIndex(
                    model_id=self.encoder.model_id,
                    hnsw_threshold=settings.hnsw_threshold,
                ).add(np.arange(n), self.text_vectors_)
                self.vector_index_.build()
        return self

    def update(self, job_seekers: Sequence[JobSeeker], removed: Collection[str] = ()) -> Matcher:
        """Take new and changed people in and removed people out without refitting everyone.

        The matcher then answers exactly as one fitted on the people it held, with
        ``removed`` dropped, each of ``job_seekers`` already held replaced in place and the
        others appended in the order given (:meth:`Population.update`). Only the given
        people are profiled (and, with an encoder, embedded; a vector index is rebuilt
        from the kept vectors).

        Args:
            job_seekers: New or changed people.
            removed: External ids of people to drop (unknown ones are ignored).

        Returns:
            ``self``.
        """
        self._check_fitted()
        old = self.population_
        population = old.update(job_seekers, removed, self.scorer_)
        text_vectors = None
        if self.text_vectors_ is not None:
            texts: list[str] = []
            fresh: list[int] = []
            reuse = np.zeros(len(population), np.int64)
            for row, seeker in enumerate(population.job_seekers):
                was = old.row_of.get(seeker.external_id)
                if was is not None and old.job_seekers[was] is seeker:
                    reuse[row] = was
                else:
                    fresh.append(row)
                    texts.append(self.scorer_.profile_seeker(seeker).text or "-")
            text_vectors = self.text_vectors_[reuse]
            if fresh:
                encoded = self.encoder.encode_documents(texts)  # type: ignore[union-attr]
                text_vectors[fresh] = np.asarray(encoded, dtype=np.float32)
            text_vectors = np.ascontiguousarray(text_vectors, dtype=np.float32)
        vector_index = None
        if self.vector_index_ is not None and text_vectors is not None:
            from matching.index import VectorIndex

            vector_index = VectorIndex(
                model_id=self.encoder.model_id,  # type: ignore[union-attr]
                hnsw_threshold=self.settings_.hnsw_threshold,
            ).add(np.arange(len(population)), text_vectors)
            vector_index.build()
        self.population_, self._agency_rows = population, None
        self.text_vectors_, self.vector_index_ = text_vectors, vector_index
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "population_"):
            raise NotFittedError("call fit(job_seekers, taxonomy) first")

    def __len__(self) -> int:
        population = getattr(self, "population_", None)
        return 0 if population is None else len(population)

    @property
    def shortlist_size(self) -> int:
        """``Settings.shortlist_size`` of the settings the matcher was fit with."""
        self._check_fitted()
        return self.settings_.shortlist_size

    # ================================================================== vacancies
    def _today(self) -> date:
        return self.today or date.today()

    def profile_vacancy(self, vacancy: Vacancy) -> VacancyProfile:
        """The vacancy resolved against the taxonomy, gates dated (season start or today)."""
        self._check_fitted()
        return self.scorer_.profile_vacancy(vacancy, self._today())

    def _query_vectors(self, vps: Sequence[VacancyProfile]) -> np.ndarray | None:
        if self.encoder is None or not vps:
            return None
        vectors = self.encoder.encode_queries([vp.text for vp in vps])
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _similarities(self, query: np.ndarray | None, rows: np.ndarray) -> np.ndarray | None:
        if query is None or self.text_vectors_ is None:
            return None
        return (self.text_vectors_[rows] @ query).astype(np.float64)

    def _isco_range(self, code: int, depth: int) -> tuple[int, int]:
        span = 10 ** (4 - depth)
        lo = (code // span) * span
        a = int(np.searchsorted(self.population_.isco_sorted, lo, "left"))
        b = int(np.searchsorted(self.population_.isco_sorted, lo + span, "left"))
        return a, b

    def candidate_rows(self, vp: VacancyProfile, query: np.ndarray | None = None) -> np.ndarray:
        """Rows of the people a vacancy considers: experience in its ISCO minor group or
        nearer (``min_isco_depth``), a related ESCO occupation, or similar text.

        Args:
            vp: The vacancy's profile.
            query: The vacancy's text vector, when an encoder is used.

        Returns:
            Sorted unique int64 rows.
        """
        n = len(self.population_.ids)
        if not vp.coded:
            return np.arange(n, dtype=np.int64)
        parts = []
        depth = self.min_isco_depth
        if vp.widening is not None:
            depth = min(depth, vp.widening[1])
        a, b = self._isco_range(int(vp.isco_group), depth)  # type: ignore[arg-type]
        parts.append(self.population_.item_person[self.population_.by_isco[a:b]])
        if vp.occupation_uri is not None:
            occs = [vp.occupation_uri, *vp.related]
            for occ in occs:
                o = self.population_.occ_index.get(occ, -2)
                a = int(np.searchsorted(self.population_.occ_sorted, o, "left"))
                b = int(np.searchsorted(self.population_.occ_sorted, o, "right"))
                parts.append(self.population_.item_person[self.population_.by_occ[a:b]])
        if query is not None and self.text_vectors_ is not None:
            if self.vector_index_ is not None:
                found = self.vector_index_.search(query, self.text_candidates)
                keep = found.scores[0] >= self.text_threshold
                parts.append(found.ids[0][keep])
            else:
                sims = self.text_vectors_ @ query
                parts.append(np.flatnonzero(sims >= self.text_threshold))
        return np.unique(np.concatenate(parts).astype(np.int64))

    # ================================================================== scoring arrays
    def _evaluate(
        self,
        vp: VacancyProfile,
        rows: np.ndarray,
        query: np.ndarray | None,
        masks: dict[tuple[str, tuple], np.ndarray] | None = None,
    ) -> _Scored:
        """Gates and scores of ``vp`` for ``rows`` (:func:`~matching.ranking.evaluate.evaluate`)."""
        return evaluate(
            self.population_,
            self.scorer_,
            vp,
            rows,
            self._similarities(query, rows),
            embedding_weight=self.embedding_weight,
            text_threshold=self.text_threshold,
            min_isco_depth=self.min_isco_depth,
            masks=masks,
        )

    # ================================================================== lists
    def _components(self, scored: _Scored, i: int) -> ScoreComponents:
        return ScoreComponents(
            occupation=float(scored.occupation[i]),
            skills=float(scored.skills[i]),
            experience=float(scored.experience[i]),
            language=float(scored.language[i]),
            total=float(scored.total[i]),
            text_similarity=None if scored.similarity is None else float(scored.similarity[i]),
        )

    def _assess_row(
        self, row: int, vp: VacancyProfile, similarity: float | None
    ) -> tuple[SeekerProfile, Assessment]:
        sp = self.scorer_.profile_seeker(self.population_.job_seekers[row])
        return sp, self.scorer_.assess(sp, vp, similarity)

    def _shortlist(
        self, vp: VacancyProfile, scored: _Scored, k: int, with_explanations: bool
    ) -> Shortlist:
        vid = vp.vacancy.external_id
        ok = scored.plausible & ~scored.hard_fail & (scored.closable_fail == 0)
        ranked = scored.order(ok)
        top = ranked[:k]
        matches = []
        for rank, i in enumerate(top, 1):
            row = int(scored.rows[i])
            explanation = None
            if with_explanations:
                sim = None if scored.similarity is None else float(scored.similarity[i])
                sp, assessment = self._assess_row(row, vp, sim)
                explanation = explain(self.scorer_, sp, vp, assessment)
            matches.append(
                Match(
                    vid,
                    self.population_.ids[row],
                    rank,
                    float(scored.total[i]),
                    self._components(scored, i),
                    explanation,
                )
            )
        near_size = self.near_miss_size if self.near_miss_size is not None else self.shortlist_size
        gaps = scored.closable_fail
        limit = self.scorer_.policy_.max_closable_gaps
        near = scored.order(scored.plausible & ~scored.hard_fail & (gaps > 0) & (gaps <= limit))
        near_misses = []
        for rank, i in enumerate(near[:near_size], 1):
            row = int(scored.rows[i])
            sim = None if scored.similarity is None else float(scored.similarity[i])
            sp, assessment = self._assess_row(row, vp, sim)
            near_misses.append(
                NearMiss(
                    vid,
                    self.population_.ids[row],
                    rank,
                    float(scored.total[i]),
                    self._components(scored, i),
                    assessment.failures,
                    explain(self.scorer_, sp, vp, assessment) if with_explanations else None,
                )
            )
        # related trades are for a coordinator reading the list: only with explanations
        related = scored.order(scored.related & ~scored.hard_but_experience)
        related_trades = []
        for rank, i in enumerate(related[:near_size] if with_explanations else (), 1):
            row = int(scored.rows[i])
            sim = None if scored.similarity is None else float(scored.similarity[i])
            sp, assessment = self._assess_row(row, vp, sim)
            related_trades.append(
                self._related_trade(
                    vp,
                    sp,
                    assessment,
                    rank,
                    self._components(scored, i),
                    with_explanations,
                )
            )
        return Shortlist(
            vacancy_id=vid,
            matches=tuple(matches),
            near_misses=tuple(near_misses),
            n_considered=int(scored.plausible.sum()),
            n_qualified=len(ranked),
            on=vp.on,
            rows=scored.rows[top].astype(np.int64),
            scores=scored.total[top].astype(np.float64),
            qualified_rows=np.sort(scored.rows[ranked]).astype(np.int64),
            related_trades=tuple(related_trades),
            fit_rule=self.scorer_.fit_rule(vp),
        )

    def _related_trade(
        self,
        vp: VacancyProfile,
        sp: SeekerProfile,
        assessment: Assessment,
        rank: int,
        components: ScoreComponents,
        with_explanation: bool,
    ) -> RelatedTrade:
        taxonomy = self.scorer_.taxonomy_
        essential = set(vp.essential_skills)
        return RelatedTrade(
            vp.vacancy.external_id,
            sp.seeker.external_id,
            rank,
            components.total,
            components,
            self.scorer_.item_label(assessment.best_item),
            tuple(taxonomy.skill_label(s) for s in assessment.matched_skills if s in essential),
            tuple(taxonomy.skill_label(s) for s in assessment.missing_skills),
            tuple(f for f in assessment.failures if f.kind is not GateKind.EXPERIENCE),
            explain(self.scorer_, sp, vp, assessment) if with_explanation else None,
        )

    def batch_match_vacancies(
        self,
        vacancies: Sequence[Vacancy],
        k: int | Sequence[int] | None = None,
        *,
        explanations: bool = True,
        among: np.ndarray | None = None,
    ) -> list[Shortlist]:
        """A shortlist of job seekers for each vacancy.

        Args:
            vacancies: The vacancies (coded by the title normaliser on import).
            k: Shortlist length, or one per vacancy; ``Settings.shortlist_size`` by default.
            explanations: Build each match's explanation (reasons, skills, gaps) and list
                the related trades.
            among: Only these rows compete (one agency's people: :meth:`rows_of_agency`);
                ranks, counts and near misses are then those of this pool.

        Returns:
            One :class:`Shortlist` per vacancy, in order.
        """
        return self._batch(vacancies, k, explanations, exhaustive=False, among=among)

    def match_vacancy(
        self,
        vacancy: Vacancy,
        k: int | None = None,
        *,
        explanations: bool = True,
        among: np.ndarray | None = None,
    ) -> Shortlist:
        """One vacancy: :meth:`batch_match_vacancies` on a batch of one."""
        return self.batch_match_vacancies([vacancy], k, explanations=explanations, among=among)[0]

    def rows_of_agency(self, agency: str) -> np.ndarray:
        """Sorted rows of the people registered by ``agency``."""
        self._check_fitted()
        if self._agency_rows is None:
            by: dict[str, list[int]] = {}
            for row, seeker in enumerate(self.population_.job_seekers):
                if seeker.agency is not None:
                    by.setdefault(seeker.agency, []).append(row)
            self._agency_rows = {a: np.asarray(r, np.int64) for a, r in by.items()}
        return self._agency_rows.get(agency, np.zeros(0, np.int64))

    def score_all(
        self,
        vacancies: Sequence[Vacancy],
        k: int | Sequence[int] | None = None,
        *,
        explanations: bool = True,
    ) -> list[Shortlist]:
        """The brute-force oracle: shortlists from scoring every job seeker.

        Same output as :meth:`batch_match_vacancies`, without candidate generation.
        """
        return self._batch(vacancies, k, explanations, exhaustive=True)

    def _batch(
        self,
        vacancies: Sequence[Vacancy],
        k: int | Sequence[int] | None,
        explanations: bool,
        exhaustive: bool,
        among: np.ndarray | None = None,
    ) -> list[Shortlist]:
        self._check_fitted()
        k = self.shortlist_size if k is None else k
        ks = [k] * len(vacancies) if isinstance(k, int) else list(k)
        if len(ks) != len(vacancies):
            raise InvalidInputError(f"{len(ks)} shortlist lengths for {len(vacancies)} vacancies")
        if any(x < 1 for x in ks):
            raise InvalidInputError("k must be at least 1")
        vps = [self.profile_vacancy(v) for v in vacancies]
        queries = self._query_vectors(vps)
        out = []
        all_rows = np.arange(len(self.population_.ids), dtype=np.int64)
        for i, vp in enumerate(vps):
            query = None if queries is None else queries[i]
            rows = all_rows if exhaustive else self.candidate_rows(vp, query)
            if among is not None:
                rows = np.intersect1d(rows, among, assume_unique=True)
            out.append(self._shortlist(vp, self._evaluate(vp, rows, query), ks[i], explanations))
        return out

    def match_pairwise(self, vacancy: Vacancy, k: int | None = None) -> Shortlist:
        """The slow reference: :class:`~matching.rules.scoring.PairScorer` on every person, one
        pair at a time. Same ranking as :meth:`match_vacancy`; for tests and audits."""
        self._check_fitted()
        k = self.shortlist_size if k is None else k
        vp = self.profile_vacancy(vacancy)
        queries = self._query_vectors([vp])
        all_rows = np.arange(len(self.population_.ids), dtype=np.int64)
        sims = self._similarities(None if queries is None else queries[0], all_rows)
        assessed = []
        related_assessed = []
        for row in range(len(self.population_.ids)):
            sim = None if sims is None else float(sims[row])
            _, a = self._assess_row(row, vp, sim)
            if a.plausible:
                assessed.append((row, a))
            elif a.related_trade:
                related_assessed.append((row, a))
        qualified = [(row, a) for row, a in assessed if a.qualified]
        qualified.sort(key=lambda t: (-round(t[1].components.total, _DECIMALS), t[0]))
        near = [(row, a) for row, a in assessed if a.near_miss]
        near.sort(key=lambda t: (-round(t[1].components.total, _DECIMALS), t[0]))
        vid = vacancy.external_id
        near_size = self.near_miss_size if self.near_miss_size is not None else self.shortlist_size
        related = [
            (row, a)
            for row, a in related_assessed
            if all(f.closable or f.kind is GateKind.EXPERIENCE for f in a.failures)
        ]
        related.sort(key=lambda t: (-round(t[1].components.total, _DECIMALS), t[0]))
        related_trades = []
        for r, (row, a) in enumerate(related[:near_size], 1):
            sp = self.scorer_.profile_seeker(self.population_.job_seekers[row])
            related_trades.append(self._related_trade(vp, sp, a, r, a.components, False))
        return Shortlist(
            vacancy_id=vid,
            matches=tuple(
                Match(vid, self.population_.ids[row], r, a.components.total, a.components)
                for r, (row, a) in enumerate(qualified[:k], 1)
            ),
            near_misses=tuple(
                NearMiss(
                    vid, self.population_.ids[row], r, a.components.total, a.components, a.failures
                )
                for r, (row, a) in enumerate(near[:near_size], 1)
            ),
            n_considered=len(assessed),
            n_qualified=len(qualified),
            on=vp.on,
            rows=np.asarray([row for row, _ in qualified[:k]], np.int64),
            scores=np.asarray([a.components.total for _, a in qualified[:k]]),
            qualified_rows=np.asarray(sorted(row for row, _ in qualified), np.int64),
            related_trades=tuple(related_trades),
            fit_rule=self.scorer_.fit_rule(vp),
        )

    def _row(self, job_seeker_id: str) -> int:
        self._check_fitted()
        row = self.population_.row_of.get(job_seeker_id)
        if row is None:
            raise NotFoundError(f"job seeker {job_seeker_id!r} is not in the matcher")
        return row

    def _pair(self, vp: VacancyProfile, row: int) -> tuple[SeekerProfile, Assessment]:
        queries = self._query_vectors([vp])
        sims = self._similarities(None if queries is None else queries[0], np.asarray([row]))
        return self._assess_row(row, vp, None if sims is None else float(sims[0]))

    def assess(self, vacancy: Vacancy, job_seeker_id: str) -> Assessment:
        """Scores, gate failures and evidence of one fitted job seeker for one vacancy.

        Raises:
            NotFoundError: The job seeker is not among those the matcher was fit on.
        """
        return self._pair(self.profile_vacancy(vacancy), self._row(job_seeker_id))[1]

    def explain(self, vacancy: Vacancy, job_seeker_id: str) -> Explanation:
        """The explanation of one fitted job seeker for one vacancy."""
        vp = self.profile_vacancy(vacancy)
        sp, assessment = self._pair(vp, self._row(job_seeker_id))
        return explain(self.scorer_, sp, vp, assessment)

    # ================================================================== the other direction
    def match_job_seeker(
        self,
        seeker: JobSeeker,
        vacancies: Sequence[Vacancy],
        k: int | None = None,
        *,
        explanations: bool = True,
    ) -> Recommendations:
        """The best vacancies for one person, with the same scores and explanations.

        For agency staff counselling a person (returned migrants too). The person need
        not be among those the matcher was fit on.

        Args:
            seeker: The job seeker.
            vacancies: The open vacancies.
            k: How many to return; ``Settings.shortlist_size`` by default.
            explanations: Build each match's explanation.

        Returns:
            Qualified vacancies best first, and the near misses with their gaps.
        """
        self._check_fitted()
        k = self.shortlist_size if k is None else k
        sp = self.scorer_.profile_seeker(seeker)
        vps = [self.profile_vacancy(v) for v in vacancies]
        queries = self._query_vectors(vps)
        person_vec = None
        if queries is not None:
            row = self.population_.row_of.get(seeker.external_id)
            if row is not None and self.population_.job_seekers[row] is seeker:
                person_vec = self.text_vectors_[row]  # type: ignore[index]
            else:
                person_vec = self.encoder.encode_documents([sp.text or "-"])[0]  # type: ignore[union-attr]
        assessed = []
        for i, vp in enumerate(vps):
            sim = None if person_vec is None else float(queries[i] @ person_vec)  # type: ignore[index]
            a = self.scorer_.assess(sp, vp, sim)
            if a.plausible:
                assessed.append((i, vp, a))

        def ranked(keep: list) -> list:
            return sorted(keep, key=lambda t: (-round(t[2].components.total, _DECIMALS), t[0]))

        sid = seeker.external_id
        matches = tuple(
            Match(
                vp.vacancy.external_id,
                sid,
                r,
                a.components.total,
                a.components,
                explain(self.scorer_, sp, vp, a) if explanations else None,
            )
            for r, (_, vp, a) in enumerate(ranked([t for t in assessed if t[2].qualified])[:k], 1)
        )
        near_misses = tuple(
            NearMiss(
                vp.vacancy.external_id,
                sid,
                r,
                a.components.total,
                a.components,
                a.failures,
                explain(self.scorer_, sp, vp, a) if explanations else None,
            )
            for r, (_, vp, a) in enumerate(ranked([t for t in assessed if t[2].near_miss])[:k], 1)
        )
        return Recommendations(sid, matches, near_misses)
