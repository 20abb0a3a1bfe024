"""A figure taken from a situation picture as evidence for a focus area: read from the picture's
frozen figures once it is fastställd (they never change), else from its live figures, and kept
with the query that produced it so the number is linked, never retyped."""

import dataclasses

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lagesbild import services as lagesbild
from lagesbild.models import SituationPicture
from samtrygg import dates

# the columns of the lägesbild's category table a figure can be read from
SOURCES = {
    "all": gettext_lazy("Totalt"),
    "est": gettext_lazy("EST-rapporter"),
    "police_events": gettext_lazy("Polisens händelser"),
    "police_reports": gettext_lazy("Polisanmälningar"),
}


class UnknownFigure(ValueError):
    pass


@dataclasses.dataclass
class Figure:
    picture: SituationPicture
    category_slug: str
    category_name: str
    source_key: str
    value: int
    previous: int | None
    description: str

    @property
    def source(self) -> dict:
        return {
            "picture": self.picture.pk,
            "source": self.source_key,
            "category": self.category_slug,
            "from": self.picture.date_from.isoformat(),
            "to": self.picture.date_to.isoformat(),
            "frozen": self.picture.is_frozen,
        }


def picture_data(picture: SituationPicture) -> dict:
    """The frozen figures of a fastställd picture, else its live ones (without the comparison
    with live data that lagesbild.services.picture_data also makes: not needed here)."""
    if picture.is_frozen and picture.data is not None:
        return picture.data
    return lagesbild.live_data(picture)


def categories(picture: SituationPicture, data: dict | None = None) -> list[dict]:
    """The picture's category rows that can be proposed: a named category with events in the
    period or the periods compared."""
    data = picture_data(picture) if data is None else data
    return [
        r
        for r in data.get("by_category") or []
        if r.get("slug") and (r.get("total") or r.get("previous") or r.get("last_year"))
    ]


def default_year(picture: SituationPicture) -> int:
    """A year picture is the ground for next year's focus areas; any shorter period for its own year."""
    if picture.period == SituationPicture.Period.YEAR:
        return picture.date_to.year + 1
    return picture.date_to.year


def _period_phrase(picture: SituationPicture) -> str:
    label = dates.period_label(picture.period, picture.date_from, picture.date_to)
    if picture.period in (SituationPicture.Period.YEAR, SituationPicture.Period.CUSTOM):
        return _("under %(period)s") % {"period": label}
    return _("i %(period)s") % {"period": label}


def figure(picture: SituationPicture, category_slug: str, source: str = "all", data: dict | None = None) -> Figure:
    if source not in SOURCES:
        raise UnknownFigure(_("Okänd källa."))
    row = next((r for r in categories(picture, data) if r["slug"] == category_slug), None)
    if row is None:
        raise UnknownFigure(_("Kategorin finns inte i lägesbilden."))
    value = int(row.get("total" if source == "all" else source) or 0)
    # the lägesbild keeps the previous period's count only for all sources together
    previous = int(row.get("previous") or 0) if source == "all" else None
    name = row["name"] if source == "all" else f"{row['name']} ({SOURCES[source]})"
    text = ngettext(
        "%(name)s: %(n)d händelse %(period)s",
        "%(name)s: %(n)d händelser %(period)s",
        value,
    ) % {"name": name, "n": value, "period": _period_phrase(picture)}
    if previous is not None:
        text += " " + _("(%(n)d föregående period)") % {"n": previous}
    area_names = [a.name for a in picture.areas.all()]
    if area_names:
        text += ", " + _("områden: %(names)s") % {"names": ", ".join(area_names)}
    return Figure(picture, category_slug, row["name"], source, value, previous, text)


def picture_label(picture: SituationPicture) -> str:
    state = _("fastställd") if picture.is_frozen else _("utkast")
    return f"{picture.title} ({state})"
