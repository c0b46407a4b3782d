"""Word stems of Georgian (Mkhedruli and Latin-typed) and Russian titles, case endings off.

A workplace in a title is inflected: ``ფერმა`` (farm) is ``ფერმის`` (of the farm) in
``ფერმის მუშა``, ``ფერმაში`` (at the farm) in ``ფერმაში მუშა``, ``ფერმები`` in the
plural; ``ферма`` is ``на ферму``, ``фермы``, ``на ферме``. :func:`word_stem` cuts the
endings so that these meet the dictionary form, which is all a table look-up needs (not a
grammar: two words that are different only in a stripped ending would meet too).

Georgian, in order: a postposition (``-ში`` in, ``-ზე`` on, ``-თან`` at, ``-დან`` from,
``-თვის`` for, ``-კენ`` towards), then the case ending (genitive ``-ის``/``-ს``,
instrumental ``-ით``, adverbial ``-ად``), then the nominative ``-ი``, the plural ``-ებ``
and a stem's final ``-ა``/``-ე`` (``ფერმა`` and ``ფერმის`` both end as ``ფერმ``). The
ergative ``-მა`` is left on: titles are not sentences' subjects, and ``ფერმა`` ends in
it. Latin-typed Georgian loses the same endings as typed (``-shi``, ``-ze``, ``-is``,
...), and both scripts meet on :func:`matching.occupations.text.loose_latin_key`, which
collapses the usual spelling variants (``sacxobis`` and ``satskhobis`` are one).
Russian loses one adjective or noun ending (``швейного``, ``швейный`` → ``швейн``).

Example:
    >>> word_stem("ფერმაში") == word_stem("ფერმის") == word_stem("ფერმა") == word_stem("fermashi")
    True
    >>> word_stem("საცხობის") == word_stem("sacxobis") == word_stem("satskhobshi")
    True
    >>> word_stem("склада") == word_stem("склад"), word_stem("пекарни") == word_stem("пекарня")
    (True, True)
"""

from __future__ import annotations

import re
from functools import lru_cache

from matching.occupations.text import fold, loose_latin_key, script_of

_KA_POSTPOSITIONS = ("თვის", "კენ", "დან", "თან", "ში", "ზე")
_KA_CASES = ("ის", "ით", "ად")
_LATIN_POSTPOSITIONS = ("tvis", "ken", "dan", "tan", "shi", "ze")
_LATIN_CASES = ("is", "it", "ad")
# Folded as titles are (``й`` → ``и``), longest first.
_RU_ENDINGS = tuple(
    sorted(
        {
            fold(e)
            for e in "ами ями ого его ому ему ой ей ом ем ах ях ую юю ая яя ое ее ые ие ый ий ым им"
            " ых их а я у ю е и ы о ь й".split()
        },
        key=len,
        reverse=True,
    )
)


def _strip_georgian(
    word: str, postpositions: tuple[str, ...], cases: tuple[str, ...], vowels: str, plural: str
) -> str:
    """The shared steps of Mkhedruli and Latin-typed Georgian; at least 2 letters stay.
    ``vowels`` lists a, e, i first: those three end a stem's dictionary form."""

    def cut(w: str, ending: str) -> str | None:
        return w[: -len(ending)] if w.endswith(ending) and len(w) - len(ending) >= 2 else None

    for ending in postpositions:
        if (rest := cut(word, ending)) is not None:
            word = rest
            break
    for ending in cases:
        if (rest := cut(word, ending)) is not None:
            word = rest
            break
    else:
        # the genitive of a vowel stem: სასტუმროს, კაფეს
        if len(word) > 3 and word[-1] in "sს" and word[-2] in vowels:
            word = word[:-1]
    while True:  # ფერმები → ფერმებ → ფერმ; მაღაზია → მაღაზი → მაღაზ
        if (rest := cut(word, plural)) is not None:
            word = rest
        elif word[-1] in vowels[:3] and len(word) > 2:  # the nominative -i, a stem's -a/-e
            word = word[:-1]
        else:
            return word


def georgian_stem(word: str) -> str:
    """A folded Mkhedruli word without its case endings (see the module)."""
    return _strip_georgian(word, _KA_POSTPOSITIONS, _KA_CASES, "აეიოუ", "ებ")


def latin_georgian_stem(word: str) -> str:
    """A folded Latin-typed Georgian word without its case endings."""
    return _strip_georgian(word, _LATIN_POSTPOSITIONS, _LATIN_CASES, "aeiou", "eb")


def russian_stem(word: str) -> str:
    """A folded Russian word without one ending; at least 3 letters stay."""
    for ending in _RU_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _latin_key(stem: str) -> str:
    # Georgian has no f: Latin typists write it for ფ, which transliterates as p.
    return loose_latin_key(stem).replace("f", "p")


@lru_cache(maxsize=1 << 16)  # titles repeat their words: a batch stems each once
def word_stem(word: str) -> str:
    """The stem of one word, as a key: Georgian of either script on its loose Latin key
    (:func:`~matching.occupations.text.loose_latin_key`), Russian as folded Cyrillic,
    anything else folded as it is."""
    word = fold(word)
    script = script_of(word)
    if script == "Geor":
        return _latin_key(georgian_stem(word))
    if script == "Cyrl":
        return russian_stem(word)
    if script == "Latn" and word.isascii():
        return _latin_key(latin_georgian_stem(word))
    return word


_WORD_BREAKS = re.compile(r"[^\w+#]+")  # as text.fold splits words


def title_stems(text: str) -> list[str]:
    """The stems of a title's words, in order (hyphens and punctuation split words);
    each word is folded once in :func:`word_stem`'s cache, not the whole title."""
    return [stem for w in _WORD_BREAKS.split(text) if w and (stem := word_stem(w))]
