"""Keys and inflected forms for matching names as clerks type them.

A name is indexed under every case form a clerk is likely to write (``ქუთაისში``,
``თელავიდან``, ``ზესტაფონის``; ``в Кахетии``) rather than stemming what is typed: the
forms are generated from the nominative, so a short stem never swallows another word.
Latin-typed Georgian is met through :func:`matching.occupations.text.loose_latin_key`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from matching.occupations.text import fold, loose_latin_key, script_of

_GEORGIAN_LETTER = re.compile(r"[\u10D0-\u10FA]")


def georgian_forms(name: str) -> set[str]:
    """The nominative and the case forms of a Georgian place or language name.

    Only the last word declines (``ქვემო ქართლში``). Names in -ი and (mostly) -ა/-ე drop the
    vowel before -ის/-ით/-იდან; names in -ო/-უ keep it (``საგარეჯოს``, ``ხულოდან``).

    Example:
        >>> sorted(georgian_forms("თელავი"))[:4]
        ['თელავად', 'თელავამდე', 'თელაველი', 'თელავზე']
    """
    forms = {name}
    if not name or not _GEORGIAN_LETTER.fullmatch(name[-1]):
        return forms
    last = name[-1]
    if last == "ი":
        stem = name[:-1]
        forms |= {stem + s for s in ("ს", "ის", "ით", "ად", "ში", "იდან", "ზე", "თან", "ისკენ",
                                     "ისთვის", "ამდე", "ელი", "ური")}  # fmt: skip
    elif last in "აე":
        stem = name[:-1]
        forms |= {stem + s for s in ("ის", "ით", "იდან", "ისკენ", "ისთვის")}
        forms |= {name + s for s in ("ს", "დ", "ში", "ზე", "სთან", "მდე")}
    elif last in "ოუ":
        forms |= {name + s for s in ("ს", "თი", "დ", "ში", "დან", "ზე", "სთან", "სკენ",
                                     "სთვის", "მდე")}  # fmt: skip
    return forms


def russian_forms(name: str) -> set[str]:
    """The nominative and the oblique cases of a Russian name that declines.

    Names in -и, -о, -е, -у (``Кутаиси``, ``Гори``, ``Ахалцихе``) do not decline.

    Example:
        >>> sorted(russian_forms("Кахетия"))
        ['Кахетией', 'Кахетии', 'Кахетию', 'Кахетия']
    """
    forms = {name}
    if not name:
        return forms
    if name.endswith("ия"):
        forms |= {name[:-1] + s for s in ("и", "ю", "ей")}
    elif name.endswith("а"):
        forms |= {name[:-1] + s for s in ("ы", "и", "е", "у", "ой")}
    elif name.endswith("я"):
        forms |= {name[:-1] + s for s in ("и", "е", "ю", "ей")}
    elif name.endswith("ь"):
        forms |= {name[:-1] + s for s in ("я", "ю", "ем", "е", "и")}
    elif re.search(r"[бвгджзклмнпрстфхцчшщ]$", name):
        forms |= {name + s for s in ("а", "у", "ом", "е")}
    return forms


def russian_adjective_forms(name: str) -> set[str]:
    """Russian adjectives of a place name, as registries write districts: ``Зестафонский
    район``, ``Горийского муниципалитета``, ``в Телавском районе``.

    Both ``-ский`` and ``-йский`` are generated (Кутаисский, Горийский); a form nobody
    writes costs an unused key.

    Example:
        >>> sorted(russian_adjective_forms("Гори"))[:3]
        ['Горийский', 'Горийским', 'Горийского']
    """
    if not re.search(r"[а-яё][иеао]$", name):
        return set()
    stem = name[:-1]
    stems = {stem + "ский", name + "йский"} if name.endswith("и") else {stem + "ский"}
    return {s[:-2] + ending for s in stems for ending in ("ий", "ого", "ому", "им", "ом")}


def latin_georgian_forms(name: str) -> set[str]:
    """The case forms of a Georgian name typed in Latin letters (``zestafonis``, ``gorshi``).

    Example:
        >>> sorted(latin_georgian_forms("Gori"))[:4]
        ['Gorad', 'Goreli', 'Gori', 'Goridan']
    """
    forms = {name}
    if not name:
        return forms
    last = name[-1].lower()
    if last == "i":
        stem = name[:-1]
        forms |= {stem + s for s in ("is", "it", "ad", "shi", "idan", "ze", "tan", "eli")}
    elif last in "ae":
        stem = name[:-1]
        forms |= {stem + s for s in ("is", "it", "idan")}
        forms |= {name + s for s in ("s", "d", "shi", "ze")}
    elif last in "ou":
        forms |= {name + s for s in ("s", "d", "shi", "dan", "ze")}
    return forms


def name_forms(name: str, *, latin_georgian: bool = False) -> set[str]:
    """Every inflected form of ``name`` in its own script (itself when it does not decline).

    Args:
        name: A name in its nominative.
        latin_georgian: Latin names are Georgian ones typed in Latin letters, and decline.
    """
    script = script_of(name)
    if script == "Geor":
        return georgian_forms(name)
    if script == "Cyrl":
        return russian_forms(name)
    if script == "Latn" and latin_georgian:
        return latin_georgian_forms(name)
    return {name}


def latin_key(text: str) -> str:
    """:func:`~matching.occupations.text.loose_latin_key`, with ``f`` read as ``ფ`` (``p``):
    phones and clerks type ``zestafoni``, ``profesiuli`` for the national ``p``.

    Example:
        >>> latin_key("profesiuli") == latin_key("პროფესიული")
        True
    """
    return loose_latin_key(text).replace("f", "p")


def keys(text: str) -> Iterator[tuple[str, str]]:
    """The index keys of one form: ``("fold", ...)`` always, ``("loose", ...)`` for Georgian
    and Latin text (Latin-typed Georgian meets Mkhedruli through the loose key)."""
    folded = fold(text)
    if folded:
        yield "fold", folded
    if script_of(text) in ("Geor", "Latn"):
        loose = latin_key(text)
        if loose:
            yield "loose", loose


def query_keys(text: str) -> list[tuple[str, str]]:
    """The keys to look ``text`` up under, exact (folded) first."""
    return list(dict.fromkeys(keys(text)))
