"""Shared fixtures: taxonomies loaded once per session; stores on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from matching.config import Settings
from matching.occupations import Taxonomy, load_builtin
from matching.occupations.normalizer import TitleNormalizer
from matching.storage.store import Store


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def builtin_taxonomy() -> Taxonomy:
    return load_builtin()


# --- the API and workspace tests' population: fitted and stored once per session --------
# (``api_support`` lives in tests/api; the api and web conftests put it on the path.)
@pytest.fixture(scope="session")
def title_normalizer(builtin_taxonomy: Taxonomy) -> TitleNormalizer:
    return TitleNormalizer.from_settings(Settings(esco_dir=None)).fit(builtin_taxonomy)


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory, builtin_taxonomy: Taxonomy) -> Path:
    """The population stored once in an SQLite file each test copies."""
    from api_support import population

    path = tmp_path_factory.mktemp("api-template") / "matching.sqlite"
    seekers, vacancies = population(builtin_taxonomy)
    with Store(f"sqlite:///{path}") as store:
        store.upsert_job_seekers(seekers)
        store.upsert_vacancies(vacancies)
    return path


@pytest.fixture(scope="session")
def keys_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One API key per role (``api_support.KEYS``)."""
    from api_support import keys_toml

    path = tmp_path_factory.mktemp("api-keys") / "api_keys.toml"
    path.write_text(keys_toml(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def esco_dir(settings: Settings) -> Path:
    """The configured ESCO export (MATCHING_ESCO_DIR); tests needing it skip without it."""
    if not settings.esco_available:
        pytest.skip("no ESCO export configured (set MATCHING_ESCO_DIR)")
    assert settings.esco_dir is not None
    return settings.esco_dir


# --- storage: the same tests on SQLite and on PostgreSQL --------------------------------
# The package reads settings only through matching.config; tests may read the environment
# for their own configuration, like this URL of a PostgreSQL server to test against.
POSTGRES_URL_VARIABLE = "MATCHING_TEST_POSTGRES_URL"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: an SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    base = os.environ.get(POSTGRES_URL_VARIABLE)
    if not base:
        pytest.skip(f"no PostgreSQL server ({POSTGRES_URL_VARIABLE} is unset)")
    import sqlalchemy as sa

    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with Store(database_url) as opened:
        yield opened
