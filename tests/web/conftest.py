"""The workspace on a copy of the API tests' small population, with one key per role.

TestClient fixtures for the page tests; the browser tests' real server is in
``test_browser.py``.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
for path in (ROOT, ROOT / "tests" / "api"):  # api_support: the keys and the population
    if str(path) not in sys.path:
        sys.path.append(str(path))

from browser_support import chromium, live_server, page, screenshots  # noqa: E402, F401
from matching_population import TODAY  # noqa: E402

from api.app import create_app  # noqa: E402
from matching.config import Settings  # noqa: E402
from matching.occupations import Taxonomy  # noqa: E402
from matching.occupations.normalizer import TitleNormalizer  # noqa: E402
from matching.service import Engine  # noqa: E402

HTML = {"Accept": "text/html"}


@pytest.fixture
def web_settings(tmp_path: Path, template_database: Path, keys_file: Path) -> Settings:
    database = tmp_path / "matching.sqlite"
    shutil.copyfile(template_database, database)
    return Settings(
        esco_dir=None,
        database_url=f"sqlite:///{database}",
        data_dir=tmp_path / "var",
        api_keys_file=keys_file,
        session_idle_minutes=5,
        _env_file=None,
    )


@pytest.fixture
def web(
    web_settings: Settings, builtin_taxonomy: Taxonomy, title_normalizer: TitleNormalizer
) -> Iterator[TestClient]:
    with Engine(
        web_settings,
        taxonomy=builtin_taxonomy,
        normalizer=title_normalizer,
        matcher_options={"today": TODAY},
    ) as engine:
        app = create_app(web_settings, engine)
        with TestClient(app, raise_server_exceptions=False, headers=HTML) as client:
            yield client
