"""Per-destination scheme rules, as data: one TOML file per scheme.

The shipped files live in ``matching/schemes/data/`` (one per destination country);
``Settings.schemes_dir`` names a directory of files of the same shape that replace a
shipped scheme of the same country or add one. A batch applies the scheme of each
vacancy's destination: a ``require`` rule becomes a gate on the vacancy (Polish C+E
drivers need Code 95), a ``flag`` rule a finding with its remedy (a German skilled trade
needs recognition of the qualification: flagged, not a silent gate).

A file::

    country = "PL"
    name = "Poland work and seasonal permits"
    source = "..."
    fee_declaration_required = true

    [[rules]]
    when = { driving = ["CE"] }          # or isco_prefixes = ["7"]
    require = "code95"                   # or flag = "qualification_recognition"
    reason = "..."

Example:
    >>> from matching.records import Vacancy
    >>> schemes = load_schemes()
    >>> v = Vacancy(external_id="PL-1", destination_country="PL", title="Kierowca C+E",
    ...             required_driving=["CE"])
    >>> applied, findings = schemes["PL"].apply(v)
    >>> applied.requires_code95, [f.code for f in findings]
    (True, ['scheme_requirement'])
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from matching.errors import DataFileError
from matching.policy.findings import Finding
from matching.records import Vacancy

_REQUIREMENTS = {"code95": "Code 95 (driver CPC)"}
_FLAGS = {"qualification_recognition"}


@dataclass(frozen=True, slots=True)
class SchemeRule:
    """When a vacancy matches ``isco_prefixes`` or ``driving``, require or flag something."""

    isco_prefixes: tuple[str, ...] = ()
    driving: tuple[str, ...] = ()
    require: str | None = None
    flag: str | None = None
    reason: str = ""
    remedy: str = ""

    def applies_to(self, vacancy: Vacancy) -> bool:
        if self.isco_prefixes and not (
            vacancy.isco_group and vacancy.isco_group.startswith(self.isco_prefixes)
        ):
            return False
        if self.driving and not {c.value for c in vacancy.required_driving} & set(self.driving):
            return False
        return bool(self.isco_prefixes or self.driving)


@dataclass(frozen=True)
class Scheme:
    """A destination's scheme: its name, source, fee declaration rule and its rules."""

    country: str
    name: str
    source: str = ""
    fee_declaration_required: bool = False
    rules: tuple[SchemeRule, ...] = field(default=())
    origin: Literal["shipped", "settings"] = "shipped"

    def apply(self, vacancy: Vacancy) -> tuple[Vacancy, list[Finding]]:
        """The vacancy with the scheme's requirements as gates, and the findings to show."""
        findings: list[Finding] = []
        update: dict[str, Any] = {}
        for rule in self.rules:
            if not rule.applies_to(vacancy):
                continue
            if rule.require == "code95":
                if not vacancy.requires_code95:
                    update["requires_code95"] = True
                    findings.append(
                        Finding(
                            "scheme_requirement",
                            {
                                "scheme": self.name,
                                "requirement": _REQUIREMENTS["code95"],
                                "reason": rule.reason,
                            },
                        )
                    )
            elif rule.flag == "qualification_recognition":
                update["qualification_recognised_required"] = True
                findings.append(
                    Finding(
                        "qualification_recognition",
                        {"scheme": self.name, "country": self.country, "remedy": rule.remedy},
                    )
                )
        return (vacancy.model_copy(update=update) if update else vacancy), findings


def _rule(data: dict[str, Any], where: Path | str) -> SchemeRule:
    when = data.get("when", {})
    rule = SchemeRule(
        isco_prefixes=tuple(str(p) for p in when.get("isco_prefixes", ())),
        driving=tuple(str(c).replace("+", "").upper() for c in when.get("driving", ())),
        require=data.get("require"),
        flag=data.get("flag"),
        reason=str(data.get("reason", "")),
        remedy=str(data.get("remedy", "")),
    )
    if rule.require is not None and rule.require not in _REQUIREMENTS:
        raise DataFileError(where, f"unknown requirement {rule.require!r}", field="require")
    if rule.flag is not None and rule.flag not in _FLAGS:
        raise DataFileError(where, f"unknown flag {rule.flag!r}", field="flag")
    return rule


def parse_scheme(text: str, where: Path | str, origin: str = "shipped") -> Scheme:
    """One scheme file's content.

    Raises:
        DataFileError: Not TOML, or a field is missing or unknown.
    """
    try:
        data = tomllib.loads(text)
        return Scheme(
            country=str(data["country"]).upper(),
            name=str(data["name"]),
            source=str(data.get("source", "")),
            fee_declaration_required=bool(data.get("fee_declaration_required", False)),
            rules=tuple(_rule(r, where) for r in data.get("rules", ())),
            origin=origin,  # type: ignore[arg-type]
        )
    except tomllib.TOMLDecodeError as error:
        raise DataFileError(where, f"not TOML: {error}") from None
    except KeyError as error:
        raise DataFileError(where, f"missing {error.args[0]!r}") from None


def load_schemes(directory: str | Path | None = None) -> dict[str, Scheme]:
    """Country → scheme: the shipped ones, replaced or added to by ``directory``'s files.

    Raises:
        DataFileError: A file is malformed, or ``directory`` does not exist.
    """
    out: dict[str, Scheme] = {}
    shipped = resources.files("matching.schemes").joinpath("data")
    for item in sorted(shipped.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".toml"):
            scheme = parse_scheme(item.read_text(encoding="utf-8"), f"schemes/data/{item.name}")
            out[scheme.country] = scheme
    if directory is not None:
        path = Path(directory)
        if not path.is_dir():
            raise DataFileError(path, "no such directory")
        for file in sorted(path.glob("*.toml")):
            scheme = parse_scheme(file.read_text(encoding="utf-8"), file, "settings")
            out[scheme.country] = scheme
    return out
