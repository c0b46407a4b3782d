"""One message catalogue for everything a user reads: Georgian (default), English, Russian.

The catalogues are gettext ``.po`` files under ``locales/<lang>/LC_MESSAGES/``, read at run
time (``babel.messages.pofile.read_po``) and compiled in memory, once per language. No
``.mo`` file is built or committed: a git clone installed with ``pip install -e .`` works
as it is, the ``.po`` file is the one source a translator edits and a reviewer diffs, and
compiling a catalogue of a few hundred messages takes milliseconds at the first request.

``make messages`` extracts the msgids (``pybabel extract -F matching/i18n/babel.cfg``) and
updates the catalogues; ``tests/i18n`` fails when a catalogue lacks a msgid or holds an
empty or fuzzy translation.

Example:
    >>> t = translator("ka")
    >>> t.gettext("Sign in")
    'შესვლა'
    >>> translator("xx").language
    'ka'
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import Translations

LANGUAGES: tuple[str, ...] = ("ka", "en", "ru")
DEFAULT_LANGUAGE = "ka"
DOMAIN = "messages"
LOCALES_DIR = Path(__file__).parent / "locales"
# What the language switch shows: each language in its own name.
LANGUAGE_NAMES = {"ka": "ქართული", "en": "English", "ru": "Русский"}
# Times are stored in UTC and shown in Georgian time, where the offices are.
DISPLAY_TIMEZONE = ZoneInfo("Asia/Tbilisi")


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


class Contextual(str):
    """A message with a context (gettext's ``msgctxt``): the same English word used in
    two senses (``departed``, the placement status, and ``departed``, a count of people)
    gets a translation per sense. It is its English text; :meth:`Translator.gettext`
    looks it up under its context."""

    context: str

    def __new__(cls, context: str, message: str) -> Contextual:
        self = super().__new__(cls, message)
        self.context = context
        return self

    def __reduce__(self):
        return (Contextual, (self.context, str(self)))


def NC_(context: str, message: str) -> Contextual:
    """Mark ``message`` in ``context`` for extraction (``pybabel extract -k NC_:1c,2``)."""
    return Contextual(context, message)


# What ``pybabel extract`` recognises beyond its defaults (the Makefile passes the same).
EXTRA_KEYWORDS = {"NC_": ((1, "c"), 2)}


def catalogue_path(language: str) -> Path:
    """The ``.po`` file of ``language``."""
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class Translator:
    """Messages, dates and numbers in one language.

    Attributes:
        language: The language code (``ka``, ``en``, ``ru``).
        translations: The compiled catalogue.
    """

    language: str
    translations: Translations

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.language)

    def gettext(self, message: str) -> str:
        """``message`` translated; a :class:`Contextual` one under its context."""
        context = getattr(message, "context", None)
        if context is not None:
            return self.translations.pgettext(context, str(message))
        return self.translations.gettext(message)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def format_date(self, value: date | datetime | None, format: str = "medium") -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            return _format_datetime(
                value, format="short", tzinfo=DISPLAY_TIMEZONE, locale=self.locale
            )
        return _format_date(value, format=format, locale=self.locale)

    def format_number(self, value: float | int | None, *, digits: int = 0) -> str:
        if value is None:
            return ""
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def format_percent(self, value: float | None) -> str:
        return "" if value is None else format_percent(value, locale=self.locale)


def _compile(language: str) -> Translations:
    with catalogue_path(language).open("rb") as po:
        catalogue = read_po(po, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def normalize_language(language: str | None) -> str:
    """``language`` when it is one of :data:`LANGUAGES`, else the default (Georgian)."""
    code = (language or "").strip().lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


@lru_cache(maxsize=len(LANGUAGES))
def translator(language: str | None = DEFAULT_LANGUAGE) -> Translator:
    """The translator for ``language`` (Georgian for an unknown one), compiled once."""
    code = normalize_language(language)
    return Translator(code, _compile(code))
