"""Occupations: the ESCO/ISCO taxonomy, Poland's KZiS, the project's label lexicons and the
title normaliser."""

from matching.occupations.kzis import Kzis, KzisLabel, KzisOccupation, add_kzis, load_kzis
from matching.occupations.taxonomy import (
    IscoGroup,
    Label,
    LabelKind,
    Occupation,
    Skill,
    Taxonomy,
    load_builtin,
    load_esco,
    load_taxonomy,
)

__all__ = [
    "IscoGroup",
    "Kzis",
    "KzisLabel",
    "KzisOccupation",
    "Label",
    "LabelKind",
    "Occupation",
    "Skill",
    "Taxonomy",
    "add_kzis",
    "load_builtin",
    "load_esco",
    "load_kzis",
    "load_taxonomy",
]
