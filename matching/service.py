"""The engine wired from settings: store, taxonomy, title normaliser and matcher.

The CLI, batch runs and the HTTP API all go through one :class:`Engine`, so they see
the same data and build the expensive parts (the taxonomy, the fitted normaliser, the
matcher over every stored job seeker) once and lazily.

Example:
    >>> from matching.config import Settings
    >>> with Engine(Settings(esco_dir=None, database_url="sqlite://")) as engine:
    ...     engine.normalize(["spawacz"])[0].top.isco_group
    '7212'
"""

from __future__ import annotations

import copy
import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from matching.config import Settings, get_settings
from matching.errors import ConfigurationError
from matching.occupations.taxonomy import Taxonomy, load_taxonomy
from matching.records import JobSeeker, Vacancy
from matching.scope import EVERYONE, Scope, vacancy_visibility
from matching.storage.store import Store
from matching.storage.tables import _now

if TYPE_CHECKING:
    from matching.index.encoders import Encoder
    from matching.intake.report import ImportReport
    from matching.occupations.normalizer import NormalizedTitle, TitleNormalizer
    from matching.ranking.allocation import Allocation
    from matching.ranking.matcher import Matcher
    from matching.ranking.results import Recommendations, Shortlist
    from matching.skills import SkillMapper
    from matching.storage.results import UpsertReport

log = logging.getLogger(__name__)

CODING_BATCH = 2000  # records coded per call of the normaliser
# How often (seconds) the matcher asks the store whether someone else changed the people.
STALENESS_CHECK_SECONDS = 2.0
# People stamped this long before the last look are read again: a transaction that stamped
# its rows earlier may commit later (and clocks of replicas differ a little).
REFIT_LAG = timedelta(seconds=60)
# Up to this many changed people (or a fifth of everyone) are taken in incrementally.
INCREMENTAL_LIMIT = 50_000


def _digest(content_hash: str) -> int:
    """A stored record's content hash (hex SHA-256) as 64 bits, kept per matcher row."""
    return int(content_hash[:16], 16)


def _normalizer_encoder(settings: Settings) -> Encoder | None:
    """The encoder whose similarity the title normaliser fuses (``encoder``, through the
    embedding cache), or ``None`` when ``normalizer_embedding_weight`` is 0."""
    if settings.normalizer_embedding_weight <= 0:
        return None
    from matching.index import CachedEncoder, EmbeddingCache, make_encoder

    return CachedEncoder(make_encoder(settings), EmbeddingCache.from_settings(settings))


def _skill_mapper(settings: Settings) -> SkillMapper | None:
    """The skill mapper the matcher uses when ``skill_encoder_weight`` is above 0 (the
    ``encoder`` through the embedding cache); ``None`` keeps the scorer's lexical one."""
    if settings.skill_encoder_weight <= 0:
        return None
    from matching.index import CachedEncoder, EmbeddingCache, make_encoder
    from matching.skills import SkillMapper

    encoder = CachedEncoder(make_encoder(settings), EmbeddingCache.from_settings(settings))
    return SkillMapper(encoder, encoder_weight=settings.skill_encoder_weight)


class Engine:
    """One engine over one database.

    Args:
        settings: The settings in force; ``get_settings()`` by default.
        store: An open or unopened store; one on ``settings`` by default.
        taxonomy: A loaded taxonomy; ESCO from ``settings.esco_dir`` when it holds an
            export, the built-in catalogue otherwise.
        normalizer: A fitted title normaliser; by default one is fitted on the taxonomy
            and saved under ``settings.data_dir/normalizer`` for the next start.
        matcher_options: Keyword arguments for :class:`~matching.ranking.Matcher`
            (``today``, ``min_isco_depth`` ...).
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        store: Store | None = None,
        taxonomy: Taxonomy | None = None,
        normalizer: TitleNormalizer | None = None,
        matcher_options: dict[str, Any] | None = None,
    ):
        self.settings = settings or get_settings()
        self.store = store or Store.from_settings(self.settings)
        self._taxonomy = taxonomy
        self._normalizer = normalizer
        self.matcher_options = dict(matcher_options or {})
        self._matcher: Matcher | None = None
        # Store.job_seekers_version() when the matcher was fitted ("" before).
        self.matcher_version = ""
        self._checked_at = 0.0
        self._watermark = _now()  # when the people the matcher holds were read
        self._row_ids = np.zeros(0, np.int64)  # the store's row id of each matcher row
        self._hashes = np.zeros(0, np.uint64)  # and its record's content hash (_digest)
        self._vacancies: tuple[str, list[Vacancy]] | None = None  # (store stamp, coded)
        self._visible: dict[str | None, tuple[str, frozenset[str]]] = {}  # agency -> ids
        self._lock = threading.RLock()
        # Called (under the engine's lock) after every full fit of the matcher: the API
        # server settles its heap there (see matching.heap.freeze_heap).
        self.after_fit: list[Callable[[], None]] = []

    # ------------------------------------------------------------------ lifecycle
    def open(self) -> Engine:
        self.store.open()
        return self

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Engine:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ parts
    @property
    def taxonomy(self) -> Taxonomy:
        """The taxonomy, loaded on first use."""
        with self._lock:
            if self._taxonomy is None:
                kzis = self.settings.kzis_dir
                if self.settings.esco_available:
                    self._taxonomy = load_taxonomy(
                        self.settings.esco_dir,
                        languages=self.settings.normalizer_languages,
                        kzis_dir=kzis,
                    )
                else:
                    self._taxonomy = load_taxonomy(None, kzis_dir=kzis)
            return self._taxonomy

    @property
    def normalizer(self) -> TitleNormalizer:
        """The fitted title normaliser: loaded from ``data_dir`` or fitted and saved."""
        from matching.occupations.normalizer import TitleNormalizer

        with self._lock:
            if self._normalizer is not None:
                return self._normalizer
            taxonomy = self.taxonomy
            path = self.normalizer_path(taxonomy)
            encoder = _normalizer_encoder(self.settings)
            normalizer = None
            if (path / "config.json").is_file():
                try:
                    normalizer = TitleNormalizer.load(path, taxonomy, encoder=encoder)
                except (ConfigurationError, OSError, ValueError, KeyError) as error:
                    log.warning("rebuilding the saved normaliser at %s: %s", path, error)
            if normalizer is None:
                normalizer = TitleNormalizer.from_settings(self.settings, encoder).fit(taxonomy)
                try:
                    normalizer.save(path)
                except OSError as error:  # a read-only data directory still works
                    log.warning("could not save the normaliser to %s: %s", path, error)
            if self.settings.title_rerank == "encoder":
                from matching.occupations.rerank import EncoderReranker

                normalizer.reranker = EncoderReranker.from_settings(self.settings).fit(taxonomy)
            self._normalizer = normalizer
            return normalizer

    def normalizer_path(self, taxonomy: Taxonomy) -> Path:
        """Where the normaliser fitted on ``taxonomy`` with these settings is saved."""
        key = "|".join(
            [
                taxonomy.version,
                ",".join(self.settings.normalizer_languages),
                str(self.settings.normalizer_review_threshold),
                str(self.settings.normalizer_embedding_weight),
            ]
        )
        # The labels themselves: a lexicon edited under the same package version must
        # not reuse a normaliser fitted on the old words.
        labels = hashlib.sha256()
        for label in taxonomy.labels:
            labels.update(f"{label.uri}\t{label.text}\t{label.language}\t{label.form}\n".encode())
        key += "|" + labels.hexdigest()
        digest = hashlib.sha256(key.encode()).hexdigest()[:12]
        return Path(self.settings.data_dir) / "normalizer" / f"{taxonomy.version}-{digest}"

    def matcher(self) -> Matcher:
        """A matcher fitted over every stored job seeker, kept up to date when they change:
        at once after a change through this engine, and within ``STALENESS_CHECK_SECONDS``
        of a change by another process (a CLI import while the API serves, say).

        A change is taken in incrementally (:meth:`Matcher.update`: only the people written
        since the last look are read and profiled; erased people are dropped) when the
        store can tell which people changed; otherwise, or when many did, everyone is
        refitted. Either way the matcher answers as one fitted afresh."""
        with self._lock:
            if self._matcher is not None and self._people_changed():
                log.info("job seekers changed in the store since the matcher was fitted")
                if not self._refit_incrementally():
                    self.invalidate()
            if self._matcher is None:
                self._fit()
            assert self._matcher is not None
            return self._matcher

    def _fit(self) -> None:
        from matching.ranking.matcher import Matcher

        store = self.store.open()
        # Taken before the records are read: a write in between makes them older than
        # the fit, so a later check looks again rather than missing it.
        version, watermark = store.job_seekers_version(), _now()
        rows = list(store.iter_job_seeker_rows())
        options = {"skill_mapper": _skill_mapper(self.settings), **self.matcher_options}
        matcher = Matcher(self.settings, **options).fit([r for *_, r in rows], self.taxonomy)
        self._row_ids = np.asarray([pk for pk, *_ in rows], np.int64)
        self._hashes = np.asarray([_digest(h) for _, h, _ in rows], np.uint64)
        self._matcher, self.matcher_version = matcher, version
        self._watermark, self._checked_at = watermark, time.monotonic()
        for callback in self.after_fit:
            callback()

    def _refit_incrementally(self) -> bool:
        """Take the people written since the last look into a copy of the matcher (callers
        holding the old one keep a consistent one). ``False`` when a full refit is due:
        many changes, a person stored again under a new row id, or rows out of order."""
        store, old = self.store, self._matcher
        assert old is not None
        version, watermark = store.job_seekers_version(), _now()
        population = old.population_
        limit = max(INCREMENTAL_LIMIT, len(old) // 5)
        wanted: list[int] = []  # row ids whose records changed or are new
        added: list[int] = []
        # Read again within the lag: unchanged content hashes are skipped unread.
        for pk, external_id, digest in store.job_seeker_stamps(self._watermark - REFIT_LAG):
            row = population.row_of.get(external_id)
            if row is None:
                added.append(pk)
            elif int(self._row_ids[row]) != pk:
                return False  # erased and registered again: its place in the order moved
            elif int(self._hashes[row]) == _digest(digest):
                continue
            wanted.append(pk)
            if len(wanted) > limit:
                return False
        if added and len(self._row_ids) and added[0] <= int(self._row_ids.max()):
            return False  # a new person sorts among the fitted ones: refit in order
        rows = list(store.iter_job_seeker_rows(row_ids=wanted))
        added = [pk for pk, _, record in rows if record.external_id not in population.row_of]
        removed = np.zeros(0, np.int64)
        if store.count_job_seekers() != len(self._row_ids) + len(added):
            stored = np.asarray(store.job_seeker_row_ids(), np.int64)
            removed = self._row_ids[~np.isin(self._row_ids, stored)]
        keep = ~np.isin(self._row_ids, removed)
        removed_ids = [population.ids[i] for i in np.flatnonzero(~keep)]
        matcher = copy.copy(old).update([r for *_, r in rows], removed_ids)
        hashes = np.concatenate([self._hashes[keep], np.zeros(len(added), np.uint64)])
        for _, digest, record in rows:
            hashes[matcher.population_.row_of[record.external_id]] = _digest(digest)
        self._row_ids = np.concatenate([self._row_ids[keep], np.asarray(added, np.int64)])
        self._hashes = hashes
        self._matcher, self.matcher_version = matcher, version
        self._watermark, self._checked_at = watermark, time.monotonic()
        log.info("matcher updated: %d new or changed, %d removed", len(rows), len(removed_ids))
        return True

    def _people_changed(self) -> bool:
        """Whether the stored people changed since the fit (asked at most every
        ``STALENESS_CHECK_SECONDS``: an API serving many requests reads one stamp)."""
        now = time.monotonic()
        if now - self._checked_at < STALENESS_CHECK_SECONDS:
            return False
        self._checked_at = now
        return self.store.job_seekers_version() != self.matcher_version

    def people_written(self) -> None:
        """This engine wrote people: the next :meth:`matcher` looks at once."""
        with self._lock:
            self._checked_at = float("-inf")

    def invalidate(self) -> None:
        """Forget the fitted matcher: the next :meth:`matcher` refits everyone."""
        with self._lock:
            self._matcher = None
            self.matcher_version = ""

    # ------------------------------------------------------------------ titles
    def normalize(self, titles: Sequence[str], top_k: int = 5) -> list[NormalizedTitle]:
        """Rank ESCO occupations for each title."""
        return self.normalizer.batch_normalize(list(titles), top_k=top_k)

    # ------------------------------------------------------------------ writing
    def import_job_seekers(
        self, path: str | Path, *, scope: Scope = EVERYONE, **kwargs: Any
    ) -> ImportReport:
        """Import a CSV/XLSX/JSON file of job seekers (see :mod:`matching.intake`) as
        ``scope`` writes them."""
        from matching.intake.importer import import_job_seekers

        self.store.open()
        try:
            return import_job_seekers(
                path, self.store, normalizer=self.normalizer, scope=scope, **kwargs
            )
        finally:
            self.people_written()

    def import_vacancies(
        self, path: str | Path, *, scope: Scope = EVERYONE, **kwargs: Any
    ) -> ImportReport:
        """Import a file of vacancies, optionally as a demand list (everyone's scope only)."""
        from matching.intake.importer import import_vacancies

        self.store.open()
        return import_vacancies(path, self.store, normalizer=self.normalizer, scope=scope, **kwargs)

    def code_job_seekers(self, records: Iterable[JobSeeker]) -> list[JobSeeker]:
        """Records with every uncoded experience title normalised to an ESCO occupation."""
        from matching.occupations.coding import TitleCache, code_job_seekers

        return list(code_job_seekers(records, TitleCache(self.normalizer), CODING_BATCH))

    def code_vacancies(self, records: Iterable[Vacancy]) -> list[Vacancy]:
        """Records with every uncoded vacancy title normalised to an ESCO occupation."""
        from matching.occupations.coding import TitleCache, code_vacancies

        records = list(records)
        if all(v.esco_uri is not None or v.isco_group is not None for v in records):
            return records  # stored vacancies are coded: no normaliser needed
        return list(code_vacancies(records, TitleCache(self.normalizer), CODING_BATCH))

    def save_job_seekers(
        self, records: Iterable[JobSeeker], *, scope: Scope = EVERYONE
    ) -> UpsertReport:
        """Code and upsert job seekers as ``scope`` writes them."""
        report = self.store.open().upsert_job_seekers(self.code_job_seekers(records), scope=scope)
        self.people_written()
        return report

    def save_vacancies(
        self, records: Iterable[Vacancy], *, scope: Scope = EVERYONE
    ) -> UpsertReport:
        """Code and upsert vacancies as ``scope`` writes them."""
        return self.store.open().upsert_vacancies(self.code_vacancies(records), scope=scope)

    def erase_job_seeker(self, external_id: str, *, scope: Scope = EVERYONE) -> None:
        """Remove a person everywhere (right to erasure): the store, and every stored
        batch run's files under ``data_dir/runs``."""
        from matching.batch.erasure import redact_person

        store = self.store.open()
        name = store.get_job_seeker(external_id, scope=scope).full_name
        store.erase_job_seeker(external_id, scope=scope)
        self.people_written()
        redact_person(Path(self.settings.data_dir) / "runs", external_id, name)

    # ------------------------------------------------------------------ matching
    def vacancy(self, vacancy: str | Vacancy, *, scope: Scope = EVERYONE) -> Vacancy:
        if isinstance(vacancy, Vacancy):
            return vacancy
        return self.store.open().get_vacancy(vacancy, scope=scope)

    def match_vacancy(
        self,
        vacancy: str | Vacancy,
        k: int | None = None,
        *,
        explanations: bool = True,
        scope: Scope = EVERYONE,
    ) -> Shortlist:
        """The shortlist (and near misses) for one vacancy within ``scope``: an agency's
        vacancy, ranked, counted and near-missed among that agency's people only."""
        [coded] = self.code_vacancies([self.vacancy(vacancy, scope=scope)])
        matcher = self.matcher()
        among = None if scope.everyone else matcher.rows_of_agency(scope.agency)
        return matcher.match_vacancy(coded, k, explanations=explanations, among=among)

    def match_job_seeker(
        self,
        job_seeker_id: str,
        k: int | None = None,
        *,
        vacancies: Sequence[Vacancy] | None = None,
        explanations: bool = True,
        scope: Scope = EVERYONE,
    ) -> Recommendations:
        """The best vacancies for one person within ``scope`` (an agency's person, among
        the vacancies the agency sees: public ones and its own), among ``vacancies`` or
        every stored one."""
        seeker = self.store.open().get_job_seeker(job_seeker_id, scope=scope)
        if vacancies is None:
            pool = self.stored_vacancies()
            if not scope.everyone:
                visible = self._visible_vacancies(scope)
                pool = [v for v in pool if v.external_id in visible]
        else:
            pool = [
                v
                for v in self.code_vacancies(vacancies)
                if scope.sees_vacancy(v.agency, vacancy_visibility(v.agency, in_demand_list=False))
            ]
        return self.matcher().match_job_seeker(seeker, pool, k, explanations=explanations)

    def stored_vacancies(self) -> list[Vacancy]:
        """Every stored vacancy, coded; read again only when the store's vacancies changed
        (here or in another process), so a person's recommendations do not re-read them."""
        with self._lock:
            version = self.store.open().vacancies_version()
            if self._vacancies is None or self._vacancies[0] != version:
                self._vacancies = (version, self.code_vacancies(self.store.list_vacancies()))
            return self._vacancies[1]

    def _visible_vacancies(self, scope: Scope) -> frozenset[str]:
        """Ids of the stored vacancies ``scope`` may read (public ones and its own), read
        again only when the vacancies changed."""
        with self._lock:
            version = self.store.open().vacancies_version()
            cached = self._visible.get(scope.agency)
            if cached is None or cached[0] != version:
                ids = frozenset(v.external_id for v in self.store.list_vacancies(scope=scope))
                cached = self._visible[scope.agency] = (version, ids)
            return cached[1]

    def allocate(self, vacancies: Sequence[Vacancy], **kwargs: Any) -> Allocation:
        """Allocate a demand list's positions so that nobody is promised twice."""
        from matching.ranking.allocation import allocate

        kwargs.setdefault("reserve_size", self.settings.reserve_size)
        return allocate(self.matcher(), self.code_vacancies(vacancies), **kwargs)
