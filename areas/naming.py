"""Names for positions: what a hot spot or a recurring place is called in the lägesbild, in the
words of the municipality's own places and areas, never as coordinates.

- within AT_PLACE_M of a named place (areas.Place): the place ("Lomma hamn");
- within NEAR_PLACE_M: the distance and direction from it ("300 m söder om Lomma hamn");
- else the area that contains it (areas.Area, the smallest, as a report's area is assigned),
  with the way from the nearest place when one lies within HINT_M ("Lomma landsbygd, 1,2 km
  nordost om Borgeby slott"), since two positions in one large area would otherwise share a name;
- else the way from the nearest place within HINT_M, else "Utanför områden"."""

import math

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.geometry import locate_area
from areas.models import Place

AT_PLACE_M = 150
NEAR_PLACE_M = 500
HINT_M = 3000
METRES_PER_DEGREE_LAT = 111_320.0
# Compass points clockwise from north, each a 45° sector.
DIRECTIONS = [
    gettext_lazy("norr"),
    gettext_lazy("nordost"),
    gettext_lazy("öster"),
    gettext_lazy("sydost"),
    gettext_lazy("söder"),
    gettext_lazy("sydväst"),
    gettext_lazy("väster"),
    gettext_lazy("nordväst"),
]


class PlaceNamer:
    """Names positions in the given municipalities (see the module docstring). The places are
    read once, at the first name asked for; the areas come from areas.geometry's cached index."""

    def __init__(self, *, municipalities: list) -> None:
        self.municipalities = list(municipalities)
        self._places: list[tuple[str, float, float]] | None = None

    def places(self) -> list[tuple[str, float, float]]:
        if self._places is None:
            self._places = list(
                Place.objects.filter(municipality__in=[m.pk for m in self.municipalities])
                .order_by("name")
                .values_list("name", "lat", "lon")
            )
        return self._places

    def __call__(self, lat: float, lon: float) -> str:
        nearest = None
        for name, place_lat, place_lon in self.places():
            north, east = _offset_m(place_lat, place_lon, lat, lon)
            distance = math.hypot(north, east)
            if nearest is None or distance < nearest[0]:
                nearest = (distance, name, north, east)
        if nearest and nearest[0] <= AT_PLACE_M:
            return nearest[1]
        way = _way(*nearest) if nearest and nearest[0] <= HINT_M else None
        if nearest and nearest[0] <= NEAR_PLACE_M:
            return way
        area = self.area(lat, lon)
        if area and way:
            return _("%(area)s, %(way)s") % {"area": area, "way": way}
        return area or way or _("Utanför områden")

    def area(self, lat: float, lon: float) -> str | None:
        for municipality in self.municipalities:
            found = locate_area(municipality, lat, lon)
            if found is not None:
                return found.name
        return None


def _offset_m(lat0: float, lon0: float, lat: float, lon: float) -> tuple[float, float]:
    """(metres north, metres east) from the first position to the second (equirectangular: exact
    enough within a municipality)."""
    north = (lat - lat0) * METRES_PER_DEGREE_LAT
    east = (lon - lon0) * METRES_PER_DEGREE_LAT * math.cos(math.radians((lat + lat0) / 2))
    return north, east


def _way(distance: float, place: str, north: float, east: float) -> str:
    """ "300 m söder om Lomma hamn": the distance rounded to 100 m (below 1 km) or to 0.1 km."""
    if distance < 950:
        text = _("%(m)d m") % {"m": max(100, round(distance, -2))}
    else:
        text = _("%(km)s km") % {"km": number_format(round(distance / 1000, 1), 1)}
    sector = round(math.degrees(math.atan2(east, north)) / 45) % 8
    return _("%(distance)s %(direction)s om %(place)s") % {
        "distance": text,
        "direction": DIRECTIONS[sector],
        "place": place,
    }
