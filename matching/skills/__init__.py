"""Skills: free-text skills in the schemes' languages mapped to ESCO skills.

A person writes "ელექტროშედუღება", "работа на погрузчике" or "Altenpflege"; a vacancy
asks for "układanie płytek". :class:`SkillMapper` maps each to ESCO skill URIs through
ESCO's labels, the project's skill lexicon (``data/skill_lexicon.csv``: the schemes'
common skills in Georgian, Russian, Polish, German, Hebrew and English) and, optionally,
a multilingual encoder.

Example:
    >>> from matching.occupations import load_builtin
    >>> from matching.skills import SkillMapper
    >>> mapper = SkillMapper().fit(load_builtin())
    >>> [m.label for m in mapper.map("უკანასკნელი", limit=1)]
    []
    >>> mapper.map("ავტოჩამტვირთველის მართვა")[0].label
    'operate forklift'
"""

from matching.skills._labels import (
    normalize_skill_text,
    read_skill_lexicon,
    skill_labels,
    skill_lexicon_files,
    split_skill_text,
)
from matching.skills._mapper import SkillMapper, SkillMatch

__all__ = [
    "SkillMapper",
    "SkillMatch",
    "normalize_skill_text",
    "read_skill_lexicon",
    "skill_labels",
    "skill_lexicon_files",
    "split_skill_text",
]
