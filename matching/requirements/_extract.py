"""Reading driving categories, certificates, languages, experience and age limits from text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from matching.records import Cefr, DrivingCategory
from matching.requirements import _patterns as P
from matching.requirements._segment import Layout, layout
from matching.requirements._types import (
    AgeLimit,
    CertificateRequirement,
    Document,
    DrivingRequirement,
    ExperienceRequirement,
    LanguageRequirement,
    Requirement,
    Span,
    TextRequirements,
)

_DOCUMENT_ORDER = {d: i for i, d in enumerate(Document)}
_CATEGORY_ORDER = {c: i for i, c in enumerate(DrivingCategory)}
_CONJUNCTION = re.compile(
    r"^[\s,/&+-]*(?:(?:i|oraz|lub|and|or|und|oder|и|или|да|და|ან|או|ו)[\s,/&+]*){0,2}"
    r"(?:języki?|język|language|sprache|язык\w*|ენ\w*)?[\s,/&+]*$",
    re.IGNORECASE,
)
_AFTER_NUMBER_MONEY = re.compile(
    r"\s*(?:zł|pln|eur|euro|€|\$|usd|gel|₾|ils|₪|nis|%|h\b|godz)", re.I
)
# "SEP D+E", "grupa E i D": the letters of Polish electrical qualification groups.
_ELECTRICAL_GROUP = re.compile(r"\bSEP\b|kwalifikacyjn\w*|\bgrup\w*", re.I)
_SPEAKING = re.compile(r"języczn|язычн", re.I)
_COUNTRY_POLSKI = re.compile(r".*\b(?:z|ze|do|od|dla|po|poza|przez)\s+Polski$", re.S)
_LANGUAGE_WINDOW = 30
_LEVEL_WINDOW = 40
_EXPERIENCE_WINDOW = 70


def batch_extract_requirements(texts: Sequence[str]) -> list[TextRequirements]:
    """Read the requirements of many texts.

    Args:
        texts: vacancy descriptions or demand-list cells, in any of pl, de, en, ru, ka, he
            (mixed is fine). Empty strings give empty results.

    Returns:
        One :class:`TextRequirements` per text, in order.

    Example:
        >>> [r.min_experience_years for r in batch_extract_requirements(
        ...     ["min. 2 lata doświadczenia", "требуется опыт от 3 лет", "bez doświadczenia"])]
        [2.0, 3.0, None]
    """
    return [_extract_one(text or "") for text in texts]


def extract_requirements(text: str) -> TextRequirements:
    """Read the requirements of one text; see :func:`batch_extract_requirements`."""
    return batch_extract_requirements([text])[0]


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def _extract_one(text: str) -> TextRequirements:
    if not text.strip():
        return TextRequirements()
    lay = layout(text)
    looks = text.translate(P.LOOKALIKE)
    driving, category_spans = _driving(text, looks, lay)
    certificates = _certificates(text, looks, lay)
    ages, age_spans = _ages(text, lay)
    languages = _languages(text, looks, lay, category_spans)
    experience = _experience(text, lay, age_spans)
    items: list[Requirement] = [*driving, *certificates, *languages, *experience, *ages]
    items.sort(key=lambda item: item.spans[0].start if item.spans else 0)
    return _assemble(items)


# ---------------------------------------------------------------- driving


def _driving(
    text: str, looks: str, lay: Layout
) -> tuple[list[DrivingRequirement], list[tuple[int, int]]]:
    found: dict[int, tuple[DrivingCategory, int]] = {}
    for pattern in (P.DRIVING_AFTER, P.DRIVING_BEFORE):
        for m in pattern.finditer(looks):
            for tok in P.CATEGORY_TOKEN.finditer(looks, m.start("list"), m.end("list")):
                found[tok.start()] = (DrivingCategory.parse(tok.group(0)), tok.end())
    for m in P.DRIVING_PLUS.finditer(looks):
        found.setdefault(m.start(), (DrivingCategory.parse(m.group(0)), m.end()))
    items, spans = [], []
    for start, (category, end) in sorted(found.items()):
        if lay.is_negated(start) or _ELECTRICAL_GROUP.search(text, max(0, start - 20), start):
            continue
        spans.append((start, end))
        items.append(
            DrivingRequirement(category, not lay.is_preferred(start), (_span(text, start, end),))
        )
    return items, spans


# ---------------------------------------------------------------- certificates


def _certificates(text: str, looks: str, lay: Layout) -> list[CertificateRequirement]:
    hits: list[tuple[Document, int, int]] = []
    for m in P.CODE95.finditer(looks):
        if m.group(0).lower().startswith("świadectw"):
            a, b = lay.clause_at(m.start())
            if P.ELECTRICAL.search(text, a, b):
                continue
        hits.append((Document.CODE95, m.start(), m.end()))
    for pattern, kind in (
        (P.DRIVER_CARD, Document.DRIVER_CARD),
        (P.ADR, Document.ADR),
        (P.ELECTRICAL, Document.ELECTRICAL),
        (P.SANITARY, Document.SANITARY),
        (P.STAPLERSCHEIN, Document.FORKLIFT),
    ):
        hits.extend((kind, m.start(), m.end()) for m in pattern.finditer(text))
    for m in P.FORKLIFT_THING.finditer(text):
        a, b = lay.clause_at(m.start())
        if P.FORKLIFT_LICENCE.search(text, a, b):
            hits.append((Document.FORKLIFT, m.start(), m.end()))
    for m in P.UDT.finditer(text):
        a, b = lay.clause_at(m.start())
        if not P.UDT_OTHER.search(text, a, b) or P.FORKLIFT_THING.search(text, a, b):
            hits.append((Document.FORKLIFT, m.start(), m.end()))
    out = [
        CertificateRequirement(kind, required=not lay.is_preferred(a), spans=(_span(text, a, b),))
        for kind, a, b in hits
        if not lay.is_negated(a)
    ]
    out.extend(_welding(text, lay))
    return out


def _welding(text: str, lay: Layout) -> list[CertificateRequirement]:
    out = []
    for a, b in lay.segments:
        if not P.WELDING_CONTEXT.search(text, a, b):
            continue
        found: list[tuple[str, int, int]] = []
        for m in P.WELDING_PROCESS_NUMBER.finditer(text, a, b):
            if not _AFTER_NUMBER_MONEY.match(text, m.end()) and not _in_long_number(text, m):
                found.append((m.group(1), m.start(), m.end()))
        for pattern, processes in P.WELDING_METHODS:
            for m in pattern.finditer(text, a, b):
                found.extend((p, m.start(), m.end()) for p in processes)
        standards = [
            (m.group(0), m.start(), m.end()) for m in P.WELDING_STANDARD.finditer(text, a, b)
        ]
        certs = [(m.start(), m.end()) for m in P.WELDING_CERT.finditer(text, a, b)]
        # One requirement per segment and preference: "MAG 135 i TIG 141, ISO 9606-1".
        for required in (True, False):
            mine = [f for f in found if lay.is_preferred(f[1]) != required]
            std = [s for s in standards if lay.is_preferred(s[1]) != required]
            cert = [c for c in certs if lay.is_preferred(c[0]) != required]
            positions = [(s, e) for _, s, e in mine] + [(s, e) for _, s, e in std] + cert
            positions = [p for p in positions if not lay.is_negated(p[0])]
            if not positions:
                continue
            processes = tuple(sorted({p for p, s, _ in mine if not lay.is_negated(s)}, key=int))
            out.append(
                CertificateRequirement(
                    Document.WELDING,
                    processes=processes,
                    standards=tuple(dict.fromkeys(_norm_standard(s) for s, _, _ in std)),
                    required=required,
                    spans=tuple(_span(text, s, e) for s, e in sorted(set(positions))),
                )
            )
    return out


_DIGIT_RUN = re.compile(r"[\d\s()+-]*")


def _in_long_number(text: str, m: re.Match[str]) -> bool:
    """Part of a phone number or an account number ("tel. 600 135 141")."""
    left = _DIGIT_RUN.match(text[max(0, m.start() - 12) : m.start()][::-1])
    right = _DIGIT_RUN.match(text, m.end())
    run = (left.group(0) if left else "") + m.group(0) + (right.group(0) if right else "")
    return sum(ch.isdigit() for ch in run) >= 7


def _norm_standard(raw: str) -> str:
    return re.sub(r"\s+", " ", raw.upper().replace("PN-", "PN ")).strip()


# ---------------------------------------------------------------- languages


def _languages(
    text: str, looks: str, lay: Layout, taken: list[tuple[int, int]]
) -> list[LanguageRequirement]:
    out = []
    for a, b in lay.clauses:
        mentions = [
            (m.lastgroup or "", m.start(), m.end()) for m in P.LANGUAGE.finditer(text, a, b)
        ]
        if not mentions:
            continue
        levels: list[tuple[Cefr, bool, int, int]] = []  # level, from_word, start, end
        for m in P.CEFR_TOKEN.finditer(looks, a, b):
            if any(s <= m.start() < e for s, e in taken):
                continue
            low = min(Cefr.parse(g) for g in m.groups() if g)
            levels.append((low, False, m.start(), m.end()))
        for m in P.LEVEL_WORD.finditer(text, a, b):
            levels.append((P.LEVEL_OF_GROUP[m.lastgroup or ""], True, m.start(), m.end()))
        mentions = _language_uses(text, mentions, levels, a, b)
        if not mentions:
            continue
        assigned: list[list[tuple[Cefr, bool, int, int]]] = [[] for _ in mentions]
        for level in levels:
            best, best_gap = None, _LEVEL_WINDOW + 1
            for i, (_, s, e) in enumerate(mentions):
                gap = level[2] - e if level[2] >= e else s - level[3]
                if 0 <= gap < best_gap or (gap == best_gap and best is not None and level[1]):
                    best, best_gap = i, gap
            if best is not None:
                assigned[best].append(level)
        # "polski i angielski na poziomie B1": a bare name joined to the next shares its level;
        # "basic Polish or Russian": a level before the first name covers the joined ones.
        for i in range(len(mentions) - 2, -1, -1):
            if not assigned[i] and assigned[i + 1] and _joined(text, mentions[i], mentions[i + 1]):
                assigned[i] = list(assigned[i + 1])
        for i in range(1, len(mentions)):
            before = [x for x in assigned[i - 1] if x[3] <= mentions[i - 1][1]]
            if not assigned[i] and before and _joined(text, mentions[i - 1], mentions[i]):
                assigned[i] = before
        for (code, s, e), lv in zip(mentions, assigned, strict=True):
            if lay.is_negated(s) or lay.in_offer(s):
                continue
            explicit = [x for x in lv if not x[1]]
            chosen = explicit or lv
            level = min((x[0] for x in chosen), default=None)
            spans = [(s, e)] + [(x[2], x[3]) for x in chosen]
            out.append(
                LanguageRequirement(
                    code,
                    level,
                    required=not lay.is_preferred(s),
                    from_word=bool(chosen) and not explicit,
                    spans=tuple(_span(text, x, y) for x, y in sorted(spans)),
                )
            )
    return out


def _joined(text: str, left: tuple[str, int, int], right: tuple[str, int, int]) -> bool:
    return bool(_CONJUNCTION.match(text[left[2] : right[1]]))


def _language_uses(
    text: str,
    mentions: list[tuple[str, int, int]],
    levels: list[tuple[Cefr, bool, int, int]],
    a: int,
    b: int,
) -> list[tuple[str, int, int]]:
    """The language names used as languages ("język polski"), not "polska firma".

    A name counts near a language word, a level, or a preferred or negating marker; in a
    clause that is only a list of languages; or joined by "i/and/или/או" to one that counts.
    """
    rest = text[a:b]
    for _, s, e in sorted(mentions, key=lambda x: -x[1]):
        rest = rest[: s - a] + rest[e - a :]
    only_names = not re.sub(r"[\W\d_]+|\b(?:i|oraz|lub|and|or|und|oder|и|или|და|ან|או)\b", "", rest)
    keep = []
    for mention in mentions:
        _, s, e = mention
        if _SPEAKING.search(text, s, e) or _COUNTRY_POLSKI.match(text[max(0, s - 6) : e]):
            # "koordynator polskojęzyczny" describes someone else; "z Polski" is the country
            keep.append(False)
            continue
        lo, hi = max(a, s - _LANGUAGE_WINDOW), min(b, e + _LANGUAGE_WINDOW)
        near = (
            only_names
            or P.LANGUAGE_CONTEXT.search(text, lo, hi)
            or P.LANGUAGE_CONTEXT.match(text[s:e])
            or P.PREFERRED.search(text, lo, hi)
            or P.NEGATED.search(text, lo, hi)
            or any(
                ls - e <= _LANGUAGE_WINDOW and s - le <= _LANGUAGE_WINDOW for *_, ls, le in levels
            )
        )
        keep.append(bool(near))
    for _ in range(2):  # spread along "X i Y i Z" in both directions
        for i in range(len(mentions) - 1):
            if keep[i] != keep[i + 1] and _joined(text, mentions[i], mentions[i + 1]):
                keep[i] = keep[i + 1] = True
    return [m for m, k in zip(mentions, keep, strict=True) if k]


# ---------------------------------------------------------------- experience and age


def _experience(
    text: str, lay: Layout, age_spans: list[tuple[int, int]]
) -> list[ExperienceRequirement]:
    out = []
    candidates: list[tuple[float, int, int]] = []
    for m in P.DURATION.finditer(text):
        num = m.group("num").lower()
        years = P.NUMBER_WORDS.get(num)
        if years is None:
            years = float(num.replace(",", "."))
        if m.group("months"):
            years = round(years / 12, 2)
        candidates.append((float(years), m.start(), m.end()))
    for m in P.DURATION_WORD.finditer(text):
        years = 2.0 if m.group("two") else 0.5 if m.group("half") else 1.0
        candidates.append((years, m.start(), m.end()))
    for m in P.DURATION_ADJECTIVE.finditer(text):
        prefix = (m.group("n") or "").lower()
        if prefix:
            candidates.append((P.DURATION_ADJECTIVE_NUMBERS[prefix], m.start(), m.end()))
        elif re.fullmatch(r"roczn(?:e|y|ym|ego)|годичн\w*", m.group(0), re.I) and (
            P.EXPERIENCE_WORD.search(text, max(0, m.start() - 20), m.end() + 20)
        ):
            # "roczne doświadczenie", not "sprawozdania roczne" near "doświadczenie"
            candidates.append((1.0, m.start(), m.end()))
    for m in P.HALF_YEAR_ADJECTIVE.finditer(text):
        candidates.append((0.5, m.start(), m.end()))
    seen: set[int] = set()
    for years, s, e in sorted(candidates, key=lambda c: (c[1], -c[2])):
        if any(x < e and s < y for x, y in age_spans) or s in seen or not 0 < years <= 15:
            continue
        a, b = lay.clause_at(s)
        lo, hi = max(a, s - _EXPERIENCE_WINDOW), min(b, e + _EXPERIENCE_WINDOW)
        if not P.EXPERIENCE_WORD.search(text, lo, hi) or lay.is_negated(s):
            continue
        seen.update(range(s, e))
        out.append(ExperienceRequirement(years, not lay.is_preferred(s), (_span(text, s, e),)))
    for m in P.FORM_EXPERIENCE.finditer(text):
        years = int(m.group("years")) + int(m.group("months") or 0) / 12
        if 0 < years <= 15 and not any(x < m.end() and m.start() < y for x, y in age_spans):
            out.append(
                ExperienceRequirement(
                    round(years, 2), not lay.is_preferred(m.start()), (_span(text, *m.span()),)
                )
            )
    return out


def _ages(text: str, lay: Layout) -> tuple[list[AgeLimit], list[tuple[int, int]]]:
    out, spans = [], []

    def add(lo: int | None, hi: int | None, s: int, e: int) -> None:
        if any(x < e and s < y for x, y in spans):
            return
        spans.append((s, e))
        out.append(AgeLimit(lo, hi, (_span(text, s, e),)))

    for m in P.BARE_AGE_RANGE.finditer(text):
        a, b = lay.clause_at(m.start())
        lo, hi = int(m.group("lo")), int(m.group("hi"))
        if lo < hi and not P.EXPERIENCE_WORD.search(text, a, b):
            add(lo, hi, m.start(), m.end())
    for m in P.BARE_AGE_MAX.finditer(text):
        add(None, int(m.group("n") or m.group("m")), m.start(), m.end())
    for a, b in lay.clauses:
        if not P.AGE_WORD.search(text, a, b):
            continue
        for m in P.AGE_RANGE.finditer(text, a, b):
            lo, hi = int(m.group("lo")), int(m.group("hi"))
            if lo < hi:
                add(lo, hi, m.start(), m.end())
        for m in P.AGE_MAX.finditer(text, a, b):
            if not _AFTER_NUMBER_MONEY.match(text, m.end()):
                add(None, int(m.group("n") or m.group("m")), m.start(), m.end())
        for m in P.AGE_MIN.finditer(text, a, b):
            if not _AFTER_NUMBER_MONEY.match(text, m.end()):
                add(int(m.group("n") or m.group("m")), None, m.start(), m.end())
        for m in P.ADULT.finditer(text, a, b):
            add(18, None, m.start(), m.end())
    for m in P.ADULT.finditer(text):
        add(18, None, m.start(), m.end())
    return out, spans


# ---------------------------------------------------------------- assembling


def _assemble(items: list[Requirement]) -> TextRequirements:
    req_driving = sorted(
        {i.category for i in items if isinstance(i, DrivingRequirement) and i.required},
        key=_CATEGORY_ORDER.__getitem__,
    )
    certs = [i for i in items if isinstance(i, CertificateRequirement)]
    req_certs = _merge_certificates([c for c in certs if c.required])
    langs = [i for i in items if isinstance(i, LanguageRequirement)]
    req_langs = _merge_languages([x for x in langs if x.required])
    exps = [i for i in items if isinstance(i, ExperienceRequirement)]
    req_years = max((x.years for x in exps if x.required), default=None)
    ages = [i for i in items if isinstance(i, AgeLimit)]
    age_min = next((x.minimum for x in ages if x.minimum is not None), None)
    age_max = next((x.maximum for x in ages if x.maximum is not None), None)

    required_tokens = {t for c in req_certs for t in c.tokens}
    preferred: list[
        DrivingRequirement | CertificateRequirement | LanguageRequirement | ExperienceRequirement
    ] = []
    pref_driving: dict[DrivingCategory, DrivingRequirement] = {}
    for i in items:
        if isinstance(i, DrivingRequirement) and not i.required and i.category not in req_driving:
            pref_driving.setdefault(i.category, i)
    preferred.extend(sorted(pref_driving.values(), key=lambda d: _CATEGORY_ORDER[d.category]))
    for c in _merge_certificates([c for c in certs if not c.required]):
        if c.kind is Document.WELDING:
            left = tuple(p for p in c.processes if f"welding:{p}" not in required_tokens)
            if c.processes and not left:
                continue
            if not c.processes and any(t.startswith("welding") for t in required_tokens):
                continue
            c = CertificateRequirement(c.kind, left, c.standards, False, c.spans)
        elif c.kind.value in required_tokens or (c.kind is Document.CODE95 and _has_code95(certs)):
            continue
        preferred.append(c)
    req_codes = {x.language for x in req_langs}
    preferred.extend(
        x
        for x in _merge_languages([x for x in langs if not x.required])
        if x.language not in req_codes
    )
    pref_years = [x for x in exps if not x.required]
    if req_years is None and pref_years:
        preferred.append(max(pref_years, key=lambda x: x.years))
    return TextRequirements(
        driving=tuple(req_driving),
        code95=_has_code95(certs),
        certificates=tuple(c for c in req_certs if c.kind is not Document.CODE95),
        languages=tuple(req_langs),
        min_experience_years=req_years,
        age_min=age_min,
        age_max=age_max,
        preferred=tuple(preferred),
        items=tuple(items),
    )


def _has_code95(certs: list[CertificateRequirement]) -> bool:
    return any(c.kind is Document.CODE95 and c.required for c in certs)


def _merge_certificates(certs: list[CertificateRequirement]) -> list[CertificateRequirement]:
    by_kind: dict[Document, list[CertificateRequirement]] = {}
    for c in certs:
        by_kind.setdefault(c.kind, []).append(c)
    out = []
    for kind in sorted(by_kind, key=_DOCUMENT_ORDER.__getitem__):
        group = by_kind[kind]
        processes = tuple(sorted({p for c in group for p in c.processes}, key=int))
        standards = tuple(dict.fromkeys(s for c in group for s in c.standards))
        spans = tuple(s for c in group for s in c.spans)
        out.append(CertificateRequirement(kind, processes, standards, group[0].required, spans))
    return out


def _merge_languages(langs: list[LanguageRequirement]) -> list[LanguageRequirement]:
    by_code: dict[str, list[LanguageRequirement]] = {}
    for x in langs:
        by_code.setdefault(x.language, []).append(x)
    out = []
    for code, group in by_code.items():
        levelled = [x for x in group if x.level is not None]
        best = max(levelled, key=lambda x: (x.level, not x.from_word)) if levelled else group[0]
        spans = tuple(s for x in group for s in x.spans)
        out.append(LanguageRequirement(code, best.level, best.required, best.from_word, spans))
    return out
