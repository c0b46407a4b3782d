from __future__ import annotations

import pytest

from matching.occupations import Taxonomy
from matching.occupations.normalizer import TitleNormalizer


@pytest.fixture(scope="session")
def builtin_normalizer(builtin_taxonomy: Taxonomy) -> TitleNormalizer:
    return TitleNormalizer().fit(builtin_taxonomy)
