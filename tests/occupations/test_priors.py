from __future__ import annotations

import pytest

from matching.occupations.normalizer import TitleNormalizer
from matching.occupations.priors import (
    FOREIGN_WEIGHT,
    GROUPING_WEIGHT,
    english_vocabulary,
    foreign_labels,
    grouping_weights,
    reads_english,
)
from matching.occupations.taxonomy import (
    ISCO_URI_PREFIX,
    IscoGroup,
    Label,
    LabelKind,
    Occupation,
    Taxonomy,
)

OCC = "http://data.europa.eu/esco/occupation/"


def _taxonomy(occupations: list[Occupation], labels: list[Label]) -> Taxonomy:
    groups = {
        o.isco_group: IscoGroup(
            o.isco_group, ISCO_URI_PREFIX + o.isco_group, f"group {o.isco_group}"
        )
        for o in occupations
    }
    return Taxonomy("test-1", {o.uri: o for o in occupations}, groups, {}, labels)


def test_english_vocabulary_reads_english_labels_only() -> None:
    labels = [
        Label(OCC + "a", "Software Developer", "en", LabelKind.PREFERRED),
        Label(OCC + "a", "programista", "pl", LabelKind.ALTERNATIVE),
        Label(OCC + "a", "koder", "en", LabelKind.EXAMPLE),
    ]
    vocabulary = english_vocabulary(labels)
    assert vocabulary == {"software", "developer"}
    assert reads_english("senior software developer", vocabulary | {"senior"})
    assert not reads_english("programista java", vocabulary)
    # Digits and codes are not words: "developer 2" is still English.
    assert reads_english("developer 2", vocabulary)
    assert not reads_english("", vocabulary)


def test_grouping_weights_mark_occupations_with_narrower_ones() -> None:
    broad = Occupation(OCC + "broad", "5223", "specialised seller", "5223.1")
    narrow = Occupation(OCC + "narrow", "5223", "bicycle seller", "5223.1.1", broader_uri=broad.uri)
    taxonomy = _taxonomy([broad, narrow], [])
    weights = grouping_weights(taxonomy, [broad.uri, narrow.uri, ISCO_URI_PREFIX + "5223"])
    assert weights == [GROUPING_WEIGHT, 1.0, 1.0]


def test_english_title_prefers_the_english_label_over_a_loanword() -> None:
    # German ESCO names one occupation with the English word; English ESCO names another.
    hr = Occupation(OCC + "hr", "2423", "human resources officer", "2423.1")
    agent = Occupation(OCC + "agent", "3333", "recruitment consultant", "3333.1")
    labels = [
        Label(hr.uri, "human resources officer", "en", LabelKind.PREFERRED),
        Label(hr.uri, "Recruiter", "de", LabelKind.ALTERNATIVE),
        Label(agent.uri, "recruitment consultant", "en", LabelKind.PREFERRED),
        Label(agent.uri, "recruiter", "en", LabelKind.HIDDEN),
        Label(agent.uri, "Personalvermittler", "de", LabelKind.PREFERRED),
    ]
    normalizer = TitleNormalizer(languages=["de"], max_df=1.0).fit(_taxonomy([hr, agent], labels))
    assert normalizer.normalize("Recruiter").top.uri == agent.uri
    # The German alternative label outranks the English hidden one on its own.
    assert normalizer.normalize("Recruiter").matches[1].score / FOREIGN_WEIGHT > (
        normalizer.normalize("Recruiter").top.score
    )
    # A German title of the same spelling is not English-only: "Personalvermittler" stays.
    assert normalizer.normalize("Personalvermittler").top.uri == agent.uri


@pytest.mark.parametrize("exact", [True, False])
def test_grouping_occupation_yields_unless_the_title_is_its_name(exact: bool) -> None:
    broad = Occupation(OCC + "broad", "5223", "specialised seller", "5223.1")
    narrow = Occupation(OCC + "narrow", "5223", "bicycle seller", "5223.1.1", broader_uri=broad.uri)
    labels = [
        Label(broad.uri, "specialised seller", "en", LabelKind.PREFERRED),
        Label(broad.uri, "shop assistant", "en", LabelKind.ALTERNATIVE),
        Label(narrow.uri, "bicycle seller", "en", LabelKind.PREFERRED),
        Label(narrow.uri, "bicycle shop assistant", "en", LabelKind.ALTERNATIVE),
    ]
    normalizer = TitleNormalizer(max_df=1.0).fit(_taxonomy([broad, narrow], labels))
    title = "specialised seller" if exact else "shop assistant bikes"
    assert normalizer.normalize(title).top.uri == (broad.uri if exact else narrow.uri)
    # Without the grouping weight the broader occupation's closer label wins.
    normalizer._grouping_weight = [1.0] * len(normalizer._grouping_weight)
    assert normalizer.normalize(title).top.uri == broad.uri


def test_coded_examples_are_not_foreign() -> None:
    labels = [
        Label(OCC + "a", "Recruiter", "de", LabelKind.ALTERNATIVE),
        Label(OCC + "a", "recruiter", "en", LabelKind.HIDDEN),
        Label(OCC + "a", "Sales executive", "und", LabelKind.EXAMPLE),
    ]
    assert foreign_labels(labels) == [True, False, False]
