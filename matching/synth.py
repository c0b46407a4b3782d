"""A seeded synthetic population: Georgian job seekers and destination demand lists.

The job seekers look like registrations at the State Employment Support Agency and
private agencies: Georgian, Azerbaijani and Armenian names in Georgian script, weighted
by region (Tbilisi about a third; Kvemo Kartli and Samtskhe-Javakheti with their
Azerbaijani and Armenian communities), 11-digit personal numbers, trades weighted toward
those the circular-migration schemes recruit (welders, C+E drivers, bricklayers, carers,
farm workers ...), experience titles typed the way people type them (Georgian script,
Latin-typed Georgian or Russian, with typos), CEFR levels, licences with Code 95 for
drivers, ISO 9606 welding certificates, forklift tickets, destination preferences,
availability and consent (mostly given).

The demand lists are ads from Poland, Germany, Israel, Estonia, France and Lithuania in
their own languages, with gender markers, cities, local wages, season dates, and a few
that charge the worker a fee or come through an unlicensed agency. Each vacancy carries
its true ESCO occupation and hard requirements.

**Known-qualified candidates.** For every vacancy, the generator records the job seekers
who meet its hard requirements (:func:`qualifies`): active consent; the destination among
their preferences (or none stated); available by the start date; experience in the
vacancy's ISCO unit group of at least the minimum years; every required language at the
required CEFR level or above; every required licence category, and Code 95 if required;
every required certificate, valid on the start date. Ranking quality is measured
against these sets.

Generation is deterministic in ``seed`` and works in fixed chunks of
:data:`CHUNK_SIZE` seekers, each from its own random stream: the first ``k`` seekers
of any population with the same seed are the same, and a million seekers are generated
lazily, chunk by chunk, with the attributes that decide qualification drawn as numpy
arrays and the qualified sets computed on those arrays.

Example:
    >>> population = PopulationGenerator(seed=7).fit().generate(200)
    >>> countries = {d.destination_country for d in population.demand_lists}
    >>> len(population.job_seekers), sorted(countries)
    (200, ['DE', 'EE', 'FR', 'IL', 'LT', 'PL'])
    >>> vacancy = population.demand_lists[0].vacancies[0]
    >>> seekers = {s.external_id: s for s in population.job_seekers}
    >>> all(qualifies(seekers[i], vacancy) for i in population.qualified[vacancy.external_id])
    True
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import numpy as np

from matching.occupations import Taxonomy, load_builtin
from matching.occupations.text import to_latin
from matching.records import (
    Certificate,
    DemandList,
    GeorgianRegion,
    JobSeeker,
    Vacancy,
)

CHUNK_SIZE = 10_000
REFERENCE_DATE = date(2026, 11, 1)
GENERATOR_VERSION = "1"

# ----------------------------------------------------------------------------- trades
# Titles as people write them: Georgian script, Latin-typed Georgian, Russian.


@dataclass(frozen=True, slots=True)
class Trade:
    """An occupation job seekers register with, and how they name it."""

    key: str
    esco_label: str  # preferred label in the ESCO catalogue
    weight: float  # share of the population
    male_share: float
    ka: tuple[str, ...]
    latin: tuple[str, ...]
    ru: tuple[str, ...]
    destinations: tuple[str, ...]  # countries these workers are recruited to, likeliest first
    certificates: tuple[tuple[int, float], ...] = ()  # (index into CERTIFICATES, probability)


# Certificates a person may hold: (kind, code). Index positions are used in arrays.
CERTIFICATES: tuple[tuple[str, str | None], ...] = (
    ("welding", "111"),
    ("welding", "135"),
    ("welding", "136"),
    ("welding", "141"),
    ("adr", None),
    ("forklift", None),
    ("electrical", None),
    ("care", None),
    ("first_aid", None),
    ("food_hygiene", None),
)
_CERT_INDEX = {c: i for i, c in enumerate(CERTIFICATES)}
W111, W135, W136, W141, ADR, FORKLIFT, ELECTRICAL, CARE, FIRST_AID, FOOD = range(10)

TRADES: tuple[Trade, ...] = (
    Trade(
        "welder",
        "welder",
        8,
        0.98,
        ("შემდუღებელი", "ელექტროშემდუღებელი", "შემდუღებელი MIG/MAG", "არგონით შემდუღებელი"),
        ("shemdughebeli", "shemdugebeli", "elektroshemdughebeli", "svarshiki"),
        ("сварщик", "электросварщик", "сварщик MIG/MAG", "газоэлектросварщик"),
        ("PL", "DE", "EE", "FR", "LT"),
        ((W135, 0.55), (W111, 0.45), (W141, 0.25), (W136, 0.12)),
    ),
    Trade(
        "truck_driver",
        "cargo vehicle driver",
        9,
        0.99,
        ("მძღოლი CE კატეგორია", "სატვირთოს მძღოლი", "შორეული რეისების მძღოლი", "ფურის მძღოლი"),
        ("mdzgoli CE", "mdzgholi", "satvirtos mdzgoli", "tiris mdzgoli"),
        ("водитель-дальнобойщик", "водитель категории CE", "дальнобойщик", "водитель фуры"),
        ("PL", "DE", "EE", "LT", "FR"),
        ((ADR, 0.2),),
    ),
    Trade(
        "bricklayer",
        "bricklayer",
        5,
        0.99,
        ("კალატოზი", "აგურის წყობის ოსტატი"),
        ("kalatozi", "kaladozi"),
        ("каменщик", "каменщик-кладчик"),
        ("PL", "IL", "DE"),
    ),
    Trade(
        "plasterer",
        "plasterer",
        4,
        0.95,
        ("მლესავი", "შტუკატური", "ბათქაშის ოსტატი"),
        ("mlesavi", "shtukaturi"),
        ("штукатур", "штукатур-отделочник"),
        ("PL", "IL", "DE"),
    ),
    Trade(
        "painter",
        "construction painter",
        4,
        0.9,
        ("მღებავი", "მალიარი", "მალიარ-შტუკატური"),
        ("malyari", "mghebavi", "maliari"),
        ("маляр", "маляр-отделочник"),
        ("PL", "DE", "IL"),
    ),
    Trade(
        "electrician",
        "electrician",
        4,
        0.97,
        ("ელექტრიკოსი", "ელექტრიკი", "ელექტრომემონტაჟე"),
        ("elektrikosi", "elektriki", "eleqtrikosi"),
        ("электрик", "электромонтажник", "электромонтёр"),
        ("DE", "PL", "EE"),
        ((ELECTRICAL, 0.35),),
    ),
    Trade(
        "plumber",
        "plumber",
        3,
        0.98,
        ("სანტექნიკოსი", "სანტექნიკი"),
        ("santeqnikosi", "santexniki", "santeknikosi"),
        ("сантехник", "слесарь-сантехник"),
        ("PL", "DE", "IL"),
    ),
    Trade(
        "metal_fitter",
        "structural ironworker",
        3,
        0.99,
        ("მემონტაჟე", "ლითონკონსტრუქციების მემონტაჟე"),
        ("memontaje", "metalis memontaje"),
        ("монтажник металлоконструкций", "монтажник-верхолаз"),
        ("PL", "DE", "EE"),
    ),
    Trade(
        "cleaner",
        "building cleaner",
        6,
        0.25,
        ("დამლაგებელი", "დასუფთავების მუშაკი", "დამლაგებელი ოფისში"),
        ("damlagebeli", "damlagebeli opisshi"),
        ("уборщица", "уборщик помещений", "уборщица"),
        ("DE", "PL", "IL"),
    ),
    Trade(
        "carer",
        "home care aide",
        7,
        0.1,
        ("მომვლელი", "მოხუცის მომვლელი", "ავადმყოფის მომვლელი"),
        ("momvleli", "moxucis momvleli", "mokhutsis momvleli"),
        ("сиделка", "помощник по уходу", "сиделка за пожилыми"),
        ("IL", "DE", "FR"),
        ((CARE, 0.45), (FIRST_AID, 0.3)),
    ),
    Trade(
        "nursing_assistant",
        "healthcare assistant",
        2,
        0.15,
        ("ექთნის დამხმარე", "სანიტარი"),
        ("eqtnis damxmare", "sanitari"),
        ("санитарка", "младшая медсестра"),
        ("DE", "IL"),
        ((CARE, 0.6), (FIRST_AID, 0.5)),
    ),
    Trade(
        "fruit_picker",
        "fruit and vegetable picker",
        8,
        0.55,
        ("ხილის მკრეფავი", "მოსავლის ამღები", "სოფლის მეურნეობის მუშა"),
        ("khilis mkrepavi", "mosavlis amgebi", "xilis mkrefavi"),
        ("сборщик фруктов", "сборщик урожая", "рабочий на ферме"),
        ("DE", "PL", "FR", "IL"),
    ),
    Trade(
        "vineyard_worker",
        "vineyard worker",
        2,
        0.5,
        ("ვენახის მუშა", "რთველის მუშა", "მევენახე"),
        ("venakhis musha", "rtvelis musha"),
        ("работник виноградника", "виноградарь"),
        ("FR", "DE"),
    ),
    Trade(
        "cook",
        "cook",
        4,
        0.45,
        ("მზარეული", "შეფ-მზარეული"),
        ("mzareuli", "mzarewli"),
        ("повар", "повар горячего цеха"),
        ("DE", "PL", "IL"),
        ((FOOD, 0.35),),
    ),
    Trade(
        "warehouse_worker",
        "warehouse worker",
        5,
        0.8,
        ("საწყობის მუშა", "მტვირთავი", "საწყობის მუშაკი"),
        ("satsqobis musha", "mtvirtavi", "sawyobis musha"),
        ("работник склада", "грузчик", "грузчик-комплектовщик"),
        ("PL", "DE", "EE"),
        ((FORKLIFT, 0.4),),
    ),
    Trade(
        "forklift_operator",
        "forklift operator",
        2,
        0.95,
        ("ავტოდამტვირთველის ოპერატორი", "პოგრუზჩიკის მძღოლი"),
        ("pogruzchikis mdzgoli", "avtodamtvirtvelis operatori"),
        ("водитель погрузчика", "оператор погрузчика"),
        ("PL", "DE", "EE"),
        ((FORKLIFT, 0.9),),
    ),
    Trade(
        "construction_worker",
        "building construction worker",
        5,
        0.98,
        ("მშენებელი", "მუშა მშენებლობაზე", "შავი მუშა"),
        ("mshenebeli", "shavi musha"),
        ("разнорабочий", "строитель", "подсобный рабочий"),
        ("PL", "IL", "EE", "LT"),
    ),
    Trade(
        "carpenter",
        "carpenter",
        3,
        0.98,
        ("დურგალი", "ყალიბის ოსტატი", "ხის ოსტატი"),
        ("durgali", "qalibis ostati"),
        ("плотник", "плотник-опалубщик", "опалубщик"),
        ("IL", "PL", "DE"),
    ),
    Trade(
        "tile_setter",
        "tile fitter",
        2,
        0.97,
        ("მოპირკეთებელი", "კაფელის ოსტატი", "ფილების დამგები"),
        ("kafelis ostati", "mopirketebeli"),
        ("плиточник", "кафельщик", "плиточник-облицовщик"),
        ("IL", "PL", "DE"),
    ),
    Trade(
        "factory_hand",
        "factory hand",
        4,
        0.5,
        ("მუშა ქარხანაში", "საწარმოო მუშა"),
        ("musha qarkhanashi", "sawarmoo musha"),
        ("рабочий на производстве", "рабочий цеха"),
        ("PL", "DE", "LT"),
        ((FOOD, 0.15),),
    ),
    Trade(
        "kitchen_assistant",
        "kitchen assistant",
        2,
        0.4,
        ("მზარეულის დამხმარე", "ჭურჭლის მრეცხავი"),
        ("churchlis mrecxavi", "mzareulis damxmare"),
        ("помощник повара", "посудомойщица", "кухонный работник"),
        ("DE", "PL", "IL"),
    ),
    Trade(
        "van_driver",
        "car and van delivery driver",
        3,
        0.95,
        ("მძღოლი", "კურიერი მძღოლი", "ტაქსის მძღოლი"),
        ("mdzgoli B kategoria", "taqsis mdzgoli"),
        ("водитель", "водитель такси", "водитель-курьер"),
        ("PL", "DE"),
    ),
    Trade(
        "waiter",
        "waiter/waitress",
        2,
        0.4,
        ("მიმტანი", "ოფიციანტი"),
        ("mimtani", "opitsianti"),
        ("официант", "официантка"),
        ("DE", "PL"),
    ),
    Trade(
        "nanny",
        "child care worker",
        1,
        0.05,
        ("ძიძა", "ბავშვის მომვლელი"),
        ("dzidza", "bavshvis momvleli"),
        ("няня", "няня-гувернантка"),
        ("IL", "DE", "FR"),
        ((FIRST_AID, 0.3),),
    ),
    Trade(
        "packer",
        "hand packer",
        2,
        0.3,
        ("შემფუთავი", "დამფასოებელი"),
        ("shemputavi", "shemfutavi"),
        ("упаковщик", "упаковщица", "фасовщик"),
        ("PL", "DE", "LT"),
    ),
)
_TRADE_INDEX = {t.key: i for i, t in enumerate(TRADES)}

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


# ----------------------------------------------------------------------------- demand
@dataclass(frozen=True, slots=True)
class AdTemplate:
    """How one kind of ad is written in one destination, and what it requires."""

    country: str
    trade: str
    titles: tuple[str, ...]  # {city}, {wage}, {year} are filled in
    language: str  # of the title
    wage: tuple[float, float, str, str]  # low, high, currency, period
    employers: tuple[str, ...]
    languages: tuple[tuple[tuple[str, str], ...], ...] = ((),)  # alternatives
    driving: tuple[str, ...] = ()
    code95: bool = False
    certificates: tuple[tuple[str, str | None], ...] = ()
    optional_certificates: tuple[tuple[tuple[str, str | None], float], ...] = ()
    experience: tuple[float, ...] = (0,)
    positions: tuple[int, int] = (1, 8)
    seasonal: bool = False
    description: str = ""


_CITIES = {
    "PL": ("Gdańsk", "Wrocław", "Poznań", "Łódź", "Warszawa", "Kraków", "Katowice", "Szczecin"),
    "DE": ("Hamburg", "Bremen", "Köln", "München", "Stuttgart", "Leipzig", "Dortmund"),
    "IL": ("חיפה", "תל אביב", "ירושלים", "באר שבע", "נתניה", "אשדוד"),
    "EE": ("Tallinn", "Tartu", "Pärnu", "Narva"),
    "FR": ("Bordeaux", "Lyon", "Marseille", "Toulouse", "Reims", "Nantes"),
    "LT": ("Vilnius", "Kaunas", "Klaipėda"),
}
_WELD_TITLE_PROCESS = (("TIG", "141"), ("WIG", "141"), ("136", "136"), ("111", "111"))

AD_TEMPLATES: tuple[AdTemplate, ...] = (
    # Poland
    AdTemplate(
        "PL",
        "welder",
        (
            "Spawacz MIG/MAG 135",
            "Spawacz MIG/MAG 135 (m/k) – {city}",
            "Spawacz TIG 141 – {city}, od {wage} zł/h",
            "Spawacz konstrukcji stalowych 135/136",
        ),
        "pl",
        (30, 38, "PLN", "hour"),
        ("Stocznia Remontowa", "Konstal Sp. z o.o.", "Mostostal Podwykonawca"),
        ((), (("pl", "A1"),)),
        certificates=(("welding", "135"),),
        experience=(1, 2, 3),
        description=(
            "Spawanie konstrukcji stalowych metodą {process}. Wymagane uprawnienia spawalnicze."
        ),
    ),
    AdTemplate(
        "PL",
        "truck_driver",
        (
            "Kierowca C+E – transport międzynarodowy",
            "Kierowca kat. C+E (system 3/1) – {city}",
            "Kierowca C+E – kraj / UE, {wage} zł netto",
        ),
        "pl",
        (8500, 11500, "PLN", "month"),
        ("Trans-Spedycja S.A.", "Logistyka Poznań Sp. z o.o.", "Euro-Trans Łódź"),
        ((("pl", "A1"),), (("ru", "B1"),)),
        ("CE",),
        True,
        optional_certificates=((("adr", None), 0.25),),
        experience=(1, 2),
        description=(
            "Transport międzynarodowy, ciągniki z naczepą. Wymagane prawo jazdy kat. C+E i kod 95."
        ),
    ),
    AdTemplate(
        "PL",
        "bricklayer",
        ("Murarz", "Murarz – {city}", "Murarz – budowa domów jednorodzinnych"),
        "pl",
        (27, 34, "PLN", "hour"),
        ("Budimex Podwykonawca", "Dom-Bud Wrocław", "Bud-Mar"),
        ((), (("pl", "A1"),)),
        experience=(1, 2),
    ),
    AdTemplate(
        "PL",
        "plasterer",
        ("Tynkarz", "Tynkarz (praca od zaraz)", "Tynkarz maszynowy – {city}"),
        "pl",
        (27, 33, "PLN", "hour"),
        ("Budimex Podwykonawca", "Tynk-Pol"),
        ((), (("pl", "A1"),)),
        experience=(1, 2),
    ),
    AdTemplate(
        "PL",
        "factory_hand",
        (
            "Pracownik produkcji",
            "Pracownik produkcji (k/m) – {city}",
            "Pracownik produkcji spożywczej – bez doświadczenia",
        ),
        "pl",
        (25, 29, "PLN", "hour"),
        ("Mleczarnia Mazowsze", "Fabryka Mebli Kalisz", "Zakłady Mięsne Łuków"),
        ((),),
        optional_certificates=((("food_hygiene", None), 0.3),),
        positions=(5, 20),
    ),
    AdTemplate(
        "PL",
        "fruit_picker",
        (
            "Zbieracz owoców (sezonowo)",
            "Zbieracz truskawek – sezon {year}",
            "Pracownik sadowniczy – zbiór jabłek (sezonowo)",
        ),
        "pl",
        (24, 27, "PLN", "hour"),
        ("Sad Grójecki", "Gospodarstwo Sadownicze Nowak", "Agro-Farma Sandomierz"),
        ((),),
        positions=(10, 40),
        seasonal=True,
        description="Praca sezonowa przy zbiorach, zakwaterowanie zapewnione.",
    ),
    AdTemplate(
        "PL",
        "forklift_operator",
        ("Operator wózka widłowego (UDT) – {city}", "Magazynier z uprawnieniami UDT"),
        "pl",
        (28, 32, "PLN", "hour"),
        ("Logistyka Poznań Sp. z o.o.", "Centrum Dystrybucyjne Stryków"),
        ((), (("pl", "A1"),)),
        certificates=(("forklift", None),),
        experience=(0, 1),
    ),
    # Germany
    AdTemplate(
        "DE",
        "welder",
        (
            "Schweißer/in (m/w/d)",
            "Schweißer (m/w/d) MAG 135 – {city}",
            "Schweißer/in WIG 141 (m/w/d) in Vollzeit",
        ),
        "de",
        (16, 20, "EUR", "hour"),
        ("Meyer Werft GmbH", "Stahlbau Nord GmbH", "Anlagenbau Müller KG"),
        ((("de", "A2"),),),
        certificates=(("welding", "135"),),
        experience=(2, 3),
        description="Schweißarbeiten im Stahlbau, Schweißprüfung nach ISO 9606-1 ({process}).",
    ),
    AdTemplate(
        "DE",
        "truck_driver",
        (
            "Berufskraftfahrer CE (m/w/d)",
            "Berufskraftfahrer/in CE – Nahverkehr {city}",
            "LKW-Fahrer CE (m/w/d) Fernverkehr",
        ),
        "de",
        (2700, 3400, "EUR", "month"),
        ("Spedition Schmidt GmbH & Co. KG", "Nord-Logistik GmbH"),
        ((("de", "A2"),),),
        ("CE",),
        True,
        experience=(1, 2, 3),
    ),
    AdTemplate(
        "DE",
        "electrician",
        ("Elektriker (m/w/d)", "Elektriker/in (m/w/d) – {city}", "Elektroinstallateur (m/w/d)"),
        "de",
        (17, 22, "EUR", "hour"),
        ("Elektro Müller GmbH", "Gebäudetechnik Weber"),
        ((("de", "B1"),), (("de", "A2"),)),
        optional_certificates=((("electrical", None), 0.5),),
        experience=(2, 3),
    ),
    AdTemplate(
        "DE",
        "nursing_assistant",
        (
            "Pflegehelfer/in (m/w/d)",
            "Pflegehelfer (m/w/d) in Vollzeit – {city}",
            "Pflegehilfskraft (m/w/d) Altenpflege",
        ),
        "de",
        (15, 17.5, "EUR", "hour"),
        ("Caritas Altenhilfe", "Seniorenresidenz am Park", "Diakonie Pflege gGmbH"),
        ((("de", "B1"),),),
        experience=(0, 1),
    ),
    AdTemplate(
        "DE",
        "fruit_picker",
        ("Erntehelfer/in (m/w/d) – Spargel & Erdbeeren", "Saisonarbeitskraft Obsternte (m/w/d)"),
        "de",
        (12.82, 13.5, "EUR", "hour"),
        ("Spargelhof Beelitz", "Obsthof am Bodensee"),
        ((),),
        positions=(10, 40),
        seasonal=True,
    ),
    # Israel
    AdTemplate(
        "IL",
        "carer",
        ("מטפל/ת סיעודי/ת", "מטפל/ת סיעודי/ת – {city}", "דרוש/ה מטפל/ת לקשיש"),
        "he",
        (6500, 7200, "ILS", "month"),
        ("משפחה פרטית", "חברת סיעוד ותיקה"),
        ((("en", "A2"),), (("ru", "B1"),), (("he", "A1"),)),
        certificates=(("care", None),),
        experience=(1, 2),
    ),
    AdTemplate(
        "IL",
        "carpenter",
        ("טפסן", "טפסנים לעבודה ב{city}", "טפסן מקצועי"),
        "he",
        (38, 48, "ILS", "hour"),
        ("קבלן בניין", 'חברת בנייה בע"מ'),
        ((),),
        experience=(2, 3),
        positions=(3, 15),
    ),
    AdTemplate(
        "IL",
        "tile_setter",
        ("רצף", "רצף / מרצף – {city}"),
        "he",
        (40, 50, "ILS", "hour"),
        ("קבלן בניין", "חברת גמר"),
        ((),),
        experience=(2, 3),
    ),
    AdTemplate(
        "IL",
        "fruit_picker",
        ("עובד חקלאות", "עובדי חקלאות לעונה", "עובד/ת חקלאות – מושב בדרום"),
        "he",
        (32, 36, "ILS", "hour"),
        ("מושב", "קיבוץ", "משק חקלאי"),
        ((),),
        positions=(5, 30),
        seasonal=True,
    ),
    # Estonia
    AdTemplate(
        "EE",
        "welder",
        ("Keevitaja", "Keevitaja (MIG/MAG)", "Keevitaja – {city}"),
        "et",
        (9, 13, "EUR", "hour"),
        ("Laevaremont AS", "Metallitööd OÜ"),
        ((), (("ru", "B1"),)),
        certificates=(("welding", "135"),),
        experience=(1, 2),
    ),
    AdTemplate(
        "EE",
        "truck_driver",
        ("Autojuht C+E", "Autojuht C+E kategooria (rahvusvahelised veod)"),
        "et",
        (1900, 2600, "EUR", "month"),
        ("Baltic Trans OÜ", "Veod ja Logistika AS"),
        ((("ru", "B1"),),),
        ("CE",),
        True,
        experience=(1, 2),
    ),
    AdTemplate(
        "EE",
        "construction_worker",
        ("Ehitustööline", "Ehitustööline – {city}"),
        "et",
        (8, 11, "EUR", "hour"),
        ("Ehitus AS", "Tallinna Ehitus OÜ"),
        ((),),
        positions=(3, 12),
    ),
    # France
    AdTemplate(
        "FR",
        "welder",
        ("Soudeur (H/F)", "Soudeur TIG (H/F) – {city}", "Soudeur MIG/MAG (H/F)"),
        "fr",
        (13, 16, "EUR", "hour"),
        ("Chantiers de l'Atlantique sous-traitant", "Métallerie du Sud"),
        ((), (("fr", "A1"),)),
        certificates=(("welding", "135"),),
        experience=(2, 3),
    ),
    AdTemplate(
        "FR",
        "truck_driver",
        ("Chauffeur PL (H/F)", "Chauffeur poids lourd SPL (H/F) – {city}"),
        "fr",
        (2100, 2700, "EUR", "month"),
        ("Transports Martin", "Logistique Rhône SAS"),
        ((("fr", "A2"),),),
        ("CE",),
        True,
        experience=(1, 2),
    ),
    AdTemplate(
        "FR",
        "vineyard_worker",
        ("Ouvrier agricole saisonnier (H/F)", "Ouvrier viticole – vendanges {year} (H/F)"),
        "fr",
        (11.88, 12.5, "EUR", "hour"),
        ("Domaine de la Vallée", "Château Belair"),
        ((),),
        positions=(10, 40),
        seasonal=True,
    ),
    # Lithuania
    AdTemplate(
        "LT",
        "welder",
        ("Suvirintojas (MIG/MAG)", "Suvirintojas – {city}"),
        "lt",
        (7, 10, "EUR", "hour"),
        ("Klaipėdos laivų remontas", "Metalo konstrukcijos UAB"),
        ((), (("ru", "B1"),)),
        certificates=(("welding", "135"),),
        experience=(1, 2),
    ),
    AdTemplate(
        "LT",
        "truck_driver",
        ("Vairuotojas C+E (tarptautiniai reisai)", "Vairuotojas CE kategorijos"),
        "lt",
        (1800, 2500, "EUR", "month"),
        ("Trans-Baltic UAB", "Kauno krovinių pervežimai"),
        ((("ru", "B1"),),),
        ("CE",),
        True,
        experience=(1, 2),
    ),
)

_LICENSED = ("Work Bridge Sp. z o.o.", "Kartuli Kadrebi", "SESA", "Agro Praca", "EuroStaff GmbH")
_UNLICENSED = ("EuroJob Express", "Fast Visa Work", "Global Jobs 24")
_FEE_NOTE = {
    "pl": "Opłata rekrutacyjna {fee} zł płatna z góry.",
    "de": "Vermittlungsgebühr {fee} € im Voraus.",
    "he": "דמי תיווך {fee} ₪ מראש.",
    "et": "Vahendustasu {fee} € ette.",
    "fr": "Frais de dossier {fee} € à l'avance.",
    "lt": "Tarpininkavimo mokestis {fee} € iš anksto.",
}


# ----------------------------------------------------------------------------- the oracle
def qualifies(seeker: JobSeeker, vacancy: Vacancy) -> bool:
    """Whether ``seeker`` meets ``vacancy``'s hard requirements (see the module docstring).

    The start date is ``vacancy.season_start`` (the generator sets it on every vacancy).
    """
    start = vacancy.season_start
    if not seeker.consent.active:
        return False
    prefs = seeker.destination_preferences
    if prefs and vacancy.destination_country not in prefs:
        return False
    if start is not None and seeker.available_from is not None and seeker.available_from > start:
        return False
    in_group = [e for e in seeker.experience if e.isco_group == vacancy.isco_group]
    if not in_group or sum(e.years for e in in_group) < vacancy.min_experience_years:
        return False
    for need in vacancy.required_languages:
        level = seeker.language_level(need.language)
        if level is None or level < need.level:
            return False
    licence = seeker.driving_licence
    if vacancy.required_driving and (
        licence is None or not set(vacancy.required_driving) <= licence.categories
    ):
        return False
    if vacancy.requires_code95 and (licence is None or not licence.code95):
        return False
    return all(
        any(held.satisfies(need, on=start) for held in seeker.certificates)
        for need in vacancy.required_certificates
    )


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True, slots=True)
class _Requirement:
    """A vacancy's hard requirements as array indices, for vectorised qualification."""

    vacancy_id: str
    isco_group: str
    destination: int
    start: int  # ordinal of the start date
    min_years: float
    languages: tuple[tuple[int, int], ...]
    driving: int  # bit mask
    code95: bool
    certificates: tuple[int, ...]


@dataclass
class SeekerChunk:
    """A chunk of generated job seekers and who among them qualifies for each vacancy."""

    start: int
    job_seekers: list[JobSeeker]
    qualified: dict[str, list[str]]


@dataclass
class SyntheticPopulation:
    """Job seekers, demand lists and the known-qualified candidates of every vacancy.

    Attributes:
        job_seekers: The people, in generation order.
        demand_lists: One per destination.
        qualified: Vacancy external id -> external ids of the seekers who qualify.
        seed: The seed that generated them.
        reference_date: "Today" for the population (ages, consent dates, availability).
    """

    job_seekers: list[JobSeeker]
    demand_lists: list[DemandList]
    qualified: dict[str, set[str]]
    seed: int
    reference_date: date

    @property
    def vacancies(self) -> list[Vacancy]:
        return [v for d in self.demand_lists for v in d.vacancies]


# ----------------------------------------------------------------------------- generator
class PopulationGenerator:
    """Seeded generator of job seekers and demand lists with known-qualified candidates.

    Args:
        seed: Everything generated follows from it.
        reference_date: "Today" of the population: ages, consent dates and availability
            are relative to it (fixed, so that output does not change with the clock).
        vacancies_per_country: Vacancies in each destination's demand list.
        countries: Destinations to write demand lists for.
        coded: Give each experience its true ESCO URI and ISCO group (as a coder would);
            ``False`` leaves only the titles, for the normaliser to place.

    Example:
        >>> generator = PopulationGenerator(seed=1, vacancies_per_country=3).fit()
        >>> chunk = next(generator.iter_chunks(5))
        >>> [len(chunk.job_seekers), len(generator.demand_lists_)]
        [5, 6]
    """

    def __init__(
        self,
        seed: int = 0,
        *,
        reference_date: date = REFERENCE_DATE,
        vacancies_per_country: int = 8,
        countries: Sequence[str] = DESTINATIONS,
        coded: bool = True,
    ):
        self.seed = seed
        self.reference_date = reference_date
        self.vacancies_per_country = vacancies_per_country
        self.countries = countries
        self.coded = coded

    # ------------------------------------------------------------------ fitting
    def fit(self, taxonomy: Taxonomy | None = None) -> PopulationGenerator:
        """Resolve the trades' ESCO occupations and write the demand lists.

        Args:
            taxonomy: Where the ESCO URIs, ISCO groups and skills come from; the
                built-in catalogue by default.

        Returns:
            self
        """
        taxonomy = taxonomy if taxonomy is not None else load_builtin()
        by_label = {o.preferred_label: o for o in taxonomy.occupations.values()}
        missing = [t.esco_label for t in TRADES if t.esco_label not in by_label]
        if missing:
            raise ValueError(f"the taxonomy lacks these occupations: {', '.join(missing)}")
        self.trade_uris_ = [by_label[t.esco_label].uri for t in TRADES]
        self.trade_isco_ = [by_label[t.esco_label].isco_group for t in TRADES]
        self._isco_codes = sorted(set(self.trade_isco_))
        self._trade_isco_index = np.array(
            [self._isco_codes.index(g) for g in self.trade_isco_], dtype=np.int16
        )
        self.trade_skills_ = [taxonomy.essential_skills(uri)[:12] for uri in self.trade_uris_]
        unknown = [c for c in self.countries if c not in _DEST]
        if unknown:
            raise ValueError(
                f"no ad templates for {', '.join(unknown)} ({', '.join(DESTINATIONS)})"
            )
        self.demand_lists_ = self._make_demand_lists()
        self._requirements = [self._requirement(v) for d in self.demand_lists_ for v in d.vacancies]
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "demand_lists_"):
            raise RuntimeError("call fit() first")

    # ------------------------------------------------------------------ demand lists
    def _make_demand_lists(self) -> list[DemandList]:
        rng = random.Random(f"demand-{self.seed}")
        year = self.reference_date.year + 1
        lists = []
        for country in self.countries:
            templates = [t for t in AD_TEMPLATES if t.country == country]
            vacancies = [
                self._vacancy(templates[i % len(templates)], country, i, year, rng)
                for i in range(self.vacancies_per_country)
            ]
            lists.append(
                DemandList(
                    external_id=f"{country}-SYN{self.seed}-{year}",
                    destination_country=country,
                    source_file=f"{country.lower()}_demand_{year}.xlsx",
                    received=self.reference_date - timedelta(days=rng.randint(3, 40)),
                    vacancies=vacancies,
                )
            )
        return lists

    def _vacancy(
        self, t: AdTemplate, country: str, i: int, year: int, rng: random.Random
    ) -> Vacancy:
        trade = _TRADE_INDEX[t.trade]
        low, high, currency, period = t.wage
        step = 0.5 if period == "hour" else 50.0
        wage = round(rng.uniform(low, high) / step) * step
        city = rng.choice(_CITIES[country])
        title = rng.choice(t.titles)
        shown_wage = f"{wage:g}".replace(".", ",")
        title = title.format(city=city, wage=shown_wage, year=year)
        certificates = [Certificate(kind=k, code=c) for k, c in t.certificates]
        for index, cert in enumerate(certificates):  # the process the title names
            if cert.kind == "welding":
                for marker, process in _WELD_TITLE_PROCESS:
                    if marker in title:
                        certificates[index] = Certificate(kind="welding", code=process)
                        break
        for (kind, code), p in t.optional_certificates:
            if rng.random() < p:
                certificates.append(Certificate(kind=kind, code=code))
        if t.seasonal:
            start = date(year, rng.choice((4, 5, 6, 7, 8, 9)), rng.choice((1, 15)))
            end = start + timedelta(days=rng.choice((60, 75, 90, 120)))
            contract = round((end - start).days / 30.4, 1)
        else:
            start = self.reference_date + timedelta(days=rng.randint(45, 240))
            end = None
            contract = float(rng.choice((6, 9, 12, 12, 24)))
        licensed = rng.random() > 0.08
        agency = rng.choice(_LICENSED if licensed else _UNLICENSED)
        fee = rng.choice((1500, 2000, 500, 800)) if (not licensed or rng.random() < 0.05) else 0
        process = next((c.code for c in certificates if c.kind == "welding"), "")
        description = t.description.format(process=process)
        description = f"{description} {city}.".strip()
        if fee:
            description += " " + _FEE_NOTE[t.language].format(fee=fee)
        return Vacancy(
            external_id=f"{country}-{self.seed}-{i + 1:03d}",
            destination_country=country,
            employer=rng.choice(t.employers),
            agency=agency,
            agency_licensed=licensed,
            title=title,
            title_language=t.language,
            description=description,
            esco_uri=self.trade_uris_[trade],
            isco_group=self.trade_isco_[trade],
            required_skills=list(self.trade_skills_[trade][:3]),
            min_experience_years=rng.choice(t.experience),
            required_languages=[
                {"language": lang, "level": level} for lang, level in rng.choice(t.languages)
            ],
            required_driving=list(t.driving),
            requires_code95=t.code95,
            required_certificates=certificates,
            positions=rng.randint(*t.positions),
            wage_amount=wage,
            wage_currency=currency,
            wage_period=period,
            contract_months=contract,
            season_start=start,
            season_end=end,
            housing_provided=rng.random() < 0.8,
            worker_fee=float(fee) if fee else None,
            worker_fee_currency={"PLN": "PLN", "ILS": "ILS"}.get(currency, "EUR") if fee else None,
        )

    def _requirement(self, v: Vacancy) -> _Requirement:
        assert v.isco_group is not None and v.season_start is not None
        return _Requirement(
            vacancy_id=v.external_id,
            isco_group=v.isco_group,
            destination=_DEST[v.destination_country],
            start=v.season_start.toordinal(),
            min_years=v.min_experience_years,
            languages=tuple((_LANG[s.language], int(s.level)) for s in v.required_languages),
            driving=sum(1 << _DRIVE[c.value] for c in v.required_driving),
            code95=v.requires_code95,
            certificates=tuple(
                _CERT_INDEX[(c.kind.value, c.code)] for c in v.required_certificates
            ),
        )

    # ------------------------------------------------------------------ job seekers
    def _arrays(self, chunk: int) -> dict[str, np.ndarray]:
        """Every attribute that qualification depends on, for one whole chunk."""
        n = CHUNK_SIZE
        rng = np.random.default_rng([self.seed, chunk, 0x5EED])
        weights = np.array([t.weight for t in TRADES], dtype=float)
        trade = rng.choice(len(TRADES), size=n, p=weights / weights.sum())
        male_p = np.array([t.male_share for t in TRADES])[trade]
        male = rng.random(n) < male_p
        region = rng.choice(len(_REGIONS), size=n, p=_REGION_P)
        origin = np.empty(n, dtype=np.int8)
        for r, reg in enumerate(_REGIONS):
            where = np.flatnonzero(region == r)
            mix = _ORIGIN_BY_REGION[reg]
            p = np.array([mix.get(o, 0.0) for o in _ORIGINS])
            origin[where] = rng.choice(len(_ORIGINS), size=where.size, p=p / p.sum())
        age = (18 + rng.beta(2.0, 2.6, n) * 42.99).astype(np.int16)
        # Experience: the trade, years up to the working life; sometimes a second trade.
        working = np.maximum(age - 18, 0).astype(float)
        years1 = np.round(np.minimum(rng.gamma(2.0, 3.0, n), working + 0.5) * 2) / 2
        second = rng.random(n) < 0.3
        trade2 = rng.choice(len(TRADES), size=n, p=weights / weights.sum())
        trade2 = np.where(trade2 == trade, (trade2 + 1) % len(TRADES), trade2)
        years2 = np.round(np.minimum(rng.gamma(1.5, 1.5, n), working + 0.5) * 2) / 2
        exp_trade = np.stack([trade, np.where(second, trade2, -1)], axis=1).astype(np.int16)
        exp_years = np.stack([years1, np.where(second, years2, 0.0)], axis=1)
        # Destinations: none stated (any), or 1-3 of the trade's usual ones.
        dest_count = rng.choice(4, size=n, p=[0.15, 0.5, 0.25, 0.1])
        dest_mask = np.zeros(n, dtype=np.int16)
        pick = rng.random((n, 3))
        for t_index, t in enumerate(TRADES):
            where = np.flatnonzero(trade == t_index)
            options = np.array([_DEST[c] for c in t.destinations])
            p = 0.55 ** np.arange(len(options))
            cum = np.cumsum(p / p.sum())
            for k in range(3):
                chosen = options[np.searchsorted(cum, pick[where, k])]
                take = dest_count[where] > k
                dest_mask[where[take]] |= (1 << chosen[take]).astype(np.int16)
        # Languages (level 0 = none): native, Russian, English, destination languages.
        levels = np.zeros((n, len(LANGUAGES)), dtype=np.int8)
        azeri = origin == _ORIGINS.index("azerbaijani")
        armenian = origin == _ORIGINS.index("armenian")
        georgian = ~(azeri | armenian)
        levels[georgian, _LANG["ka"]] = 6
        levels[azeri, _LANG["az"]] = 6
        levels[armenian, _LANG["hy"]] = 6
        minority = ~georgian
        levels[minority, _LANG["ka"]] = np.where(
            rng.random(minority.sum()) < 0.7, rng.integers(1, 5, minority.sum()), 0
        )
        older = age >= 35
        ru_p = np.where(minority, 0.97, np.where(older, 0.9, 0.6))
        ru_level = np.where(
            older | minority,
            rng.choice([3, 4, 5, 6], n, p=[0.2, 0.35, 0.3, 0.15]),
            rng.choice([1, 2, 3, 4, 5], n, p=[0.15, 0.25, 0.3, 0.2, 0.1]),
        )
        levels[:, _LANG["ru"]] = np.where(rng.random(n) < ru_p, ru_level, 0)
        en_p = np.where(age < 30, 0.75, np.where(age < 45, 0.5, 0.25))
        en_level = rng.choice([1, 2, 3, 4, 5], n, p=[0.25, 0.3, 0.25, 0.15, 0.05])
        levels[:, _LANG["en"]] = np.where(rng.random(n) < en_p, en_level, 0)
        for country, code in _DEST_LANGUAGE.items():
            wants = (dest_mask & (1 << _DEST[country])) != 0
            p = np.where(wants, _DEST_LANGUAGE_P[country], _OTHER_LANGUAGE_P[country])
            level = rng.choice([1, 2, 3, 4], n, p=[0.5, 0.33, 0.13, 0.04])
            levels[:, _LANG[code]] = np.where(rng.random(n) < p, level, 0)
        # Driving licences: truck drivers hold C/CE, van drivers B (some C); others often B.
        is_truck = trade == _TRADE_INDEX["truck_driver"]
        is_van = (trade == _TRADE_INDEX["van_driver"]) | (
            trade == _TRADE_INDEX["forklift_operator"]
        )
        driving = np.where(rng.random(n) < np.where(male, 0.55, 0.3), 1 << _DRIVE["B"], 0)
        truck_cats = (1 << _DRIVE["B"]) | (1 << _DRIVE["C"]) | (1 << _DRIVE["CE"])
        truck = truck_cats | np.where(
            rng.random(n) < 0.4, (1 << _DRIVE["C1"]) | (1 << _DRIVE["C1E"]), 0
        )
        truck = np.where(rng.random(n) < 0.12, (1 << _DRIVE["B"]) | (1 << _DRIVE["C"]), truck)
        driving = np.where(is_truck, truck, driving)
        van = (1 << _DRIVE["B"]) | np.where(rng.random(n) < 0.2, 1 << _DRIVE["C"], 0)
        driving = np.where(is_van, van, driving).astype(np.int16)
        code95 = is_truck & (rng.random(n) < 0.55)
        # Certificates, with expiry: welding tests last about 2 years, ADR 5.
        held = np.zeros((n, len(CERTIFICATES)), dtype=bool)
        for t_index, t in enumerate(TRADES):
            where = trade == t_index
            for cert, p in t.certificates:
                held[:, cert] |= where & (rng.random(n) < p)
        ref = self.reference_date.toordinal()
        valid = np.zeros((n, len(CERTIFICATES)), dtype=np.int32)
        for cert in (W111, W135, W136, W141):
            valid[:, cert] = ref + rng.integers(-200, 900, n)
        valid[:, ADR] = ref + rng.integers(-100, 1800, n)
        valid = np.where(held, valid, 0)
        # Availability, consent, age.
        available = np.where(rng.random(n) < 0.1, 0, ref + rng.integers(0, 300, n))
        education = rng.choice([2, 3, 4, 5, 6], n, p=[0.1, 0.45, 0.25, 0.1, 0.1])
        consent_given = rng.random(n) < 0.93
        withdrawn = consent_given & (rng.random(n) < 0.03)
        return {
            "trade": trade.astype(np.int16),
            "male": male,
            "region": region.astype(np.int8),
            "origin": origin,
            "age": age,
            "exp_trade": exp_trade,
            "exp_isco": np.where(exp_trade >= 0, self._trade_isco_index[exp_trade], -1),
            "exp_years": exp_years,
            "dest_mask": dest_mask,
            "levels": levels,
            "driving": driving,
            "code95": code95,
            "held": held,
            "valid": valid,
            "available": available.astype(np.int64),
            "consent_given": consent_given,
            "consent_active": consent_given & ~withdrawn,
            "withdrawn": withdrawn,
            "education": education,
        }

    def _qualified(self, a: dict[str, np.ndarray], stop: int) -> dict[int, np.ndarray]:
        """Row indices (< stop) of the chunk qualifying for each requirement, vectorised."""
        base = a["consent_active"][:stop]
        dest = a["dest_mask"][:stop]
        available = a["available"][:stop]
        exp_isco = a["exp_isco"][:stop]
        exp_years = a["exp_years"][:stop]
        levels = a["levels"][:stop]
        driving = a["driving"][:stop]
        code95 = a["code95"][:stop]
        held = a["held"][:stop]
        valid = a["valid"][:stop]
        out: dict[int, np.ndarray] = {}
        for r, req in enumerate(self._requirements):
            group = (
                self._isco_codes.index(req.isco_group) if req.isco_group in self._isco_codes else -2
            )
            in_group = exp_isco == group
            years = (exp_years * in_group).sum(axis=1)
            mask = base & in_group.any(axis=1) & (years >= req.min_years)
            mask &= (dest == 0) | ((dest & (1 << req.destination)) != 0)
            mask &= (available == 0) | (available <= req.start)
            for lang, level in req.languages:
                mask &= levels[:, lang] >= level
            if req.driving:
                mask &= (driving & req.driving) == req.driving
            if req.code95:
                mask &= code95
            for cert in req.certificates:
                mask &= held[:, cert] & ((valid[:, cert] == 0) | (valid[:, cert] >= req.start))
            out[r] = np.flatnonzero(mask)
        return out

    def _records(self, chunk: int, a: dict[str, np.ndarray], stop: int) -> list[JobSeeker]:
        rng = random.Random(f"{self.seed}-{chunk}-people")
        ref = self.reference_date
        a = {key: value[:stop].tolist() for key, value in a.items()}  # numpy scalars are slow
        seekers: list[JobSeeker] = []
        for i in range(stop):
            index = chunk * CHUNK_SIZE + i
            region = _REGIONS[a["region"][i]]
            origin = _ORIGINS[a["origin"][i]]
            male = bool(a["male"][i])
            given, surname = _name(origin, male, region, rng)
            age = int(a["age"][i])
            birth = ref - timedelta(days=365 * age + rng.randint(1, 364) + age // 4)
            levels = a["levels"][i]
            languages = [
                {"language": LANGUAGES[k], "level": int(levels[k])}
                for k in range(len(LANGUAGES))
                if levels[k]
            ]
            experience = []
            for slot in range(2):
                t = int(a["exp_trade"][i][slot])
                if t < 0:
                    continue
                entry: dict[str, object] = {
                    "title": self._title(TRADES[t], origin, rng),
                    "years": float(a["exp_years"][i][slot]),
                    "country": "GE" if rng.random() < 0.8 else rng.choice(("PL", "RU", "TR", "GR")),
                }
                if self.coded:
                    entry["esco_uri"] = self.trade_uris_[t]
                    entry["isco_group"] = self.trade_isco_[t]
                experience.append(entry)
            driving = int(a["driving"][i])
            licence = None
            if driving:
                licence = {
                    "categories": [c for k, c in enumerate(DRIVING) if driving & (1 << k)],
                    "code95": bool(a["code95"][i]),
                    "valid_until": ref + timedelta(days=rng.randint(200, 3650)),
                }
            certificates = [
                {
                    "kind": CERTIFICATES[k][0],
                    "code": CERTIFICATES[k][1],
                    "valid_until": date.fromordinal(int(a["valid"][i][k]))
                    if a["valid"][i][k]
                    else None,
                }
                for k in range(len(CERTIFICATES))
                if a["held"][i][k]
            ]
            dest = int(a["dest_mask"][i])
            consent: dict[str, object] = {"given": bool(a["consent_given"][i])}
            if consent["given"]:
                consent["date"] = ref - timedelta(days=rng.randint(20, 500))
                if a["withdrawn"][i]:
                    consent["withdrawn"] = ref - timedelta(days=rng.randint(1, 19))
            skills = self.trade_skills_[int(a["trade"][i])]
            seekers.append(
                JobSeeker.model_validate(
                    {
                        "external_id": f"GE{self.seed}-{index:07d}",
                        "full_name": f"{given} {surname}",
                        "personal_number": _PN_PREFIX[region]
                        + f"{(index * 7919 + 104_729 + self.seed * 15_485_863) % 10**9:09d}",
                        "birth_date": birth,
                        "gender": "male" if male else "female",
                        "region": region.value,
                        "phone": f"+995 5{rng.randint(10, 99)} {rng.randint(10, 99)} "
                        f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                        "email": _email(given, surname, birth, rng)
                        if rng.random() < 0.35
                        else None,
                        "agency": rng.choice(AGENCIES) if rng.random() < 0.88 else None,
                        "experience": experience,
                        "skills": rng.sample(skills, k=min(len(skills), rng.randint(1, 3)))
                        if skills and rng.random() < 0.3
                        else [],
                        "education_isced": a["education"][i],
                        "languages": languages,
                        "driving_licence": licence,
                        "certificates": certificates,
                        "destination_preferences": [
                            c for k, c in enumerate(DESTINATIONS) if dest & (1 << k)
                        ],
                        "available_from": date.fromordinal(int(a["available"][i]))
                        if a["available"][i]
                        else None,
                        "migration_history": _migration(dest, rng, ref),
                        "consent": consent,
                    }
                )
            )
        return seekers

    @staticmethod
    def _title(trade: Trade, origin: str, rng: random.Random) -> str:
        roll = rng.random()
        russian_share = 0.5 if origin in ("azerbaijani", "armenian") else 0.25
        if roll < russian_share:
            pool = trade.ru
        elif roll < russian_share + 0.25:
            pool = trade.latin
        else:
            pool = trade.ka
        return _write_like_a_person(rng.choice(pool), rng)

    # ------------------------------------------------------------------ public
    def iter_chunks(self, n: int) -> Iterator[SeekerChunk]:
        """The first ``n`` job seekers, :data:`CHUNK_SIZE` at a time, with who qualifies."""
        self._check_fitted()
        for chunk in range((n + CHUNK_SIZE - 1) // CHUNK_SIZE):
            stop = min(CHUNK_SIZE, n - chunk * CHUNK_SIZE)
            arrays = self._arrays(chunk)
            seekers = self._records(chunk, arrays, stop)
            qualified = {
                self._requirements[r].vacancy_id: [seekers[i].external_id for i in rows]
                for r, rows in self._qualified(arrays, stop).items()
            }
            yield SeekerChunk(chunk * CHUNK_SIZE, seekers, qualified)

    def generate(self, n: int) -> SyntheticPopulation:
        """``n`` job seekers, the demand lists and the qualified sets, all in memory."""
        seekers: list[JobSeeker] = []
        qualified: dict[str, set[str]] = {r.vacancy_id: set() for r in self._requirements}
        for chunk in self.iter_chunks(n):
            seekers.extend(chunk.job_seekers)
            for vacancy_id, ids in chunk.qualified.items():
                qualified[vacancy_id].update(ids)
        return SyntheticPopulation(
            seekers, list(self.demand_lists_), qualified, self.seed, self.reference_date
        )


def _name(origin: str, male: bool, region: GeorgianRegion, rng: random.Random) -> tuple[str, str]:
    if origin == "azerbaijani":
        given = rng.choice(AZERBAIJANI_MALE if male else AZERBAIJANI_FEMALE)
        return given, rng.choice(AZERBAIJANI_SURNAMES) + ("ი" if male else "ა")
    if origin == "armenian":
        return rng.choice(ARMENIAN_MALE if male else ARMENIAN_FEMALE), rng.choice(ARMENIAN_SURNAMES)
    return rng.choice(GIVEN_MALE if male else GIVEN_FEMALE), rng.choice(SURNAMES[origin])


def _email(given: str, surname: str, birth: date, rng: random.Random) -> str:
    latin = [to_latin(part).replace("'", "") for part in (given, surname)]
    domain = rng.choice(("gmail.com", "gmail.com", "mail.ru", "yahoo.com", "posta.ge"))
    return f"{latin[0]}.{latin[1]}{birth.year % 100:02d}@{domain}"


_ABROAD = ("PL", "DE", "IL", "GR", "TR", "RU", "IT")


def _migration(dest: int, rng: random.Random, ref: date) -> list[dict[str, object]]:
    if rng.random() > 0.22:
        return []
    episodes = []
    for _ in range(rng.choice((1, 1, 2))):
        wanted = [c for k, c in enumerate(DESTINATIONS) if dest & (1 << k)]
        country = rng.choice(wanted) if wanted and rng.random() < 0.5 else rng.choice(_ABROAD)
        start = ref - timedelta(days=rng.randint(200, 3000))
        end = min(start + timedelta(days=rng.randint(60, 700)), ref - timedelta(days=30))
        scheme = {"DE": "seasonal", "IL": "bilateral", "PL": "work permit"}.get(country)
        episode: dict[str, object] = {"country": country, "start": start, "end": end}
        if scheme and rng.random() < 0.5:
            episode["scheme"] = scheme
        episodes.append(episode)
    return episodes


# ----------------------------------------------------------------------------- CLI entry
@dataclass(frozen=True, slots=True)
class SynthSummary:
    """What :func:`synth_command` wrote."""

    out: Path
    job_seekers: int
    vacancies: int
    demand_lists: int
    qualified_pairs: int
    seconds: float
    files: list[Path] = field(default_factory=list)


def synth_command(
    seekers: int,
    seed: int,
    out: Path,
    *,
    vacancies_per_country: int = 8,
    format: Literal["csv", "xlsx", "jsonl"] = "csv",
    taxonomy: Taxonomy | None = None,
) -> SynthSummary:
    """Write a synthetic population to ``out`` (``matching synth --seekers N --seed S --out DIR``).

    Files:
        ``job_seekers.csv`` (or ``.xlsx``, ``.jsonl``): the people. CSV and XLSX use the
            importer's cell formats and carry experience titles only, as registrations
            do; JSONL carries whole records with the true ESCO codes.
        ``demand_lists/<id>.csv``: each destination's vacancies as an agency sends them
            (no ESCO codes); import with ``demand_list_id=<id>``.
        ``demand_lists.json``: every demand list whole, with true ESCO codes.
        ``qualified.json``: vacancy id -> ids of the job seekers who qualify.
        ``occupations.csv``: the true ESCO occupation of every experience entry
            (``external_id, position, esco_uri, isco_group``), to score the normaliser.
        ``manifest.json``: seed, counts, reference date, generator version.

    Returns:
        A summary of what was written.
    """
    from matching.importing import write_job_seekers, write_vacancies

    began = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    generator = PopulationGenerator(seed, vacancies_per_country=vacancies_per_country).fit(taxonomy)
    qualified: dict[str, list[str]] = {r.vacancy_id: [] for r in generator._requirements}
    seekers_path = out / f"job_seekers.{format}"
    truth_path = out / "occupations.csv"

    with truth_path.open("w", encoding="utf-8", newline="") as truth:
        truth.write("external_id,position,esco_uri,isco_group\n")

        def people() -> Iterator[JobSeeker]:
            for chunk in generator.iter_chunks(seekers):
                for vacancy_id, ids in chunk.qualified.items():
                    qualified[vacancy_id].extend(ids)
                for seeker in chunk.job_seekers:
                    for position, e in enumerate(seeker.experience):
                        truth.write(
                            f"{seeker.external_id},{position},{e.esco_uri},{e.isco_group}\n"
                        )
                    if format != "jsonl":
                        seeker = seeker.model_copy(
                            update={
                                "experience": [
                                    e.model_copy(update={"esco_uri": None, "isco_group": None})
                                    for e in seeker.experience
                                ]
                            }
                        )
                    yield seeker

        written = write_job_seekers(seekers_path, people())

    files = [seekers_path, truth_path]
    list_dir = out / "demand_lists"
    for demand in generator.demand_lists_:
        path = list_dir / f"{demand.external_id}.csv"
        write_vacancies(path, demand.vacancies, occupations=False)
        files.append(path)
    all_lists = out / "demand_lists.json"
    all_lists.write_text(
        json.dumps(
            [d.model_dump(mode="json") for d in generator.demand_lists_],
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    qualified_path = out / "qualified.json"
    qualified_path.write_text(json.dumps(qualified, indent=1), encoding="utf-8")
    vacancies = sum(len(d.vacancies) for d in generator.demand_lists_)
    seconds = time.perf_counter() - began
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "job_seekers": written,
        "vacancies": vacancies,
        "demand_lists": [d.external_id for d in generator.demand_lists_],
        "reference_date": generator.reference_date.isoformat(),
        "qualified_pairs": sum(len(v) for v in qualified.values()),
        "seconds": round(seconds, 2),
    }
    manifest_path = out / "manifest.json"
    manifest_path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    files += [all_lists, qualified_path, manifest_path]
    return SynthSummary(
        out,
        written,
        vacancies,
        len(generator.demand_lists_),
        manifest["qualified_pairs"],
        seconds,
        files,
    )
