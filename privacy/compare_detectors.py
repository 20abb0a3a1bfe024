"""Compare privacy.pii with maintained detectors on the Swedish test set in tests/pii_cases_sv.py.

Run from the repository root in a virtualenv that has the other detectors (they are not
dependencies of Samtrygg):  python -m privacy.compare_detectors

Microsoft Presidio is run with a blank Swedish spaCy pipeline (no Swedish model is on PyPI, so its
name recogniser has no NER to use) and its pattern recognisers (e-mail, phone) enabled for "sv";
scrubadub with locale sv_SE (e-mail, phone via phonenumbers; its name detectors need English
models). A finding counts when its text equals a gold item; anything else found is a false positive."""

import sys
import tempfile

from privacy.pii import find_pii
from tests.pii_cases_sv import CASES


def ours(text: str) -> list[str]:
    return [text[f.start : f.end] for f in find_pii(text)]


def presidio():
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        EmailRecognizer,
        PhoneRecognizer,
        SpacyRecognizer,
    )

    path = tempfile.mkdtemp()
    spacy.blank("sv").to_disk(path)
    engine = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "sv", "model_name": path}]}
    ).create_engine()
    registry = RecognizerRegistry(supported_languages=["sv"])
    for recognizer in (
        EmailRecognizer(supported_language="sv"),
        PhoneRecognizer(supported_language="sv", supported_regions=["SE"]),
        CreditCardRecognizer(supported_language="sv"),
        SpacyRecognizer(supported_language="sv"),
    ):
        registry.add_recognizer(recognizer)
    analyzer = AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["sv"])
    return lambda text: [text[r.start : r.end] for r in analyzer.analyze(text=text, language="sv")]


def scrubadub():
    import scrubadub as sd

    scrubber = sd.Scrubber(locale="sv_SE")
    return lambda text: [f.text for f in scrubber.iter_filth(text)]


def score(detect) -> tuple[float, float]:
    tp = fp = fn = 0
    for text, gold in CASES:
        got = detect(text)
        tp += sum(1 for g in gold if g in got)
        fn += sum(1 for g in gold if g not in got)
        fp += sum(1 for g in got if g not in gold)
    return tp / max(tp + fn, 1), tp / max(tp + fp, 1)


def main() -> None:
    for name, make in (("privacy.pii", lambda: ours), ("presidio-analyzer", presidio), ("scrubadub", scrubadub)):
        try:
            detect = make()
        except Exception as error:  # not installed here
            print(f"{name}: not available ({error.__class__.__name__}: {error})", file=sys.stderr)
            continue
        recall, precision = score(detect)
        print(f"{name}: recall {recall:.2f}, precision {precision:.2f}")


if __name__ == "__main__":
    main()
