"""A small Swedish test set for the personal-data detector: (text, the personal data in it).
Names, personnummer, phone numbers, e-mail and registration numbers, and traps that are not
personal data (places like Berga and Lomma hamn, streets, shops, months). Used by
tests/test_pii_texts.py and by privacy/compare_detectors.py to compare other detectors."""

CASES: list[tuple[str, list[str]]] = [
    ("Kalle Andersson sågs vid busskuren igen.", ["Kalle Andersson"]),
    ("Grannen Anna Lindqvist ringde polisen kl. 22.", ["Anna Lindqvist"]),
    ("Enligt Erik Johansson har klottret ökat.", ["Erik Johansson"]),
    ("Mohammed och Sara Nilsson anmälde skadegörelsen.", ["Mohammed", "Sara Nilsson"]),
    ("En pojke som heter Kevin kastade sten.", ["Kevin"]),
    ("Han har personnummer 811218-9876 enligt anmälan.", ["811218-9876"]),
    ("Kontakta mig på 070-123 45 67 efter fem.", ["070-123 45 67"]),
    ("Ring 040-12 34 56 eller mejla anna.berg@lomma.se.", ["040-12 34 56", "anna.berg@lomma.se"]),
    ("Bilen ABC 123 stod parkerad på Storgatan hela natten.", ["ABC 123"]),
    ("Lena Ek och Bo Malm såg det hela.", ["Lena Ek", "Bo Malm"]),
    ("Ungdomar samlas vid Berga skola på fredagar.", []),
    ("Klotter i Lomma hamn och vid Bjärred centrum.", []),
    ("Storgatan och Järnvägsgatan är mörka efter kl. 22.30.", []),
    ("Stölder från bilar i Berga under mars 2026 (12 st).", []),
    ("Polisen patrullerade Malmövägen och Gustav Adolfs torg.", []),
    ("Inbrott i förråd på Lindvägen, 3 anmälningar, 2026-03-01.", []),
    ("Trygghetsvandring i Borgeby med Ica och Coop.", []),
    ("Skadegörelse ökade med 15 % jämfört med 2025.", []),
]
