"""What occupation qualifies for a vacancy (its fit rule), as data that is its English.

:class:`FitRule` is the English sentence the engine has always given
(``qualifies: welder (ESCO); ...``), so every place that stores or prints it is
unchanged, and it keeps the values it was made from, so that
:func:`matching.policy.wording.fit_rule_text` words it in Georgian or Russian.

Example:
    >>> rule = FitRule(coded=True, isco_group="7212", occupation="welder", related_group="72")
    >>> str(rule)
    'qualifies: welder (ESCO); other trades of ISCO group 72 are related trades'
"""

from __future__ import annotations

from typing import Any


class FitRule(str):
    """A vacancy's fit rule: the tiers of occupations that qualify, and a scheme's widening.

    Args:
        coded: Whether the vacancy is coded to an occupation (else anyone is considered).
        isco_group: Its ISCO unit group.
        occupation: Its ESCO occupation's label (``None``: the unit group is asked for).
        related: Labels of the broader or narrower occupations that qualify.
        close: Labels of the occupations of the unit group sharing its essential skills.
        skill_share: The share of essential skills they must share.
        widening: A scheme's widening: (ISCO prefix, the group any experience in counts).
        related_group: The ISCO group whose other trades are related trades.
        occupation_uri: Its ESCO occupation's URI (``occupation`` named in the reader's
            language, :mod:`matching.occupations.names`).
        related_uris: The URIs of ``related``, in the same order.
        close_uris: The URIs of ``close``, in the same order.
    """

    coded: bool
    isco_group: str | None
    occupation: str | None
    related: tuple[str, ...]
    close: tuple[str, ...]
    skill_share: float
    widening: tuple[str, str] | None
    related_group: str
    occupation_uri: str | None
    related_uris: tuple[str, ...]
    close_uris: tuple[str, ...]

    def __new__(
        cls,
        *,
        coded: bool,
        isco_group: str | None = None,
        occupation: str | None = None,
        related: tuple[str, ...] = (),
        close: tuple[str, ...] = (),
        skill_share: float = 0.0,
        widening: tuple[str, str] | None = None,
        related_group: str = "",
        occupation_uri: str | None = None,
        related_uris: tuple[str, ...] = (),
        close_uris: tuple[str, ...] = (),
    ) -> FitRule:
        values = {
            "coded": coded,
            "isco_group": isco_group,
            "occupation": occupation,
            "related": tuple(related),
            "close": tuple(close),
            "skill_share": skill_share,
            "widening": widening,
            "related_group": related_group,
        }
        self = super().__new__(cls, _english(**values))
        values["occupation_uri"] = occupation_uri
        values["related_uris"] = tuple(related_uris)
        values["close_uris"] = tuple(close_uris)
        self.__dict__.update(values)
        return self

    def __reduce__(self):
        return (_rebuild, (self.values(),))

    def values(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _rebuild(values: dict[str, Any]) -> FitRule:
    return FitRule(**values)


def _english(
    *,
    coded: bool,
    isco_group: str | None,
    occupation: str | None,
    related: tuple[str, ...],
    close: tuple[str, ...],
    skill_share: float,
    widening: tuple[str, str] | None,
    related_group: str,
) -> str:
    if not coded:
        return "uncoded vacancy: anyone is considered"
    if occupation is None:
        parts = [f"any occupation of ISCO unit group {isco_group}"]
    else:
        parts = [f"{occupation} (ESCO)"]
        if related:
            parts.append("broader or narrower: " + ", ".join(related))
        if close:
            parts.append(
                f"ISCO {isco_group} sharing ≥{skill_share:.0%} of its essential "
                "skills: " + ", ".join(close)
            )
    if widening is not None:
        parts.append(
            f"scheme rule for ISCO {widening[0]}: any experience in ISCO group {widening[1]}"
        )
    return (
        "qualifies: "
        + "; ".join(parts)
        + f"; other trades of ISCO group {related_group} are related trades"
    )
