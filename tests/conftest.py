"""Shared fixtures: taxonomies and a fitted normaliser, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching.config import Settings
from matching.occupations import Taxonomy, load_builtin


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def builtin_taxonomy() -> Taxonomy:
    return load_builtin()


@pytest.fixture(scope="session")
def esco_dir(settings: Settings) -> Path:
    """The configured ESCO export (MATCHING_ESCO_DIR); tests needing it skip without it."""
    if not settings.esco_available:
        pytest.skip("no ESCO export configured (set MATCHING_ESCO_DIR)")
    assert settings.esco_dir is not None
    return settings.esco_dir
