"""Synthetic demand: job ads from the destinations in their own languages."""

from __future__ import annotations

from dataclasses import dataclass


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
