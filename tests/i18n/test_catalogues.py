"""The catalogues are whole: every message the code and templates use is translated.

The msgids are extracted here as ``make messages`` extracts them (``pybabel extract``
with ``matching/i18n/babel.cfg``), so a new string fails this test until each catalogue
has a non-empty, non-fuzzy translation of it.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from matching.i18n import EXTRA_KEYWORDS, LANGUAGES, catalogue_path, translator

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "matching" / "i18n" / "babel.cfg"


Msgid = tuple[str | tuple[str, ...], str | None]  # (message, context)


def _msgids() -> set[Msgid]:
    with CONFIG.open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config, filename=str(CONFIG))
    found: set[Msgid] = set()
    keywords = {**DEFAULT_KEYWORDS, **EXTRA_KEYWORDS}
    for _file, _line, message, _comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=keywords
    ):
        found.add((tuple(message) if isinstance(message, (list, tuple)) else message, context))
    return found


@pytest.fixture(scope="module")
def msgids() -> set[Msgid]:
    found = _msgids()
    assert len(found) > 100, "extraction found almost nothing: is babel.cfg right?"
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_translates_every_extracted_message(language: str, msgids) -> None:
    with catalogue_path(language).open("rb") as po:
        catalogue = read_po(po, locale=language)
    missing, empty, fuzzy = [], [], []
    for msgid, context in msgids:
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        message = catalogue.get(key, context=context)
        key = f"{context}|{key}" if context else key
        if message is None:
            missing.append(key)
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(s.strip() for s in strings):
            empty.append(key)
        if message.fuzzy:
            fuzzy.append(key)
    assert not missing, f"{language}: not in the catalogue (run `make messages`): {missing}"
    assert not empty, f"{language}: untranslated: {empty}"
    assert not fuzzy, f"{language}: fuzzy, to be checked: {fuzzy}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language: str) -> None:
    with catalogue_path(language).open("rb") as po:
        catalogue = read_po(po, locale=language)
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)[sd]", ids[-1]))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)[sd]", string)) == wanted, (language, ids[0])


def test_georgian_is_the_default_and_an_unknown_language_falls_back_to_it() -> None:
    assert translator(None).language == "ka"
    assert translator("de").gettext("Sign in") == "შესვლა"
    assert translator("ru").gettext("Sign in") == "Войти"
    assert translator("en").gettext("Sign in") == "Sign in"


def test_plurals_dates_and_numbers_follow_the_locale() -> None:
    ru = translator("ru")
    assert ru.ngettext("%(num)d year", "%(num)d years", 2) % {"num": 2} == "2 года"
    assert ru.ngettext("%(num)d year", "%(num)d years", 5) % {"num": 5} == "5 лет"
    assert ru.format_number(12345) == "12\xa0345"
    assert translator("en").format_number(12345) == "12,345"
    assert translator("ka").format_date(date(2027, 3, 1)).endswith("2027")
