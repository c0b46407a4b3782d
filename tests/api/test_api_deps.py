"""The request dependencies that need no app: reading Accept-Language."""

from __future__ import annotations

import pytest

from api.deps import accepted_language


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, None),
        ("", None),
        ("*", None),
        ("de-DE,de;q=0.9", None),
        ("ka", "ka"),
        ("ru-RU,ru;q=0.9,en-US;q=0.8", "ru"),
        ("de-DE, ru;q=0.8, en;q=0.9", "en"),  # the highest q among ka/en/ru
        ("en, ka", "en"),  # the first among equals
        ("ka;q=0, ru;q=0.1", "ru"),  # q=0: not acceptable
        ("EN-gb", "en"),
        ("ka;q=x, ru;q=0.2", "ru"),  # a bad q counts as 0
    ],
)
def test_accepted_language(header: str | None, language: str | None) -> None:
    assert accepted_language(header) == language
