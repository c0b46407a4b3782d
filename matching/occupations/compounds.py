"""Hyphenated trade compounds read head first: ``მკერავ-მჭრელი``, ``Слесарь-монтажник``.

A Georgian or Russian title joining two trades with a hyphen names the person's trade
first; the second member specialises it (``ზეინკალ-მემონტაჟე`` is a fitter who assembles,
``Сварщик-аргонщик`` a welder who welds with argon). Scored as one bag of words, either
member can win the title by itself, and a Georgian title's last word is read as its head
(:func:`matching.occupations.matches.georgian_head`), so the second member usually did.

:func:`compound_parts` says which member is the head: the first, unless it is a generic
word that names no trade by itself (``Мастер-отделочник``, ``მშენებელი-კალატოზი``,
``водитель-курьер``: the second says the trade), in which case the title is left as it
is. :func:`reweigh` then ranks, for each concept the whole title matched or a member
matched:

1. a title that is a concept's own label (``слесарь-ремонтник``), or nearly (its words
   in another order), is left as it is;
2. a concept whose matched labels hold a word of each member (``დანადგარების
   ზეინკალ-შემკეთებელი`` for ``ზეინკალ-შემკეთებელი``) ranks next: it names both trades;
3. a concept matching the head member scores as that match, below those naming both;
4. a concept matched only through the other member is weighed down like a Georgian label
   without the title's head word.

Members that match nothing surely (``თაბაშირ-მუყაოს ოსტატი``: gypsum-board master; the
first member is a material, not a trade) change nothing.

Example:
    >>> compound_parts("მკერავ-მჭრელი")
    ('მკერავი', ['მჭრელი'])
    >>> compound_parts("Мастер-отделочник") is None
    True
    >>> compound_parts("Spawacz MIG/MAG") is None
    True
"""

from __future__ import annotations

import re
from collections.abc import Callable

from matching.occupations.evidence import generic_kind, split_compound
from matching.occupations.matches import HEADLESS_WEIGHT, word_stems
from matching.occupations.text import clean_title, fold

# A hyphen or dash between letters (spaced or not); conjunctions ("Maler und Lackierer")
# coordinate two equal trades and are not read head first.
_HYPHEN = re.compile(r"[^\W\d_]\s*[-–—]\s*[^\W\d_]")
WHOLE_SURE = 0.95  # a label this close to the whole title (its words reordered) names it
HEAD_SURE = 0.8  # the head member must match some concept at least this well on its own
# The tiers below the whole title's own labels (which score 0.97-1.0 and are left alone):
# a concept naming both members scores within [BOTH_BASE, BOTH_BASE + BOTH_SPAN] by its
# whole-title score, one matching the head member at most HEAD_WEIGHT.
BOTH_BASE, BOTH_SPAN = 0.95, 0.02
HEAD_WEIGHT = 0.94
BOTH_FLOOR = 0.5  # the least whole-title score of a concept whose labels name both members


def compound_parts(title: str) -> tuple[str, list[str]] | None:
    """The head member and the other members of a hyphenated trade compound, or ``None``
    when the title is not one or its first member is a generic word (no trade)."""
    if not _HYPHEN.search(clean_title(title)):
        return None
    parts = split_compound(title)
    if len(parts) < 2 or generic_kind(parts[0]) is not None:
        return None
    return parts[0], parts[1:]


def _stems(text: str) -> set[str]:
    return {w for w in word_stems(fold(text)) if len(w) >= 4}


def reweigh(
    scores: dict[int, tuple[float, int]],
    head: dict[int, tuple[float, int]],
    others: dict[int, tuple[float, int]],
    exact: set[int],
    head_text: str,
    other_texts: list[str],
    label_text: Callable[[int], str],
) -> None:
    """Rerank a compound title's concept ``scores`` (concept -> (score, label id)) in place
    from its head member's scores ``head`` and the best of its other members' ``others``.

    ``exact`` holds the concepts the whole title is a label of: when there are any, or a
    label scores :data:`WHOLE_SURE` (``техник-механик`` for ``механик-техник``), the
    title is a name and nothing changes (the labels' weights say which concept it names).
    Else a concept whose matched labels (for the whole title, the head and the other
    members; ``label_text`` gives a label id's text) hold the words either side of a
    hyphen names both trades and ranks first; then concepts the head member matches at
    least :data:`HEAD_SURE`; concepts matched only through another member are weighed
    down. Nothing changes when the head member matches nothing that surely.
    """
    if exact or max((s for s, _ in scores.values()), default=0.0) >= WHOLE_SURE:
        return
    if max((s for s, _ in head.values()), default=0.0) < HEAD_SURE:
        return
    # The hyphen binds the words either side of it: the head's last, the others' first
    # ("Сварщик-монтажник на металлоконструкции": the trades are сварщик and монтажник).
    head_stems = _stems(head_text.split()[-1])
    other_stems = set().union(*(_stems(t.split()[0]) for t in other_texts))
    for cid in set(scores) | set(head):
        if cid in exact:
            continue
        whole, label = scores.get(cid, (0.0, -1))
        h, h_label = head.get(cid, (0.0, -1))
        o, o_label = others.get(cid, (0.0, -1))
        named = set().union(*(_stems(label_text(i)) for i in (label, h_label, o_label) if i >= 0))
        if whole >= BOTH_FLOOR and named & head_stems and named & other_stems:
            scores[cid] = (BOTH_BASE + BOTH_SPAN * whole, label)
        elif h >= HEAD_SURE:
            scores[cid] = (HEAD_WEIGHT * h, h_label) if h > whole else (HEAD_WEIGHT * whole, label)
        elif o > h:  # matched through the specialising member only
            scores[cid] = (whole * HEADLESS_WEIGHT, label)
