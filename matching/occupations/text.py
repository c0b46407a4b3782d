"""Script and text normalisation for job titles.

- Georgian Mkhedruli <-> Latin: the national system of 2002 (``ts'``, ``ch'``, ``k'``),
  ISO 9984 (one Latin letter per Georgian letter, so it always round-trips), and the
  informal ways people type Georgian on phones (``shemdughebeli``, ``wemdugebeli``,
  ``4``/``w``/``x``), folded into one loose key for matching.
- Case, diacritics, punctuation and Cyrillic ``ё`` folding.
- The noise of real ads: gender markers (``(m/w/d)``, ``/in``, ``(k/m)``, ``(H/F)``),
  salaries, "praca od zaraz", destination countries and cities, location suffixes.
- Script detection (Georgian, Cyrillic, Hebrew, Latin).

Example:
    >>> to_latin("შემდუღებელი")
    'shemdughebeli'
    >>> to_mkhedruli(to_latin("წყალგაყვანილობა", scheme="iso9984"), scheme="iso9984")
    'წყალგაყვანილობა'
    >>> clean_title("Spawacz MIG/MAG (m/w/d) – Niemcy, od 25 zł/h")
    'Spawacz MIG/MAG'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

Scheme = Literal["national", "iso9984"]

# Georgian national transliteration system (2002).
_NATIONAL = {
    "ა": "a", "ბ": "b", "გ": "g", "დ": "d", "ე": "e", "ვ": "v", "ზ": "z", "თ": "t",
    "ი": "i", "კ": "k'", "ლ": "l", "მ": "m", "ნ": "n", "ო": "o", "პ": "p'", "ჟ": "zh",
    "რ": "r", "ს": "s", "ტ": "t'", "უ": "u", "ფ": "p", "ქ": "k", "ღ": "gh", "ყ": "q'",
    "შ": "sh", "ჩ": "ch", "ც": "ts", "ძ": "dz", "წ": "ts'", "ჭ": "ch'", "ხ": "kh",
    "ჯ": "j", "ჰ": "h",
}  # fmt: skip
# ISO 9984: one Latin letter (with diacritics) per Georgian letter.
_ISO9984 = {
    "ა": "a", "ბ": "b", "გ": "g", "დ": "d", "ე": "e", "ვ": "v", "ზ": "z", "თ": "t",
    "ი": "i", "კ": "ḳ", "ლ": "l", "მ": "m", "ნ": "n", "ო": "o", "პ": "ṗ", "ჟ": "ž",
    "რ": "r", "ს": "s", "ტ": "ṭ", "უ": "u", "ფ": "p", "ქ": "k", "ღ": "ġ", "ყ": "q",
    "შ": "š", "ჩ": "č", "ც": "c", "ძ": "j", "წ": "c̣", "ჭ": "č̣", "ხ": "x",
    "ჯ": "ǯ", "ჰ": "h",
}  # fmt: skip
_TABLES = {"national": _NATIONAL, "iso9984": _ISO9984}
_REVERSE = {
    name: sorted(((v, k) for k, v in table.items()), key=lambda kv: -len(kv[0]))
    for name, table in _TABLES.items()
}
_REVERSE_RE = {
    name: re.compile("|".join(re.escape(v) for v, _ in pairs)) for name, pairs in _REVERSE.items()
}
_REVERSE_MAP = {name: dict(pairs) for name, pairs in _REVERSE.items()}

_GEORGIAN = re.compile(r"[\u10D0-\u10FF\u1C90-\u1CBF\u2D00-\u2D2F]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_HEBREW = re.compile(r"[\u0590-\u05FF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


def to_latin(text: str, scheme: Scheme = "national") -> str:
    """Transliterate Georgian Mkhedruli (and Mtavruli capitals) to Latin; other text is kept."""
    table = _TABLES[scheme]
    out = []
    for ch in text:
        if "\u1c90" <= ch <= "\u1cbf":  # Mtavruli capitals map onto Mkhedruli
            ch = chr(ord(ch) - 0x1C90 + 0x10D0)
        out.append(table.get(ch, ch))
    return "".join(out)


def to_mkhedruli(text: str, scheme: Scheme = "national") -> str:
    """Transliterate Latin (in ``scheme``) back to Mkhedruli; lower-case input expected.

    ISO 9984 always round-trips. The national system is ambiguous where a letter's
    transliteration is followed by one that forms a digraph (``თ`` + ``ს`` reads as ``ც``);
    text free of such pairs round-trips.
    """
    mapping = _REVERSE_MAP[scheme]
    normalized = unicodedata.normalize("NFC", text) if scheme == "iso9984" else text
    return _REVERSE_RE[scheme].sub(lambda m: mapping[m.group(0)], normalized)


def script_of(text: str) -> str:
    """The script (ISO 15924: Geor, Cyrl, Hebr, Latn) most letters are in, or ``Zyyy``."""
    counts = {
        "Geor": len(_GEORGIAN.findall(text)),
        "Cyrl": len(_CYRILLIC.findall(text)),
        "Hebr": len(_HEBREW.findall(text)),
        "Latn": len(_LATIN.findall(text)),
    }
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else "Zyyy"


_PUNCT = re.compile(r"[^\w+#]+", re.UNICODE)
_SPACES = re.compile(r"\s+")
_FOLD_EXTRA = str.maketrans({"ł": "l", "Ł": "l", "ß": "ss", "ø": "o", "æ": "ae", "đ": "d"})


@lru_cache(maxsize=131_072)  # a pure function of the text: labels and cells repeat a lot
def fold(text: str) -> str:
    """Lower case, no diacritics (``ł`` → ``l``, ``ё`` → ``е``), punctuation to single spaces.

    Georgian and Hebrew letters are left as they are; Cyrillic keeps its letters but
    loses ``ё``/``й`` diacritics the same way as Latin.
    """
    text = text.translate(_FOLD_EXTRA).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = unicodedata.normalize("NFC", stripped)
    return _SPACES.sub(" ", _PUNCT.sub(" ", stripped)).strip()


# The first member of a Georgian hyphenated compound title drops its nominative -ი:
# "მკერავ-მჭრელი" (tailor-cutter), "მძღოლ-ექსპედიტორი" (driver-forwarder).
_GEORGIAN_COMPOUND = re.compile(r"([\u10D0-\u10FA]+)-(?=[\u10D0-\u10FA])")
_GEORGIAN_VOWELS = frozenset("აეიოუ")


def restore_georgian_compound(text: str) -> str:
    """Give the first members of hyphenated Georgian compounds back their nominative
    ending, so each member can match the title it names on its own.

    Example:
        >>> restore_georgian_compound("მკერავ-მჭრელი")
        'მკერავი-მჭრელი'
        >>> restore_georgian_compound("შემდუღებელი-მონტაჟისტი")
        'შემდუღებელი-მონტაჟისტი'
    """

    def nominative(match: re.Match[str]) -> str:
        word = match.group(1)
        return (word if word[-1] in _GEORGIAN_VOWELS else word + "ი") + "-"

    return _GEORGIAN_COMPOUND.sub(nominative, text)


# Informal Latin typing of Georgian, folded to one skeleton. Order matters: longest first.
_LOOSE_STEPS = (
    ("tch", "c"), ("ch", "c"), ("4", "c"), ("ts", "c"), ("tz", "c"),
    ("sh", "s"), ("w", "s"), ("zh", "z"), ("dz", "z"),
    ("gh", "g"), ("kh", "x"), ("q", "k"), ("th", "t"), ("ph", "p"), ("y", "i"),
)  # fmt: skip
_DOUBLE = re.compile(r"([a-z])\1+")
_APOSTROPHES = re.compile(r"['`’ʼ]")


@lru_cache(maxsize=131_072)  # pure; a title's key is asked for by several readers
def loose_latin_key(text: str) -> str:
    """A matching key that collapses the usual spelling variants of Latin-typed Georgian.

    Example:
        >>> loose_latin_key("shemdughebeli") == loose_latin_key("wemdugebeli")
        True
        >>> loose_latin_key("პლიტკის ოსტატი") == loose_latin_key("plitkis ostati")
        True
    """
    # The apostrophes of the national system's ejectives (კ k', ტ t', წ ts') go before
    # folding, which would make each one a word break: "p'lit'k'is" must meet "plitkis".
    key = fold(_APOSTROPHES.sub("", to_latin(text)))
    for old, new in _LOOSE_STEPS:
        key = key.replace(old, new)
    return _DOUBLE.sub(r"\1", key)


# --- the noise of real ads ------------------------------------------------------------

_GENDER_MARKERS = re.compile(
    r"""
    [(\[]\s*(?:[mwfdkhxvzž]|div|all\s+genders?)(?:\s*[/|,.\\-]\s*(?:[mwfdkhxvzž]|div))+\s*[)\]]
    | \b(?:[mwfkh])\s*/\s*(?:[mwfkhd])(?:\s*/\s*[mwfkhd])?\b
    | \((?:kobieta|mężczyzna|k|m)[^)]*\)
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Feminine suffixes written after a slash or colon: Schweißer/in, Schweißer:in, Schweißer*in,
# spawacz/ka, kelner/ka, מטפל/ת
_GENDER_SUFFIX = re.compile(r"(?<=\w)\s*[/:*(]\s*-?(?:in|innen|ka|ki|a|ca|ice|e|ת|ית)\)?(?=\W|$)")
_AMOUNT = r"\d[\d\s.,]*(?:-\s*\d[\d\s.,]*)?"  # "25", "3 000", "4000-5000"
_CURRENCY = r"""(?:złotych|zł|pln|euro|eur|€|\$|usd|gel|₾|ils|₪|nis|chf|gbp|£|czk|kč|ron|lei|
    ლარამდე|ლარიდან|ლარი|ლ|ევრო|დოლარი|лари|евро|долл\w*|злот\w*|шекел\w*|руб\w*)(?!\w)"""
_MONEY = re.compile(
    r"""(?:\b(?:od|do|from|ab|bis|up\s+to|to|až)\s+)?"""
    + _AMOUNT
    + r"\s*"
    + _CURRENCY
    + r"""(?:\s*(?:brutto|netto|gross|net))?
        (?:\s*(?:/|za|per|pro|na)\s*(?:h|godz\w*|hour|std|stunde|month|mies\w*|monat|mc|msc|tydz\w*))?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_ADS_PHRASES = re.compile(
    r"""\b(?:praca\s+od\s+zaraz|od\s+zaraz|praca\s+za\s+granic\w+|praca\s+sezonowa|
        pilnie|zatrudni\w*|poszukujemy|poszukiwan[ya]|szukamy|oferta\s+pracy|praca|
        ab\s+sofort|gesucht|stellenangebot|vollzeit|teilzeit|
        urgent(?:ly)?|wanted|needed|hiring|job\s+offer|full[-\s]time|part[-\s]time|
        cdi|cdd|temps\s+plein|
        срочно|требуется|требуются|вакансия|ищем|нужен|нужна|нужны|приглашаем|набираем|
        на\s+работу|для\s+граждан\s+грузии|
        wir\s+suchen|we\s+are\s+looking\s+for|looking\s+for|we\s+are\s+hiring|
        ვაკანსია|სასწრაფოდ|საჭიროა|ვეძებთ|ესაჭიროება|გვესაჭიროება|გვჭირდება|ვიწვევთ|სამუშაო|
        სამუშაოდ|
        bez\s+doświadczenia|z\s+doświadczeniem|ohne\s+erfahrung|no\s+experience(?:\s+needed)?|
        без\s+опыта(?:\s+работы)?|с\s+опытом(?:\s+работы)?|
        опыт(?:ом)?\s+(?:работы\s+)?(?:от\s+)?\d+\s*(?:лет|года?|мес\w*)|
        გამოცდილების\s+გარეშე|(?:\d+\s+წლიანი\s+)?გამოცდილებით)(?!\w)""",
    re.IGNORECASE | re.VERBOSE,
)
# A pay word followed by an amount: "ხელფასი 3000", "зарплата от 2000", "wynagrodzenie: 5000".
_SALARY = re.compile(
    r"""\b(?:ხელფასი|ხელფასით|ანაზღაურება|ანაზღაურებით|зарплата|з/п|зп|оплата|
        wynagrodzenie|stawka|gehalt|lohn|salary|pay)\s*[:\-]?\s*
        (?:(?:от|до|od|do|from|ab|bis|to|up\s+to)\s*)?"""
    + f"{_AMOUNT}\\s*(?:{_CURRENCY})?",
    re.IGNORECASE | re.VERBOSE,
)
# Destinations and their big cities, in the languages ads use; dropped as location noise.
_PLACES = re.compile(
    r"""(?:\b(?:в|во|на|из|w|we|na|do|in|nach|en|au|à|to)\s+)?
    \b(?:polska|poland|polen|pologne|niemcy|germany|deutschland|allemagne|
        izrael|israel|francja|france|frankreich|estonia|estland|eesti|
        litwa|lithuania|litauen|lietuva|
        # inflected: Polish locatives, Russian cases, Georgian cases (-ში in, -ის of, -იდან from)
        polsce|niemczech|niemiec|izraelu|francji|estonii|litwie|czechach|holandii|norwegii|szwecji|
        belgii|austrii|za\s+granicą|za\s+granice|
        польш(?:а|е|у|и|ей)|германи(?:я|и|ю|ей)|израил(?:ь|е|я|ем)|франци(?:я|и|ю|ей)|
        эстони(?:я|и|ю|ей)|литв(?:а|е|у|ы|ой)|латви(?:я|и|ю)|чехи(?:я|и|ю)|за\s+границ(?:ей|у)|
        პოლონეთ(?:ი|ში|ის|იდან|ისთვის)|გერმანი(?:ა|აში|ის|იდან|ისთვის)|
        ისრაელ(?:ი|ში|ის|იდან|ისთვის)|საფრანგეთ(?:ი|ში|ის|იდან|ისთვის)|
        ესტონეთ(?:ი|ში|ის|იდან)|ლიტვ(?:ა|აში|ის|იდან)|ლატვი(?:ა|აში|ის|იდან)|
        ჩეხეთ(?:ი|ში|ის|იდან)|საზღვარგარეთ(?:ი|ში|ის)?|
        holandia|netherlands|niederlande|nederland|czechy|czechia|tschechien|
        belgia|belgium|austria|österreich|norwegia|norway|szwecja|sweden|ue|eu|unia\s+europejska|
        warszawa|warsaw|kraków|krakow|wrocław|wroclaw|poznań|poznan|gdańsk|gdansk|gdynia|łódź|lodz|
        katowice|szczecin|lublin|bydgoszcz|białystok|rzeszów|olsztyn|opole|kielce|toruń|
        berlin|hamburg|münchen|munich|köln|frankfurt|stuttgart|düsseldorf|leipzig|dresden|
        tallinn|tartu|vilnius|kaunas|klaipėda|paris|lyon|marseille|bordeaux|
        tel\s+aviv|jerusalem|haifa|cała\s+polska|remote|zdalnie|hybrydowo|
        тбилиси|თბილის(?:ი|ში)|ბათუმ(?:ი|ში)|ქუთაის(?:ი|ში))(?!\w)""",
    re.IGNORECASE | re.VERBOSE,
)
_TRAILING_LOCATION = re.compile(r"\s+[-–—|/]\s+[^-–—|/]*$")
_BRACKETS = re.compile(r"[(\[][^)\]]*[)\]]")
# Reference numbers ads put before the title: "128 - brukarz", "Nr 12/2024: Spawacz".
_LEADING_CODE = re.compile(r"^\s*(?:nr\.?\s*|ref\.?\s*|#)?[\d/.\-]+\s*[-–—:|.)]\s*", re.IGNORECASE)
_TRIM = re.compile(r"^[\s,.;:!–—|/-]+|[\s,.;:!–—|/-]+$")


def _only_noise(fragment: str) -> bool:
    rest = _MONEY.sub(" ", _SALARY.sub(" ", _GENDER_MARKERS.sub(" ", fragment)))
    rest = _PLACES.sub(" ", rest)
    rest = _ADS_PHRASES.sub(" ", rest)
    return not re.search(r"\w{2,}", rest)


_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:])")


@lru_cache(maxsize=65_536)  # pure; five readers clean each distinct title (ten regexes each)
def clean_title(title: str) -> str:
    """Strip what real ads add around a job title; keep the title's own words.

    Gender markers, salaries, urgency phrases, destination countries and cities, and a
    trailing ``- <place>`` are dropped. Brackets are kept when they hold words that are
    not noise (``Monter (instalacje sanitarne)``). Requirements written into a title
    (welding process numbers, licence categories) are read by :func:`extract_requirements`.
    """
    text = unicodedata.normalize("NFC", title).strip()
    text = _LEADING_CODE.sub("", text)
    text = _GENDER_MARKERS.sub(" ", text)
    text = _GENDER_SUFFIX.sub("", text)
    text = _BRACKETS.sub(lambda m: " " if _only_noise(m.group(0)) else m.group(0), text)
    text = _SALARY.sub(" ", text)
    text = _MONEY.sub(" ", text)
    # A trailing "- Niemcy" / "| Warszawa" segment made only of noise.
    match = _TRAILING_LOCATION.search(text)
    if match and _only_noise(match.group(0)):
        text = text[: match.start()]
    text = _PLACES.sub(" ", text)
    text = _ADS_PHRASES.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = _TRIM.sub("", text)
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    # Never clean a title away entirely: an ad called "Praca - Polska" is still what it is.
    return text or title.strip()


_WELDING_PROCESS = re.compile(r"(?<!\d)(111|114|121|131|135|136|138|141|311)(?!\d)")
_LICENCE = re.compile(r"(?<![\w+])(C\s*\+\s*E|CE|C1E|C1|D1|D|C|B)(?![\w+])")


def extract_requirements(title: str) -> dict[str, list[str]]:
    """Requirements that ads put into the title: ISO 4063 welding processes, licence categories.

    Example:
        >>> extract_requirements("Spawacz MAG 135/136")
        {'welding_processes': ['135', '136'], 'driving': []}
        >>> extract_requirements("Kierowca kat. C+E")
        {'welding_processes': [], 'driving': ['CE']}
    """
    processes = sorted(set(_WELDING_PROCESS.findall(title)))
    if re.search(r"\bMIG\b", title, re.IGNORECASE) and "131" not in processes:
        processes.append("131")
    if re.search(r"\bMAG\b", title, re.IGNORECASE) and "135" not in processes:
        processes.append("135")
    if re.search(r"\bTIG\b", title, re.IGNORECASE) and "141" not in processes:
        processes.append("141")
    driving: list[str] = []
    if re.search(r"kierowc|fahrer|driver|chauffeur|водител|მძღოლ|autojuht|vairuotoj", title, re.I):
        driving = sorted({re.sub(r"[\s+]", "", m).upper() for m in _LICENCE.findall(title)})
    return {"welding_processes": sorted(processes), "driving": driving}
