"""Vocabulary and regular expressions for reading requirements, in pl, de, en, ru, ka and he.

All patterns run case-insensitively on the original text, except the category and CEFR
tokens, which run on a copy where Cyrillic look-alike capitals (``СЕ``) are Latin.
Hebrew words take one-letter prefixes (ב, ו, ה, ל, מ, ש), so they get no leading ``\\b``.
"""

from __future__ import annotations

import re

from matching.records import Cefr

_I = re.IGNORECASE

# Capital Cyrillic letters that people type for the Latin ones in "СЕ", "С1", "В1".
LOOKALIKE = str.maketrans({"А": "A", "В": "B", "С": "C", "Е": "E", "Т": "T", "Д": "D"})

# ---------------------------------------------------------------- segmentation
# Abbreviations after which a full stop does not end a sentence ("kat. C", "min. 2 lata").
ABBREVIATIONS = frozenset(
    """kat min max maks ok np ks tj tzw m.in nr godz ul zł pln wg kl cat approx incl e.g
    jęz z.b bzw ca evtl ggf inkl mind kl usw vgl kod kat.b jr sr vs no кат мин макс т.е
    напр г гг ул тыс руб прим""".split()
)
# A word (or two) and a colon starting a section: "Wymagania:", "Nice to have:", "Oferujemy:".
HEADER = re.compile(
    r"(?:(?<=\s)|^)(?=[A-ZĄĆĘŁŃÓŚŹŻÄÖÜА-ЯЁ][a-ząćęłńóśźżäöüßа-яё][\w-]*(?:\s+\w+){0,3}\s*:)"
)
# Polish ads copied with their bullets collapsed: "... żurawia Usystematyzowane podejście".
COLLAPSED_BULLET = re.compile(
    r"(?:(?<=[a-ząćęłńóśźż,)])|"
    + "|".join(rf"(?<=(?<!\w)[A-Z\d]{{{n}}})" for n in range(1, 5))
    + r")\s+(?=[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]{2,})"
)
# Headers that open a new part of an ad; a "Mile widziane:" list runs until one of them.
SECTION = re.compile(
    r"""(?:(?<=\s)|^)(?:wymaga\w*|oczekuj\w*|oczekiwania|oferuj\w*|oferta|zakres|obowiązk\w*|
    zadania|kontakt|anforderung\w*|voraussetzung\w*|wir\s+bieten|ihre\s+aufgaben|aufgaben|
    requirements?|required|we\s+offer|responsibilities|duties|требовани\w*|обязанност\w*|
    предлагаем|условия|მოთხოვნ\w*|ვთავაზობთ|მოვალეობ\w*|דרישות|תנאים|תפקיד)\b[^:\n]{0,30}:""",
    _I | re.X,
)
# Headers of what the employer offers; a language named there ("kurs języka niemieckiego",
# "Szkolenia: język angielski") is a benefit, not a requirement. The part runs until a
# requirements header.
OFFER_HEADER = re.compile(
    r"""(?:(?<=\s)|^|(?<=[.:;]))(?:(?:to|co|firma|pracodawca)\s+)?oferuj\w*|zapewniamy|
    we\s+offer|what\s+we\s+offer|wir\s+bieten|предлагаем|ვთავაზობთ|אנו\s+מציעים""",
    _I | re.X,
)
REQUIREMENTS_HEADER = re.compile(
    r"""(?:(?<=\s)|^|(?<=[.:;]))(?:wymaga\w*|oczekuj\w*|oczekiwania|anforderung\w*|
    voraussetzung\w*|ihr\s+profil|requirements?|требовани\w*|მოთხოვნ\w*|דרישות)""",
    _I | re.X,
)
POLISH_HINT = re.compile(r"[ąćęłńśźż]|\b(?:oraz|się|lub|który|będzie|pracy)\b", _I)

# ---------------------------------------------------------------- preference and negation
PREFERRED = re.compile(
    r"""mile\s+widzian\w*|pożądan\w*|wymagania\s+dodatkowe|(?:dodatkowym\s+)?atut\w*|preferowan\w*|dodatkow\w+\s+plus\w*|
    będzie\s+plusem|stanowi\w*\s+plus|
    wünschenswert|erwünscht|von\s+vorteil|vorteilhaft|idealerweise|ist\s+ein\s+plus|pluspunkt\w*|
    bereit\s+(?:\w+\s+)?zu\s+erwerben|wären?\s+schön|gerne\s+gesehen|
    nice[\s-]+to[\s-]+have|preferred|preferably|preferable|desirable|desired|ideally|
    (?:is\s+)?an?\s+(?:big\s+)?(?:plus|asset)|advantage\w*|would\s+be\s+a\s+plus|welcome|
    gotow\w*\s+do\s+(?:\w+\s+){0,2}?(?:wyrobienia|uzyskania|zdobycia|zrobienia)|willing\s+to\s+obtain|
    желател\w*|приветству\w*|будет\s+плюсом|преимуществ\w*|плюсом|
    სასურველი\w*|უპირატესობ\w*|პლიუს\w*|
    יתרון|רצוי\w*""",
    _I | re.X,
)
# Markers that close the item they qualify ("X będzie atutem", "X von Vorteil", "X – יתרון").
TRAILING_MARKER = re.compile(
    r"""(?:dodatkowym\s+)?atut\w*|będzie\s+plusem|stanowi\w*\s+plus|dodatkow\w+\s+plus\w*|
    wünschenswert|erwünscht|von\s+vorteil|vorteilhaft|wären?\s+schön|ist\s+ein\s+plus|pluspunkt\w*|
    (?:is\s+)?an?\s+(?:big\s+)?(?:plus|asset)|advantage\w*|would\s+be\s+a\s+plus|welcome|
    приветству\w*|будет\s+плюсом|преимуществ\w*|плюсом|უპირატესობ\w*|პლიუს\w*|יתרון""",
    _I | re.X,
)
# Words that open a requirement item in a run-on list: "znajomość", "Kenntnisse", "licence".
ITEM_HEAD = re.compile(
    r"""znajomo\w*|doświadcz\w*|uprawnie\w*|praw\w*\s+jazdy|kurs\w*|certyfikat\w*|świadectw\w*|
    książeczk\w*|orzeczeni\w*|język\w*|
    kenntnis\w*|erfahrung\w*|schein\w*|zertifikat\w*|
    knowledge|experience|licen[cs]e|certificat\w*|
    знани\w*|опыт\w*|права|удостоверени\w*|
    ცოდნ\w*|გამოცდილ\w*|მოწმობ\w*|
    ניסיון|רישיון|ידיעת|תעודת""",
    _I | re.X,
)
NEGATED = re.compile(
    r"""nie\s+(?:jest\s+|są\s+)?(?:wymagan|konieczn)\w*|nie\s+wymagamy|niewymagan\w*|
    chę\w+\s+(?:do\s+)?(?:nauki|uczenia\s+się)|willing\w*\s+to\s+learn|bereitschaft,?\s+\w*\s*zu\s+lernen|
    nicht\s+(?:erforderlich|notwendig|nötig|zwingend)|kein\w*\s+\w+\s+(?:nötig|erforderlich)|
    not\s+(?:required|needed|necessary)|no\s+\w+\s+(?:required|needed)|
    не\s+(?:требуется|обязател\w*|нужн\w*)|
    არ\s+(?:არის\s+)?(?:სავალდებულო|საჭირო)|
    לא\s+(?:חובה|נדרש\w*)""",
    _I | re.X,
)

# ---------------------------------------------------------------- driving licences
_CAT_TOKEN = (
    r"(?:C1\s*\+?\s*E|D1\s*\+?\s*E|C\s*\+\s*E|D\s*\+\s*E|B\s*\+\s*E|"
    r"CE|DE|BE|C1|D1|AM|A1|A2|[ABCDT])"
)
CATEGORY_TOKEN = re.compile(rf"(?<![\w+]){_CAT_TOKEN}(?![\w+])")
_CAT_LIST = (
    rf"{_CAT_TOKEN}(?:\s*(?:,|/|;|\bi\b|\boraz\b|\blub\b|\bund\b|\boder\b|\band\b|\bor\b|"
    rf"\bи\b|\bили\b|და|\s|\+)\s*{_CAT_TOKEN}(?![\w+]))*"
)
_LICENCE_WORD = (
    r"(?:prawo|prawa|prawem)\s+jazdy|kat(?:egori\w+|\.)?|führerschein\w*|fahrerlaubnis\w*|"
    r"klasse|licen[cs]e|categor\w+|cat\.?|class|категори\w+|кат\.?|права|"
    r"водительск\w+\s+удостоверени\w+|კატეგორი\w*|მართვის\s+მოწმობ\w+|רישיון(?:\s+נהיגה)?|"
    r"kierowc\w+|fahrer|driver|водител\w+|მძღოლ\w*|נהג\w*"
)
# "prawo jazdy kat. C+E", "Führerschein Klasse CE", "категория СЕ", "רישיון C1".
DRIVING_AFTER = re.compile(
    rf"(?:(?<!\w)(?:{_LICENCE_WORD})|(?<=\w)fahrer)(?:\s*(?:kat(?:egorii|\.)?|klasse|class|category|cat\.?|"
    rf"категории|кат\.?|der|\w{{0,4}}:))?[\s.:(\-]*(?<![\w+])(?P<list>{_CAT_LIST})(?![\w+])",
    _I,
)
# "C+E კატეგორია", "CE-Führerschein", "C licence", "B и C категории".
DRIVING_BEFORE = re.compile(
    rf"(?<![\w+])(?P<list>{_CAT_LIST})(?![\w+])\s*-?\s*(?:კატეგორი\w*|категори\w+|categor\w+|"
    r"führerschein\w*|licen[cs]e|driving\s+licen[cs]e|prawo\s+jazdy|"
    r"drivers?\b|fahrer\b|kierowc\w*|водител\w*|მძღოლ\w*)",
    _I,
)
# "C+E" on its own is unambiguous anywhere.
DRIVING_PLUS = re.compile(r"(?<![\w+])(?:C1|D1|C|D)\s*\+\s*E(?![\w+])")

# ---------------------------------------------------------------- certificates
CODE95 = re.compile(
    r"""(?<!\w)(?:kod\w*|code|код\w*|კოდ\w*|קוד)\s*(?:zawodow\w+\s*)?\(?95\b|
    (?<![\d.,])\+\s*95\b|\bC\+?E\s*\(?\s*95\b|
    świadectw\w*\s+kwalifikacji(?:\s+zawodowej)?|kwalifikacj\w+\s+(?:wstępn\w+|zawodow\w+\s+kierowc\w*)|
    kwalifikacj\w+\s+wstępn\w+|(?:kurs\w*|uprawnie\w*)\s+(?:na|do)\s+przew[oó]z\w*\s+(?:rzeczy|osób)|
    fahrerqualifi\w+|berufskraftfahrer\w*qualifi\w*|modul\w*\s*95|schlüsselzahl\s*95|
    \bbkrfqg\b|ważn\w+\s+moduł\w*|gültig\w*\s+modul\w*|modul\w*\s+95|module\s+95|
    driver\s+cpc|\bcpc\b|driver\s+qualification\s+card|
    профессиональн\w+\s+компетенц\w+\s+водител\w*""",
    _I | re.X,
)
DRIVER_CARD = re.compile(
    r"""kart\w*\s+kierowcy|kart\w*\s+(?:do\s+)?tachograf\w*|fahrerkarte\w*|driver(?:'s)?\s+card|tachograph\s+card|
    карт\w*\s+(?:водителя|для\s+тахографа|тахограф\w*)|тахограф\w*\s+карт\w*|
    მძღოლის\s+ბარათ\w*|ტახოგრაფ\w*\s+ბარათ\w*|כרטיס\s+(?:נהג|טכוגרף)""",
    _I | re.X,
)
ADR = re.compile(r"\bADR\b|\bДОПОГ\b|היתר\s+חומ\"?ס|חומ\"ס", re.X)
_FORKLIFT_THING = (
    r"wóz(?:ek|k\w*)\s+(?:widłow\w*|jezdniow\w*|podnośnikow\w*|unoszą\w*)|"
    r"(?:gabel)?stapler\w*|flurförder\w*|forklift\w*|fork[\s-]lift\w*|reach\s+truck\w*|"
    r"погрузчик\w*|штабелер\w*|ავტოჩამტვირთ\w*|ჩამტვირთ\w*|מלגז\w*"
)
FORKLIFT_THING = re.compile(_FORKLIFT_THING, _I)
# A licence word near the machine: operating one is a duty, holding a licence a requirement.
FORKLIFT_LICENCE = re.compile(
    r"""uprawni\w*|zezwoleni\w*|\budt\b|kurs\w*|licen[cs]\w*|certific\w*|certyfik\w*|ticket|permit|
    schein\w*|befähigung\w*|nachweis\w*|zertifik\w*|
    удостоверени\w*|допуск\w*|корочк\w*|права|лицензи\w*|сертифик\w*|
    მოწმობ\w*|სერტიფიკატ\w*|ლიცენზი\w*|უფლებ\w*|
    רישיון|רשיון|תעודה|הסמכה""",
    _I | re.X,
)
STAPLERSCHEIN = re.compile(r"(?:gabel)?staplerschein\w*|staplerführerschein\w*", _I)
UDT = re.compile(r"\bUDT\b")
UDT_OTHER = re.compile(r"suwnic\w*|żuraw\w*|dźwig\w*|podest\w*|\bHDS\b|zawiesz\w*|kocioł|kotł", _I)
ELECTRICAL = re.compile(
    r"""\bSEP\b|uprawnie\w*\s+(?:elektry\w*|energety\w*)|(?:elektry\w*|energety\w*)\s+uprawnie\w*|
    \bdo\s+1\s*kV\b|\bG1\b|
    elektrofachkraft\w*|elektrotechnisch\s+unterwiesen\w*|\bEuP\b|
    допуск\w*\s+(?:по\s+)?электробезопасност\w*|групп\w*\s+(?:допуска\s+)?по\s+электробезопасност\w*|
    электробезопасност\w*|
    electrical\s+(?:safety\s+)?(?:licen[cs]e|certificat\w*|qualification)|licen[cs]ed\s+electrician|
    ელექტროუსაფრთხოებ\w*|
    רישיון\s+חשמלאי|חשמלאי\s+מוסמך""",
    _I | re.X,
)
SANITARY = re.compile(
    r"""książeczk\w*\s+(?:sanepid\w*|(?:do\s+celów\s+)?sanitarn\w*|zdrowia|do\s+celów\b)|\bsanepid\w*|
    orzeczeni\w*\s+(?:do\s+celów\s+)?sanitarno\w*|badania?\s+sanitarno\w*|
    sanitarno\s*[-–]\s*epidemiolog\w*|
    gesundheitszeugnis\w*|gesundheitsbescheinigung\w*|belehrung\w*\s+nach\s+§?\s*43|
    \bIfSG\b|rote\s+karte|
    sanitary\s+book|medical\s+book|food\s+(?:safety|hygiene|handler'?s?)\s+certific\w*|health\s+certificate|
    санитарн\w*\s+книжк\w*|медицинск\w*\s+книжк\w*|медкнижк\w*|санкнижк\w*|
    სამედიცინო\s+ცნობ\w*|ჯანმრთელობის\s+წიგნაკ\w*|სანიტარულ\w*\s+წიგნაკ\w*|
    სამედიცინო\s+წიგნაკ\w*|
    תעודת\s+בריאות|אישור\s+רפואי""",
    _I | re.X,
)

# ---------------------------------------------------------------- welding
WELDING_CONTEXT = re.compile(
    r"spaw\w*|schwei\w*|weld\w*|свар\w*|შედუღ\w*|שדוג|ריתוך|רתך|\bMIG\b|\bMAG\b|\bTIG\b|\bMMA\b|"
    r"ISO\s*9606|EN\s*287|metod\w*|flux[\s-]cored|fülldraht\w*|drut\w*\s+proszkow\w*",
    _I,
)
WELDING_PROCESS_NUMBER = re.compile(
    r"(?<![\d.,/-]\d)(?<![\d.,])(111|114|121|131|135|136|138|141|311)(?![\d])"
)
# Method names mapped to ISO 4063 numbers.
WELDING_METHODS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"\bMIG\s*/\s*MAG\b|\bMAG\s*/\s*MIG\b", _I), ("131", "135")),
    (re.compile(r"\bMIG\b(?!\s*/\s*MAG)", _I), ("131",)),
    (re.compile(r"(?<!/)\bMAG\b(?!\s*/\s*MIG)", _I), ("135",)),
    (re.compile(r"\bTIG\b|\bWIG\b|\bGTAW\b|аргон\w*|არგონ\w*", _I), ("141",)),
    (
        re.compile(
            r"\bMMA\b|\bSMAW\b|\bMMAW\b|e-hand|elektrod\w+\s+otulon\w*|\bРДС\b|"
            r"ручн\w+\s+дугов\w+|электрод\w*|ელექტროდ\w*|elektrod\w*",
            _I,
        ),
        ("111",),
    ),
    (re.compile(r"\bFCAW\b|drut\w*\s+proszkow\w*|fülldraht\w*|flux[\s-]cored", _I), ("136",)),
    (re.compile(r"полуавтомат\w*|ნახევრადავტომატ\w*", _I), ("135",)),
)
WELDING_CERT = re.compile(
    r"uprawnie\w*\s+spawal\w*|certyfikat\w*\s+spawal\w*|spawal\w*\s+uprawnie\w*|"
    r"schweißer\w*(?:prüfung|zertifikat|schein|pass)\w*|schweißzertifikat\w*|"
    r"welding\s+(?:certific\w*|ticket|qualification)|certified\s+welder|"
    r"удостоверени\w*\s+сварщик\w*|аттестаци\w*\s+(?:\w+\s+)?свар\w*|НАКС|"
    r"შემდუღებლის\s+სერტიფიკატ\w*|תעודת\s+רתך",
    _I,
)
WELDING_STANDARD = re.compile(
    r"(?:PN[\s-]*)?(?:EN\s+)?ISO\s*9606(?:-\d)?|(?:PN[\s-]*)?EN\s*287(?:-\d)?|ISO\s*14732|"
    r"AWS\s*D1\.\d|ASME\s+(?:IX|Section\s+IX)",
    _I,
)

# ---------------------------------------------------------------- languages
# (ISO code, pattern of the language's name in the six languages).
_HE = r"(?:(?<![\u0590-\u05FF])[בוהלמש]{0,2})"
LANGUAGE_NAMES: tuple[tuple[str, str], ...] = (
    (
        "pl",
        r"polsk(?!a\b|ą\b|ie\b|iej\b)\w*|polnisch\w*|polish|польск\w*|პოლონურ\w*|"
        + _HE
        + r"פולנית",
    ),
    ("de", r"niemieck\w*|deutsch(?!land)\w*|german|немецк\w*|გერმანულ\w*|" + _HE + r"גרמנית"),
    ("en", r"angielsk\w*|englisch\w*|english|английск\w*|ინგლისურ\w*|" + _HE + r"אנגלית"),
    ("ru", r"rosyjsk\w*|russisch\w*|russian|русск\w*|რუსულ\w*|" + _HE + r"רוסית"),
    ("uk", r"ukraińsk\w*|ukrainisch\w*|ukrainian|украинск\w*|უკრაინულ\w*|" + _HE + r"אוקראינית"),
    ("he", r"hebrajsk\w*|hebräisch\w*|hebrew|иврит\w*|ივრით\w*|ებრაულ\w*|" + _HE + r"עברית"),
    (
        "ka",
        r"gruzińsk\w*|georgisch\w*|georgian|грузинск\w*|ქართულ\w*|" + _HE + r"(?:גאורגית|גרוזינית)",
    ),
    ("lt", r"litewsk\w*|litauisch\w*|lithuanian|литовск\w*|ლიტვურ\w*|" + _HE + r"ליטאית"),
    ("et", r"estońsk\w*|estnisch\w*|estonian|эстонск\w*|ესტონურ\w*|" + _HE + r"אסטונית"),
    ("lv", r"łotewsk\w*|lettisch\w*|latvian|латышск\w*|ლატვიურ\w*"),
    ("cs", r"czesk\w*|tschechisch\w*|czech|чешск\w*|ჩეხურ\w*"),
    (
        "nl",
        r"niderlandzk\w*|holendersk\w*|niederländisch\w*|dutch|голландск\w*|нидерландск\w*|"
        r"ჰოლანდიურ\w*",
    ),
    ("es", r"hiszpańsk\w*|spanisch\w*|spanish|испанск\w*|ესპანურ\w*|" + _HE + r"ספרדית"),
    ("it", r"włosk\w*|italienisch\w*|italian|итальянск\w*|იტალიურ\w*|" + _HE + r"איטלקית"),
    ("ro", r"rumuńsk\w*|rumänisch\w*|romanian|румынск\w*|რუმინულ\w*|" + _HE + r"רומנית"),
    ("vi", r"wietnamsk\w*|vietnamesisch\w*|vietnamese|вьетнамск\w*|ვიეტნამურ\w*"),
    ("fr", r"francusk\w*|französisch\w*|french|французск\w*|ფრანგულ\w*|" + _HE + r"צרפתית"),
)
LANGUAGE = re.compile(
    r"(?<!\w)(?:" + "|".join(rf"(?P<{code}>{pattern})" for code, pattern in LANGUAGE_NAMES) + ")",
    _I,
)
# A language name counts only in a clause that talks about language.
LANGUAGE_CONTEXT = re.compile(
    r"""języ\w*|jęz\b|znajomoś\w*|komunikac\w*|komunikatywn\w*|mówi\w*|posługiw\w*|
    sprach\w*|kenntnis\w*|niveau|deutschkenntnis\w*|spricht|sprechen|verständig\w*|
    language\w*|speak\w*|spoken|communicat\w*|skills?|knowledge|level|command|written|
    язык\w*|знани\w*|владени\w*|уровн\w*|разговорн\w*|говор\w*|
    ენ(?:ა|ის|ებ)\w*|ცოდნ\w*|ფლობ\w*|საუბ\w*|
    שפ(?:ה|ות|ת)|דובר\w*|ידיעת|שליטה|ברמ\w*""",
    _I | re.X,
)
CEFR_TOKEN = re.compile(r"(?<![\w+])([ABC][12])(?:\s*[-–/]\s*([ABC][12]))?(?![\w+])")
# Words for levels, mapped CONSERVATIVELY: where a word could mean two levels it gets the
# lower one, and where two words qualify one language ("dobra, komunikatywna") the lower
# wins. Levels read from words are flagged ``from_word`` (``needs_review``).
#
#   A1  basic: podstawowy, Grundkenntnisse/Grundniveau, basic/beginner, базовый/начальный,
#       საბაზისო/საწყისი, בסיסית
#   A2  communicative: komunikatywny, "pozwalająca na porozumiewanie się / umożliwiająca
#       komunikację", kommunikativ, communicative/conversational/elementary/pre-intermediate,
#       разговорный, სასაუბრო, ברמת שיחה
#   B1  good, intermediate: dobry, średniozaawansowany, gut, good/intermediate, хороший,
#       средний, კარგი, საშუალო, טובה
#   B2  very good: bardzo dobry, swobodny ("swobodna komunikacja"), sehr gut, very good,
#       upper-intermediate, очень хороший, выше среднего, ძალიან კარგი, טובה מאוד
#   C1  fluent/advanced: biegły, płynny, zaawansowany, perfekcyjny, doskonały, fließend,
#       verhandlungssicher, fluent/advanced/proficient, свободный, продвинутый, отличный,
#       თავისუფლად, სრულყოფილი, שוטפת, רהוטה, ברמה גבוהה, שליטה מלאה
#   C2  native: ojczysty, Muttersprache, native/mother tongue, родной, მშობლიური, שפת אם
#   The labour offices' scale: "wyższy średnio zaawansowany" B2, "niższy ..." A2.
#
# Longer phrases come first so that "very good" wins over "good".
LEVEL_WORDS: tuple[tuple[Cefr, str], ...] = (
    # The Polish labour offices' scale: "B2 - wyższy średnio zaawansowany", "A2 - niższy ...".
    (Cefr.B2, r"wyższ\w*\s+średnio[\s-]*zaawansowan\w*"),
    (Cefr.A2, r"niższ\w*\s+średnio[\s-]*zaawansowan\w*"),
    (Cefr.C2, r"ojczyst\w*|muttersprach\w*|native|mother\s+tongue|родн\w+|მშობლიურ\w*|שפת\s+אם"),
    (
        Cefr.B2,
        r"bardzo\s+dobr\w*|sehr\s+gut\w*|very\s+good|upper[\s-]intermediate|swobodn\w*|"
        r"очень\s+хорош\w*|выше\s+средн\w*|ძალიან\s+კარგ\w*|טוב\w*\s+מאוד",
    ),
    (
        Cefr.A2,
        r"pre[\s-]intermediate|elementary|komunikatywn\w*|kommunikativ\w*|"
        r"communicative|conversational|porozumiew\w*|"
        r"(?:umożliwiając|pozwalając)\w*\s+(?:na\s+)?komunikacj\w*|(?:poziom\w*|stopni\w*)\s+komunikacyjn\w*|разговорн\w*|სასაუბრო\w*|ברמת\s+שיחה",
    ),
    (Cefr.B1, r"średnio[\s-]*zaawansowan\w*|intermediate|средн\w*|საშუალო\w*"),
    (
        Cefr.C1,
        r"perfekcyjn\w*|perfekt\w*|perfect\w*|doskonał\w*|excellent|ausgezeichnet\w*|hervorragend\w*|отличн\w*|biegł\w*|biegl\w*|płynn\w*|zaawansowan\w*|fließend\w*|verhandlungssicher\w*|"
        r"fluent\w*|fluency|advanced|proficien\w*|свободн\w*|продвинут\w*|"
        r"თავისუფ\w*|სრულყოფილ\w*|שוטפ\w*|רהוט\w*|שליטה\s+מלאה|ברמה\s+גבוהה|"
        r"מצוינ\w*",
    ),
    (Cefr.B1, r"dobr\w*|gut\w*|good|хорош\w*|კარგ\w*|טוב\w*"),
    (
        Cefr.A1,
        r"podstaw\w*|grundkenntnis\w*|grundniveau|grundstufe|grundlegend\w*|basis\w*|basic|beginner|"
        r"базов\w*|начальн\w*|минимальн\w*|საბაზისო\w*|ბაზისურ\w*|საწყის\w*|"
        r"בסיסי\w*",
    ),
)
LEVEL_WORD = re.compile(
    r"(?<!\w)(?:"
    + "|".join(rf"(?P<L{i}>{pattern})" for i, (_, pattern) in enumerate(LEVEL_WORDS))
    + ")",
    _I,
)
LEVEL_OF_GROUP: dict[str, Cefr] = {f"L{i}": level for i, (level, _) in enumerate(LEVEL_WORDS)}

# ---------------------------------------------------------------- experience and age
EXPERIENCE_WORD = re.compile(
    r"""doświadcz\w*|staż\w*|praktyk\w*|(?<=lat\s)pracy|(?<=lata\s)pracy|(?<=roku\s)pracy|
    years\s+of\s+work\w*|лет\s+работы|года\s+работы|podobnym\s+stanowisku|na\s+stanowisk\w*|
    pracował\w*|przepracowa\w*|on\s+site|в\s+должности|similar\s+(?:position|role)|
    vergleichbare[nr]?\s+(?:position|tätigkeit)|
    erfahrung\w*|berufserfahrung\w*|praxis\w*|
    experience\w*|experienced|
    опыт\w*|стаж\w*|
    გამოცდილ\w*|სტაჟ\w*|
    ניסיון|נסיון""",
    _I | re.X,
)
_NUMBER_WORDS: dict[str, float] = {
    # pl
    "jeden": 1,
    "jednego": 1,
    "jednym": 1,
    "roczne": 1,
    "roczny": 1,
    "rocznego": 1,
    "rocznym": 1,
    "półroczne": 0.5,
    "półrocznego": 0.5,
    "dwa": 2,
    "dwóch": 2,
    "dwuletnie": 2,
    "dwuletniego": 2,
    "dwuletnim": 2,
    "trzy": 3,
    "trzech": 3,
    "trzyletnie": 3,
    "trzyletniego": 3,
    "cztery": 4,
    "czterech": 4,
    "pięć": 5,
    "pięciu": 5,
    "pięcioletnie": 5,
    # de
    "ein": 1,
    "einem": 1,
    "einen": 1,
    "eines": 1,
    "einjährige": 1,
    "einjähriger": 1,
    "einjährigen": 1,
    "zwei": 2,
    "zweijährige": 2,
    "zweijährigen": 2,
    "drei": 3,
    "dreijährige": 3,
    "dreijährigen": 3,
    "vier": 4,
    "fünf": 5,
    # en
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    # ru
    "одного": 1,
    "один": 1,
    "двух": 2,
    "два": 2,
    "трех": 3,
    "трёх": 3,
    "три": 3,
    "четырех": 4,
    "пяти": 5,
    "годичный": 1,
    # ka
    "ერთი": 1,
    "ერთ": 1,
    "ორი": 2,
    "ორ": 2,
    "სამი": 3,
    "სამ": 3,
    "ოთხი": 4,
    "ხუთი": 5,
    # he
    "שלוש": 3,
    "שלושה": 3,
    "ארבע": 4,
    "חמש": 5,
}
NUMBER_WORDS = _NUMBER_WORDS
_NUM = r"\d{1,2}(?:[.,]5)?|" + "|".join(
    sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)
)
_YEARS = (
    r"lat[a]?\b|lata|roku|rok\b|letni\w*|"
    r"jahr\w*|jährig\w*|"
    r"years?\b|yrs?\b|year-|"
    r"год\w*|лет\b|летн\w*|"
    r"წლ\w*|წელ\w*|"
    r"שנים|שנות|שנה"
)
_MONTHS = r"miesi\w+|monat\w*|months?\b|месяц\w*|თვ\w*|חודש\w*"
DURATION = re.compile(
    rf"""(?<![\w.,])(?P<num>{_NUM})(?:\s*[-–]\s*(?P<num2>\d{{1,2}}))?(?:-?(?:х|ти|ми|ех|ёх|cio|ciu)\b)?
    \s*(?P<plus>\+)?\s*[-–]?\s*
    (?:(?P<years>{_YEARS})|(?P<months>{_MONTHS}))""",
    _I | re.X,
)
# Durations without a number: "rok doświadczenia" after a minimum word, Hebrew "שנתיים".
DURATION_WORD = re.compile(
    r"""(?P<two>(?<![\u0590-\u05FF])[בוהלמש]?שנתיים)|
    (?P<half>pół\s+roku|półroczn\w*|halbe[sn]?\s+jahr|half\s+a\s+year|six\s+months|
    полугод\w*|полгода|ნახევარ\w*\s+წ\w*|חצי\s+שנה)|
    (?P<one>(?:(?:min\.?|minimum|co\s+najmniej|przynajmniej|at\s+least|mind\.?|mindestens|
    от|не\s+менее|минимум|მინიმუმ|לפחות)\s+(?:a\s+|an\s+|one\s+)?
    (?:rok|roku|year|jahr|года|год|წელ\w*|שנה))|
    (?:(?<![\u0590-\u05FF])ו?שנת\s+(?:ניסיון|נסיון))|
    (?:(?<![\u0590-\u05FF])של\s+שנה(?![\u0590-\u05FF]))|
    (?:(?:ניסיון|נסיון)\s+של\s+שנה))""",
    _I | re.X,
)
# "roczne", "dwuletnie", "einjährige", "годичный": a number and the unit in one word.
DURATION_ADJECTIVE = re.compile(
    r"""(?<!\w)(?P<n>jedno|dwu|trzy|cztero|pięcio|sześcio|ein|zwei|drei|vier|fünf|
    одно|двух|трех|трёх|пяти)?(?:roczn|letni|jährig|годичн|летн)\w*""",
    _I | re.X,
)
DURATION_ADJECTIVE_NUMBERS: dict[str, float] = {
    "jedno": 1,
    "dwu": 2,
    "trzy": 3,
    "cztero": 4,
    "pięcio": 5,
    "sześcio": 6,
    "ein": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "одно": 1,
    "двух": 2,
    "трех": 3,
    "трёх": 3,
    "пяти": 5,
}
HALF_YEAR_ADJECTIVE = re.compile(r"(?<!\w)półroczn\w*|(?<!\w)halbjährig\w*", _I)
# Polish labour-office forms: "Staż pracy: lata: 3, miesiące: 6", "wymagany staż - lata: 1".
FORM_EXPERIENCE = re.compile(
    r"staż\w*(?:\s+pracy)?\s*[-:]?\s*lata:\s*(?P<years>\d{1,2})(?:\s*,\s*miesiące:\s*(?P<months>\d{1,2}))?",
    _I,
)
AGE_WORD = re.compile(
    r"""wiek\w*|lat\s+życia|roku\s+życia|ukończon\w*\s+\d\d\s*lat|pełnolet\w*|
    alter\w*|jahre\s+alt|volljährig\w*|
    \bage[ds]?\b|years?\s+old|
    возраст\w*|старше|моложе|совершеннолет\w*|
    ასაკ\w*|წლამდე|წლიდან|
    גיל\w*|(?<![\u0590-\u05FF])[בוהלמש]?גיל""",
    _I | re.X,
)
ADULT = re.compile(
    r"\bmust\s+be\s+(?:over|at\s+least)\s+18\b|pełnolet(?:ni|nia|nie|nią|ność|ności)\b|volljährig\w*|совершеннолет\w*|\badults?\b|სრულწლოვან\w*|"
    r"(?<!\d)18\s*\+",
    _I,
)
_AGE = r"(?P<{name}>1[4-9]|[2-7]\d)"
AGE_RANGE = re.compile(
    rf"(?<![\d.,:/])(?:od\s+|from\s+|von\s+|от\s+|zwischen\s+|between\s+|pomiędzy\s+|между\s+)?"
    rf"{_AGE.format(name='lo')}\s*(?:[-–]|do|to|bis|до|und|and|i|и|"
    rf"-დან)\s*{_AGE.format(name='hi')}(?![\d.,:/]?\d)(?!\s*(?:zł|pln|eur|€|\$|gel|₾|ils|₪|%|h\b|godz))",
    _I,
)
AGE_MAX = re.compile(
    rf"(?:höchstalter\s*:?|maximum\s+age\s*:?|\bdo|\bmax\.?|\bmaks\.?|maksymalnie|\bbis|\bunder|\bup\s+to|\bbelow|\bmaximum|"
    rf"не\s+старше|\bдо|עד(?:\s+גיל)?|מתחת\s+ל)\s*(?:גיל\s*)?{_AGE.format(name='n')}(?!\d)"
    rf"|(?<!\d){_AGE.format(name='m')}\s*წლამდე",
    _I,
)
AGE_MIN = re.compile(
    rf"(?:mindestalter\s*:?|minimum\s+age\s*:?|ukończon\w*|\bod|\bpowyżej|\bmin\.?|\bminimum|\bab|\bover|\bfrom|\bat\s+least|\bmindestens|"
    rf"не\s+моложе|\bот|(?<!не\s)\bстарше|מגיל|מעל\s+גיל|מעל)\s*{_AGE.format(name='n')}(?!\d)"
    rf"|(?<!\d){_AGE.format(name='m')}\s*(?:\+|-?დან|წლიდან|lat\s+i\s+więcej|ומעלה|и\s+старше|"
    rf"(?:years?\s+)?(?:and|or)\s+(?:older|over|above))",
    _I,
)
# "do 50 lat" and "не старше 45" read as an age limit even without the word "age".
BARE_AGE_MAX = re.compile(
    r"(?<!\d\s)(?<!\d)(?:\bdo|не\s+старше|\bbis)\s*(?P<n>[3-7]\d)\s*(?:lat\b|лет\b|jahre?\b)|не\s+старше\s*(?P<m>[2-7]\d)",
    _I,
)
# "женщины 30-60 лет", "ქალები 30-55 წლის": a range of adult ages followed by "years".
BARE_AGE_RANGE = re.compile(
    r"(?<![\d.,:/])(?P<lo>1[6-9]|[2-6]\d)\s*[-–]\s*(?P<hi>[2-7]\d)\s*"
    r"(?:lat\b|лет\b|წლის|years?\s+old|jahre\s+alt)",
    _I,
)

# These patterns only ever match from the start of a word. Saying so up front lets the
# regular-expression engine reject a position inside a word with one test instead of
# trying every alternative there (about 3x faster on the development set).


def _at_word_start(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + pattern.pattern + ")", pattern.flags)


PREFERRED = _at_word_start(PREFERRED)
TRAILING_MARKER = _at_word_start(TRAILING_MARKER)
NEGATED = _at_word_start(NEGATED)
EXPERIENCE_WORD = _at_word_start(EXPERIENCE_WORD)
DURATION_WORD = _at_word_start(DURATION_WORD)
AGE_MIN = _at_word_start(AGE_MIN)
AGE_MAX = _at_word_start(AGE_MAX)
ELECTRICAL = _at_word_start(ELECTRICAL)
SANITARY = _at_word_start(SANITARY)
DRIVER_CARD = _at_word_start(DRIVER_CARD)
ADULT = _at_word_start(ADULT)
SECTION = _at_word_start(SECTION)
