"""Column headers in English, Georgian, Polish, German, Russian and French, read as fields."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matching.errors import MappingError
from matching.occupations.text import fold
from matching.records import (
    JobSeeker,
    Vacancy,
)


# ----------------------------------------------------------------------------- headers
def header_key(text: object) -> str:
    """A header as compared: case, diacritics, punctuation and spacing folded away."""
    return fold(str(text).replace("\ufeff", ""))


JOB_SEEKER_HEADERS: dict[str, tuple[str, ...]] = {
    "external_id": (
        "external_id", "id", "external id", "seeker id", "job seeker id", "registration number",
        "registration no", "reg no", "number", "no", "#", "სარეგისტრაციო ნომერი",
        "რეგისტრაციის ნომერი", "იდენტიფიკატორი", "№", "nr", "numer", "lp", "номер",
    ),
    "full_name": (
        "full_name", "full name", "name", "name and surname", "სახელი და გვარი",
        "სახელი გვარი", "სრული სახელი", "imię i nazwisko", "nazwisko i imię", "fio", "фио",
        "имя и фамилия", "vor und nachname", "nom complet",
    ),
    "given_name": (
        "given_name", "given name", "first name", "firstname", "სახელი", "imię", "imie",
        "vorname", "имя", "prénom",
    ),
    "surname": (
        "surname", "last name", "lastname", "family name", "გვარი", "nazwisko", "nachname",
        "familienname", "фамилия", "nom de famille",
    ),
    "personal_number": (
        "personal_number", "personal number", "personal no", "personal id", "id number",
        "national id", "pid", "პირადი ნომერი", "პირ ნომერი", "პ ნ", "პნ", "personal code",
        "личный номер", "numer osobisty", "პირადი №", "პირადობის ნომერი", "პირადი ნომ",
        "personal id number", "личный номер паспорта",
    ),
    "birth_date": (
        "birth_date", "birth date", "date of birth", "dob", "born", "დაბადების თარიღი",
        "დაბ თარიღი", "data urodzenia", "geburtsdatum", "дата рождения", "date de naissance",
    ),
    "gender": ("gender", "sex", "სქესი", "płeć", "plec", "geschlecht", "пол", "sexe"),
    "region": (
        "region", "რეგიონი", "მხარე", "region of residence", "регион", "województwo", "mkhare",
    ),
    "municipality": (
        "municipality", "მუნიციპალიტეტი", "ქალაქი", "city", "town", "муниципалитет", "город",
        "gmina", "gemeinde", "municipaliteti", "raion", "район",
    ),
    "phone": (
        "phone", "telephone", "mobile", "phone number", "tel", "ტელეფონი", "ტელ",
        "ტელეფონის ნომერი", "მობილური", "telefon", "nr telefonu", "телефон", "téléphone",
        "მობილურის ნომერი", "საკონტაქტო ტელეფონი", "კონტაქტი",
    ),
    "email": ("email", "e mail", "mail", "ელ ფოსტა", "ელფოსტა", "эл почта", "adres e mail"),
    "agency": (
        "agency", "სააგენტო", "ორგანიზაცია", "agencja", "agentur", "агентство", "agence",
    ),
    "experience": (
        "experience", "work experience", "გამოცდილება", "სამუშაო გამოცდილება", "doświadczenie",
        "berufserfahrung", "опыт работы", "опыт", "expérience",
    ),
    "occupation": (
        "occupation", "profession", "job title", "trade", "პროფესია", "სპეციალობა",
        "თანამდებობა", "zawód", "zawod", "beruf", "профессия", "специальность", "métier",
        "პროფესია სპეციალობა", "სასურველი პროფესია", "სასურველი სამუშაო",
    ),
    "experience_years": (
        "years of experience", "experience years", "years", "სტაჟი", "გამოცდილება წელი",
        "წლები", "staż pracy", "staż", "lata doświadczenia", "berufsjahre", "стаж",
        "სამუშაო სტაჟი", "გამოცდილება წლებში", "стаж работы",
        "années d expérience",
    ),
    "skills": ("skills", "უნარები", "umiejętności", "fähigkeiten", "навыки", "compétences"),
    "education_isced": (
        "education_isced", "isced", "education level", "განათლება", "განათლების დონე",
        "wykształcenie", "bildung", "образование",
    ),
    "languages": (
        "languages", "language skills", "ენები", "ენის ცოდნა", "ენების ცოდნა", "języki",
        "znajomość języków", "sprachen", "sprachkenntnisse", "языки", "знание языков", "langues",
        # as clerks head the column
        "ენის ცოდნის დონე", "ენების ცოდნის დონე", "უცხო ენები", "უცხო ენის ცოდნა",
        "უცხოური ენები", "ენა და დონე", "ენის დონე", "language level", "languages and levels",
        "language skills and level", "foreign languages", "уровень владения языком",
        "иностранные языки", "знание языка", "poziom języka",
    ),
    "driving_licence": (
        "driving_licence", "driving licence", "driving license", "licence", "license",
        "licence categories", "driving categories", "მართვის მოწმობა", "მართვის მოწმობის კატეგორია",
        "კატეგორია", "prawo jazdy", "kategoria prawa jazdy", "führerschein", "führerscheinklasse",
        "водительские права", "категория прав", "permis de conduire",
        # as clerks head the column
        "მართვის მოწმობის კატეგორიები", "მართვის მოწმობა კატეგორია", "მართვის მოწმობის ტიპი",
        "მართვის უფლება", "driving licence categories", "driving license categories",
        "licence category", "license category", "категории водительских прав",
        "категория водительского удостоверения", "kategorie prawa jazdy",
    ),
    "code95": (
        "code95", "code 95", "კოდი 95", "kod 95", "kod95", "świadectwo kwalifikacji",
        "код 95", "code 95 cpc", "cpc",
    ),
    "driving_licence_valid_until": ("driving licence valid until", "licence valid until"),
    "certificates": (
        "certificates", "certifications", "სერტიფიკატები", "სერტიფიკატი", "certyfikaty",
        "uprawnienia", "zertifikate", "nachweise", "сертификаты", "удостоверения", "certificats",
    ),
    "destination_preferences": (
        "destination_preferences", "destinations", "destination", "preferred countries",
        "preferred country", "სასურველი ქვეყანა", "სასურველი ქვეყნები", "ქვეყანა",
        "kraj docelowy", "zielland", "страна назначения", "желаемая страна", "pays souhaité",
    ),
    "available_from": (
        "available_from", "available from", "availability", "start date", "ready from",
        "დაწყების თარიღი", "ხელმისაწვდომია", "dostępny od", "verfügbar ab", "доступен с",
        "disponible à partir du",
    ),
    "available_until": (
        "available_until", "available until", "available to", "dostępny do", "verfügbar bis",
        "доступен до", "disponible jusqu'au",
    ),
    "returned_on": ("returned_on", "returned on", "return date", "დაბრუნების თარიღი"),
    "consent": ("consent", "თანხმობა", "zgoda", "einwilligung", "согласие", "consentement"),
    "consent_date": (
        "consent_date", "consent date", "თანხმობის თარიღი", "data zgody", "дата согласия",
    ),
    "consent_withdrawn": (
        "consent_withdrawn", "consent withdrawn", "თანხმობის გაუქმება", "cofnięcie zgody",
    ),
    "migration_history": (
        "migration_history", "migration history", "previous work abroad", "work abroad",
        "მიგრაციის ისტორია", "საზღვარგარეთ მუშაობა", "praca za granicą",
    ),
}  # fmt: skip

VACANCY_HEADERS: dict[str, tuple[str, ...]] = {
    "external_id": (
        "external_id", "id", "vacancy id", "offer id", "job id", "reference", "ref",
        "numer oferty", "nr oferty", "nr", "lp", "stellen id", "referenznummer", "kennziffer",
        "référence", "ვაკანსიის ნომერი", "№", "номер",
    ),
    "destination_country": (
        "destination_country", "country", "destination", "kraj", "państwo", "land", "pays",
        "ქვეყანა", "страна", "riik", "šalis", "מדינה",
    ),
    "employer": (
        "employer", "company", "pracodawca", "nazwa pracodawcy", "firma", "arbeitgeber",
        "unternehmen", "employeur", "entreprise", "დამსაქმებელი", "работодатель", "tööandja",
        "darbdavys", "מעסיק",
    ),
    "agency": (
        "agency", "recruitment agency", "agencja", "agencja pracy", "agentur",
        "personalvermittlung", "agence", "სააგენტო", "агентство",
    ),
    "agency_licensed": (
        "agency_licensed", "agency licensed", "licensed", "licensed agency", "licencja",
        "wpis do kraz", "kraz", "lizenz", "licencié",
    ),
    "title": (
        "title", "job title", "position", "occupation", "job", "stanowisko", "nazwa stanowiska",
        "zawód", "zawod", "beruf", "stellenbezeichnung", "berufsbezeichnung", "stelle",
        "intitulé du poste", "poste", "métier", "ametinimetus", "amet", "pareigos",
        "თანამდებობა", "პროფესია", "ვაკანსია", "должность", "профессия", "вакансия", "תפקיד",
        "משרה",
    ),
    "title_language": ("title_language", "title language", "language of title"),
    "description": (
        "description", "job description", "details", "opis", "opis stanowiska", "wymagania",
        "zakres obowiązków", "obowiązki", "beschreibung", "anforderungen", "aufgaben",
        "description du poste", "exigences", "აღწერა", "მოთხოვნები", "описание", "требования",
        "kirjeldus", "aprašymas", "תיאור", "דרישות",
        # requirements text: read into empty requirement fields on import
        "requirements", "job requirements", "wymagania wobec kandydata", "anforderungsprofil",
        "требования к кандидату", "მოთხოვნები კანდიდატისადმი",
    ),
    "esco_uri": ("esco_uri", "esco uri", "esco", "esco occupation"),
    "isco_group": ("isco_group", "isco", "isco group", "isco 08", "kod zawodu"),
    "normalizer_score": ("normalizer_score", "normalizer score"),
    "required_skills": ("required_skills", "required skills", "skills", "umiejętności"),
    "optional_skills": ("optional_skills", "optional skills", "nice to have"),
    "min_experience_years": (
        "min_experience_years", "min experience years", "minimum experience",
        "experience years", "experience", "doświadczenie", "wymagane doświadczenie",
        "berufserfahrung", "expérience", "გამოცდილება", "опыт", "опыт работы",
    ),
    "required_languages": (
        "required_languages", "required languages", "languages", "language", "język",
        "języki", "znajomość języka", "sprache", "sprachkenntnisse", "langue", "langues",
        "ენა", "ენები", "язык", "языки", "keel", "kalba", "שפה",
    ),
    "required_driving": (
        "required_driving", "required driving", "driving licence", "driving license",
        "licence", "prawo jazdy", "kategoria prawa jazdy", "führerschein", "führerscheinklasse",
        "permis", "permis de conduire", "მართვის მოწმობა", "водительские права",
        "juhiload", "vairuotojo pažymėjimas", "רישיון נהיגה",
    ),
    "requires_code95": (
        "requires_code95", "requires code95", "code95", "code 95", "kod 95", "kod95",
        "świadectwo kwalifikacji", "fahrerqualifizierung", "fimo", "кодекс 95",
    ),
    "required_certificates": (
        "required_certificates", "required certificates", "certificates", "certyfikaty",
        "uprawnienia", "wymagane uprawnienia", "zertifikate", "nachweise", "certificats",
        "სერტიფიკატები", "сертификаты",
    ),
    "positions": (
        "positions", "number of positions", "vacancies", "openings", "headcount",
        "liczba miejsc", "liczba osób", "ilość osób", "ilość miejsc", "liczba etatów", "anzahl",
        "anzahl stellen", "anzahl der stellen", "nombre de postes", "postes", "kohtade arv",
        "vietų skaičius", "ადგილების რაოდენობა", "რაოდენობა", "количество мест", "количество",
        "מספר משרות",
    ),
    "wage": (
        "wage", "salary", "pay", "wynagrodzenie", "stawka", "płaca", "lohn", "gehalt",
        "vergütung", "stundenlohn", "salaire", "rémunération", "palk", "atlyginimas",
        "ხელფასი", "ანაზღაურება", "зарплата", "заработная плата", "שכר",
    ),
    "wage_amount": ("wage_amount", "wage amount", "salary amount", "kwota"),
    "wage_currency": ("wage_currency", "wage currency", "currency", "waluta", "währung", "devise"),
    "wage_period": ("wage_period", "wage period", "pay period", "okres", "zeitraum"),
    "contract_months": (
        "contract_months", "contract months", "contract length", "duration", "okres umowy",
        "czas trwania umowy", "vertragsdauer", "durée du contrat", "months", "miesiące",
    ),
    "season": ("season", "sezon", "saison", "სეზონი", "сезон", "hooaeg", "sezonas", "עונה"),
    "season_start": (
        "season_start", "season start", "start", "start date", "data rozpoczęcia",
        "początek", "od", "beginn", "arbeitsbeginn", "date de début", "დაწყება",
    ),
    "season_end": (
        "season_end", "season end", "end", "end date", "data zakończenia", "koniec", "do",
        "ende", "date de fin", "დასრულება",
    ),
    "housing_provided": (
        "housing_provided", "housing provided", "housing", "accommodation", "zakwaterowanie",
        "mieszkanie", "unterkunft", "logement", "hébergement", "საცხოვრებელი", "жильё", "жилье",
        "majutus", "apgyvendinimas", "מגורים",
    ),
    "worker_fee": (
        "worker_fee", "worker fee", "fee", "recruitment fee", "fee charged to worker",
        "opłata", "opłata rekrutacyjna", "gebühr", "vermittlungsgebühr", "frais",
        "frais de recrutement", "საფასური", "плата", "комиссия",
    ),
    "worker_fee_currency": ("worker_fee_currency", "worker fee currency", "fee currency"),
    "travel_paid_by": (
        "travel_paid_by", "travel paid by", "travel", "who pays travel", "przejazd",
        "podróż opłaca", "reisekosten", "voyage", "მგზავრობა",
    ),
    "housing_paid_by": (
        "housing_paid_by", "housing paid by", "who pays housing", "koszt zakwaterowania",
        "unterkunftskosten", "frais de logement",
    ),
    "min_age": ("min_age", "min age", "minimum age", "wiek od", "mindestalter", "âge minimum"),
    "max_age": ("max_age", "max age", "maximum age", "wiek do", "höchstalter", "âge maximum"),
    "reintegration": ("reintegration", "reintegration programme", "რეინტეგრაცია"),
}  # fmt: skip

# Fields a mapping may name beyond the record's own (combined into record fields).
_JOB_SEEKER_EXTRA = {
    "given_name",
    "surname",
    "occupation",
    "experience_years",
    "code95",
    "driving_licence_valid_until",
    "consent_date",
    "consent_withdrawn",
}
_VACANCY_EXTRA = {"wage", "season"}


_JOB_SEEKER_FIELDS = frozenset(JobSeeker.model_fields)
_VACANCY_FIELDS = frozenset(Vacancy.model_fields)


def _alias_index(headers: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for name, aliases in headers.items():
        for alias in (name, *aliases):
            index.setdefault(header_key(alias), name)
    return index


_JOB_SEEKER_ALIASES = _alias_index(JOB_SEEKER_HEADERS)
_VACANCY_ALIASES = _alias_index(VACANCY_HEADERS)


def resolve_columns(
    headers: Sequence[str],
    aliases: Mapping[str, str],
    known_fields: set[str],
    mapping: Mapping[str, str | None] | None = None,
) -> tuple[dict[int, str], list[str]]:
    """Map column positions to field names.

    Args:
        headers: The file's header cells.
        aliases: Folded header -> field.
        known_fields: Every field a column may feed.
        mapping: Explicit source header -> field (``None`` ignores the column); compared
            on folded headers, and tried before the aliases.

    Returns:
        ``({column index: field}, ignored headers)``. A field fed by two columns keeps
        the first, except ``description``, which joins them.

    Raises:
        MappingError: ``mapping`` names an unknown field.
    """
    explicit: dict[str, str | None] = {}
    for source, target in (mapping or {}).items():
        if target is not None and target not in known_fields:
            raise MappingError(
                f"mapping {source!r} -> {target!r}: no such field "
                f"(fields: {', '.join(sorted(known_fields))})"
            )
        explicit[header_key(source)] = target
    columns: dict[int, str] = {}
    ignored: list[str] = []
    taken: set[str] = set()
    for i, header in enumerate(headers):
        key = header_key(header)
        if not key:
            continue
        target = explicit[key] if key in explicit else aliases.get(key)
        if target is None or (target in taken and target != "description"):
            ignored.append(str(header))
            continue
        columns[i] = target
        taken.add(target)
    return columns, ignored
