"""Synthetic people: names by origin and region, personal numbers, typos."""

from __future__ import annotations

import random

import numpy as np

from matching.records import (
    GeorgianRegion,
)

# ----------------------------------------------------------------------------- people
# Population by region (2014 census, thousands); Abkhazia stands for registered IDPs.
REGION_WEIGHTS: dict[GeorgianRegion, float] = {
    GeorgianRegion.TBILISI: 1108,
    GeorgianRegion.IMERETI: 533,
    GeorgianRegion.KVEMO_KARTLI: 424,
    GeorgianRegion.ADJARA: 334,
    GeorgianRegion.SAMEGRELO: 331,
    GeorgianRegion.KAKHETI: 318,
    GeorgianRegion.SHIDA_KARTLI: 264,
    GeorgianRegion.SAMTSKHE_JAVAKHETI: 160,
    GeorgianRegion.GURIA: 113,
    GeorgianRegion.MTSKHETA_MTIANETI: 94,
    GeorgianRegion.RACHA_LECHKHUMI: 32,
    GeorgianRegion.ABKHAZIA: 25,
}
_REGIONS = tuple(REGION_WEIGHTS)
_REGION_P = np.array(list(REGION_WEIGHTS.values())) / sum(REGION_WEIGHTS.values())
# Two-digit prefixes of personal numbers, by region of registration.
_PN_PREFIX = {
    GeorgianRegion.TBILISI: "01", GeorgianRegion.IMERETI: "60", GeorgianRegion.KVEMO_KARTLI: "28",
    GeorgianRegion.ADJARA: "61", GeorgianRegion.SAMEGRELO: "19", GeorgianRegion.KAKHETI: "08",
    GeorgianRegion.SHIDA_KARTLI: "59", GeorgianRegion.SAMTSKHE_JAVAKHETI: "31",
    GeorgianRegion.GURIA: "33", GeorgianRegion.MTSKHETA_MTIANETI: "23",
    GeorgianRegion.RACHA_LECHKHUMI: "48", GeorgianRegion.ABKHAZIA: "62",
}  # fmt: skip

GIVEN_MALE = (
    "გიორგი", "გიორგი", "გიორგი", "დავით", "დავით", "ლევან", "ნიკოლოზ", "ირაკლი", "ალექსანდრე",
    "ლაშა", "გიგა", "ზურაბ", "თორნიკე", "ბექა", "გოჩა", "მამუკა", "ვახტანგ", "დიმიტრი", "ლუკა",
    "სანდრო", "ოთარ", "ნოდარ", "გელა", "შოთა", "ზვიად", "მიხეილ", "ავთანდილ", "კობა", "თემურ",
    "რევაზ", "პაატა", "ბესიკ", "ვაჟა", "ჯაბა", "გურამ", "მერაბ", "ნიკა", "საბა", "დათო", "ტარიელ",
)  # fmt: skip
GIVEN_FEMALE = (
    "ნინო", "ნინო", "მარიამ", "მარიამ", "თამარ", "ანა", "ეკატერინე", "ნათია", "ქეთევან", "სალომე",
    "მაკა", "ლალი", "მანანა", "ნანა", "ია", "ხათუნა", "თინათინ", "ელენე", "ნატო", "სოფო", "ლიკა",
    "მაია", "ირინა", "ეკა", "ნესტან", "თეონა", "ციური", "მზია", "ლია", "ლელა", "ინგა", "მარინა",
    "ნუცა", "ბარბარე", "ელისო",
)  # fmt: skip
AZERBAIJANI_MALE = ("ელნურ", "რაშად", "ორხან", "ელვინ", "ფარიდ", "ილქინ", "თოფიქ", "ვუგარ")
AZERBAIJANI_FEMALE = ("აიგუნ", "გიულნარა", "სევინჯ", "ლეილა", "ნარგიზ", "აიტან", "გიუნელ")
AZERBAIJANI_SURNAMES = (
    "მამედოვ",
    "ალიევ",
    "ჰუსეინოვ",
    "ისმაილოვ",
    "აბასოვ",
    "გულიევ",
    "ჰასანოვ",
    "ბაირამოვ",
)  # + ი (male) / ა (female)
ARMENIAN_MALE = ("არმენ", "არსენ", "ვაჰან", "ტიგრან", "სამველ", "ჰოვჰანეს", "ნარეკ", "გევორგ")
ARMENIAN_FEMALE = ("ანუშ", "გაიანე", "ლილიტ", "არპინე", "ნარინე", "ასტღიკ", "სირანუშ")
ARMENIAN_SURNAMES = (
    "პეტროსიანი", "ოჰანიანი", "ავეტისიანი", "გრიგორიანი", "მარტიროსიანი", "სარგსიანი",
    "ჰაკობიანი", "ხაჩატრიანი",
)  # fmt: skip
SURNAMES = {
    "east": ("ბერიშვილი", "გელაშვილი", "ხუციშვილი", "ნატროშვილი", "ჯავახიშვილი", "მამულაშვილი",
             "კვირიკაშვილი", "ლაზარაშვილი", "გოგიჩაიშვილი", "ბექაური", "წიკლაური", "არაბული",
             "ჭინჭარაული", "ზედგინიძე", "მაღლაკელიძე"),
    "west": ("ბერიძე", "კაპანაძე", "მაისურაძე", "გიორგაძე", "ლომიძე", "ნიჟარაძე", "ცინცაძე",
             "ჩხეიძე", "შარაშიძე", "დოლიძე", "კალანდაძე", "ლორთქიფანიძე", "ქავთარაძე", "მიქელაძე",
             "ბაქრაძე", "ჯაფარიძე", "ტაბატაძე", "ნოზაძე", "ხარაბაძე", "გოგოლაძე", "ღლონტი",
             "მგელაძე", "ჟღენტი"),
    "megrelian": ("კვარაცხელია", "შონია", "ჟვანია", "გოგია", "ქობალია", "ჭანტურია", "ხუბუა",
                  "ჯიქია", "ესართია", "ბარამია", "ცხადაია", "დანელია", "ქარჩავა", "ბოკუჩავა",
                  "ტყებუჩავა"),
    "adjarian": ("სურმანიძე", "ბოლქვაძე", "თავდგირიძე", "აბაშიძე", "დიასამიძე", "ფუტკარაძე",
                 "კონცელიძე", "ბერიძე"),
    "svan": ("ფარჯიანი", "გულბანი", "ჩარტოლანი", "ნავერიანი", "ჩხეტიანი"),
}  # fmt: skip
# Surname pools by region: Georgian sub-regional pools, Azerbaijani, Armenian.
_ORIGINS = ("east", "west", "megrelian", "adjarian", "svan", "azerbaijani", "armenian")
_ORIGIN_BY_REGION: dict[GeorgianRegion, dict[str, float]] = {
    GeorgianRegion.TBILISI: {"east": .45, "west": .33, "megrelian": .1, "adjarian": .04,
                             "svan": .02, "azerbaijani": .02, "armenian": .04},
    GeorgianRegion.IMERETI: {"west": .85, "east": .08, "megrelian": .05, "svan": .02},
    GeorgianRegion.KVEMO_KARTLI: {"azerbaijani": .42, "east": .33, "west": .15, "armenian": .1},
    GeorgianRegion.ADJARA: {"adjarian": .6, "west": .3, "megrelian": .05, "east": .05},
    GeorgianRegion.SAMEGRELO: {"megrelian": .8, "svan": .1, "west": .1},
    GeorgianRegion.KAKHETI: {"east": .85, "azerbaijani": .1, "west": .05},
    GeorgianRegion.SHIDA_KARTLI: {"east": .7, "west": .3},
    GeorgianRegion.SAMTSKHE_JAVAKHETI: {"armenian": .5, "west": .3, "east": .2},
    GeorgianRegion.GURIA: {"west": 1.0},
    GeorgianRegion.MTSKHETA_MTIANETI: {"east": .9, "west": .1},
    GeorgianRegion.RACHA_LECHKHUMI: {"west": .6, "svan": .4},
    GeorgianRegion.ABKHAZIA: {"megrelian": .8, "west": .2},
}  # fmt: skip

# Languages tracked in arrays (index positions), native languages first.
LANGUAGES = ("ka", "az", "hy", "ru", "en", "pl", "de", "he", "et", "fr", "lt")
_LANG = {code: i for i, code in enumerate(LANGUAGES)}
DESTINATIONS = ("PL", "DE", "IL", "EE", "FR", "LT")
_DEST = {code: i for i, code in enumerate(DESTINATIONS)}
_DEST_LANGUAGE = {"PL": "pl", "DE": "de", "IL": "he", "EE": "et", "FR": "fr", "LT": "lt"}
# Probability that a person who wants to go there speaks the language at all.
_DEST_LANGUAGE_P = {"PL": 0.45, "DE": 0.4, "IL": 0.12, "EE": 0.06, "FR": 0.25, "LT": 0.04}
# ... and that a person who does not want to go there speaks it (returned migrants, school).
_OTHER_LANGUAGE_P = {"PL": 0.05, "DE": 0.05, "IL": 0.005, "EE": 0.003, "FR": 0.02, "LT": 0.003}
DRIVING = ("B", "BE", "C", "C1", "C1E", "CE", "D")
_DRIVE = {c: i for i, c in enumerate(DRIVING)}
AGENCIES = (
    "SESA",
    "Work Bridge Georgia",
    "Kartuli Kadrebi",
    "Batumi Recruit",
    "Kutaisi Job Centre",
)

# ----------------------------------------------------------------------------- typos
_CONFUSIONS = {
    "ღ": "გ", "გ": "ღ", "ყ": "კ", "კ": "ყ", "ძ": "ზ", "ც": "წ", "წ": "ც", "ჭ": "ჩ", "ჩ": "ჭ",
    "თ": "ტ", "ტ": "თ", "ფ": "პ", "ქ": "კ", "ხ": "ქ",
    "е": "и", "и": "е", "о": "а", "а": "о", "щ": "ш", "ё": "е", "ь": "",
    "q": "k", "x": "kh", "w": "sh", "z": "s",
}  # fmt: skip


def typo(text: str, rng: random.Random) -> str:
    """One realistic slip: a dropped, doubled, swapped or confused letter."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:])
    kind = rng.random()
    if kind < 0.3:
        return text[:i] + text[i + 1 :]
    if kind < 0.5:
        return text[:i] + text[i] + text[i:]
    if kind < 0.7 and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    replacement = _CONFUSIONS.get(text[i])
    if replacement is None:
        return text[:i] + text[i + 1 :]
    return text[:i] + replacement + text[i + 1 :]


def _write_like_a_person(title: str, rng: random.Random) -> str:
    roll = rng.random()
    georgian = _georgian(title)
    if roll < 0.22:
        title = typo(title, rng)
    elif roll < 0.32 and not georgian:  # Georgian script has no capitals in everyday use
        title = title.upper()
    elif roll < 0.42 and not georgian:
        title = title[:1].upper() + title[1:]
    if rng.random() < 0.05:
        if georgian:
            suffix = "5 წლიანი სტაჟით"
        elif any("\u0400" <= ch <= "\u04ff" for ch in title):
            suffix = "с опытом"
        else:
            suffix = "gamocdilebit"
        title = f"{title} {suffix}"
    return title


def _georgian(text: str) -> bool:
    return any("\u10d0" <= ch <= "\u10ff" for ch in text)
