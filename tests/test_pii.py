"""Tests for privacy.pii – the personal-data detector for report texts (no database)."""

import pytest

from privacy.pii import MASK_TOKENS, Finding, find_pii, mask


def found(text):
    return [(f.kind, text[f.start : f.end]) for f in find_pii(text)]


def kinds(text):
    return [f.kind for f in find_pii(text)]


# --------------------------------------------------------------------- personnummer


@pytest.mark.parametrize(
    "pnr", ["811228-9874", "8112289874", "198112289874", "19811228-9874", "811228+9874", "811228 9874"]
)
def test_it_finds_personnummer_in_all_formats_with_offsets(pnr):
    text = f"Anmälaren uppgav {pnr} i rapporten."
    findings = find_pii(text)
    assert findings == [Finding("personnummer", 17, 17 + len(pnr))]
    assert text[findings[0].start : findings[0].end] == pnr


@pytest.mark.parametrize("bad", ["811228-9875", "8112289870", "198112289871", "811328-9874", "811232-9874"])
def test_it_does_not_flag_luhn_or_date_failures_as_personnummer(bad):
    assert not {"personnummer", "samordningsnummer"} & set(kinds(f"Nummer {bad} noterat."))


def test_it_detects_samordningsnummer():
    text = "Hans samordningsnummer är 701063-2391."
    assert found(text) == [("samordningsnummer", "701063-2391")]
    assert found("Alltså 197010632391 här") == [("samordningsnummer", "197010632391")]


def test_it_checks_feb_29_against_the_year_in_12_digit_form():
    # Both pass Luhn on the 10-digit form; only 2004 is a leap year.
    assert "personnummer" not in kinds("Nr 200302291232 och 20230229-1238")
    assert found("Nr 20040229-1231.") == [("personnummer", "20040229-1231")]


def test_it_treats_luhn_failing_mobile_number_as_phone():
    assert found("Ring 0701234567 ikväll") == [("phone", "0701234567")]


def test_it_resolves_personnummer_phone_overlap_in_favour_of_personnummer():
    # 050315-1235 is a valid personnummer that also looks like a 0503 area-code number.
    text = "Uppgiven identitet 050315-1235."
    assert found(text) == [("personnummer", "050315-1235")]
    assert len(find_pii(text)) == 1


# ---------------------------------------------------------------------------- phone


@pytest.mark.parametrize(
    "number",
    [
        "070-123 45 67",
        "0701234567",
        "070 123 45 67",
        "+46 70 123 45 67",
        "+46701234567",
        "0046 70 123 45 67",
        "+46 (0)70-123 45 67",
        "08-123 456 78",
        "040-12 34 56",
        "0413-123 45",
        "(08) 123 45 67",
    ],
)
def test_it_finds_phone_numbers_with_offsets(number):
    text = f"Kontakt: {number}, efter kl. 18."
    assert find_pii(text) == [Finding("phone", 9, 9 + len(number))]


@pytest.mark.parametrize(
    "text",
    [
        "Det hände 2024 och igen 2025.",
        "Kl. 22.30 och kl 23:15 samlades de.",
        "Datum 2026-03-01 och 2026-03-14.",
        "Ca 15 personer, 14-16 år.",
        "Mötet 01 03 2026 ställdes in.",
        "Larm 01.12, släckt 01.40.",
        "Postnummer 234 31 Lomma.",
    ],
)
def test_it_ignores_years_times_dates_and_counts(text):
    assert find_pii(text) == []


# ---------------------------------------------------------------------------- email


def test_it_finds_email_addresses():
    text = "Mejla anna.svensson@example.se eller kalle+tips@kommun.lomma.se."
    assert found(text) == [
        ("email", "anna.svensson@example.se"),
        ("email", "kalle+tips@kommun.lomma.se"),
    ]


# ---------------------------------------------------------------- vehicle registration


@pytest.mark.parametrize("plate", ["ABC 123", "ABC123", "ABC 12A", "abc123", "MLB-456"])
def test_it_finds_vehicle_registrations(plate):
    text = f"En vit bil med {plate} stod kvar."
    assert find_pii(text) == [Finding("vehicle_registration", 15, 15 + len(plate))]


@pytest.mark.parametrize(
    "text",
    [
        "Kl 22 kom de, E22 var stängd, nr 5 i kön.",
        "Buss 170 och väg 108.",
        "Det var och 150 personer, med 100 cyklar, tre 150-tal.",
        "Bilen IQV 123 och ÅÄÖ 123 är inte svenska skyltar.",
        "E6:an och Rv 11.",
    ],
)
def test_it_does_not_flag_non_plates(text):
    assert "vehicle_registration" not in kinds(text)


# ----------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Emma sprang iväg.", "Emma"),
        ("Vi såg Erik vid kiosken.", "Erik"),
        ("Anna Svensson ringde.", "Anna Svensson"),
        ("Det var Anna-Karin Lindqvist.", "Anna-Karin Lindqvist"),
        ("Bo Malm bor här.", "Bo Malm"),
        ("Hans Svensson kom.", "Hans Svensson"),
        ("Vittnet Erik Hammarskjöld såg allt.", "Erik Hammarskjöld"),
        ("Andersson var där.", "Andersson"),
        ("Annas cykel försvann.", "Annas"),
        ("Sara Lund var med.", "Sara Lund"),
        ("Killen vid ån är Åke Öberg.", "Åke Öberg"),
        # a person's home, not a place like "Folkets hus"
        ("Mörkt vid Kalle Anderssons hus.", "Kalle Anderssons"),
    ],
)
def test_it_finds_names(text, name):
    findings = find_pii(text)
    assert [(f.kind, text[f.start : f.end]) for f in findings] == [("name", name)]


def test_it_finds_names_after_cues():
    text = "En kille som heter Jocke och en tjej kallad Lillen, vid namn kevin."
    assert found(text) == [("name", "Jocke"), ("name", "Lillen"), ("name", "kevin")]


@pytest.mark.parametrize(
    "text",
    [
        "Hans bil stod kvar. Per person delades två flygblad ut.",
        "Björn i skogen syntes inte. Bo tryggt i Lomma är målet.",
        "Max 30 km/h gäller. Stig in. Dag 3 av kampanjen. Sten kastades mot fönstret.",
        "Lund, Malm och Berg deltar. Falkenberg och Stockholm också.",
        "Mötet hålls på Gustav Adolfs torg i Malmö.",
        "Vi träffas vid Folkets hus och Kulturens hus.",
        "Klotter. Ungdomar. Polisen kom. Fredag i Maj. Bjärred och Lomma.",
        "Skolan heter Bjärehovsskolan.",
    ],
)
def test_it_does_not_flag_ambiguous_words_places_and_common_words(text):
    assert "name" not in kinds(text)


# ---------------------------------------------------------------- innocent reports

INNOCENT_REPORTS = [
    "Klotter på skolans vägg, ungdomar samlades vid stationen.",
    "Ca 15 ungdomar 14-16 år samlades vid Lomma hamn kl. 23.15 den 2026-03-14. Polisen kom efter 20 minuter.",
    "Bjärred: Under natten till lördag krossades tre rutor på hållplatsen vid buss 170. "
    "Skadegörelsen upptäcktes kl 06.40.",
    "Fredag 13 mars, ca kl 21-23. Grupp om 8-10 personer i åldern 15-17 år vid Centrum. "
    "Högljudd musik och nedskräpning.",
    "Mopedåkning på cykelvägen längs E6:an mellan Lomma och Malmö, ungefär 5 mopeder, flera gånger i veckan.",
    "Ungdomar eldade i papperskorgar vid Bjärehovsskolan 2026-02-28 kl. 19.45. "
    "Räddningstjänsten släckte. Ingen skadad.",
    "Inbrottsförsök i förråd på Vikingavägen 12 natten mot söndag. Ca 30 förråd berörda, 2 uppbrutna.",
    "Måndag 2 mars 2026 kl 16:00–18:00 var det lugnt. Väktare patrullerade Lomma centrum och hamnområdet.",
    "Nedskräpning och glaskross på stranden i Bjärred efter helgen. Ungefär 40 flaskor. Kommunen informerad 03-02.",
    "Grupp om 20 personer vid Pågatågsstationen i Lomma kl. 22.30, 1-2 vuxna närvarande. "
    "Rv 108 och E22 trafikerades normalt.",
    "Under Valborg samlades ca 200 ungdomar vid Lomma hamn. Ordningsvakter fanns på plats från 19.00.",
    "Brand i container på Centralgatan 5, larm 01.12, släckt 01.40. Ingen person skadad. Kostnad ca 12 000 kr.",
]


@pytest.mark.parametrize("text", INNOCENT_REPORTS)
def test_it_finds_nothing_in_typical_event_descriptions(text):
    assert find_pii(text) == []


# --------------------------------------------------------------------------- masking


def test_it_masks_and_points_offsets_at_tokens():
    text = "Anna Svensson (811228-9874) ringde från 070-123 45 67 om bilen ABC 123, mejl a@b.se."
    masked, findings = mask(text)
    assert masked == ("[namn] ([personnummer]) ringde från [telefonnummer] om bilen [regnr], mejl [e-post].")
    assert [f.kind for f in findings] == ["name", "personnummer", "phone", "vehicle_registration", "email"]
    for f in findings:
        assert masked[f.start : f.end] == MASK_TOKENS[f.kind]


def test_it_returns_text_unchanged_when_nothing_to_mask():
    assert mask("Klotter vid stationen.") == ("Klotter vid stationen.", [])
    assert find_pii("") == []


def test_it_finds_everything_in_a_realistic_mixed_text():
    text = (
        "Lördag 2026-03-14 kl. 23.15 samlades ca 15 ungdomar 14-16 år vid Lomma hamn. "
        "En av dem, som heter Kevin, körde moped. Grannen Lena Bergström (tel 0701234567, "
        "lena.b@example.com) såg en bil med reg.nr MLB 456 åka mot E6:an. "
        "Hennes personnummer 19811228-9874 skickades med av misstag."
    )
    findings = find_pii(text)
    assert [(f.kind, text[f.start : f.end]) for f in findings] == [
        ("name", "Kevin"),
        ("name", "Lena Bergström"),
        ("phone", "0701234567"),
        ("email", "lena.b@example.com"),
        ("vehicle_registration", "MLB 456"),
        ("personnummer", "19811228-9874"),
    ]
    starts = [f.start for f in findings]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(findings, findings[1:]))


# ------------------------------------------------------------------ Finding and speed


def test_it_labels_findings_in_swedish_and_serialises():
    f = Finding("phone", 3, 16)
    assert f.label == "telefonnummer"
    assert f.as_dict() == {"kind": "phone", "start": 3, "end": 16, "label": "telefonnummer"}
    assert type(f.as_dict()["label"]) is str
    labels = {k: Finding(k, 0, 1).label for k in MASK_TOKENS}
    assert labels == {
        "personnummer": "personnummer",
        "samordningsnummer": "samordningsnummer",
        "phone": "telefonnummer",
        "email": "e-postadress",
        "vehicle_registration": "registreringsnummer",
        "name": "namn",
    }
