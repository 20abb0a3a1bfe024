"""Which SMART parts a goal lacks. Seed 003: "Målen ska vara SMARTA, d.v.s. formuleras för att bli
specifika, mätbara, avgränsade, realistiska och tidsatta." Samtrygg checks what it can check: a
specific description, an indicator, a baseline, a target value, a target date and a data source.
For a series the data source is implied and the baseline is computed from its period."""

from django.utils.translation import gettext_lazy as _

from actionplans import indicators

PARTS = ["specific", "indicator", "baseline", "target", "target_date", "data_source"]
LABELS = {
    "specific": _("Specifik beskrivning (minst några ord om vad som ska uppnås)"),
    "indicator": _("Indikator"),
    "baseline": _("Utgångsvärde"),
    "target": _("Målvärde"),
    "target_date": _("Måldatum"),
    "data_source": _("Datakälla"),
}
SHORT = {
    "specific": _("Specifikt"),
    "indicator": _("Mätbart"),
    "baseline": _("Utgångsvärde"),
    "target": _("Målvärde"),
    "target_date": _("Tidsatt"),
    "data_source": _("Datakälla"),
}
MIN_WORDS = 3


def missing(goal) -> list[str]:
    """The codes of the SMART parts the goal lacks, in PARTS order; empty when complete."""
    series = indicators.is_series(goal)
    gaps = []
    if len((goal.description or "").split()) < MIN_WORDS:
        gaps.append("specific")
    if not (indicators.params_complete(goal) if series else (goal.indicator or "").strip()):
        gaps.append("indicator")
    if series:
        if not (goal.baseline_from and goal.baseline_to and goal.baseline_from <= goal.baseline_to):
            gaps.append("baseline")
    elif goal.baseline is None:
        gaps.append("baseline")
    if goal.target is None:
        gaps.append("target")
    if goal.target_date is None:
        gaps.append("target_date")
    if not series and not (goal.data_source or "").strip():
        gaps.append("data_source")
    return gaps


def labels(codes: list[str]) -> list[str]:
    return [str(LABELS[c]) for c in codes]


def is_complete(goal) -> bool:
    return not missing(goal)
