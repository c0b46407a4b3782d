"""An app per test on a copy of a small stored population, and one API key per role.

The taxonomy and the fitted title normaliser are built once per session and handed to
each test's :class:`~matching.service.Engine`; the population is stored once in a
template SQLite file that each test copies.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

# Without a ``pythonpath`` setting, pytest puts ``tests/`` first on sys.path, where
# ``tests/api`` would be imported as a namespace package named ``api``: a regular package
# of that name anywhere on the path wins over it, so the repository root goes on the path.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from matching_population import TODAY  # noqa: E402

from api.app import create_app  # noqa: E402
from matching.config import Settings  # noqa: E402
from matching.occupations import Taxonomy  # noqa: E402
from matching.occupations.normalizer import TitleNormalizer  # noqa: E402
from matching.service import Engine  # noqa: E402


@pytest.fixture
def api_settings(tmp_path: Path, template_database: Path, keys_file: Path) -> Settings:
    database = tmp_path / "matching.sqlite"
    shutil.copyfile(template_database, database)
    return Settings(
        esco_dir=None,
        database_url=f"sqlite:///{database}",
        data_dir=tmp_path / "var",
        api_keys_file=keys_file,
        api_max_page_size=20,
        api_max_upload_bytes=64 * 1024,
        _env_file=None,  # a developer's .env must not leak into the tests
    )


@pytest.fixture
def engine(
    api_settings: Settings, builtin_taxonomy: Taxonomy, title_normalizer: TitleNormalizer
) -> Iterator[Engine]:
    with Engine(
        api_settings,
        taxonomy=builtin_taxonomy,
        normalizer=title_normalizer,
        matcher_options={"today": TODAY},
    ) as opened:
        yield opened


@pytest.fixture
def app(api_settings: Settings, engine: Engine) -> FastAPI:
    return create_app(api_settings, engine)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
