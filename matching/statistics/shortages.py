"""Shortages: vacancies with fewer qualified people than positions, and the gates that
exclude most of the registered ("welders for PL: 40 positions, 300 registered, 12
qualify: 210 lack Polish A2, 60 lack ISO 9606-1 135")."""

from __future__ import annotations

from collections import Counter

from matching.i18n import N_, Translator
from matching.rules import wording
from matching.statistics._assess import assess_supply
from matching.statistics._records import Sources
from matching.statistics._requirements import unmet_requirements
from matching.statistics._table import COUNT, KEY, PEOPLE, TEXT, ChartSpec, Column, Table
from matching.statistics.wording import Phrase, phrase_text

TOP_GATES = 5  # requirements listed per vacancy


def shortages(sources: Sources, top: int = TOP_GATES) -> Table:
    """One row per (short vacancy, excluding requirement), the most excluding first.

    A vacancy is short when fewer registered people qualify than it has positions; its
    ``top`` requirements are those the most registered people fail (a person failing two
    counts under both). A short vacancy where nobody fails anything (nobody registered)
    has one row with an empty requirement.
    """
    by_id = {s.external_id: s for s in sources.job_seekers}
    rows = []
    for supply in assess_supply(sources):
        v = supply.vacancy
        n_qualified = len(supply.qualified)
        if n_qualified >= v.positions:
            continue
        lacking: Counter[tuple[str, str]] = Counter()
        for pid, failures in supply.failures.items():
            seen = {
                (u.kind.value, u.requirement)
                for u in unmet_requirements(by_id[pid], v, failures, sources.today)
            }
            lacking.update(seen)
        head = (
            v.destination_country,
            v.isco_group or "",
            v.external_id,
            v.title,
            v.positions,
            len(supply.registered),
            n_qualified,
            v.positions - n_qualified,
        )
        ranked = sorted(lacking.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        if not ranked:
            rows.append((*head, "", "", 0))
        for (gate, requirement), n in ranked:
            rows.append((*head, gate, requirement, n))
    rows.sort(key=lambda r: (-r[7], r[0], r[2], -r[10], r[8], r[9]))
    return Table(
        name="shortages",
        title="Shortages and the requirements that exclude most people",
        columns=(
            Column("destination", KEY),
            Column("isco_group", KEY),
            Column("vacancy", KEY),
            Column("title", TEXT),
            Column("positions", COUNT),
            Column("registered", PEOPLE),
            Column("qualified", PEOPLE),
            Column("shortfall", COUNT, ("qualified",)),
            Column("gate", KEY),
            Column("requirement", KEY),
            Column("lacking", PEOPLE),
        ),
        rows=tuple(rows),
        chart=ChartSpec(label=("vacancy", "requirement"), values=("lacking",)),
        notes=(
            "shortfall: positions - qualified, hidden with qualified",
            "lacking: registered people failing the requirement (one may fail several)",
        ),
    )


# A shortage in words (``matching stats shortages`` prints one per short vacancy).
SHORTAGE_HEAD = N_(
    "%(title)s (%(isco)s) for %(destination)s, %(vacancy)s: %(positions)s positions, "
    "%(registered)s registered, %(qualified)s qualify"
)
SHORTAGE_LACK = N_("%(count)s lack %(requirement)s")


def shortage_sentences(table: Table, t: Translator | None = None) -> list[str]:
    """``welder (7212) for PL, PL-7: 40 positions, 300 registered, 12 qualify: 210 lack
    Polish A2, 60 lack ISO 9606-1 135`` per vacancy of a published shortages table; in
    ``t``'s language through the catalogue (country, numbers and requirements too), in
    English without one."""
    from matching.statistics._table import require_published

    require_published(table)
    out: dict[str, list[str]] = {}
    heads: dict[str, str] = {}
    for r, row in enumerate(table.rows):
        vacancy = str(row[2])
        cell = [_cell(table, r, c, t) for c in range(len(row))]
        values = {
            "title": cell[3],
            "isco": cell[1],
            "destination": cell[0],
            "vacancy": vacancy,
            "positions": cell[4],
            "registered": cell[5],
            "qualified": cell[6],
        }
        heads[vacancy] = _say(SHORTAGE_HEAD, values, t)
        if cell[9]:
            lack = _say(SHORTAGE_LACK, {"count": cell[10], "requirement": cell[9]}, t)
            out.setdefault(vacancy, []).append(lack)
        else:
            out.setdefault(vacancy, [])
    return [heads[v] + (": " + ", ".join(out[v]) if out[v] else "") for v in heads]


def _say(message: str, values: dict[str, object], t: Translator | None) -> str:
    return (message if t is None else t.gettext(message)) % values


def _cell(table: Table, r: int, c: int, t: Translator | None) -> str:
    """A cell as the sentence names it: ``<5`` where hidden; with ``t``, a destination
    by its country name, a count in the reader's digits, a requirement worded."""
    value = table.text(r, c)
    if t is None or (r, c) in table.suppressed or value is None:
        return "" if value is None else str(value)
    if c == 0:
        return wording.country_label(str(value), t)
    if isinstance(value, Phrase):
        return phrase_text(value, t)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return wording.number_text(value, t)
    return str(value)
