"""Detection and masking of personal data (PII) in Swedish free text.

Samtrygg only stores group-level information, so report texts are checked while the
reporter types and again on save. Everything here is pure Python with regexes compiled
at import time; a 500-character text takes well under a millisecond.

Public interface::

    find_pii(text) -> list[Finding]          # sorted by start, non-overlapping
    mask(text) -> (masked_text, findings)    # findings point at the tokens in masked_text
    mask_findings(text, findings, keep)      # mask all but the kept (confirmed) findings
    MASK_TOKENS                              # kind -> replacement token
    Finding(kind, start, end).label / .as_dict()

Kinds and how they are found
----------------------------
personnummer / samordningsnummer
    10 digits (YYMMDD-NNNN, separator "-", "+" or space optional) or 12 digits starting
    with 19/20. Accepted only if the 10-digit form passes the Luhn check and the date is
    plausible (month 01-12, day within the month; the 12-digit form also checks the
    year). Day 61-91 (day + 60) makes it a samordningsnummer.
phone
    Swedish numbers: national with leading 0 (070-123 45 67, 0701234567, 08-123 456 78,
    040-12 34 56, 0413-123 45, (08) 123 45 67) with 8-10 digits in total, and
    international +46 / 0046 with 7-9 digits after the country code (an extra "(0)" or
    "0" is tolerated). Digit groups may be separated by a single space or a hyphen.
    Years, times (kl. 22.30), ISO dates (2026-03-01), "01 03 2026" and counts are not
    matched: a leading 0 is required, dots/colons/slashes do not join groups and a
    number glued to a preceding hyphen or digit is not a start.
email
    local@domain.tld, Unicode-aware.
vehicle_registration
    Swedish plates ABC 123 / ABC123 / ABC-123 / ABC 12A, any case. The letters I, Q, V,
    Å, Ä, Ö never occur on plates (and O not as the last character), and a stoplist of
    common three-letter Swedish words and abbreviations ("och 150", "med 100",
    "tel 112") removes the remaining false positives.
name
    Gazetteer method, using ``names_sv.txt`` (a few hundred common given names and
    surnames in Sweden). Name parts are capitalised words (Unicode: å, ä, ö, é, ...;
    hyphenated "Anna-Karin" and possessive "Annas" are handled). Adjacent capitalised
    words separated by one space form a run; in each run:

    * an unambiguous gazetteer first name is a name anywhere, also at sentence start
      ("Emma", "Erik");
    * it is extended over following name parts: further first names (middle names),
      surname-like words (gazetteer surnames, or words ending in a typical surname
      suffix: -sson, -berg, -ström, -qvist/-kvist, -lund, -gren, -holm, -dahl, -blad,
      -ell, -in, -én, ...), or – after an unambiguous first name – any other
      capitalised word that is not a known place or common word ("Erik Hammarskjöld");
    * AMBIGUOUS first names (also a common word, place or month – marked "*" in the
      list: "Bo", "Hans", "Björn", "Per", "Maj", "Nora") are names only when followed
      by a surname-like word ("Bo Malm", "Hans Svensson");
    * a standalone surname is a name if it is an unambiguous gazetteer surname
      ("Lindberg") or ends in -sson ("Bengtsson"); ambiguous surnames ("Malm", "Lund",
      "Berg") and suffix-only words ("Falkenberg") need a first name in front;
    * after naming cues ("som heter", "heter", "vid namn", "kallad", "kallas",
      "med namnet", "alias", "känd som") the following capitalised words (or a
      lowercase gazetteer first name) are a name.

    Known places (Lomma, Bjärred, Malmö, Lund, ...) and common capitalised words
    (Polisen, Klotter, Ungdomar, weekdays, months, holidays, shop chains) are never
    name parts unless they are gazetteer surnames following a first name ("Sara
    Lund"). Possessive names directly followed by a street/place word ("Gustav Adolfs
    torg", "Anna Lindhs plats") are place names and not reported. Lowercase names
    outside cues are not reported (too many collisions with ordinary words).

Overlaps are resolved by specificity (personnummer/samordningsnummer > email > phone >
vehicle registration > name), then by length.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path


def gettext_noop(message: str) -> str:
    """Mark a string for translation (makemessages extracts it by this name) without
    touching Django settings at import time, unlike django's own gettext_noop."""
    return message


__all__ = ["Finding", "find_pii", "mask", "mask_findings", "MASK_TOKENS", "KINDS"]

KINDS = (
    "personnummer",
    "samordningsnummer",
    "phone",
    "email",
    "vehicle_registration",
    "name",
)

MASK_TOKENS: dict[str, str] = {
    "personnummer": "[personnummer]",
    "samordningsnummer": "[samordningsnummer]",
    "phone": "[telefonnummer]",
    "email": "[e-post]",
    "vehicle_registration": "[regnr]",
    "name": "[namn]",
}

_LABELS = {
    "personnummer": gettext_noop("personnummer"),
    "samordningsnummer": gettext_noop("samordningsnummer"),
    "phone": gettext_noop("telefonnummer"),
    "email": gettext_noop("e-postadress"),
    "vehicle_registration": gettext_noop("registreringsnummer"),
    "name": gettext_noop("namn"),
}

# Lower number wins when two findings overlap.
_PRIORITY = {
    "personnummer": 0,
    "samordningsnummer": 0,
    "email": 1,
    "phone": 2,
    "vehicle_registration": 3,
    "name": 4,
}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int

    @property
    def label(self) -> str:
        msg = _LABELS.get(self.kind, self.kind)
        try:
            from django.utils.translation import gettext

            return str(gettext(msg))
        except Exception:  # Django settings not configured (e.g. standalone use)
            return msg

    def as_dict(self) -> dict:
        return {"kind": self.kind, "start": self.start, "end": self.end, "label": self.label}


# --------------------------------------------------------------------------- numbers

_PNR_12 = re.compile(r"(?<![\d+])(?:19|20)(\d{6})[-+ ]?(\d{4})(?!\d)")
_PNR_10 = re.compile(r"(?<![\d+])(\d{6})[-+ ]?(\d{4})(?!\d)")

_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        d = ord(ch) - 48
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _classify_pnr(ten: str, century: str | None = None) -> str | None:
    """Return "personnummer"/"samordningsnummer" for a valid 10-digit number, else None."""
    month = int(ten[2:4])
    day = int(ten[4:6])
    if not 1 <= month <= 12:
        return None
    kind = "personnummer"
    if day > 60:
        day -= 60
        kind = "samordningsnummer"
    max_day = _DAYS_IN_MONTH[month]
    if century is not None and month == 2:
        year = int(century + ten[:2])
        if not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
            max_day = 28
    if not 1 <= day <= max_day:
        return None
    if not _luhn_ok(ten):
        return None
    return kind


_SEP = r"(?:[ \u00a0]?-[ \u00a0]?|[ \u00a0])"
_PHONE_NATIONAL = re.compile(
    r"(?<![\w+\-/.])"
    r"(?:\(0[1-9]\d{0,2}\)[ \u00a0]?|0[1-9]\d{0,2})"
    r"(?:" + _SEP + r"?\d{2,4}){1,4}"
    r"(?![\w])"
)
_PHONE_INTL = re.compile(
    r"(?<![\w+])(?:\+|00)46"
    r"(?:[ \u00a0\-]?\(0\)|[ \u00a0\-]?0(?=[ \u00a0\-]?[1-9]))?"
    r"[ \u00a0\-]?[1-9](?:" + _SEP + r"?\d){6,8}"
    r"(?!\d)"
)
_DATE_LIKE = re.compile(r"\d{1,2}[ \u00a0\-]\d{1,2}[ \u00a0\-](?:19|20)\d\d")

_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}(?![\w\-])")

_PLATE = re.compile(
    r"(?<![\w\-])([A-HJ-PR-UW-Z]{3})[ \-]?(\d\d[\dA-HJ-NPR-UW-Z])(?![\w]|-\d|[.,:]\d)",
    re.IGNORECASE,
)
_PLATE_STOPWORDS = frozenset(
    """
    och med den det som har hon han hen man men mer att ett tre sex sju tio fem elva upp
    ner ute tog kom kan ska jag oss dem sin sig sen nya hel tom fel bra gul all alla ens
    fick bil bus hus rum zon fot mil sal ark lag ord nej nya per cup gym pub bar kap art
    ref tel mob fax tfn sms mms kmh kmt min sek tim dag dygn nov dec okt feb mar apr jun
    jul aug sep jan maj ons tor fre ggr gng pga bla dvs osv tex etc mfl ang enl ink exkl
    the and for era nam red ver obs nrt sto bok hem par sat far mor ena ene ska
    """.split()
)


def _numbers(text: str, out: list[Finding]) -> None:
    for m in _PNR_12.finditer(text):
        century = m.group(0)[:2]
        kind = _classify_pnr(m.group(1) + m.group(2), century)
        if kind:
            out.append(Finding(kind, m.start(), m.end()))
    for m in _PNR_10.finditer(text):
        kind = _classify_pnr(m.group(1) + m.group(2))
        if kind:
            out.append(Finding(kind, m.start(), m.end()))
    for m in _PHONE_NATIONAL.finditer(text):
        s = m.group(0)
        n = sum(c.isdigit() for c in s)
        if 8 <= n <= 10 and not _DATE_LIKE.fullmatch(s):
            out.append(Finding("phone", m.start(), m.end()))
    for m in _PHONE_INTL.finditer(text):
        out.append(Finding("phone", m.start(), m.end()))
    for m in _EMAIL.finditer(text):
        out.append(Finding("email", m.start(), m.end()))
    for m in _PLATE.finditer(text):
        if m.group(1).lower() in _PLATE_STOPWORDS:
            continue
        out.append(Finding("vehicle_registration", m.start(), m.end()))


# ----------------------------------------------------------------------------- names


def _load_names() -> tuple[frozenset, frozenset, frozenset, frozenset]:
    first, first_amb, sur, sur_amb = set(), set(), set(), set()
    section = None
    path = Path(__file__).with_name("names_sv.txt")
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]").lower()
            continue
        ambiguous = line.endswith("*")
        name = unicodedata.normalize("NFC", line.rstrip("*").strip())
        if section == "first":
            (first_amb if ambiguous else first).add(name)
        elif section == "surname":
            (sur_amb if ambiguous else sur).add(name)
    return frozenset(first), frozenset(first_amb), frozenset(sur), frozenset(sur_amb)


_FIRST, _FIRST_AMBIGUOUS, _SURNAMES, _SURNAMES_AMBIGUOUS = _load_names()
_ALL_FIRST = _FIRST | _FIRST_AMBIGUOUS
_ALL_SURNAMES = _SURNAMES | _SURNAMES_AMBIGUOUS

_SURNAME_SUFFIXES = (
    "sson",
    "berg",
    "ström",
    "strom",
    "qvist",
    "kvist",
    "quist",
    "lund",
    "gren",
    "holm",
    "dahl",
    "blad",
    "blom",
    "ell",
    "in",
    "én",
    "ér",
    "stedt",
    "bäck",
    "löf",
)

# Places (mostly Skåne, plus the largest Swedish towns and areas) and other capitalised
# words that start sentences in event descriptions. Never name parts on their own.
_PLACES = frozenset(
    """
    Lomma Bjärred Malmö Lund Burlöv Arlöv Åkarp Staffanstorp Kävlinge Löddeköpinge Furulund
    Vellinge Höllviken Skanör Falsterbo Svedala Trelleborg Eslöv Höör Hörby Landskrona
    Helsingborg Ängelholm Höganäs Hässleholm Kristianstad Ystad Simrishamn Tomelilla Sjöbo
    Skurup Svalöv Bjuv Åstorp Klippan Perstorp Osby Östra Göinge Båstad Limhamn Hyllie
    Rosengård Möllevången Kirseberg Husie Oxie Fosie Värnhem Bunkeflo Bunkeflostrand Klagshamn
    Borgeby Flädie Habo Haboljung Alnarp Hjärup Genarp Dalby Södra Sandby Veberöd Stångby
    Stockholm Göteborg Uppsala Västerås Örebro Linköping Norrköping Jönköping Umeå Luleå
    Gävle Borås Södertälje Sundsvall Karlstad Växjö Halmstad Falkenberg Varberg Kungsbacka
    Sundbyberg Solna Nacka Täby Huddinge Botkyrka Haninge Järfälla Sollentuna Upplands
    Väsby Danderyd Lidingö Tyresö Sigtuna Märsta Norrtälje Enköping Eskilstuna Nyköping
    Katrineholm Motala Mjölby Skövde Trollhättan Uddevalla Vänersborg Mölndal Partille
    Lerum Alingsås Kalmar Karlskrona Ronneby Karlshamn Sölvesborg Visby Gotland Öland
    Falun Borlänge Mora Östersund Kiruna Gällivare Skellefteå Piteå Örnsköldsvik Härnösand
    Kristinehamn Arvika Nora Sala Hjo Åre Rinkeby Tensta Husby Flemingsberg Fittja
    Sverige Skåne Halland Blekinge Småland Norrland Danmark Norge Finland Köpenhamn
    Europa Öresund Öresundsbron Kastrup Sturup Kattegatt Östersjön
    """.split()
)
_COMMON_CAPITALISED = frozenset(
    """
    Polisen Polis Klotter Ungdomar Ungdomarna Skolan Kommunen Räddningstjänsten Brandkåren
    Ambulansen Väktare Väktarna Ordningsvakter Grannar Grannarna Föräldrar Centrum Stationen
    Torget Parken Badet Hamnen Stranden Biblioteket Gymnasiet Fritidsgården Idrottsplatsen
    Ica Coop Willys Lidl Hemköp Netto Pressbyrån Systembolaget Skånetrafiken Pågatåg
    Pågatåget Öresundståg Krisinformation Trafikverket
    Måndag Tisdag Onsdag Torsdag Fredag Lördag Söndag
    Januari Februari Mars April Maj Juni Juli Augusti September Oktober November December
    Jul Julafton Nyår Nyårsafton Påsk Påsken Midsommar Midsommarafton Valborg
    Valborgsmässoafton Halloween Lucia Advent Sportlov Höstlov Påsklov Sommarlov
    Dans Majs Herr Fru Kung Drottning Prins Prinsessan Sankt Lilla Stora Norra Södra
    Östra Västra Gamla Nya Kvällen Natten Morgonen Igår Idag Imorgon Ikväll Inatt
    Klockan Ca Cirka Några Flera Många Vid Efter Under Mellan Utanför
    """.split()
)
_NEVER_NAME = _PLACES | _COMMON_CAPITALISED

# Words ending like this are streets, schools, buildings – not surnames.
_PLACE_WORD_ENDINGS = (
    "gatan",
    "vägen",
    "torget",
    "torg",
    "skolan",
    "parken",
    "plan",
    "platsen",
    "gården",
    "stigen",
    "backen",
    "leden",
    "huset",
    "hallen",
    "kyrkan",
    "stationen",
    "centrum",
    "allén",
    "gränd",
    "gången",
    "bron",
    "badet",
    "hamnen",
    "stranden",
    "området",
)
# A possessive name followed by one of these is a place ("Gustav Adolfs torg").
_PLACE_AFTER_POSSESSIVE = re.compile(
    r"[ \u00a0](?:torg|gata|väg|plats|park|gränd|allé|backe|stig|bro|skola|kyrka|"
    r"gymnasium|hus|hall|sjukhus|plan|kaj|udde|strand)\b"
)

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ\u0300-\u036f"
_CAP_WORD = re.compile(rf"(?<![\w\-'’])[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)*(?![\w'’])")
_ANY_WORD = re.compile(rf"(?<![\w\-])[{_UP}{_LO}][{_LO}]+(?:-[{_UP}][{_LO}]+)*(?![\w])")
_CUE = re.compile(
    r"(?<!\w)(?:som[ \u00a0]+heter|heter|vid[ \u00a0]+namn|kallad|kallade|kallades|kallas|"
    r"med[ \u00a0]+namnet|namnet|alias|känd[ \u00a0]+som|kallar[ \u00a0]+sig)[ \u00a0]+",
    re.IGNORECASE,
)
_RUN_GAP = frozenset({" ", "\u00a0"})


def _nfc(word: str) -> str:
    return unicodedata.normalize("NFC", word) if not word.isascii() else word


def _strip_possessive(word: str) -> str | None:
    if len(word) > 3 and word.endswith("s"):
        return word[:-1]
    return None


def _first_kind(word: str) -> int:
    """0 = not a first name, 1 = ambiguous first name, 2 = unambiguous first name."""
    if word in _NEVER_NAME:
        return 0
    candidates = [word]
    base = _strip_possessive(word)
    if base:
        candidates.append(base)
    best = 0
    for w in candidates:
        if w in _FIRST:
            return 2
        if w in _FIRST_AMBIGUOUS:
            best = 1
        elif "-" in w:
            parts = w.split("-")
            if all(p in _ALL_FIRST for p in parts):
                best = max(best, 2 if any(p in _FIRST for p in parts) else 1)
    return best


def _surname_kind(word: str) -> int:
    """0 = not surname-like, 1 = surname-like (needs a first name), 2 = a surname alone."""
    if word in _ALL_SURNAMES:
        return 2 if word in _SURNAMES else 1
    if word in _NEVER_NAME:
        return 0
    base = _strip_possessive(word)
    if base and base in _ALL_SURNAMES:
        return 2 if base in _SURNAMES else 1
    lw = word.lower()
    if lw.endswith(_PLACE_WORD_ENDINGS):
        return 0
    if lw.endswith("sson") or lw.endswith("ssons"):
        return 2
    for part in lw.split("-"):
        stem = part[:-1] if (part.endswith("s") and len(part) > 5) else part
        for suf in _SURNAME_SUFFIXES:
            if stem.endswith(suf) and len(stem) >= len(suf) + 2 and len(stem) >= 4:
                return 1
    return 0


def _plain_capitalised(word: str) -> bool:
    """A capitalised word that may be an unknown surname after a sure first name."""
    if word in _NEVER_NAME:
        return False
    base = _strip_possessive(word)
    if base and base in _NEVER_NAME:
        return False
    return not word.lower().endswith(_PLACE_WORD_ENDINGS)


def _runs(text: str) -> list[list[tuple[int, int, str]]]:
    runs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    prev_end = -2
    for m in _CAP_WORD.finditer(text):
        s, e = m.start(), m.end()
        if current and s == prev_end + 1 and text[prev_end] in _RUN_GAP:
            current.append((s, e, _nfc(m.group(0))))
        else:
            if current:
                runs.append(current)
            current = [(s, e, _nfc(m.group(0)))]
        prev_end = e
    if current:
        runs.append(current)
    return runs


def _names(text: str, out: list[Finding]) -> None:
    spans: list[tuple[int, int]] = []
    for run in _runs(text):
        i, n = 0, len(run)
        while i < n:
            s, e, word = run[i]
            fk = _first_kind(word)
            if fk:
                j = i + 1
                has_surname = False
                while j < n and j - i < 4:
                    w = run[j][2]
                    if _first_kind(w):
                        j += 1
                        continue
                    sk = _surname_kind(w)
                    if sk or (fk == 2 and _plain_capitalised(w)):
                        has_surname = has_surname or bool(sk)
                        j += 1
                        continue
                    break
                # ambiguous first name alone (possibly followed only by other ambiguous
                # first names) needs a surname-like word
                if fk == 2 or has_surname or any(_first_kind(run[k][2]) == 2 for k in range(i + 1, j)):
                    spans.append((s, run[j - 1][1]))
                    i = j
                    continue
                i += 1
                continue
            if _surname_kind(word) == 2:
                j = i + 1
                while j < n and j - i < 3 and _surname_kind(run[j][2]):
                    j += 1
                spans.append((s, run[j - 1][1]))
                i = j
                continue
            i += 1

    # naming cues: "som heter Kalle", "kallad Bo", "vid namn kevin"
    for cm in _CUE.finditer(text):
        first_m = _ANY_WORD.match(text, cm.end())
        if not first_m:
            continue
        word = _nfc(first_m.group(0))
        if word[0].islower():
            if word.capitalize() not in _ALL_FIRST:
                continue
        elif not _plain_capitalised(word):
            continue
        end = first_m.end()
        while end < len(text) and text[end] in _RUN_GAP:
            nxt = _CAP_WORD.match(text, end + 1)
            if not nxt or not _plain_capitalised(_nfc(nxt.group(0))):
                break
            end = nxt.end()
        spans.append((first_m.start(), end))

    for s, e in spans:
        last = text[s:e]
        after = _PLACE_AFTER_POSSESSIVE.match(text, e)
        # "Folkets hus" is a place, "Kalle Anderssons hus" a person's home: a house after a
        # possessive is a place only after a single word.
        if last.endswith("s") and after and not (after.group(0).strip() == "hus" and " " in last.strip()):
            continue
        out.append(Finding("name", s, e))


# ------------------------------------------------------------------------------ API


def _resolve(candidates: list[Finding]) -> list[Finding]:
    if len(candidates) <= 1:
        return candidates
    ordered = sorted(candidates, key=lambda f: (_PRIORITY[f.kind], f.start - f.end, f.start))
    kept: list[Finding] = []
    for f in ordered:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    kept.sort(key=lambda f: f.start)
    return kept


_DIGIT_OR_AT = re.compile(r"[\d@]")


def find_pii(text: str) -> list[Finding]:
    """All personal data found in ``text``, sorted by start and non-overlapping."""
    if not text:
        return []
    out: list[Finding] = []
    if _DIGIT_OR_AT.search(text):
        _numbers(text, out)
    _names(text, out)
    return _resolve(out)


def mask(text: str) -> tuple[str, list[Finding]]:
    """Replace every finding by its token in MASK_TOKENS.

    Returns the masked text and findings whose offsets point at the tokens in it.
    """
    findings = find_pii(text)
    if not findings:
        return text, []
    parts: list[str] = []
    masked: list[Finding] = []
    pos = 0
    length = 0
    for f in findings:
        chunk = text[pos : f.start]
        parts.append(chunk)
        length += len(chunk)
        token = MASK_TOKENS[f.kind]
        parts.append(token)
        masked.append(Finding(f.kind, length, length + len(token)))
        length += len(token)
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts), masked


def mask_findings(text: str, findings: list[Finding], keep: frozenset[int] = frozenset()) -> tuple[str, list[Finding]]:
    """Replace the findings of ``text`` (from find_pii: sorted, non-overlapping) by their tokens,
    except those whose index is in ``keep`` (confirmed as not personal data).

    Returns the masked text and every finding, in order, with offsets into the masked text: a
    masked one points at its token, a kept one at its own unchanged words.
    """
    parts: list[str] = []
    moved: list[Finding] = []
    pos = length = 0
    for i, f in enumerate(findings):
        chunk = text[pos : f.start]
        parts.append(chunk)
        length += len(chunk)
        replacement = text[f.start : f.end] if i in keep else MASK_TOKENS[f.kind]
        parts.append(replacement)
        moved.append(Finding(f.kind, length, length + len(replacement)))
        length += len(replacement)
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts), moved
