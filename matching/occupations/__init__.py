"""Occupations: the ESCO/ISCO taxonomy, the project's label lexicons and the title normaliser."""

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
    "Label",
    "LabelKind",
    "Occupation",
    "Skill",
    "Taxonomy",
    "load_builtin",
    "load_esco",
    "load_taxonomy",
]
