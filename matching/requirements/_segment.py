"""Cutting a text into sentences and clauses, and finding where "preferred" applies.

A *segment* is a sentence or a bullet: text between line breaks, ``; ! ?``, bullet signs,
full stops that end a sentence (not ``kat.`` or ``min.``), the start of a section header
(``Wymagania:``), and, in Polish ads whose bullets were collapsed into one line, a capital
after a lower-case word ("... żurawia Usystematyzowane podejście"). A *clause* is a
comma-separated part of a segment.

The scope of a preferred marker ("mile widziane", "wünschenswert", "желательно",
"სასურველია", "nice to have", "יתרון"), first rule that applies:

1. inside parentheses ("wykształcenie (mile widziane: techniczne)"): the parentheses;
2. followed by a colon ("Mile widziane:", "Nice to have: X, Y", not the field label
   "preferowane kierunki:") or alone on its line: everything up to the next section
   header ("Oferujemy:", "Requirements:") or blank line, so a bullet list under it counts;
3. alone in a clause: the rest of the segment if it opens it ("Mile widziane, X, Y"),
   else the clause before it ("..., ADR - mile widziane");
4. opening its segment ("Mile widziane doświadczenie, prawo jazdy kat. B."): the segment;
5. closing its clause ("Führerschein CE, Staplerschein wünschenswert"): the clause;
6. in the middle of a clause: a closing-type marker ("będzie atutem", "von Vorteil",
   "is a plus", "יתרון", or any marker after a dash) covers its item back to the word
   before the last item word ("znajomość", "Kenntnisse", "licence"); an opening-type
   one ("mile widziane", "желательно") covers the rest of the clause.

Negations ("nie jest wymagane", "not required", "не требуется") drop the items of their
clause, unless the clause also holds a preferred marker ("będzie atutem (nie wymagane!)"),
where they only restate it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

from matching.requirements import _patterns as P

_UPPER = "A-ZĄĆĘŁŃÓŚŹŻÄÖÜА-ЯЁ"
# Line ends, bullets, and a dash before a capital ("... pisemną- Doświadczenie").
_HARD_BREAK = re.compile(
    rf"\n|<U\+[0-9A-F]{{4,5}}>|[;!?•·▪●■►✓✔❖◆✅]|(?<!\*)\*(?!\*)|\s?[-–]\s+(?=[{_UPPER}])(?![ABC][12]\b)"
)
# A full stop glued to the next sentence in copied ads: "angielskiego.Mile widziane".
_GLUED_STOP = re.compile(rf"(?<=[a-ząćęłńóśźżäöüß])\.(?=[{_UPPER}])")
_STOP = re.compile(r"\.(?=\s+\S)")
_BLANK = re.compile(r"\n\s*\n")
# "Język: angielski, w mowie - B2, w piśmie - B2" (the labour offices' form) is one clause.
_COMMA = re.compile(r",(?!\d)(?!\s*w\s+(?:mowie|piśmie))")
_LEAD_IN = re.compile(
    r"[\s\-*•·:)(]*(?:(?:dodatkowo|także|również|additionally|also|zusätzlich|außerdem|"
    r"также|ასევე|בנוסף)\s*,?\s*)?",
    re.IGNORECASE,
)
# "Mile widziane:", "Wünschenswert sind:"; not "preferowane kierunki:" (a field label).
_COLON_AFTER = re.compile(r"\s*(?:(?:sind|są|będą|będzie|are|is|be)\s*)?:")
_DASH_BEFORE = re.compile(r"[-–—]\s*$")
_WORD_BEFORE = re.compile(r"[\w-]+\s*$")
# "dodatkowym atutem będzie X": a marker followed by a verb opens the item after it.
_ITEM_GAP = 12
_VERB_AFTER = re.compile(r"\s*(?:będzie|będą|jest|są|byłaby?|byłoby|wäre|ist|sind)\b", re.I)
_JOINER_BEFORE = re.compile(
    r"(?:[,/&]|\b(?:i|oraz|lub|albo|a\s+także|and|or|und|oder|и|или|და|ან|או))\s*$", re.I
)


@dataclass(frozen=True, slots=True)
class Layout:
    """Segments and clauses of one text, and its preferred and negated ranges."""

    segments: tuple[tuple[int, int], ...]
    clauses: tuple[tuple[int, int], ...]
    preferred: tuple[tuple[int, int], ...]
    negated: tuple[tuple[int, int], ...]
    offers: tuple[tuple[int, int], ...] = ()

    def in_offer(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.offers)

    def clause_at(self, pos: int) -> tuple[int, int]:
        return _containing(self.clauses, pos)

    def segment_at(self, pos: int) -> tuple[int, int]:
        return _containing(self.segments, pos)

    def is_preferred(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.preferred)

    def is_negated(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.negated)


def _containing(ranges: tuple[tuple[int, int], ...], pos: int) -> tuple[int, int]:
    i = bisect_right(ranges, (pos, 1 << 62)) - 1
    if i >= 0 and ranges[i][0] <= pos < ranges[i][1]:
        return ranges[i]
    return (pos, pos)


def _sentence_breaks(text: str) -> list[int]:
    breaks = {0, len(text)}
    for m in _HARD_BREAK.finditer(text):
        breaks.add(m.start())
        breaks.add(m.end())
    for m in _STOP.finditer(text):
        word = re.search(r"([\w.]+)$", text[max(0, m.start() - 12) : m.start()])
        if word and word.group(1).lower().strip(".") in P.ABBREVIATIONS:
            continue
        breaks.add(m.end())
    for m in _GLUED_STOP.finditer(text):
        breaks.add(m.end())
    for m in P.HEADER.finditer(text):
        breaks.add(m.start())
    if P.POLISH_HINT.search(text):
        for m in P.COLLAPSED_BULLET.finditer(text):
            breaks.add(m.end())
    return sorted(breaks)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in " \t\r\n":
        start += 1
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return (start, end) if start < end else None


def layout(text: str) -> Layout:
    """Cut ``text`` into segments and clauses and find its preferred and negated ranges."""
    cuts = _sentence_breaks(text)
    segments: list[tuple[int, int]] = []
    for a, b in pairwise(cuts):
        span = _trim(text, a, b)
        if span:
            segments.append(span)
    clauses: list[tuple[int, int]] = []
    for a, b in segments:
        start = a
        for m in _COMMA.finditer(text, a, b):
            span = _trim(text, start, m.start())
            if span:
                clauses.append(span)
            start = m.end()
        span = _trim(text, start, b)
        if span:
            clauses.append(span)
    seg_t, cl_t = tuple(segments), tuple(clauses)
    headers = [m.start() for m in P.SECTION.finditer(text)]
    blanks = [m.start() for m in _BLANK.finditer(text)]
    preferred = []
    for m in P.PREFERRED.finditer(text):
        preferred.append(_scope(text, m, seg_t, cl_t, headers, blanks))
    # "kat. B będzie atutem (nie wymagane!)": a negation beside a preference only restates it.
    negated = [
        clause
        for m in P.NEGATED.finditer(text)
        if not P.PREFERRED.search(text, *(clause := _containing(cl_t, m.start())))
    ]
    return Layout(seg_t, cl_t, tuple(preferred), tuple(negated), _offers(text))


def _offers(text: str) -> tuple[tuple[int, int], ...]:
    """The parts of ``text`` listing what the employer offers, up to the next requirements."""
    starts = [m.start() for m in P.OFFER_HEADER.finditer(text)]
    if not starts:
        return ()
    ends = [m.start() for m in P.REQUIREMENTS_HEADER.finditer(text)]
    out = []
    for s in starts:
        if out and s < out[-1][1]:
            continue
        out.append((s, min((e for e in ends if e > s), default=len(text))))
    return tuple(out)


def _scope(
    text: str,
    marker: re.Match[str],
    segments: tuple[tuple[int, int], ...],
    clauses: tuple[tuple[int, int], ...],
    headers: list[int],
    blanks: list[int],
) -> tuple[int, int]:
    seg = _containing(segments, marker.start())
    clause = _containing(clauses, marker.start())
    opened = text.rfind("(", seg[0], marker.start())
    if opened >= 0 and text.find(")", opened, marker.start()) < 0:
        # "(mile widziane: kierunki techniczne)": the parenthesis bounds the marker.
        closed = text.find(")", marker.end(), seg[1])
        return (opened, closed + 1 if closed >= 0 else clause[1])
    alone = not text[seg[0] : seg[1]].replace(marker.group(0), "").strip(" .:()!-–—")
    if alone or _COLON_AFTER.match(text, marker.end()):
        # "Mile widziane:" or a bare "Mile widziane" line heads the bullets that follow.
        ends = [h for h in headers if h > marker.end()] + [b for b in blanks if b > marker.end()]
        return (marker.start(), min(ends, default=len(text)))
    if not text[clause[0] : clause[1]].replace(marker.group(0), "").strip(" .:()!-–—"):
        if clause[1] < seg[1]:
            # "Mile widziane, X, Y": a marker clause opening a list covers the rest.
            return (marker.start(), seg[1])
        # "..., ADR - mile widziane": a marker closing the segment qualifies the clause
        # just before it.
        i = clauses.index(clause) if clause in clauses else 0
        return clauses[i - 1] if i > 0 else clause
    lead = _LEAD_IN.match(text, seg[0], marker.start())
    if lead is not None and lead.end() >= marker.start():
        return seg
    before = text[clause[0] : marker.start()].strip(" ,.:;()")
    after = text[marker.end() : clause[1]].strip(" ,.:;()!-–—")
    trailing = (
        bool(P.TRAILING_MARKER.fullmatch(marker.group(0)))
        and not _VERB_AFTER.match(text, marker.end())
    ) or bool(_DASH_BEFORE.search(text, clause[0], marker.start()))
    if before and not after:
        # "... karta kierowcy aktualny kurs ADR mile widziany": in a run-on list with no
        # commas the marker closes only the last item, not the whole list.
        heads = list(P.ITEM_HEAD.finditer(text, clause[0], marker.start()))
        if len(heads) < 2:
            return clause
        word = _WORD_BEFORE.search(text, clause[0], heads[-1].start())
        return (word.start() if word else heads[-1].start(), marker.end())
    if before and trailing:
        # "tytuł doradcy będzie atutem 4-5 lat doświadczenia": in a run-on list the marker
        # closes its item, which starts at the word before the last item word
        # ("znajomość", "Kenntnisse", "licence") ahead of it.
        heads = list(P.ITEM_HEAD.finditer(text, clause[0], marker.start()))
        if not heads:
            return (clause[0], marker.end())
        word = _WORD_BEFORE.search(text, clause[0], heads[-1].start())
        return (word.start() if word else heads[-1].start(), marker.end())
    # "..., oraz mile widziane doświadczenie": a leading marker opens its item, which in a
    # run-on list ends where the next item word starts without "i/oraz/and" before it
    # ("mile widziane doświadczenie na podobnym stanowisku znajomość języka niemieckiego").
    heads = list(P.ITEM_HEAD.finditer(text, marker.end(), clause[1]))
    for prev, head in pairwise(heads):
        if head.start() - prev.end() < _ITEM_GAP:  # "znajomość języka": one item
            continue
        word = _WORD_BEFORE.search(text, marker.end(), head.start())
        start = word.start() if word and P.LEVEL_WORD.match(text, word.start()) else head.start()
        if not _JOINER_BEFORE.search(text, marker.end(), start):
            return (marker.start(), start)
    return (marker.start(), clause[1])
