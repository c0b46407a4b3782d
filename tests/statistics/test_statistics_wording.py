"""The statistics' requirement and course names: data, worded in ka/en/ru per reader.

Before, ``matching/statistics/_requirements.py`` built them as English strings
(``Polish A1→A2``, ``Code 95 initial qualification``), so the analyst's pages showed them
in English whatever the reader's language.
"""

from __future__ import annotations

import pickle
import re

import pytest
from babel.messages.pofile import read_po
from small_registry import sources

from matching.i18n import LANGUAGES, NC_, catalogue_path, translator
from matching.statistics import shortages, suppress, to_csv, training_plan
from matching.statistics.wording import PHRASE_MESSAGES, Phrase, phrase_text

ENGLISH = re.compile(r"\b(Polish|German|renew|licence|years?|experience|initial|qualification)\b")

SAMPLES = [
    Phrase("Polish A2", "language", language="pl", level="A2"),
    Phrase("Polish A0→A2", "language_course", language="pl", start="A0", level="A2"),
    Phrase("ISO 9606-1 135", "certificate", certificate="welding", code="135"),
    Phrase("forklift licence", "certificate", certificate="forklift", code=None),
    Phrase("renew forklift licence", "renew", certificate="forklift", code=None),
    Phrase("Code 95", "code95"),
    Phrase("Code 95 initial qualification", "code95_course"),
    Phrase("driving licence C+CE", "driving", categories="C+CE"),
    Phrase("1 year of experience", "experience", years=1.0),
    Phrase("3 years of experience", "experience", years=3.0),
    Phrase("consent", "gate", gate="consent"),
]


@pytest.mark.parametrize("phrase", SAMPLES, ids=lambda p: p.kind)
def test_each_phrase_is_its_english_text_and_worded_in_georgian_and_russian(phrase):
    english = phrase_text(phrase, translator("en"))
    # A requirement named by its gate reads as the gate's name ("consent to data processing").
    assert english == str(phrase) or (phrase.kind == "gate" and english.startswith(phrase))
    for language in ("ka", "ru"):
        text = phrase_text(phrase, translator(language))
        assert text and not ENGLISH.search(text), (language, text)
        if phrase.kind != "certificate" or phrase.params["certificate"] != "welding":
            assert text != str(phrase), (language, text)


def test_every_phrase_message_is_in_each_catalogue_and_translated():
    ids = [*PHRASE_MESSAGES.values(), "%(num)s year of experience"]
    for language in LANGUAGES:
        with catalogue_path(language).open("rb") as po:
            catalogue = read_po(po, locale=language)
        for msgid in ids:
            message = catalogue.get(msgid)
            assert message is not None and message.string, (language, msgid)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if language != "en":
                assert all(s != msgid for s in strings), (language, msgid)


def test_training_plan_and_shortages_keep_english_cells_with_their_data():
    plan = training_plan(sources())
    courses = [row[0] for row in plan.rows]
    assert courses == [
        "Polish A1→A2",
        "ISO 9606-1 135",
        "Code 95 initial qualification",
        "Polish A0→A2",
    ]
    assert all(isinstance(c, Phrase) for c in courses)
    assert [phrase_text(c, translator("ka")) for c in courses] == [
        "პოლონური A1→A2",
        "ISO 9606-1 135",
        "Code 95-ის საწყისი კვალიფიკაცია",
        "პოლონური A0→A2",
    ]
    assert phrase_text(courses[0], translator("ru")) == "польский A1→A2"
    requirements = [row[9] for row in shortages(sources()).rows]
    assert [phrase_text(r, translator("ka")) for r in requirements] == [
        "პოლონური A2",
        "ISO 9606-1 135",
    ]
    # A table survives a cache that pickles it, phrases and all.
    again = pickle.loads(pickle.dumps(plan))
    assert again == plan and again.rows[0][0].params == courses[0].params


def test_csv_words_phrases_with_a_label_and_stays_english_without():
    table = suppress(training_plan(sources()))
    t = translator("ka")
    worded = to_csv(table, label=lambda s: phrase_text(s, t) if isinstance(s, Phrase) else s)
    assert "პოლონური A1→A2" in worded and "Polish" not in worded
    assert "Polish A1→A2" in to_csv(table)


def test_a_word_in_two_senses_has_a_translation_per_sense():
    # "departed": a placement's status (she departed) and a count of people (departed).
    ka, ru = translator("ka"), translator("ru")
    assert ka.gettext(NC_("placement status", "departed")) == "გაემგზავრა"
    assert ka.gettext(NC_("people counted", "departed")) == "გამგზავრებულები"
    assert ru.gettext(NC_("people counted", "selected")) == "отобрано"
    assert ru.gettext(NC_("placement status", "selected")) == "отобран"
    assert translator("en").gettext(NC_("people counted", "departed")) == "departed"
