"""The trades of the synthetic population: titles people type, certificates, licences, languages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
